/* SPDX-License-Identifier: MIT */
/* Response.text the requests way: which charset a Content-Type names, and
 * decoding a body from it to UTF-8 with Python's errors='replace'. */
#ifndef CREQ_TEXTENC_H
#define CREQ_TEXTENC_H

#include <stddef.h>

/* The charset requests' get_encoding_from_headers() picks for a Content-Type
 * value: the charset parameter (quotes stripped), else "ISO-8859-1" when the
 * media type contains "text", "utf-8" when it contains "application/json",
 * else NULL. malloc'd or NULL (NULL too when out of memory). */
char *creq__encoding_from_content_type(const char *content_type);

/* Decodes len bytes from 'charset' (Python's codec names and aliases) to a
 * malloc'd NUL-terminated UTF-8 string, invalid input replaced by U+FFFD as
 * Python's errors='replace' does. A NULL or unknown charset decodes as UTF-8,
 * as requests falls back to str(content, errors='replace'). A BOM is kept or
 * dropped as Python's codec of that name does ("utf-8" keeps it, "utf-8-sig"
 * and "utf-16" drop it). *out_len gets the length (the result may hold NULs).
 * NULL only when out of memory. */
char *creq__decode_text(const char *data, size_t len, const char *charset, size_t *out_len);

#endif /* CREQ_TEXTENC_H */
