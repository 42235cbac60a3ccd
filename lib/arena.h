/* SPDX-License-Identifier: MIT */
/* Per-request memory: many small allocations freed together when the request
 * ends, plus deferred cleanups for what is not arena memory (a json_t, a fd). */
#ifndef HB_ARENA_H
#define HB_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct hb_arena_chunk;
struct hb_arena_cleanup;

struct hb_arena {
    struct hb_arena_chunk *chunks;     /* newest first; heap chunks only */
    struct hb_arena_cleanup *cleanups; /* run newest first */
    char *pos, *end;                   /* free space in the current chunk */
    size_t used;                       /* bytes handed out, checked against limit */
    size_t limit;                      /* 0: no limit */
    char inline_buf[2048];             /* first allocations need no malloc */
};

/* 'limit' caps the total handed out (0 = unlimited). */
void hb_arena_init(struct hb_arena *a, size_t limit);
/* Frees every chunk after running the deferred cleanups, newest first. The
 * arena can be initialised again afterwards. */
void hb_arena_cleanup(struct hb_arena *a);

/* 16-byte aligned memory valid until hb_arena_cleanup(); NULL when out of
 * memory or past the limit. */
void *hb_arena_alloc(struct hb_arena *a, size_t size);
/* Copies of strings and byte ranges, always NUL-terminated. */
char *hb_arena_strdup(struct hb_arena *a, const char *s);
char *hb_arena_memdup(struct hb_arena *a, const void *p, size_t len);
char *hb_arena_printf(struct hb_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *hb_arena_vprintf(struct hb_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Runs fn(arg) at cleanup. Returns 0, or -1 when out of memory (fn is then
 * called at once so nothing leaks). */
int hb_arena_defer(struct hb_arena *a, void (*fn)(void *), void *arg);

#endif
