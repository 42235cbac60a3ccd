/* SPDX-License-Identifier: MIT */
/* Base64 (RFC 4648) in the standard and URL-safe alphabets. */
#ifndef HB_BASE64_H
#define HB_BASE64_H

#include <stddef.h>

/* Bytes hb_base64_encode writes for 'len' input bytes (with padding). */
size_t hb_base64_encoded_len(size_t len);
/* Writes the standard-alphabet encoding plus a NUL into 'out'. */
void hb_base64_encode(const void *data, size_t len, char *out);
/* Decodes 'in' (standard or URL-safe alphabet; padding optional) into 'out',
 * which needs room for len*3/4+3 bytes. Returns the decoded length, or -1
 * when 'in' is not base64. */
/* The 6-bit value of a character of either alphabet (+ or -, / or _), or -1. */
int hb_base64_sextet(unsigned char c);
long hb_base64_decode(const char *in, size_t len, unsigned char *out);

#endif
