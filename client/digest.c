/* SPDX-License-Identifier: MIT */
/* HTTP Digest authentication for libcreq: challenge parsing (RFC 7235
 * grammar) and the Authorization header requests' HTTPDigestAuth would send. */
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/digest_response.h"
#include "lib/hash.h"
#include "lib/http_token.h"

enum qop { QOP_NONE, QOP_AUTH, QOP_AUTH_INT };

/* One parsed challenge; owned strings, NULL when the parameter was absent. */
struct challenge {
    char *realm, *nonce, *opaque, *qop, *algorithm;
    int stale;
};

void creq__digest_init(struct creq__digest *d)
{
    memset(d, 0, sizeof(*d));
}

static void challenge_free(struct challenge *c)
{
    free(c->realm);
    free(c->nonce);
    free(c->opaque);
    free(c->qop);
    free(c->algorithm);
    memset(c, 0, sizeof(*c));
}

void creq__digest_cleanup(struct creq__digest *d)
{
    if (!d)
        return;
    free(d->realm);
    free(d->nonce);
    free(d->opaque);
    free(d->qop_options);
    free(d->algorithm);
    free(d->last_nonce);
    creq__digest_init(d);
}

/* ---- challenge parsing --------------------------------------------------- */

/* A token68 ("Basic dXNlcjpwYXNz") fills the whole rest of a challenge, so
 * it must be followed by a comma or the end. Returns the position after it,
 * or NULL when 'p' starts an auth-param ("realm=x") instead. */
static const char *match_token68(const char *p)
{
    const char *q = p;
    while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
           (*q != '\0' && strchr("-._~+/", *q) != NULL))
        q++;
    if (q == p)
        return NULL;
    while (*q == '=')
        q++;
    q = hb_skip_ows(q);
    return (*q == ',' || *q == '\0') ? q : NULL;
}

/* Reads a quoted-string or a bare value at *pp and advances past it. With
 * 'out', stores a malloc'd unescaped copy. Bare values are anything up to
 * whitespace or a comma: real servers send unquoted nonces holding '/' or
 * '=' that are not strictly tokens. Returns -1 on malformed or oversized
 * input or no memory. */
static int read_value(const char **pp, char **out)
{
    const char *p = *pp;
    char *buf = NULL;
    size_t n = 0;

    if (*p == '"') {
        /* Unterminated, or a CR/LF we would echo back: refused. */
        long span = hb_quoted_string_scan(p, &n);
        if (span < 0)
            return -1;
        if (out) {
            if (n > CREQ__DIGEST_MAX_VALUE || !(buf = malloc(n + 1)))
                return -1;
            hb_quoted_string_copy(p, n, buf);
        }
        *pp = p + span;
    } else {
        while (p[n] != '\0' && p[n] != ',' && p[n] != '"' && !hb_is_ows(p[n]) &&
               !hb_is_ctl((unsigned char)p[n]))
            n++;
        if (n == 0)
            return -1;
        if (out) {
            if (n > CREQ__DIGEST_MAX_VALUE || !(buf = strndup(p, n)))
                return -1;
        }
        *pp = p + n;
    }
    if (out) {
        free(*out); /* a repeated parameter: the last one wins, as in requests */
        *out = buf;
    }
    return 0;
}

static int name_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Where a Digest parameter goes, or NULL for ones we ignore (domain,
 * charset, userhash, extensions). stale is handled by the caller. */
static char **param_slot(struct challenge *c, const char *name, size_t len)
{
    if (name_is(name, len, "realm"))
        return &c->realm;
    if (name_is(name, len, "nonce"))
        return &c->nonce;
    if (name_is(name, len, "opaque"))
        return &c->opaque;
    if (name_is(name, len, "qop"))
        return &c->qop;
    if (name_is(name, len, "algorithm"))
        return &c->algorithm;
    return NULL;
}

/* Parses "name = value" at *pp into 'c' (NULL: another scheme's parameter,
 * syntax-checked and dropped). */
static int read_param(const char **pp, size_t name_len, struct challenge *c)
{
    const char *name = *pp;
    const char *p = hb_skip_ows(name + name_len) + 1; /* past '=' */
    char *stale = NULL;
    char **slot = NULL;

    p = hb_skip_ows(p);
    if (c) {
        slot = param_slot(c, name, name_len);
        if (!slot && name_is(name, name_len, "stale"))
            slot = &stale;
    }
    if (read_value(&p, slot) != 0)
        return -1;
    if (slot == &stale) {
        c->stale = strcasecmp(stale, "true") == 0;
        free(stale);
    }
    *pp = p;
    return 0;
}

/* An empty nonce counts as none: there is nothing to prove freshness with. */
static int has_nonce(const struct challenge *c)
{
    return c->nonce && *c->nonce;
}

/* 1 when 'c' can be answered: it has a nonce and an algorithm we know. */
static int usable(const struct challenge *c)
{
    return has_nonce(c) && hb_digest_alg_find(c->algorithm);
}

/* Called at the end of each Digest challenge: keeps it in 'best' when it is
 * the first usable one (1 = stop looking), or in 'first' when it is the
 * first with a nonce. */
static int settle(struct challenge *cur, struct challenge *best, struct challenge *first)
{
    if (usable(cur)) {
        *best = *cur;
        memset(cur, 0, sizeof(*cur));
        return 1;
    }
    if (has_nonce(cur) && !first->nonce) {
        *first = *cur;
        memset(cur, 0, sizeof(*cur));
    } else {
        challenge_free(cur);
    }
    return 0;
}

/* Walks "scheme [token68 | param, ...], scheme ..." (RFC 7235 §4.1), where a
 * bare token not followed by '=' starts a new challenge. */
static int parse_challenges(const char *p, struct challenge *best, struct challenge *first)
{
    struct challenge cur = { 0 };
    int in_scheme = 0, in_digest = 0;

    for (;;) {
        while (*p == ',' || hb_is_ows(*p))
            p++;
        if (*p == '\0')
            break;
        size_t n = hb_token_len(p);
        if (n == 0)
            goto fail;
        if (*hb_skip_ows(p + n) == '=') {
            if (!in_scheme || read_param(&p, n, in_digest ? &cur : NULL) != 0)
                goto fail;
            continue;
        }
        /* A new challenge: the previous one, if Digest, is complete. */
        if (in_digest && settle(&cur, best, first))
            return 0;
        in_scheme = 1;
        in_digest = name_is(p, n, "Digest");
        p = hb_skip_ows(p + n);
        const char *end = match_token68(p);
        if (end)
            p = end;
    }
    if (in_digest)
        settle(&cur, best, first);
    return 0;
fail:
    challenge_free(&cur);
    return -1;
}

int creq__digest_parse_challenge(struct creq__digest *d, const char *header)
{
    struct challenge best = { 0 }, first = { 0 };

    if (!d || !header || parse_challenges(header, &best, &first) != 0)
        goto fail;
    if (!best.nonce) {
        /* No usable one: keep the first with a nonce, so that
         * creq__digest_authorization reports the algorithm as unsupported. */
        best = first;
        memset(&first, 0, sizeof(first));
    }
    if (!best.nonce)
        goto fail;
    challenge_free(&first);

    free(d->realm);
    free(d->nonce);
    free(d->opaque);
    free(d->qop_options);
    free(d->algorithm);
    d->realm = best.realm;
    d->nonce = best.nonce;
    d->opaque = best.opaque;
    d->qop_options = best.qop;
    d->algorithm = best.algorithm;
    d->stale = best.stale;
    return 0;
fail:
    challenge_free(&best);
    challenge_free(&first);
    return -1;
}

/* ---- the response -------------------------------------------------------- */

/* requests accepts "auth" whenever offered and cannot do auth-int; we
 * answer auth-int when it is the only option. The list is split on commas
 * with whitespace trimmed: requests' bare split(",") misses the "auth" in
 * "auth-int, auth". Returns -1 when no offered value is usable. */
static int pick_qop(const char *options, enum qop *out)
{
    int auth = 0, auth_int = 0;

    if (!options || !*options) { /* requests: "if not qop" = RFC 2069 */
        *out = QOP_NONE;
        return 0;
    }
    for (const char *p = options; *p;) {
        while (*p == ',' || hb_is_ows(*p))
            p++;
        size_t n = strcspn(p, ", \t");
        auth |= name_is(p, n, "auth");
        auth_int |= name_is(p, n, "auth-int");
        p += n;
    }
    if (!auth && !auth_int)
        return -1;
    *out = auth ? QOP_AUTH : QOP_AUTH_INT;
    return 0;
}

/* The response digest (RFC 7616 §3.4.1; RFC 2069 without qop). */
static int compute_response(const struct creq__digest *d, const struct hb_digest_alg *alg,
                            enum qop qop, const char *user, const char *password,
                            const char *method, const char *uri, const void *body,
                            size_t body_len, const char *nc, const char *cnonce,
                            char out[HB_HASH_HEX_MAX])
{
    static const char *const qop_names[] = { [QOP_NONE] = NULL, [QOP_AUTH] = "auth",
                                             [QOP_AUTH_INT] = "auth-int" };
    const struct hb_digest_input in = {
        .alg = alg,
        .username = user,
        .realm = d->realm,
        .password = password,
        .method = method,
        .uri = uri,
        .nonce = d->nonce,
        .qop = qop_names[qop],
        .nc = nc,
        .cnonce = cnonce,
        .body = body,
        .body_len = body_len,
    };
    return hb_digest_response(&in, out);
}

/* A growing string; 'failed' latches so appends can be chained unchecked. */
struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
};

static void sb_add(struct sbuf *sb, const char *s, size_t n)
{
    if (sb->failed)
        return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = (sb->len + n + 1) * 2;
        char *p = realloc(sb->p, cap);
        if (!p) {
            sb->failed = 1;
            return;
        }
        sb->p = p;
        sb->cap = cap;
    }
    memcpy(sb->p + sb->len, s, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

static void sb_str(struct sbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

/* ', name="value"' with '"' and '\' escaped. requests writes values raw;
 * the two agree on every value without those characters, and escaping keeps
 * a quote in a username or realm from ending the string early. */
static void sb_quoted(struct sbuf *sb, const char *sep_name, const char *value)
{
    sb_str(sb, sep_name);
    sb_add(sb, "=\"", 2);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_add(sb, "\\", 1);
        sb_add(sb, p, 1);
    }
    sb_add(sb, "\"", 1);
}

static int has_ctl(const char *s)
{
    for (; *s; s++)
        if (hb_is_ctl((unsigned char)*s))
            return 1;
    return 0;
}

/* 16 lowercase hex digits, the length requests' cnonce has. */
static int random_cnonce(char out[17])
{
    unsigned char bin[8];

    if (hb_random_nonce(bin, sizeof(bin)) != 0)
        return -1;
    hb_hex(bin, sizeof(bin), out);
    return 0;
}

char *creq__digest_authorization(struct creq__digest *d, const char *user, const char *password,
                                 const char *method, const char *uri, const void *body,
                                 size_t body_len, const char *cnonce)
{
    const struct hb_digest_alg *alg;
    enum qop qop;
    char response[HB_HASH_HEX_MAX], ncvalue[9], cnbuf[17];
    struct sbuf sb = { 0 };
    char *last_nonce = NULL;
    unsigned long nc;

    if (!d || !d->nonce || !user || !password || !method)
        return NULL;
    if (!uri || !*uri)
        uri = "/"; /* requests: "path or '/'" */
    if (!(alg = hb_digest_alg_find(d->algorithm)) || pick_qop(d->qop_options, &qop) != 0)
        return NULL;
    /* -SESS mixes the cnonce into HA1, but without qop no cnonce is sent, so
     * the server could not check it (requests sends such a header anyway). */
    if (alg->sess && qop == QOP_NONE)
        return NULL;
    if (!cnonce) {
        if (random_cnonce(cnbuf) != 0)
            return NULL;
        cnonce = cnbuf;
    }
    /* Header injection guard: these are copied into the header. */
    if (has_ctl(user) || has_ctl(method) || has_ctl(uri) || has_ctl(cnonce))
        return NULL;

    nc = (d->last_nonce && strcmp(d->last_nonce, d->nonce) == 0) ? d->nc + 1 : 1;
    /* nc is 8 hex digits; 2^32 requests on one nonce do not happen. */
    snprintf(ncvalue, sizeof(ncvalue), "%08lx", nc & 0xffffffffUL);

    if (compute_response(d, alg, qop, user, password, method, uri, body, body_len, ncvalue,
                         cnonce, response) != 0)
        goto fail;
    if (!(last_nonce = strdup(d->nonce)))
        goto fail;

    /* requests' field order and quoting, qop included. */
    sb_quoted(&sb, "Digest username", user);
    sb_quoted(&sb, ", realm", d->realm ? d->realm : "");
    sb_quoted(&sb, ", nonce", d->nonce);
    sb_quoted(&sb, ", uri", uri);
    sb_quoted(&sb, ", response", response);
    if (d->opaque && *d->opaque)
        sb_quoted(&sb, ", opaque", d->opaque);
    if (d->algorithm)
        sb_quoted(&sb, ", algorithm", d->algorithm);
    if (qop != QOP_NONE) {
        sb_quoted(&sb, ", qop", qop == QOP_AUTH ? "auth" : "auth-int");
        sb_str(&sb, ", nc=");
        sb_str(&sb, ncvalue);
        sb_quoted(&sb, ", cnonce", cnonce);
    }
    if (sb.failed)
        goto fail;

    free(d->last_nonce);
    d->last_nonce = last_nonce;
    d->nc = nc;
    return sb.p;
fail:
    free(last_nonce);
    free(sb.p);
    return NULL;
}
