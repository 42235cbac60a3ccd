/* SPDX-License-Identifier: MIT */
/* application/x-www-form-urlencoded and query strings, decoded the way
 * Werkzeug does for httpbin: '&' separates, '+' is a space, bad escapes are
 * kept literally, invalid UTF-8 becomes U+FFFD. */
#ifndef HB_URLENCODED_H
#define HB_URLENCODED_H

#include <stddef.h>

#include "arena.h"
#include "kvlist.h"

/* Appends each name=value pair of s[0..len) to 'out' (empty pieces skipped,
 * a piece without '=' has the value ""). At most 'max_pairs' pairs. Returns 0,
 * -1 when out of memory, -2 past max_pairs. */
int hb_urlencoded_parse(struct hb_arena *a, const char *s, size_t len,
                        size_t max_pairs, struct hb_kvlist *out);

/* The value of one hex digit (either case), or -1. */
int hb_hex_value(char c);

/* Percent-decodes s[0..len) into an arena string (NUL-terminated, may hold
 * NULs); '+' becomes ' ' when plus_is_space. Length in *out_len. */
char *hb_percent_decode(struct hb_arena *a, const char *s, size_t len,
                        int plus_is_space, size_t *out_len);

#endif
