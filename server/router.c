/* SPDX-License-Identifier: MIT */
/* Route lookup: a linear scan of the table, {name} taking one path segment
 * and {*} the rest. About 70 rows: cheaper than the network, easy to read. */
#include "router.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *name; unsigned bit; } method_names[] = {
    { "GET", HB_GET },         { "HEAD", HB_HEAD },   { "POST", HB_POST },
    { "PUT", HB_PUT },         { "PATCH", HB_PATCH }, { "DELETE", HB_DELETE },
    { "OPTIONS", HB_OPTIONS }, { "TRACE", HB_TRACE },
};

#define N_METHODS (sizeof(method_names) / sizeof(method_names[0]))

unsigned hb_method_bit(const char *method)
{
    for (size_t i = 0; i < N_METHODS; i++)
        if (!strcmp(method, method_names[i].name))
            return method_names[i].bit;
    return HB_OTHER;
}

void hb_method_list(unsigned methods, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    if (methods & HB_GET)
        methods |= HB_HEAD;
    methods |= HB_OPTIONS;
    for (size_t i = 0; i < N_METHODS && used < size; i++) {
        if (!(methods & method_names[i].bit))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                         method_names[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* Matches one pattern; on success appends its parameters to 'params'. */
static int match(const char *pattern, const char *path, struct hb_arena *a,
                 struct hb_kvlist *params)
{
    size_t mark = params->count;
    while (*pattern && *path) {
        if (*pattern != '{') {
            if (*pattern++ != *path++)
                goto fail;
            continue;
        }
        const char *close = strchr(pattern, '}');
        size_t name_len = (size_t)(close - pattern - 1);
        int rest = name_len == 1 && pattern[1] == '*';
        size_t value_len = rest ? strlen(path) : strcspn(path, "/");
        /* Like Werkzeug's <path:>, the rest may not start with a slash. */
        if (value_len == 0 || (rest && *path == '/'))
            goto fail;
        char *name = hb_arena_memdup(a, pattern + 1, name_len);
        char *value = hb_arena_memdup(a, path, value_len);
        if (!name || !value || hb_kvlist_add(a, params, name, value, value_len))
            goto fail;
        pattern = close + 1;
        path += value_len;
    }
    if (*pattern == '\0' && *path == '\0')
        return 1;
fail:
    params->count = mark;
    return 0;
}

const struct hb_route *hb_router_find(const struct hb_router *router, const char *path,
                                      unsigned method, struct hb_arena *a,
                                      struct hb_kvlist *params, unsigned *allowed)
{
    *allowed = 0;
    for (size_t i = 0; i < router->count; i++) {
        const struct hb_route *r = &router->rows[i];
        if (r->flags & HB_MERGE_SLASHES)
            continue;
        unsigned methods = r->methods & HB_GET ? r->methods | HB_HEAD : r->methods;
        /* Cheap prefix test before the full match: most rows fail here. */
        size_t lit = strcspn(r->pattern, "{");
        if (strncmp(r->pattern, path, lit))
            continue;
        size_t mark = params->count;
        if (!match(r->pattern, path, a, params))
            continue;
        if (methods & method)
            return r;
        params->count = mark;
        *allowed |= methods;
    }
    return NULL;
}

static const struct hb_route *merge_slashes_row(const struct hb_router *router)
{
    for (size_t i = 0; i < router->count; i++)
        if (router->rows[i].flags & HB_MERGE_SLASHES)
            return &router->rows[i];
    return NULL;
}

const struct hb_route *hb_router_route(const struct hb_router *router, const char *path,
                                       unsigned method, struct hb_arena *a,
                                       struct hb_kvlist *params, unsigned *allowed)
{
    const struct hb_route *found = hb_router_find(router, path, method, a, params, allowed);
    const struct hb_route *fallback = found || *allowed ? NULL : merge_slashes_row(router);
    if (!fallback || !strstr(path, "//"))
        return found;
    char *merged = hb_arena_strdup(a, path);
    if (!merged)
        return NULL;
    char *o = merged;
    for (const char *p = path; *p; p++)
        if (*p != '/' || o == merged || o[-1] != '/')
            *o++ = *p;
    *o = '\0';
    /* Only whether it would match counts: its parameters are not kept. */
    struct hb_kvlist ignored = { 0 };
    unsigned ignored_allowed;
    if (!hb_router_find(router, merged, method, a, &ignored, &ignored_allowed))
        return NULL;
    if (hb_kvlist_add(a, params, "path", merged, strlen(merged)))
        return NULL;
    return fallback;
}
