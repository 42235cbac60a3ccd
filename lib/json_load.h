/* SPDX-License-Identifier: MIT */
/* A one-pass JSON reader for request bodies. It builds the same jansson
 * values json_loadb(JSON_DECODE_ANY | JSON_ALLOW_NUL) builds, about ten
 * times faster: jansson's decoder takes each byte through a callback and
 * checks UTF-8 as it goes (11 us for a 1 KiB body, more than the rest of a
 * POST /post), while the body has already been checked once. */
#ifndef HB_JSON_LOAD_H
#define HB_JSON_LOAD_H

#include <stddef.h>

#include <jansson.h>

enum hb_json_load_status {
    HB_JSON_LOADED,
    HB_JSON_INVALID,  /* not JSON, or what jansson refuses too (see below) */
    HB_JSON_TOO_DEEP, /* arrays and objects nest deeper than max_depth */
    HB_JSON_NOMEM,
};

/* Parses s[0..len) as one JSON value of any type, with surrounding
 * whitespace. s must be valid UTF-8 (hb_utf8_valid). Returns a new
 * reference, or NULL with the reason in *status.
 * As jansson: integers must fit in 64 bits and reals must be finite (Python
 * would keep big integers and Infinity; json_t can hold neither), a \u
 * escape of a lone surrogate is refused, \u0000 is kept, a repeated object
 * key keeps its first place and its last value. Unlike jansson, and as
 * Python, a key may hold \u0000. */
json_t *hb_json_load(const char *s, size_t len, unsigned max_depth,
                     enum hb_json_load_status *status);

#endif
