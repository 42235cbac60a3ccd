/* SPDX-License-Identifier: MIT */
/* Ordered header lists with case-insensitive lookup; see creq-private.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "creq-private.h"

int creq__headers_addn(struct creq__headers *h, const char *name, size_t name_len,
                       const char *value, size_t value_len)
{
    if (h->count == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        struct creq__header *items = realloc(h->items, cap * sizeof(*items));
        if (!items)
            return CREQ_ENOMEM;
        h->items = items;
        h->cap = cap;
    }
    /* One allocation holds both strings; the value is freed with the name. */
    char *n = malloc(name_len + value_len + 2);
    if (!n)
        return CREQ_ENOMEM;
    memcpy(n, name, name_len);
    n[name_len] = '\0';
    char *v = n + name_len + 1;
    memcpy(v, value, value_len);
    v[value_len] = '\0';
    h->items[h->count++] = (struct creq__header){ n, v };
    return CREQ_OK;
}

int creq__headers_add(struct creq__headers *h, const char *name, const char *value)
{
    if (!value)
        value = "";
    return creq__headers_addn(h, name, strlen(name), value, strlen(value));
}

int creq__headers_set(struct creq__headers *h, const char *name, const char *value)
{
    size_t o = 0;
    size_t at = h->count; /* where the first match was: replace in place */
    for (size_t i = 0; i < h->count; i++) {
        if (strcasecmp(h->items[i].name, name)) {
            h->items[o++] = h->items[i];
            continue;
        }
        if (at == h->count)
            at = o;
        free(h->items[i].name); /* the value lives in the same block */
    }
    h->count = o;
    if (!value)
        return CREQ_OK;
    int rc = creq__headers_add(h, name, value);
    if (rc || at >= h->count - 1)
        return rc;
    /* Keep the header where it was, as a dict assignment would. */
    struct creq__header moved = h->items[h->count - 1];
    memmove(&h->items[at + 1], &h->items[at], (h->count - 1 - at) * sizeof(moved));
    h->items[at] = moved;
    return CREQ_OK;
}

const char *creq__headers_get(const struct creq__headers *h, const char *name)
{
    for (size_t i = 0; i < h->count; i++)
        if (!strcasecmp(h->items[i].name, name))
            return h->items[i].value;
    return NULL;
}

int creq__headers_copy(struct creq__headers *dst, const struct creq__headers *src)
{
    for (size_t i = 0; i < src->count; i++)
        if (creq__headers_add(dst, src->items[i].name, src->items[i].value))
            return CREQ_ENOMEM;
    return CREQ_OK;
}

void creq__headers_free(struct creq__headers *h)
{
    for (size_t i = 0; i < h->count; i++)
        free(h->items[i].name); /* the value lives in the same block */
    free(h->items);
    h->items = NULL;
    h->count = h->cap = 0;
}

bool creq__header_value_ok(const char *value)
{
    return !strpbrk(value, "\r\n");
}

bool creq__header_name_ok(const char *name)
{
    return *name && !strpbrk(name, "\r\n: \t");
}
