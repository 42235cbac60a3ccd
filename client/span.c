/* SPDX-License-Identifier: MIT */
/* Header value slices; see span.h. */
#include "span.h"

#include <stdlib.h>
#include <string.h>

struct creq__span creq__span_strip(struct creq__span s, const char *chars)
{
    while (s.b < s.e && strchr(chars, *s.b) != NULL)
        s.b++;
    while (s.e > s.b && strchr(chars, s.e[-1]) != NULL)
        s.e--;
    return s;
}

const char *creq__span_find(struct creq__span s, char c)
{
    const char *p = memchr(s.b, c, (size_t)(s.e - s.b));
    return p ? p : s.e;
}

char *creq__span_dup(struct creq__span s)
{
    size_t n = (size_t)(s.e - s.b);
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s.b, n);
        copy[n] = '\0';
    }
    return copy;
}
