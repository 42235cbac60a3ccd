/* SPDX-License-Identifier: MIT */
/* The Range request header as Python httpbin reads it for /range/{n}: one
 * "bytes=first-last" with open ends, no lists. Apart from range.c so that
 * fuzz/fuzz_range.c can reach it. */
#ifndef HB_RANGE_HEADER_H
#define HB_RANGE_HEADER_H

#include <stdint.h>

/* httpbin's __parse_request_range and get_request_range for a resource of
 * n >= 1 bytes: split the text after "bytes=" on '-', read the first two
 * pieces, fill open ends. 'header' may be NULL (no Range: the whole
 * resource). Returns 0 with [*first, *last], or -1 when the result is
 * outside (416). */
int hb_range_parse(const char *header, uint64_t n, uint64_t *first, uint64_t *last);

#endif
