/* SPDX-License-Identifier: MIT */
/* JSON text byte for byte as httpbin's Flask jsonify writes it (sorted keys,
 * compact separators, ASCII-only \u escapes, Python float repr). */
#ifndef HB_PYJSON_H
#define HB_PYJSON_H

#include <stddef.h>

#include <jansson.h>

/* Containers nested deeper than this are refused (as out of memory is): it is
 * jansson's own parser limit, so only a value built by hand with a cycle in it
 * can reach it, and recursing on a cycle would never end. */
#define HB_PYJSON_MAX_DEPTH 2048

/* Serialises 'v' as Python's json.dumps(v, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=True) would. Returns a malloc'd NUL-terminated buffer the caller
 * frees with free(), length in *len (may be NULL); NULL when out of memory (or
 * nested deeper than HB_PYJSON_MAX_DEPTH).
 * Object keys sort by bytes (UTF-8 byte order is Python's code-point order);
 * reals print as Python's repr (shortest round-trip digits), NaN and infinities
 * as NaN / Infinity / -Infinity; bytes that are not valid UTF-8 (only possible
 * through jansson's *_nocheck setters) are written as \ufffd. */
char *hb_pyjson_dump(const json_t *v, size_t *len);

/* Appends the same serialisation to a caller's growing buffer: *buf (malloc'd
 * or NULL), *len bytes used, *cap bytes allocated; the buffer grows by doubling.
 * Returns 0 with buf[*len] == '\0', or -1 out of memory (or too deep): then
 * *len is unchanged and *buf / *cap still describe one valid allocation (it
 * may have grown; the bytes past *len are unspecified). */
int hb_pyjson_append(const json_t *v, char **buf, size_t *len, size_t *cap);

/* Python's other json.dumps() settings, for what a client sends or shows. */
enum hb_pyjson_flags {
    HB_PYJSON_SPACED = 1 << 0,          /* separators ", " and ": " (the default) */
    HB_PYJSON_INSERTION_ORDER = 1 << 1, /* keys as inserted: sort_keys=False */
    HB_PYJSON_INDENT4 = 1 << 2,         /* indent=4: one member a line, 4 spaces a level */
    HB_PYJSON_UNICODE = 1 << 3,         /* ensure_ascii=False: non-ASCII and DEL as they are */
};
/* hb_pyjson_append with flags: json.dumps(v) itself is
 * HB_PYJSON_SPACED | HB_PYJSON_INSERTION_ORDER. With HB_PYJSON_INDENT4 a line
 * ends after each ',' and HB_PYJSON_SPACED only spaces the ':', as Python's
 * default separators for an indent (',', ': ') do; empty containers stay {}
 * and []. With HB_PYJSON_UNICODE, bytes that are not valid UTF-8 are written
 * as U+FFFD itself. */
int hb_pyjson_append_flags(const json_t *v, char **buf, size_t *len, size_t *cap,
                           unsigned flags);

#endif
