/* SPDX-License-Identifier: MIT */
/* UTF-8 checks and repairs with Python's rules: strict validation (no
 * overlongs, no surrogates) and U+FFFD replacement of maximal bad subparts. */
#ifndef HB_UTF8_H
#define HB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* True when s[0..len) is valid UTF-8 as Python's bytes.decode('utf-8') sees it. */
bool hb_utf8_valid(const char *s, size_t len);
/* s as valid UTF-8: 's' itself when already valid (it must then be
 * NUL-terminated), otherwise an arena copy with each bad part replaced by
 * U+FFFD as Python's errors='replace' does. NULL when out of memory. */
char *hb_utf8_sanitize(struct hb_arena *a, const char *s, size_t len, size_t *out_len);
/* Decodes Latin-1 bytes (how WSGI sees header values) into UTF-8: 's'
 * itself when all ASCII (it must then be NUL-terminated), otherwise an
 * arena copy. *out_len (may be NULL) gets its length. NULL when out of
 * memory. */
char *hb_latin1_to_utf8(struct hb_arena *a, const char *s, size_t len, size_t *out_len);
/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t hb_utf8_seq_len(const unsigned char *s, size_t avail);

#endif
