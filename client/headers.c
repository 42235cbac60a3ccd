/* SPDX-License-Identifier: MIT */
/* Ordered header lists with case-insensitive lookup, and their arena; see
 * headers.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "headers.h"
#include "creq.h"

#define ARENA_BLOCK 1024 /* a usual response's header block fits in one */

struct creq__arena_block {
    struct creq__arena_block *next;
    char data[];
};

char *creq__arena_alloc(struct creq__arena *a, size_t n)
{
    if (a->cap - a->used < n) {
        /* What is left of the old block is given up: strings are small. */
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        struct creq__arena_block *b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
    }
    char *p = a->head->data + a->used;
    a->used += n;
    return p;
}

char *creq__arena_strndup(struct creq__arena *a, const char *s, size_t n)
{
    char *copy = creq__arena_alloc(a, n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

void creq__arena_free(struct creq__arena *a)
{
    while (a->head) {
        struct creq__arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    a->used = a->cap = 0;
}

/* Room for one more item. */
static int reserve(struct creq__headers *h)
{
    if (h->count < h->cap)
        return CREQ_OK;
    size_t cap = h->cap ? h->cap * 2 : 8;
    struct creq__header *items = realloc(h->items, cap * sizeof(*items));
    if (!items)
        return CREQ_ENOMEM;
    h->items = items;
    h->cap = cap;
    return CREQ_OK;
}

/* Name and value in one block, from 'a' or (a NULL) from malloc: then the
 * value is freed with the name. */
static int add_pair(struct creq__headers *h, struct creq__arena *a, const char *name,
                    size_t name_len, const char *value, size_t value_len)
{
    if (reserve(h))
        return CREQ_ENOMEM;
    size_t size = name_len + value_len + 2;
    char *n = a ? creq__arena_alloc(a, size) : malloc(size);
    if (!n)
        return CREQ_ENOMEM;
    memcpy(n, name, name_len);
    n[name_len] = '\0';
    char *v = n + name_len + 1;
    memcpy(v, value, value_len);
    v[value_len] = '\0';
    h->items[h->count++] = (struct creq__header){ n, v, name_len, a != NULL };
    return CREQ_OK;
}

int creq__headers_addn(struct creq__headers *h, const char *name, size_t name_len,
                       const char *value, size_t value_len)
{
    return add_pair(h, NULL, name, name_len, value, value_len);
}

int creq__headers_addn_arena(struct creq__headers *h, struct creq__arena *a, const char *name,
                             size_t name_len, const char *value, size_t value_len)
{
    return add_pair(h, a, name, name_len, value, value_len);
}

int creq__headers_add_static(struct creq__headers *h, const char *name, const char *value)
{
    if (reserve(h))
        return CREQ_ENOMEM;
    /* Borrowed strings are only read, never written or freed. */
    h->items[h->count++] =
        (struct creq__header){ (char *)name, (char *)value, strlen(name), true };
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
    size_t o = 0, name_len = strlen(name);
    size_t at = h->count; /* where the first match was: replace in place */
    for (size_t i = 0; i < h->count; i++) {
        if (!creq__header_named(&h->items[i], name, name_len)) {
            h->items[o++] = h->items[i];
            continue;
        }
        if (at == h->count)
            at = o;
        if (!h->items[i].borrowed)
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
    size_t name_len = strlen(name);
    for (size_t i = 0; i < h->count; i++)
        if (creq__header_named(&h->items[i], name, name_len))
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
        if (!h->items[i].borrowed)
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
