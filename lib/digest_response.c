/* SPDX-License-Identifier: MIT */
/* The Digest response digest; see digest_response.h. */
#include "digest_response.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct hb_digest_alg algs[] = {
    { "MD5", HB_HASH_MD5, false },
    { "MD5-SESS", HB_HASH_MD5, true },
    { "SHA", HB_HASH_SHA1, false },
    { "SHA-256", HB_HASH_SHA256, false },
    { "SHA-256-SESS", HB_HASH_SHA256, true },
    { "SHA-512", HB_HASH_SHA512, false },
    { "SHA-512-SESS", HB_HASH_SHA512, true },
};

const struct hb_digest_alg *hb_digest_alg_find(const char *name)
{
    if (!name)
        return &algs[0];
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
        if (!strcasecmp(name, algs[i].name))
            return &algs[i];
    return NULL;
}

/* H(parts[0]:parts[1]:...) in hex. */
static int hash_join(enum hb_hash_alg alg, char out[HB_HASH_HEX_MAX], const char *const *parts,
                     size_t nparts)
{
    size_t len = nparts - 1, at = 0;
    for (size_t i = 0; i < nparts; i++)
        len += strlen(parts[i]);
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    for (size_t i = 0; i < nparts; i++) {
        size_t n = strlen(parts[i]);
        memcpy(buf + at, parts[i], n);
        at += n;
        if (i + 1 < nparts)
            buf[at++] = ':';
    }
    int rc = hb_hash_hex(alg, buf, len, out);
    explicit_bzero(buf, len);
    free(buf);
    return rc;
}

#define HASH(alg, out, ...)                                                              \
    hash_join((alg), (out), (const char *const[]){ __VA_ARGS__ },                        \
              sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

int hb_digest_response(const struct hb_digest_input *in, char out[HB_HASH_HEX_MAX])
{
    enum hb_hash_alg h = in->alg->hash;
    char ha1[HB_HASH_HEX_MAX], ha2[HB_HASH_HEX_MAX], hbody[HB_HASH_HEX_MAX];
    const char *realm = in->realm ? in->realm : "";
    const char *cnonce = in->cnonce ? in->cnonce : "";

    if (HASH(h, ha1, in->username, realm, in->password))
        return -1;
    if (in->alg->sess && HASH(h, ha1, ha1, in->nonce, cnonce))
        return -1;
    if (in->qop && !strcmp(in->qop, "auth-int")) {
        if (hb_hash_hex(h, in->body ? in->body : "", in->body ? in->body_len : 0, hbody) ||
            HASH(h, ha2, in->method, in->uri, hbody))
            return -1;
    } else if (HASH(h, ha2, in->method, in->uri)) {
        return -1;
    }
    if (!in->qop)
        return HASH(h, out, ha1, in->nonce, ha2);
    return HASH(h, out, ha1, in->nonce, in->nc ? in->nc : "", cnonce, in->qop, ha2);
}
