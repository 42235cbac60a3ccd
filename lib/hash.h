/* SPDX-License-Identifier: MIT */
/* Hashes, HMAC-SHA256 and random bytes (Digest auth on both sides), on
 * GnuTLS: routes/ may not include GnuTLS itself (tests/lint/layers.sh). */
#ifndef HB_HASH_H
#define HB_HASH_H

#include <stddef.h>

enum hb_hash_alg { HB_HASH_MD5, HB_HASH_SHA1, HB_HASH_SHA256, HB_HASH_SHA512 };

/* SHA-512 is the longest: 64 bytes, 128 hex digits and a NUL. */
#define HB_HASH_HEX_MAX 129
#define HB_HMAC_SHA256_LEN 32

/* Lowercase hex of 'len' bytes into 'out' (2 * len + 1 bytes). */
void hb_hex(const void *bin, size_t len, char *out);
/* The lowercase hex digest of 'data', as Python's hexdigest(). 0, or -1. */
int hb_hash_hex(enum hb_hash_alg alg, const void *data, size_t len,
                char out[HB_HASH_HEX_MAX]);
/* HMAC-SHA256 of 'data' under 'key'. 0, or -1. */
int hb_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                   unsigned char out[HB_HMAC_SHA256_LEN]);
/* Unpredictable bytes: key quality for long-lived secrets, nonce quality
 * for values that are only sent (opaque, salts). 0, or -1. */
int hb_random_key(void *buf, size_t len);
int hb_random_nonce(void *buf, size_t len);

#endif
