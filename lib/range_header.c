/* SPDX-License-Identifier: MIT */
/* Range header parsing for /range/{n}; see range_header.h. */
#include "range_header.h"

#include <string.h>

#include "params.h"

/* One end of "bytes=first-last" as httpbin reads it: Python's int(), or
 * absent (-1) when that fails. Huge values saturate and end up outside. */
static int64_t range_end(const char *s, size_t len)
{
    char buf[64];
    int64_t v;
    if (len >= sizeof(buf))
        return len > 0 && strspn(s, " \t0123456789") == len ? INT64_MAX : -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (hb_param_pyint(buf, &v))
        return -1;
    return v < 0 ? -2 : v; /* "-5" as an end cannot come from a split on '-' */
}

int hb_range_parse(const char *header, uint64_t n, uint64_t *first, uint64_t *last)
{
    int64_t left = -1, right = -1;
    while (header && (*header == ' ' || *header == '\t'))
        header++;
    if (header && !strncmp(header, "bytes", 5)) {
        const char *eq = strchr(header, '=');
        if (eq && !strchr(eq + 1, '=')) {
            const char *a = eq + 1, *dash = strchr(a, '-');
            const char *b = dash ? dash + 1 : NULL;
            const char *b_end = b ? strchr(b, '-') : NULL;
            /* "bytes=5" splits into one piece: no last, the first is read. */
            left = range_end(a, dash ? (size_t)(dash - a) : strlen(a));
            if (b)
                right = range_end(b, b_end ? (size_t)(b_end - b) : strlen(b));
        }
    }
    if (left < -1 || right < -1)
        return -1;
    if (left == -1 && right == -1) {
        *first = 0;
        *last = n - 1;
    } else if (left == -1) {
        *first = (uint64_t)right >= n ? 0 : n - (uint64_t)right;
        *last = n - 1;
    } else {
        *first = (uint64_t)left;
        *last = right == -1 ? n - 1 : (uint64_t)right;
    }
    return *first > *last || *first >= n || *last >= n ? -1 : 0;
}
