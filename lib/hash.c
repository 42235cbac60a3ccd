/* SPDX-License-Identifier: MIT */
/* hash.h on GnuTLS's one-shot hash, HMAC and random-number calls. */
#include "hash.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

static gnutls_digest_algorithm_t gnutls_alg(enum hb_hash_alg alg)
{
    switch (alg) {
    case HB_HASH_SHA1:
        return GNUTLS_DIG_SHA1;
    case HB_HASH_SHA256:
        return GNUTLS_DIG_SHA256;
    case HB_HASH_SHA512:
        return GNUTLS_DIG_SHA512;
    case HB_HASH_MD5:
    default:
        return GNUTLS_DIG_MD5;
    }
}

void hb_hex(const void *bin, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = bin;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * len] = '\0';
}

int hb_hash_hex(enum hb_hash_alg alg, const void *data, size_t len,
                char out[HB_HASH_HEX_MAX])
{
    unsigned char bin[64];
    gnutls_digest_algorithm_t dig = gnutls_alg(alg);
    /* gnutls_hash_fast reads nothing for len 0, but wants a valid pointer. */
    if (gnutls_hash_fast(dig, len ? data : "", len, bin) < 0)
        return -1;
    hb_hex(bin, gnutls_hash_get_len(dig), out);
    return 0;
}

int hb_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                   unsigned char out[HB_HMAC_SHA256_LEN])
{
    return gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, key_len, len ? data : "", len, out) < 0
               ? -1
               : 0;
}

int hb_random_key(void *buf, size_t len)
{
    return gnutls_rnd(GNUTLS_RND_KEY, buf, len) < 0 ? -1 : 0;
}

int hb_random_nonce(void *buf, size_t len)
{
    return gnutls_rnd(GNUTLS_RND_NONCE, buf, len) < 0 ? -1 : 0;
}
