/* SPDX-License-Identifier: MIT */
/* The Cookie request header and Set-Cookie value quoting
 * (lib/cookie_header.h). Byte 0 bit 0 picks the mode, bit 7 a small
 * arena. Mode 0: the rest is a Cookie header. Asserts: every name is
 * non-empty, names and values are valid UTF-8, values NUL-terminated at
 * their length. Mode 1: the rest is a cookie value v (valid UTF-8, no NUL);
 * parsing "k=" + hb_cookie_quote(v) must give back exactly one pair k=v. */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/cookie_header.h"
#include "lib/kvlist.h"
#include "lib/utf8.h"

static void parse_header(struct hb_arena *a, const char *header)
{
    struct hb_kvlist list = { NULL, 0, 0 };
    int rc = hb_cookie_parse(a, header, &list);
    FUZZ_CHECK(rc == 0 || rc == -1);
    for (size_t i = 0; i < list.count; i++) {
        const struct hb_kv *kv = &list.items[i];
        FUZZ_CHECK(kv->name[0] != '\0' && hb_utf8_valid(kv->name, strlen(kv->name)));
        FUZZ_CHECK(kv->value[kv->len] == '\0' && hb_utf8_valid(kv->value, kv->len));
    }
}

static void round_trip(struct hb_arena *a, const char *v)
{
    size_t n = strlen(v);
    if (!hb_utf8_valid(v, n))
        return;
    const char *quoted = hb_cookie_quote(a, v);
    if (!quoted)
        return;
    const char *header = hb_arena_printf(a, "k=%s", quoted);
    struct hb_kvlist list = { NULL, 0, 0 };
    if (!header || hb_cookie_parse(a, header, &list))
        return;
    FUZZ_CHECK(list.count == 1 && !strcmp(list.items[0].name, "k"));
    FUZZ_CHECK(list.items[0].len == n && !memcmp(list.items[0].value, v, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *s = fuzz_cstr(data + 1, size - 1);
    struct hb_arena a;
    hb_arena_init(&a, data[0] & 0x80 ? 4096 : 0);
    if (data[0] & 1)
        round_trip(&a, s);
    else
        parse_header(&a, s);
    hb_arena_cleanup(&a);
    free(s);
    return 0;
}
