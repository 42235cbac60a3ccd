/* SPDX-License-Identifier: MIT */
/* Slices [b, e) of a header value, narrowed without copying while it is
 * parsed: Python's str.strip(chars), the first place of a character, and a
 * copy once the slice is what is wanted (links.c and textenc.c). */
#ifndef CREQ_SPAN_H
#define CREQ_SPAN_H

struct creq__span {
    const char *b, *e;
};

/* Python's str.strip(chars): both ends, any of the given characters. */
struct creq__span creq__span_strip(struct creq__span s, const char *chars);
/* The first c in s, or s.e when there is none. */
const char *creq__span_find(struct creq__span s, char c);
/* A malloc'd NUL-terminated copy of s, or NULL. */
char *creq__span_dup(struct creq__span s);

#endif
