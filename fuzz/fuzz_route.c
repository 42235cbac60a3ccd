/* SPDX-License-Identifier: MIT */
/* Route matching over the real table (server/router.h, routes/table.def).
 * Input: byte 0 picks the method bit, the rest is the decoded path.
 * Asserts: a found route accepts the method (GET routes also take HEAD),
 * its pattern with the {name} values put back is the path, one-segment
 * values hold no '/', and {*} never starts with one; when none is found,
 * the methods said to be allowed do not include the one asked for. */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/kvlist.h"
#include "routes/table.h"
#include "server/router.h"

/* pattern with each {name} replaced by the next value: must equal path. */
static void check_rebuilt(const char *pattern, const struct hb_kvlist *params, const char *path)
{
    size_t k = 0;
    while (*pattern) {
        if (*pattern != '{') {
            FUZZ_CHECK(*path == *pattern);
            path++, pattern++;
            continue;
        }
        const char *close = strchr(pattern, '}');
        FUZZ_CHECK(close && k < params->count);
        const struct hb_kv *kv = &params->items[k++];
        FUZZ_CHECK((size_t)(close - pattern - 1) == strlen(kv->name) &&
                   !strncmp(pattern + 1, kv->name, strlen(kv->name)));
        FUZZ_CHECK(kv->len > 0 && !strncmp(path, kv->value, kv->len));
        if (strcmp(kv->name, "*"))
            FUZZ_CHECK(!memchr(kv->value, '/', kv->len));
        else
            FUZZ_CHECK(kv->value[0] != '/');
        path += kv->len;
        pattern = close + 1;
    }
    FUZZ_CHECK(*path == '\0' && k == params->count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned method = 1u << (data[0] % 9); /* HB_GET .. HB_OTHER */
    char *path = fuzz_cstr(data + 1, size - 1);
    struct hb_arena a;
    hb_arena_init(&a, 0);
    struct hb_kvlist params = { NULL, 0, 0 };
    unsigned allowed = 0xdead;
    const struct hb_router router = { hb_routes, hb_route_count };
    const struct hb_route *r = hb_router_find(&router, path, method, &a, &params, &allowed);
    if (r) {
        unsigned methods = r->methods & HB_GET ? r->methods | HB_HEAD : r->methods;
        FUZZ_CHECK(methods & method);
        check_rebuilt(r->pattern, &params, path);
    } else {
        FUZZ_CHECK(params.count == 0 && !(allowed & method) && !(allowed & ~HB_ANY_METHOD));
    }
    hb_arena_cleanup(&a);
    free(path);
    return 0;
}
