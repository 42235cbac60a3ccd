/* SPDX-License-Identifier: MIT */
/* The Digest response digest (RFC 7616 §3.4.1, RFC 2617, RFC 2069), one
 * computation for both sides: the server's /digest-auth checks with it what
 * libcreq's Digest answers with. */
#ifndef HB_DIGEST_RESPONSE_H
#define HB_DIGEST_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "hash.h"

struct hb_digest_alg {
    const char *name;      /* as the algorithm parameter spells it */
    enum hb_hash_alg hash;
    bool sess;             /* -SESS: HA1 = H(H(user:realm:password):nonce:cnonce) */
};

/* The algorithm 'name' (any case; NULL, no algorithm parameter, is MD5):
 * MD5, SHA (RFC 2617's SHA-1, as requests knows it), SHA-256, SHA-512 and
 * their -SESS forms. NULL for others. */
const struct hb_digest_alg *hb_digest_alg_find(const char *name);

/* What one response digest is made of. */
struct hb_digest_input {
    const struct hb_digest_alg *alg;
    const char *username, *realm, *password;
    const char *method, *uri;   /* the request's method and its digest uri */
    const char *nonce;
    const char *qop;            /* "auth", "auth-int", or NULL (RFC 2069: no nc, cnonce) */
    const char *nc, *cnonce;    /* with a qop, and for -SESS */
    const void *body;           /* auth-int hashes the body; NULL with body_len 0 */
    size_t body_len;
};

/* The response digest, in lowercase hex, into out. 0, or -1 when out of
 * memory or the hash fails. Every joined text that held the password is
 * wiped before it is freed. */
int hb_digest_response(const struct hb_digest_input *in, char out[HB_HASH_HEX_MAX]);

#endif
