/* SPDX-License-Identifier: MIT */
/* Bump allocator in growing chunks; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define MIN_CHUNK 8192

struct hb_arena_chunk {
    struct hb_arena_chunk *next;
    _Alignas(ALIGN) char data[];
};

struct hb_arena_cleanup {
    struct hb_arena_cleanup *next;
    void (*fn)(void *);
    void *arg;
};

static char *align_up(char *p)
{
    return (char *)(((uintptr_t)p + (ALIGN - 1)) & ~(uintptr_t)(ALIGN - 1));
}

void hb_arena_init(struct hb_arena *a, size_t limit)
{
    a->chunks = NULL;
    a->cleanups = NULL;
    a->pos = align_up(a->inline_buf);
    a->end = a->inline_buf + sizeof(a->inline_buf);
    a->used = 0;
    a->limit = limit;
}

void hb_arena_cleanup(struct hb_arena *a)
{
    while (a->cleanups) {
        struct hb_arena_cleanup *c = a->cleanups;
        a->cleanups = c->next;
        c->fn(c->arg); /* 'c' lives in the arena, still valid here */
    }
    while (a->chunks) {
        struct hb_arena_chunk *next = a->chunks->next;
        free(a->chunks);
        a->chunks = next;
    }
    hb_arena_init(a, a->limit);
}

void *hb_arena_alloc(struct hb_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX / 2 || (a->limit && a->used + size > a->limit))
        return NULL;
    char *p = align_up(a->pos);
    if (p > a->end || (size_t)(a->end - p) < size) {
        size_t cap = size + ALIGN > MIN_CHUNK ? size + ALIGN : MIN_CHUNK;
        struct hb_arena_chunk *c = malloc(sizeof(*c) + cap);
        if (!c)
            return NULL;
        c->next = a->chunks;
        a->chunks = c;
        p = c->data;
        a->end = c->data + cap;
    }
    a->pos = p + size;
    a->used += size;
    return p;
}

char *hb_arena_memdup(struct hb_arena *a, const void *src, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = hb_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, src, len);
    p[len] = '\0';
    return p;
}

char *hb_arena_strdup(struct hb_arena *a, const char *s)
{
    return hb_arena_memdup(a, s, strlen(s));
}

char *hb_arena_vprintf(struct hb_arena *a, const char *fmt, va_list ap)
{
    /* Most results are short: format once on the stack, then copy. */
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    char *p = NULL;
    if (n >= 0 && (size_t)n < sizeof(small)) {
        p = hb_arena_memdup(a, small, (size_t)n);
    } else if (n >= 0 && (p = hb_arena_alloc(a, (size_t)n + 1))) {
        vsnprintf(p, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    return p;
}

char *hb_arena_printf(struct hb_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = hb_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

int hb_arena_defer(struct hb_arena *a, void (*fn)(void *), void *arg)
{
    /* Cleanup records are bookkeeping, not request data: exempt from limit. */
    size_t limit = a->limit;
    a->limit = 0;
    struct hb_arena_cleanup *c = hb_arena_alloc(a, sizeof(*c));
    a->limit = limit;
    if (!c) {
        fn(arg);
        return -1;
    }
    c->fn = fn;
    c->arg = arg;
    c->next = a->cleanups;
    a->cleanups = c;
    return 0;
}
