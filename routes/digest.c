/* SPDX-License-Identifier: MIT */
/* /digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]: HTTP
 * Digest auth as httpbin 0.7.0 does it (challenge layout, cookies,
 * stale_after, require-cookie), with nonces any replica can check.
 *
 * Deliberate differences from httpbin, each fixing a bug of its:
 * - The username in the credentials must be the path's user (httpbin lets
 *   any username in), the realm must be ours and the algorithm the one
 *   challenged (httpbin hashes with whatever the client names, so a client
 *   may answer a SHA-256 challenge with MD5).
 * - The digest uri is the request-target as sent, query included: httpbin
 *   500s on a query (it joins str and bytes) and hashes the percent-decoded
 *   path, so a correct client fails on /digest-auth/auth/us%65r/passwd.
 * - The response is compared in constant time.
 * - qop=auth-int hashes the request body (the route collects it).
 * - Nonces are checked: an HMAC-signed timestamp, so a forged, altered or
 *   expired (> 5 minutes) nonce answered with the right password gets a
 *   fresh challenge with stale=TRUE (RFC 7616 §3.3); httpbin takes any
 *   nonce, forever.
 * - Credentials httpbin chokes on (a qop other than auth or auth-int, which
 *   is a 500 there) and ones it would half-accept (broken quoting, repeated
 *   or over-long parameters, an nc that is not 8 hex digits) get a 400 JSON
 *   error saying what is allowed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/authz.h"
#include "lib/cookie_header.h"
#include "lib/digest_auth.h"
#include "lib/digest_response.h"
#include "lib/hash.h"
#include "route.h"

#define REALM "me@kennethreitz.com"
/* How long a nonce is good for, and how far ahead of our clock another
 * replica's may be. */
#define NONCE_MAX_AGE 300
#define NONCE_MAX_SKEW 60

/* nonce = hex(8-byte big-endian time || 8 random bytes) || hex(HMAC-SHA256
 * of those 16 bytes). The random half keeps two challenges in one second
 * apart, which httpbin's last_nonce cookie needs. */
#define NONCE_STAMP 16
#define NONCE_LEN (2 * NONCE_STAMP + 2 * HB_HMAC_SHA256_LEN)

struct digest_route {
    const char *user, *passwd;
    const char *qop;       /* "auth", "auth-int", or NULL: both offered */
    const struct hb_digest_alg *alg; /* MD5, SHA-256 or SHA-512 */
    const char *stale_after;
};

static void read_route(struct hb_request *req, struct digest_route *r)
{
    const char *qop = hb_request_param(req, "qop");
    const char *alg = hb_request_param(req, "algorithm");
    const char *stale_after = hb_request_param(req, "stale_after");
    r->user = hb_request_param(req, "user");
    r->passwd = hb_request_param(req, "passwd");
    r->qop = qop && (!strcmp(qop, "auth") || !strcmp(qop, "auth-int")) ? qop : NULL;
    /* Anything else is MD5, as in httpbin. */
    bool offered = alg && (!strcmp(alg, "SHA-256") || !strcmp(alg, "SHA-512"));
    r->alg = hb_digest_alg_find(offered ? alg : "MD5");
    r->stale_after = stale_after ? stale_after : "never";
}

static int sign_stamp(struct hb_request *req, const unsigned char stamp[NONCE_STAMP],
                      char mac_hex[2 * HB_HMAC_SHA256_LEN + 1])
{
    unsigned char mac[HB_HMAC_SHA256_LEN];
    /* --digest-key (replicas behind one load balancer share it), or the
     * server's own random one (the engine picks it at start). */
    const char *key = hb_request_config(req)->digest_key;
    if (hb_hmac_sha256((const unsigned char *)key, strlen(key), stamp, NONCE_STAMP, mac))
        return -1;
    hb_hex(mac, sizeof(mac), mac_hex);
    return 0;
}

static int make_nonce(struct hb_request *req, char out[NONCE_LEN + 1])
{
    unsigned char stamp[NONCE_STAMP];
    uint64_t now = (uint64_t)time(NULL);
    for (int i = 0; i < 8; i++)
        stamp[i] = (unsigned char)(now >> (56 - 8 * i));
    if (hb_random_nonce(stamp + 8, 8))
        return -1;
    hb_hex(stamp, sizeof(stamp), out);
    return sign_stamp(req, stamp, out + 2 * NONCE_STAMP);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; /* we only ever send lowercase */
}

/* One of ours, unaltered and young enough. */
static bool nonce_fresh(struct hb_request *req, const char *nonce)
{
    unsigned char stamp[NONCE_STAMP];
    char mac_hex[2 * HB_HMAC_SHA256_LEN + 1];
    if (strlen(nonce) != NONCE_LEN)
        return false;
    for (int i = 0; i < NONCE_STAMP; i++) {
        int hi = hex_value(nonce[2 * i]), lo = hex_value(nonce[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        stamp[i] = (unsigned char)(hi << 4 | lo);
    }
    if (sign_stamp(req, stamp, mac_hex) || !hb_secure_equal(nonce + 2 * NONCE_STAMP, mac_hex))
        return false;
    uint64_t then = 0;
    for (int i = 0; i < 8; i++)
        then = then << 8 | stamp[i];
    int64_t age = (int64_t)((uint64_t)time(NULL) - then);
    return age <= NONCE_MAX_AGE && age >= -NONCE_MAX_SKEW;
}

/* "name=value; Path=/" as Werkzeug's set_cookie writes it (no Secure:
 * httpbin does not ask for it here). */
static int set_cookie(struct hb_request *req, struct hb_response *res, const char *name,
                      const char *value)
{
    const char *quoted = hb_cookie_quote(hb_request_arena(req), value);
    const char *line = quoted ? hb_printf(req, "%s=%s; Path=/", name, quoted) : NULL;
    if (!line)
        return -1;
    hb_reply_header(res, "Set-Cookie", line);
    return 0;
}

/* httpbin's digest_challenge_response plus the cookies its callers set: an
 * empty 401 with a new nonce and opaque. 'last_nonce' NULL: no such cookie. */
static int challenge(struct hb_request *req, struct hb_response *res,
                     const struct digest_route *r, bool stale, const char *last_nonce)
{
    char nonce[NONCE_LEN + 1], opaque[HB_HASH_HEX_MAX];
    unsigned char seed[10];
    /* httpbin's opaque: the route's hash of 10 random bytes. */
    if (make_nonce(req, nonce) || hb_random_nonce(seed, sizeof(seed)) ||
        hb_hash_hex(r->alg->hash, seed, sizeof(seed), opaque))
        return hb_reply_error(res, 500, "could not make a nonce");
    const char *header =
        hb_printf(req, "Digest realm=\"" REALM "\", nonce=\"%s\", qop=\"%s\", opaque=\"%s\", "
                       "algorithm=%s, stale=%s",
                  nonce, r->qop ? r->qop : "auth, auth-int", opaque, r->alg->name,
                  stale ? "TRUE" : "FALSE");
    if (!header)
        return hb_reply_error(res, 500, "out of memory");
    hb_reply_header(res, "WWW-Authenticate", header);
    if (set_cookie(req, res, "stale_after", r->stale_after) ||
        (last_nonce && set_cookie(req, res, "last_nonce", last_nonce)) ||
        set_cookie(req, res, "fake", "fake_value"))
        return hb_reply_error(res, 500, "out of memory");
    return hb_reply_bytes(res, 401, "text/html; charset=utf-8", "", 0);
}

/* The digest uri: the request-target as sent. The client's own uri stands
 * in only when it is ours plus an empty "?", which dispatch cannot tell. */
static const char *request_uri(struct hb_request *req, const char *claimed)
{
    const char *path = hb_request_raw_path(req), *query = hb_request_raw_query(req);
    if (*query)
        return hb_printf(req, "%s?%s", path, query);
    size_t n = strlen(path);
    if (!strncmp(claimed, path, n) && !strcmp(claimed + n, "?"))
        return claimed;
    return path;
}

/* The response digest the credentials should carry. HA1 is made from the
 * client's username and realm, as httpbin hashes it; the caller checks
 * both separately. 0, or -1 when out of memory. */
static int expected_response(struct hb_request *req, const struct digest_route *r,
                             const struct hb_digest_credentials *c, char out[HB_HASH_HEX_MAX])
{
    struct hb_digest_input in = {
        .alg = r->alg,
        .username = c->username,
        .realm = c->realm,
        .password = r->passwd,
        .method = hb_request_method(req),
        .uri = request_uri(req, c->uri),
        .nonce = c->nonce,
        .qop = c->qop,
        .nc = c->nc,
        .cnonce = c->cnonce,
    };
    in.body = hb_request_body(req, &in.body_len);
    return in.uri ? hb_digest_response(&in, out) : -1;
}

/* Right user, realm, algorithm and response digest; all checked, always. */
static int credentials_match(struct hb_request *req, const struct digest_route *r,
                             const struct hb_digest_credentials *c)
{
    char want[HB_HASH_HEX_MAX];
    if (expected_response(req, r, c, want))
        return -1;
    int ok = hb_secure_equal(c->response, want);
    ok &= hb_secure_equal(c->username, r->user);
    ok &= !strcmp(c->realm, REALM);
    /* No algorithm parameter means MD5 (RFC 7616 §3.4). */
    ok &= c->algorithm ? !strcasecmp(c->algorithm, r->alg->name) : r->alg->hash == HB_HASH_MD5;
    return ok;
}

/* Python's str(int(s) - 1), or "never" where int() raises: httpbin's
 * next_stale_after_value. int() takes surrounding whitespace, a sign,
 * underscores between digits and at most 4300 digits. */
static const char *next_stale_after(struct hb_request *req, const char *s)
{
    size_t n = strlen(s);
    while (n && strchr(" \t\n\r\v\f", s[n - 1]))
        n--;
    while (n && strchr(" \t\n\r\v\f", *s))
        s++, n--;
    bool negative = n && *s == '-';
    if (n && (*s == '-' || *s == '+'))
        s++, n--;
    /* One spare byte in front for a carry, one for the sign. */
    char *digits = hb_alloc(req, n + 3);
    if (!digits)
        return NULL;
    char *d = digits + 2;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            d[count++] = s[i];
        else if (!(s[i] == '_' && i > 0 && i + 1 < n && s[i - 1] != '_'))
            return "never";
    }
    if (count == 0 || count > 4300)
        return "never";
    d[count] = '\0';
    while (*d == '0' && d[1])
        d++, count--;
    if (!strcmp(d, "0"))
        return "-1";
    if (negative) { /* -(m + 1) */
        size_t i = count;
        while (i > 0 && d[i - 1] == '9')
            d[--i] = '0';
        if (i > 0)
            d[i - 1]++;
        else
            *--d = '1';
        *--d = '-';
        return d;
    }
    size_t i = count; /* m - 1, m >= 1 */
    while (d[i - 1] == '0')
        d[--i] = '9';
    d[i - 1]--;
    while (*d == '0' && d[1])
        d++;
    return d;
}

static bool require_cookie(struct hb_request *req)
{
    const char *v = hb_request_arg(req, "require-cookie");
    return v && (!strcasecmp(v, "1") || !strcasecmp(v, "t") || !strcasecmp(v, "true"));
}

int handle_digest_auth(struct hb_request *req, struct hb_response *res)
{
    struct digest_route r;
    read_route(req, &r);
    struct hb_arena *a = hb_request_arena(req);
    const char *authorization = hb_request_header(req, "Authorization");
    const char *cookie_header = hb_request_header(req, "Cookie");
    struct hb_digest_credentials c;
    const char *why = "";
    enum hb_digest_parse_result parsed =
        authorization ? hb_digest_parse(a, authorization, &c, &why) : HB_DIGEST_ABSENT;
    bool need_cookie = require_cookie(req);

    if (parsed == HB_DIGEST_ABSENT || (need_cookie && !cookie_header))
        return challenge(req, res, &r, false, NULL);
    if (parsed == HB_DIGEST_MALFORMED)
        return hb_reply_error(res, 400, "bad Digest credentials: %s", why);

    const struct hb_kvlist *jar = hb_request_cookies(req);
    if (!jar)
        return hb_reply_error(res, 500, "out of memory");
    const char *fake = hb_kvlist_get(jar, "fake");
    if (need_cookie && !(fake && !strcmp(fake, "fake_value"))) {
        if (set_cookie(req, res, "fake", "fake_value"))
            return hb_reply_error(res, 500, "out of memory");
        return hb_reply_json_new(res, 403, json_pack("{s:[s]}", "errors",
                                                     "missing cookie set on challenge"));
    }

    /* httpbin's staleness: the nonce the last failure was told about, or a
     * stale_after countdown that reached "0". */
    const char *stale_after = hb_kvlist_get(jar, "stale_after");
    const char *last_nonce = hb_kvlist_get(jar, "last_nonce");
    if ((last_nonce && !strcmp(c.nonce, last_nonce)) || (stale_after && !strcmp(stale_after, "0")))
        return challenge(req, res, &r, true, c.nonce);

    int match = credentials_match(req, &r, &c);
    if (match < 0)
        return hb_reply_error(res, 500, "out of memory");
    if (!match)
        return challenge(req, res, &r, false, c.nonce);
    /* The right password on a nonce we did not sign, or too old: RFC 7616's
     * stale=TRUE, so the client retries without asking its user again. */
    if (!nonce_fresh(req, c.nonce))
        return challenge(req, res, &r, true, c.nonce);

    if (set_cookie(req, res, "fake", "fake_value"))
        return hb_reply_error(res, 500, "out of memory");
    if (stale_after && *stale_after) {
        const char *next = next_stale_after(req, stale_after);
        if (!next || set_cookie(req, res, "stale_after", next))
            return hb_reply_error(res, 500, "out of memory");
    }
    return hb_reply_json_new(res, 200, json_pack("{s:b,s:s}", "authenticated", 1, "user", r.user));
}
