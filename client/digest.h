/* SPDX-License-Identifier: MIT */
/* HTTP Digest authentication, client side (RFC 7616, RFC 2617): parse a
 * server's challenge and answer it the way requests' HTTPDigestAuth does. */
#ifndef CREQ_DIGEST_H
#define CREQ_DIGEST_H

#include <stddef.h>

/* Longest challenge parameter value kept (after unquoting). A Digest
 * challenge with a longer realm, nonce, opaque, qop or algorithm is refused:
 * no real server needs more, and the values are echoed in every request. */
#define CREQ__DIGEST_MAX_VALUE 4096

struct creq__digest {            /* state kept across requests to one server, like requests' HTTPDigestAuth */
    char *realm, *nonce, *opaque, *qop_options, *algorithm; /* from the last challenge; malloc'd */
    int stale;                   /* the challenge said stale=true */
    unsigned long nc;            /* nonce count, reset when the nonce changes */
    char *last_nonce;
};

void creq__digest_init(struct creq__digest *d);
void creq__digest_cleanup(struct creq__digest *d);

/* Parses a WWW-Authenticate (or Proxy-Authenticate) header value. Several
 * challenges may be in one value ("Basic realm=x, Digest realm=..."; join
 * repeated header lines with ", "). Takes the first Digest challenge that
 * has a nonce and an algorithm we support, else the first with a nonce (RFC
 * 7616 servers may send one per algorithm, SHA-512-256 first). Returns 0,
 * or -1 when there is no Digest challenge with a (non-empty) nonce, the value
 * is malformed, a kept value is over CREQ__DIGEST_MAX_VALUE, or memory runs
 * out; on -1 'd' is unchanged.
 * The nonce count is not touched here: creq__digest_authorization restarts
 * it when the nonce differs from the last one used. */
int creq__digest_parse_challenge(struct creq__digest *d, const char *header);

/* The Authorization header value for one request, or NULL (no challenge
 * parsed, unsupported algorithm or qop, a -SESS algorithm without qop, a
 * control character in user, method, uri or cnonce, out of memory). 'uri' is
 * the request-target (path and query, as sent; NULL or "" = "/"). 'body' is
 * needed for qop=auth-int (NULL/0 = empty). 'cnonce' NULL = random (16 hex
 * digits from gnutls_rnd); tests pass a fixed one. Caller frees with free().
 * Increments d->nc (restarting at 1 for a new nonce); on NULL, 'd' is
 * unchanged. */
char *creq__digest_authorization(struct creq__digest *d, const char *user, const char *password,
                                 const char *method, const char *uri, const void *body,
                                 size_t body_len, const char *cnonce);

#endif
