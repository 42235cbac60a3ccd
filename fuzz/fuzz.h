/* SPDX-License-Identifier: MIT */
/* What the libFuzzer harnesses share: input copies sized exactly (so ASan
 * sees any read past the end), a reader that splits one input into several
 * arguments, and FUZZ_CHECK for the properties each harness asserts. */
#ifndef HB_FUZZ_H
#define HB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A failed property is a crash to libFuzzer: it keeps the input. */
#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a malloc'd C string (a NUL inside ends it early, as it
 * would in a header). Never NULL: out of memory is not what is fuzzed. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The unread rest of an input, consumed from the front. */
struct fuzz_input {
    const uint8_t *p;
    size_t n;
};

/* One byte (0 once the input is used up). */
static inline uint8_t fuzz_byte(struct fuzz_input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* The next piece up to (not including) 'sep', or all that is left, as a
 * malloc'd C string; *len (may be NULL) gets its length. */
static inline char *fuzz_piece(struct fuzz_input *in, uint8_t sep, size_t *len)
{
    const uint8_t *end = memchr(in->p, sep, in->n);
    size_t n = end ? (size_t)(end - in->p) : in->n;
    char *s = fuzz_cstr(in->p, n);
    in->p += n + (end != NULL);
    in->n -= n + (end != NULL);
    if (len)
        *len = n;
    return s;
}

/* For the Authorization parsers (authz, digest_auth): the first byte picks
 * an arena (bit 7: limited to 4 KiB, so out-of-memory paths run) and a mode
 * (bit 0: round_trip of values built from the rest, else parse the rest as
 * a header value). */
#include "lib/arena.h"

static inline int fuzz_header_or_round_trip(
    const uint8_t *data, size_t size, void (*parse)(struct hb_arena *, const char *),
    void (*round_trip)(struct hb_arena *, const uint8_t *, size_t))
{
    if (size < 1)
        return 0;
    struct hb_arena a;
    hb_arena_init(&a, data[0] & 0x80 ? 4096 : 0);
    if (data[0] & 1) {
        round_trip(&a, data + 1, size - 1);
    } else {
        char *s = fuzz_cstr(data + 1, size - 1);
        parse(&a, s);
        free(s);
    }
    hb_arena_cleanup(&a);
    return 0;
}

#endif
