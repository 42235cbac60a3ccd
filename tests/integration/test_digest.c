/* SPDX-License-Identifier: MIT */
/* /digest-auth: the challenge httpbin sends, right and wrong credentials for
 * each qop and algorithm, stale nonces, cookies, query strings and broken
 * Authorization headers. Client responses are computed here with GnuTLS,
 * independently of the server's code. */
#include <check.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "routes/table.h"
#include "server/server.h"

#define REALM "me@kennethreitz.com"
#define HEX_MAX 129
#define CNONCE "0a4f113b"
#define NC "00000001"

/* ---- the client side ------------------------------------------------------ */

static gnutls_digest_algorithm_t dig_of(const char *algorithm)
{
    if (!strcmp(algorithm, "SHA-256"))
        return GNUTLS_DIG_SHA256;
    if (!strcmp(algorithm, "SHA-512"))
        return GNUTLS_DIG_SHA512;
    return GNUTLS_DIG_MD5;
}

static void hash_hex(const char *algorithm, const void *data, size_t len, char out[HEX_MAX])
{
    unsigned char bin[64];
    gnutls_digest_algorithm_t dig = dig_of(algorithm);
    ck_assert_int_eq(gnutls_hash_fast(dig, len ? data : "", len, bin), 0);
    unsigned n = gnutls_hash_get_len(dig);
    for (unsigned i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", bin[i]);
}

/* H(a:b[:c...]) over NULL-terminated parts. */
static void hash_parts(const char *algorithm, char out[HEX_MAX], const char *const *parts)
{
    char buf[8192] = "";
    for (size_t i = 0; parts[i]; i++) {
        if (i)
            strcat(buf, ":");
        ck_assert(strlen(buf) + strlen(parts[i]) < sizeof(buf));
        strcat(buf, parts[i]);
    }
    hash_hex(algorithm, buf, strlen(buf), out);
}
#define H(alg, out, ...) hash_parts((alg), (out), (const char *const[]){ __VA_ARGS__, NULL })

struct creds {
    const char *user, *passwd, *realm;
    const char *method, *uri;
    const char *qop;       /* "auth", "auth-int" or NULL (RFC 2069) */
    const char *algorithm; /* hashed with, and sent */
    const char *body;      /* hashed for auth-int (NULL: empty) */
    const char *claimed;   /* algorithm sent when not 'algorithm'; "" = none */
};

#define CREDS(u, p, r, m, target, q, a, b) \
    { .user = (u), .passwd = (p), .realm = (r), .method = (m), .uri = (target), .qop = (q), \
      .algorithm = (a), .body = (b) }

/* The response digest RFC 7616 §3.4.1 (RFC 2069 without qop) defines. */
static void response_for(const struct creds *c, const char *nonce, char out[HEX_MAX])
{
    char ha1[HEX_MAX], ha2[HEX_MAX], hbody[HEX_MAX];
    const char *alg = c->algorithm;
    H(alg, ha1, c->user, c->realm ? c->realm : REALM, c->passwd);
    if (c->qop && !strcmp(c->qop, "auth-int")) {
        const char *body = c->body ? c->body : "";
        hash_hex(alg, body, strlen(body), hbody);
        H(alg, ha2, c->method ? c->method : "GET", c->uri, hbody);
    } else {
        H(alg, ha2, c->method ? c->method : "GET", c->uri);
    }
    if (c->qop)
        H(alg, out, ha1, nonce, NC, CNONCE, c->qop, ha2);
    else
        H(alg, out, ha1, nonce, ha2);
}

/* "Authorization: Digest ..." as requests writes it, malloc'd. */
static char *authorization(const struct creds *c, const char *nonce, const char *opaque)
{
    char response[HEX_MAX], algorithm[64] = "", qop[128] = "";
    response_for(c, nonce, response);
    const char *claimed = c->claimed ? c->claimed : c->algorithm;
    if (*claimed)
        snprintf(algorithm, sizeof(algorithm), ", algorithm=\"%s\"", claimed);
    if (c->qop)
        snprintf(qop, sizeof(qop), ", qop=\"%s\", nc=" NC ", cnonce=\"" CNONCE "\"", c->qop);
    char *line;
    int n = asprintf(&line,
                     "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
                     "uri=\"%s\", response=\"%s\", opaque=\"%s\"%s%s",
                     c->user, c->realm ? c->realm : REALM, nonce, c->uri, response, opaque,
                     algorithm, qop);
    ck_assert_int_ge(n, 0);
    return line;
}

/* ---- reading the server's answers ---------------------------------------- */

struct challenge {
    char nonce[256], opaque[256], qop[64], algorithm[32], stale[16];
};

static void copy_param(const char *header, const char *name, char *out, size_t size)
{
    char key[32];
    snprintf(key, sizeof(key), " %s=", name);
    const char *p = strstr(header, key);
    ck_assert_msg(p != NULL, "no %s in '%s'", name, header);
    p += strlen(key);
    size_t n = *p == '"' ? strcspn(++p, "\"") : strcspn(p, ",");
    ck_assert(n < size);
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Parses our challenge and checks it has httpbin's exact layout. */
static struct challenge parse_challenge(const struct http_reply *r)
{
    struct challenge c;
    char *h = http_reply_header(r, "WWW-Authenticate");
    ck_assert_msg(h != NULL, "no challenge (status %ld)", r->status);
    copy_param(h, "nonce", c.nonce, sizeof(c.nonce));
    copy_param(h, "opaque", c.opaque, sizeof(c.opaque));
    copy_param(h, "qop", c.qop, sizeof(c.qop));
    copy_param(h, "algorithm", c.algorithm, sizeof(c.algorithm));
    copy_param(h, "stale", c.stale, sizeof(c.stale));
    char want[1024];
    snprintf(want, sizeof(want),
             "Digest realm=\"" REALM "\", nonce=\"%s\", qop=\"%s\", opaque=\"%s\", "
             "algorithm=%s, stale=%s",
             c.nonce, c.qop, c.opaque, c.algorithm, c.stale);
    ck_assert_msg(!strcmp(h, want), "challenge '%s'\nwant      '%s'", h, want);
    ck_assert_msg(strspn(c.nonce, "0123456789abcdef") == strlen(c.nonce) && *c.nonce,
                  "nonce '%s'", c.nonce);
    free(h);
    return c;
}

/* The n-th Set-Cookie line, malloc'd, or NULL. */
static char *set_cookie(const struct http_reply *r, int n)
{
    const char *p = r->headers;
    while ((p = strcasestr(p, "\r\nSet-Cookie: "))) {
        p += 14;
        if (n-- == 0)
            return strndup(p, strcspn(p, "\r"));
    }
    return NULL;
}

/* The Set-Cookie line that sets 'name', malloc'd, or NULL. */
static char *cookie_line(const struct http_reply *r, const char *name)
{
    char *line;
    for (int i = 0; (line = set_cookie(r, i)); i++) {
        if (!strncmp(line, name, strlen(name)) && line[strlen(name)] == '=')
            return line;
        free(line);
    }
    return NULL;
}

static void assert_cookie(const struct http_reply *r, const char *name, const char *want)
{
    char *line = cookie_line(r, name);
    ck_assert_msg(line && !strcmp(line, want), "Set-Cookie %s: '%s', want '%s'", name, line, want);
    free(line);
}

static void assert_no_cookie(const struct http_reply *r, const char *name)
{
    char *line = cookie_line(r, name);
    ck_assert_msg(!line, "unexpected Set-Cookie '%s'", line);
    free(line);
}

/* A GET (with an optional body) carrying these header lines. */
static struct http_reply get(const char *path, const char *auth, const char *cookie,
                             const char *body)
{
    const char *h[3] = { NULL, NULL, NULL };
    char cookie_line_buf[1024];
    int n = 0;
    if (auth)
        h[n++] = auth;
    if (cookie) {
        snprintf(cookie_line_buf, sizeof(cookie_line_buf), "Cookie: %s", cookie);
        h[n++] = cookie_line_buf;
    }
    return http_request("GET", path, n ? h : NULL, body, body ? strlen(body) : 0);
}

static struct challenge fetch_challenge(const char *path)
{
    struct http_reply r = get(path, NULL, NULL, NULL);
    ck_assert_msg(r.status == 401, "%s: challenge status %ld", path, r.status);
    struct challenge c = parse_challenge(&r);
    http_reply_cleanup(&r);
    return c;
}

/* One request with credentials for a fresh challenge; the reply is the
 * caller's. */
static struct http_reply answer(const char *path, const struct creds *c, const char *cookie,
                                const char *body)
{
    struct challenge ch = fetch_challenge(path);
    char *auth = authorization(c, ch.nonce, ch.opaque);
    struct http_reply r = get(path, auth, cookie, body);
    free(auth);
    return r;
}

static void assert_authenticated(const struct http_reply *r, const char *user, const char *what)
{
    char want[256];
    snprintf(want, sizeof(want), "{\"authenticated\":true,\"user\":\"%s\"}\n", user);
    ck_assert_msg(r->status == 200, "%s: status %ld, body '%s'", what, r->status, r->body);
    ck_assert_msg(!strcmp(r->body, want), "%s: body '%s'", what, r->body);
    assert_cookie(r, "fake", "fake=fake_value; Path=/");
}

static void assert_rechallenged(const struct http_reply *r, const char *stale, const char *what)
{
    ck_assert_msg(r->status == 401, "%s: status %ld, body '%s'", what, r->status, r->body);
    struct challenge c = parse_challenge(r);
    ck_assert_msg(!strcmp(c.stale, stale), "%s: stale=%s, want %s", what, c.stale, stale);
    ck_assert_str_eq(r->body, "");
}

/* ---- the challenge -------------------------------------------------------- */

struct challenge_case {
    const char *name, *path, *qop, *algorithm, *stale_after_cookie;
};

static const struct challenge_case challenge_cases[] = {
    { "auth with MD5 by default", "/digest-auth/auth/user/passwd", "auth", "MD5",
      "stale_after=never; Path=/" },
    { "auth-int with SHA-256", "/digest-auth/auth-int/user/passwd/SHA-256", "auth-int",
      "SHA-256", "stale_after=never; Path=/" },
    { "another qop offers both", "/digest-auth/none/user/passwd/SHA-512/3", "auth, auth-int",
      "SHA-512", "stale_after=3; Path=/" },
    { "an unknown algorithm is MD5", "/digest-auth/auth/user/passwd/SHA-1", "auth", "MD5",
      "stale_after=never; Path=/" },
    { "algorithm names are case-sensitive", "/digest-auth/auth/user/passwd/sha-256", "auth",
      "MD5", "stale_after=never; Path=/" },
    { "stale_after is quoted as a cookie", "/digest-auth/auth/user/passwd/MD5/a%20b", "auth",
      "MD5", "stale_after=\"a b\"; Path=/" },
};

START_TEST(test_digest_challenge_has_httpbins_layout_and_cookies)
{
    const struct challenge_case *t = &challenge_cases[_i];
    struct http_reply r = get(t->path, NULL, NULL, NULL);
    ck_assert_msg(r.status == 401, "%s: status %ld", t->name, r.status);
    ck_assert_msg(!strcmp(r.body, ""), "%s: body '%s'", t->name, r.body);
    char *type = http_reply_header(&r, "Content-Type");
    ck_assert_msg(type && !strcmp(type, "text/html; charset=utf-8"), "%s: type %s", t->name, type);
    free(type);
    struct challenge c = parse_challenge(&r);
    ck_assert_msg(!strcmp(c.qop, t->qop), "%s: qop '%s'", t->name, c.qop);
    ck_assert_msg(!strcmp(c.algorithm, t->algorithm), "%s: algorithm '%s'", t->name, c.algorithm);
    ck_assert_str_eq(c.stale, "FALSE");
    /* httpbin's opaque is a digest of the route's algorithm. */
    ck_assert_uint_eq(strlen(c.opaque), 2 * gnutls_hash_get_len(dig_of(t->algorithm)));
    ck_assert_int_eq(http_reply_header_count(&r, "Set-Cookie"), 2);
    char *first = set_cookie(&r, 0), *second = set_cookie(&r, 1);
    ck_assert_msg(!strcmp(first, t->stale_after_cookie), "%s: '%s'", t->name, first);
    ck_assert_str_eq(second, "fake=fake_value; Path=/");
    free(first);
    free(second);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_digest_challenges_never_repeat_a_nonce)
{
    struct challenge a = fetch_challenge("/digest-auth/auth/user/passwd");
    struct challenge b = fetch_challenge("/digest-auth/auth/user/passwd");
    ck_assert_str_ne(a.nonce, b.nonce);
    ck_assert_str_ne(a.opaque, b.opaque);
}
END_TEST

/* ---- each qop and algorithm ---------------------------------------------- */

struct matrix_case {
    const char *name, *route_qop, *algorithm;
    const char *client_qop; /* what the client answers with; NULL = RFC 2069 */
};

static const struct matrix_case matrix[] = {
    { "auth MD5", "auth", "MD5", "auth" },
    { "auth SHA-256", "auth", "SHA-256", "auth" },
    { "auth SHA-512", "auth", "SHA-512", "auth" },
    { "auth-int MD5", "auth-int", "MD5", "auth-int" },
    { "auth-int SHA-256", "auth-int", "SHA-256", "auth-int" },
    { "auth-int SHA-512", "auth-int", "SHA-512", "auth-int" },
    { "both offered, auth MD5", "none", "MD5", "auth" },
    { "both offered, auth-int SHA-256", "none", "SHA-256", "auth-int" },
    { "both offered, auth SHA-512", "none", "SHA-512", "auth" },
    { "no qop in the answer MD5", "none", "MD5", NULL },
    { "no qop in the answer SHA-256", "auth", "SHA-256", NULL },
    { "no qop in the answer SHA-512", "auth-int", "SHA-512", NULL },
};

static void matrix_path(const struct matrix_case *t, char *out, size_t size)
{
    snprintf(out, size, "/digest-auth/%s/user/passwd/%s", t->route_qop, t->algorithm);
}

START_TEST(test_digest_right_credentials_authenticate)
{
    const struct matrix_case *t = &matrix[_i];
    char path[128];
    matrix_path(t, path, sizeof(path));
    struct creds c = CREDS("user", "passwd", NULL, "GET", path, t->client_qop, t->algorithm,
                       "a body to protect");
    struct http_reply r = answer(path, &c, NULL, c.body);
    assert_authenticated(&r, "user", t->name);
    assert_no_cookie(&r, "stale_after"); /* none was sent */
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_digest_wrong_password_is_challenged_again)
{
    const struct matrix_case *t = &matrix[_i];
    char path[128];
    matrix_path(t, path, sizeof(path));
    struct creds c =
        CREDS("user", "wrong", NULL, "GET", path, t->client_qop, t->algorithm, NULL);
    struct challenge ch = fetch_challenge(path);
    char *auth = authorization(&c, ch.nonce, ch.opaque);
    struct http_reply r = get(path, auth, NULL, NULL);
    assert_rechallenged(&r, "FALSE", t->name);
    char want[512];
    snprintf(want, sizeof(want), "last_nonce=%s; Path=/", ch.nonce);
    assert_cookie(&r, "last_nonce", want);
    assert_cookie(&r, "stale_after", "stale_after=never; Path=/");
    assert_cookie(&r, "fake", "fake=fake_value; Path=/");
    free(auth);
    http_reply_cleanup(&r);
}
END_TEST

/* httpbin lets any username in; the path names the one that may. */
START_TEST(test_digest_wrong_username_is_challenged_again)
{
    const struct matrix_case *t = &matrix[_i];
    char path[128];
    matrix_path(t, path, sizeof(path));
    struct creds c =
        CREDS("other", "passwd", NULL, "GET", path, t->client_qop, t->algorithm, NULL);
    struct http_reply r = answer(path, &c, NULL, NULL);
    assert_rechallenged(&r, "FALSE", t->name);
    http_reply_cleanup(&r);
}
END_TEST

/* ---- credentials that are almost right ----------------------------------- */

struct near_case {
    const char *name, *path;
    const char *user, *realm, *method, *uri; /* what the client hashed and sent */
    const char *qop, *algorithm, *claimed;   /* see struct creds */
    const char *hashed_body, *sent_body;
    long status;
};

#define P_AUTH "/digest-auth/auth/user/passwd"
#define P_INT "/digest-auth/auth-int/user/passwd/SHA-256"
#define P_SHA "/digest-auth/auth/user/passwd/SHA-256"
#define P_ENC "/digest-auth/auth/us%65r/passwd"
#define P_SPACE "/digest-auth/auth/a%20b/passwd"

static const struct near_case near_cases[] = {
    { "auth-int with the body the client hashed", P_INT, "user", NULL, "GET", P_INT,
      "auth-int", "SHA-256", NULL, "abc", "abc", 200 },
    { "auth-int with an empty body", P_INT, "user", NULL, "GET", P_INT,
      "auth-int", "SHA-256", NULL, "", NULL, 200 },
    { "auth-int with a body other than the one hashed", P_INT, "user", NULL, "GET", P_INT,
      "auth-int", "SHA-256", NULL, "abc", "abd", 401 },
    { "auth ignores the body", P_AUTH, "user", NULL, "GET", P_AUTH,
      "auth", "MD5", NULL, "x", "y", 200 },
    { "another realm", P_AUTH, "user", "other realm", "GET", P_AUTH,
      "auth", "MD5", NULL, NULL, NULL, 401 },
    { "an MD5 answer to a SHA-256 challenge", P_SHA, "user", NULL, "GET", P_SHA,
      "auth", "MD5", NULL, NULL, NULL, 401 },
    { "a SHA-512 answer to a SHA-256 challenge", P_SHA, "user", NULL, "GET", P_SHA,
      "auth", "SHA-512", NULL, NULL, NULL, 401 },
    { "a SHA-256 digest that says it is MD5", P_SHA, "user", NULL, "GET", P_SHA,
      "auth", "SHA-256", "MD5", NULL, NULL, 401 },
    { "a SHA-256 digest that names no algorithm", P_SHA, "user", NULL, "GET", P_SHA,
      "auth", "SHA-256", "", NULL, NULL, 401 },
    { "an MD5 digest that names no algorithm", P_AUTH, "user", NULL, "GET", P_AUTH,
      "auth", "MD5", "", NULL, NULL, 200 },
    { "an MD5-sess claim", P_AUTH, "user", NULL, "GET", P_AUTH,
      "auth", "MD5", "MD5-sess", NULL, NULL, 401 },
    { "a digest for another uri", P_AUTH, "user", NULL, "GET", P_AUTH "/MD5",
      "auth", "MD5", NULL, NULL, NULL, 401 },
    { "a digest for another method", P_AUTH, "user", NULL, "POST", P_AUTH,
      "auth", "MD5", NULL, NULL, NULL, 401 },
    { "a percent-encoded user hashed as sent", P_ENC, "user", NULL, "GET", P_ENC,
      "auth", "MD5", NULL, NULL, NULL, 200 },
    { "a query string is part of the uri", P_AUTH "?a=1&b=%20", "user", NULL, "GET",
      P_AUTH "?a=1&b=%20", "auth", "MD5", NULL, NULL, NULL, 200 },
    { "a digest without the query", P_AUTH "?a=1", "user", NULL, "GET", P_AUTH,
      "auth", "MD5", NULL, NULL, NULL, 401 },
    { "an empty query as sent", P_AUTH "?", "user", NULL, "GET", P_AUTH "?",
      "auth", "MD5", NULL, NULL, NULL, 200 },
    { "a user with a space", P_SPACE, "a b", NULL, "GET", P_SPACE,
      "auth", "MD5", NULL, NULL, NULL, 200 },
};

START_TEST(test_digest_checks_every_part_of_the_credentials)
{
    const struct near_case *t = &near_cases[_i];
    struct creds c = { .user = t->user, .passwd = "passwd", .realm = t->realm,
                       .method = t->method, .uri = t->uri, .qop = t->qop,
                       .algorithm = t->algorithm, .body = t->hashed_body,
                       .claimed = t->claimed };
    struct http_reply r = answer(t->path, &c, NULL, t->sent_body);
    ck_assert_msg(r.status == t->status, "%s: status %ld, want %ld (%s)", t->name, r.status,
                  t->status, r.body);
    if (t->status == 200)
        assert_authenticated(&r, t->user, t->name);
    else
        assert_rechallenged(&r, "FALSE", t->name);
    http_reply_cleanup(&r);
}
END_TEST

/* ---- the header's syntax: any order, escapes, tokens ---------------------- */

struct syntax_case {
    const char *name;
    const char *tmpl; /* {N} nonce, {R} response, {O} opaque */
    long status;
};

/* Right credentials (auth, MD5, user/passwd) written in several ways. */
static const struct syntax_case syntax_cases[] = {
    { "requests' layout",
      "Digest username=\"user\", realm=\"" REALM "\", nonce=\"{N}\", uri=\"" P_AUTH "\", "
      "response=\"{R}\", opaque=\"{O}\", algorithm=\"MD5\", qop=\"auth\", nc=" NC
      ", cnonce=\"" CNONCE "\"", 200 },
    { "any order, tokens, odd spacing, any scheme case",
      "dIgEsT   cnonce=" CNONCE " ,nc = " NC ",qop=auth,  response={R},uri=\"" P_AUTH "\","
      "nonce={N}, realm=\"" REALM "\",username=user", 200 },
    { "backslash escapes in quoted strings",
      "Digest username=\"u\\s\\e\\r\", realm=\"me\\@kennethreitz.com\", nonce=\"{N}\", "
      "uri=\"" P_AUTH "\", response=\"{R}\", qop=\"auth\", nc=" NC ", cnonce=\"" CNONCE "\"",
      200 },
    { "unknown parameters and empty list elements are ignored",
      "Digest ,username=\"user\",, realm=\"" REALM "\", userhash=false, charset=UTF-8, "
      "nonce=\"{N}\", uri=\"" P_AUTH "\", response=\"{R}\", qop=auth, nc=" NC ", "
      "cnonce=\"" CNONCE "\", x-ext=\"a, b\",", 200 },
    { "an algorithm in lower case",
      "Digest username=\"user\", realm=\"" REALM "\", nonce=\"{N}\", uri=\"" P_AUTH "\", "
      "response=\"{R}\", algorithm=md5, qop=auth, nc=" NC ", cnonce=\"" CNONCE "\"", 200 },
    { "an upper-case response digest",
      "Digest username=\"user\", realm=\"" REALM "\", nonce=\"{N}\", uri=\"" P_AUTH "\", "
      "response=\"{RU}\", qop=auth, nc=" NC ", cnonce=\"" CNONCE "\"", 401 },
};

/* 'tmpl' with its placeholders filled, as an Authorization line; malloc'd. */
static char *fill(const char *tmpl, const char *nonce, const char *response, const char *opaque)
{
    char upper[HEX_MAX];
    size_t i;
    for (i = 0; response[i]; i++)
        upper[i] = (char)(response[i] >= 'a' && response[i] <= 'f' ? response[i] - 32
                                                                    : response[i]);
    upper[i] = '\0';
    char *out = malloc(strlen(tmpl) + 4096);
    ck_assert(out != NULL);
    strcpy(out, "Authorization: ");
    char *o = out + strlen(out);
    for (const char *p = tmpl; *p;) {
        const char *v = NULL;
        size_t skip = 0;
        if (!strncmp(p, "{N}", 3))
            v = nonce, skip = 3;
        else if (!strncmp(p, "{RU}", 4))
            v = upper, skip = 4;
        else if (!strncmp(p, "{R}", 3))
            v = response, skip = 3;
        else if (!strncmp(p, "{O}", 3))
            v = opaque, skip = 3;
        if (v) {
            strcpy(o, v);
            o += strlen(v);
            p += skip;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

START_TEST(test_digest_parses_any_well_formed_header)
{
    const struct syntax_case *t = &syntax_cases[_i];
    struct challenge ch = fetch_challenge(P_AUTH);
    struct creds c = CREDS("user", "passwd", NULL, "GET", P_AUTH, "auth", "MD5", NULL);
    char response[HEX_MAX];
    response_for(&c, ch.nonce, response);
    char *auth = fill(t->tmpl, ch.nonce, response, ch.opaque);
    struct http_reply r = get(P_AUTH, auth, NULL, NULL);
    ck_assert_msg(r.status == t->status, "%s: status %ld, want %ld (%s)", t->name, r.status,
                  t->status, r.body);
    free(auth);
    http_reply_cleanup(&r);
}
END_TEST

/* ---- broken headers: a fresh challenge or a 400, never a 5xx ------------- */

struct bad_case {
    const char *name, *authorization;
    long status; /* 401: a challenge, as httpbin; 400: a JSON error */
};

#define FIELDS "username=\"user\", realm=\"" REALM "\", nonce=\"abc\", uri=\"" P_AUTH "\", " \
               "response=\"0123\""

static char huge_header[6000];

static const struct bad_case bad_cases[] = {
    { "another scheme", "Basic dXNlcjpwYXNzd2Q=", 401 },
    { "the scheme alone", "Digest", 401 },
    { "the scheme and spaces", "Digest    ", 401 },
    { "only commas", "Digest ,,, ,", 401 },
    { "a longer scheme name", "Digestive " FIELDS, 401 },
    { "no response",
      "Digest username=\"user\", realm=\"" REALM "\", nonce=\"abc\", uri=\"/\"", 401 },
    { "no nonce",
      "Digest username=\"user\", realm=\"" REALM "\", uri=\"/\", response=\"0\"", 401 },
    { "no username", "Digest realm=\"" REALM "\", nonce=\"a\", uri=\"/\", response=\"0\"", 401 },
    { "only username*", "Digest username*=UTF-8''user, realm=\"" REALM "\", nonce=\"a\", "
      "uri=\"/\", response=\"0\"", 401 },
    { "qop without nc", "Digest " FIELDS ", qop=auth, cnonce=\"x\"", 401 },
    { "qop without cnonce", "Digest " FIELDS ", qop=auth, nc=" NC, 401 },
    { "qop with an empty cnonce", "Digest " FIELDS ", qop=auth, nc=" NC ", cnonce=\"\"", 401 },
    { "a wrong digest", "Digest " FIELDS ", qop=auth, nc=" NC ", cnonce=\"x\"", 401 },
    { "an unterminated quoted string", "Digest username=\"user, " FIELDS, 400 },
    { "a quote inside a token", "Digest username=us\"er\", realm=x", 400 },
    { "text after a quoted string", "Digest username=\"user\"x, realm=\"r\"", 400 },
    { "a parameter without a value", "Digest username, realm=\"r\"", 400 },
    { "an empty value", "Digest username=, " FIELDS, 400 },
    { "a value with no name", "Digest =\"user\", " FIELDS, 400 },
    { "not a token at all", "Digest !!!", 400 },
    { "a semicolon separator", "Digest username=\"user\"; realm=\"r\"", 400 },
    { "a space separator", "Digest username=\"user\" realm=\"r\"", 400 },
    { "a repeated parameter", "Digest " FIELDS ", username=\"other\"", 400 },
    { "a repeated parameter in another case", "Digest " FIELDS ", USERNAME=\"user\"", 400 },
    { "an unknown qop", "Digest " FIELDS ", qop=auth-conf, nc=" NC ", cnonce=\"x\"", 400 },
    { "a qop in upper case", "Digest " FIELDS ", qop=AUTH, nc=" NC ", cnonce=\"x\"", 400 },
    { "a list of qops",
      "Digest " FIELDS ", qop=\"auth,auth-int\", nc=" NC ", cnonce=\"x\"", 400 },
    { "an nc that is not hex", "Digest " FIELDS ", qop=auth, nc=zzzzzzzz, cnonce=\"x\"", 400 },
    { "an nc too short", "Digest " FIELDS ", qop=auth, nc=1, cnonce=\"x\"", 400 },
    { "an nc too long", "Digest " FIELDS ", qop=auth, nc=000000001, cnonce=\"x\"", 400 },
    { "a control character in a quoted string",
      "Digest username=\"us\x01" "er\", realm=\"r\"", 400 },
    { "a value longer than 4096 bytes", huge_header, 400 },
};

START_TEST(test_digest_answers_broken_headers_without_crashing)
{
    const struct bad_case *t = &bad_cases[_i];
    if (!huge_header[0]) {
        int n = snprintf(huge_header, sizeof(huge_header), "Digest " FIELDS ", cnonce=\"");
        memset(huge_header + n, 'a', 5000);
        strcpy(huge_header + n + 5000, "\"");
    }
    char line[8192];
    snprintf(line, sizeof(line), "Authorization: %s", t->authorization);
    struct http_reply r = get(P_AUTH, line, NULL, NULL);
    ck_assert_msg(r.status == t->status, "%s: status %ld, want %ld (%s)", t->name, r.status,
                  t->status, r.body);
    if (t->status == 400) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(j && json_integer_value(json_object_get(j, "status_code")) == 400 &&
                          json_is_string(json_object_get(j, "error")),
                      "%s: body '%s'", t->name, r.body);
        json_decref(j);
    } else {
        assert_rechallenged(&r, "FALSE", t->name);
    }
    http_reply_cleanup(&r);
}
END_TEST

/* ---- staleness ------------------------------------------------------------ */

/* stale_after=1: the first use succeeds and counts down to 0; the second
 * gets stale=TRUE; the new nonce works again; the old one is stale. */
START_TEST(test_digest_stale_after_one_goes_stale_on_second_use)
{
    const char *path = "/digest-auth/auth/user/passwd/MD5/1";
    struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "MD5", NULL);
    struct http_reply r = get(path, NULL, NULL, NULL);
    struct challenge ch = parse_challenge(&r);
    assert_cookie(&r, "stale_after", "stale_after=1; Path=/");
    http_reply_cleanup(&r);

    char *auth = authorization(&c, ch.nonce, ch.opaque);
    r = get(path, auth, "stale_after=1; fake=fake_value", NULL);
    assert_authenticated(&r, "user", "first use");
    assert_cookie(&r, "stale_after", "stale_after=0; Path=/");
    http_reply_cleanup(&r);

    r = get(path, auth, "stale_after=0; fake=fake_value", NULL);
    assert_rechallenged(&r, "TRUE", "second use");
    assert_cookie(&r, "stale_after", "stale_after=1; Path=/");
    char want[512];
    snprintf(want, sizeof(want), "last_nonce=%s; Path=/", ch.nonce);
    assert_cookie(&r, "last_nonce", want);
    struct challenge fresh = parse_challenge(&r);
    http_reply_cleanup(&r);

    char cookies[512];
    snprintf(cookies, sizeof(cookies), "stale_after=1; last_nonce=%s; fake=fake_value", ch.nonce);
    char *auth2 = authorization(&c, fresh.nonce, fresh.opaque);
    r = get(path, auth2, cookies, NULL);
    assert_authenticated(&r, "user", "the new nonce");
    http_reply_cleanup(&r);

    r = get(path, auth, cookies, NULL);
    assert_rechallenged(&r, "TRUE", "the nonce named by last_nonce");
    http_reply_cleanup(&r);
    free(auth);
    free(auth2);
}
END_TEST

struct countdown_case {
    const char *name, *cookie_value;
    const char *next; /* the stale_after cookie set on success, NULL = none */
};

/* httpbin's next_stale_after_value: str(int(v) - 1), or "never". */
static const struct countdown_case countdown_cases[] = {
    { "two counts down to one", "2", "1" },
    { "ten to nine", "10", "9" },
    { "leading zeros are dropped", "007", "6" },
    { "negative numbers keep going down", "-9", "-10" },
    { "minus zero is zero", "-0", "-1" },
    { "two zeros are not the string 0", "00", "-1" },
    { "a plus sign", "+5", "4" },
    { "underscores between digits", "1_000", "999" },
    { "a doubled underscore is not a number", "1__0", "never" },
    { "a trailing underscore is not a number", "10_", "never" },
    { "beyond 64 bits", "100000000000000000000000", "99999999999999999999999" },
    { "never stays never", "never", "never" },
    { "words become never", "abc", "never" },
    { "an empty cookie sets nothing", "", NULL },
};

START_TEST(test_digest_success_counts_the_stale_after_cookie_down)
{
    const struct countdown_case *t = &countdown_cases[_i];
    const char *path = "/digest-auth/auth/user/passwd/MD5/5";
    struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "MD5", NULL);
    char cookie[256], want[256];
    snprintf(cookie, sizeof(cookie), "stale_after=%s", t->cookie_value);
    struct http_reply r = answer(path, &c, cookie, NULL);
    assert_authenticated(&r, "user", t->name);
    if (t->next) {
        snprintf(want, sizeof(want), "stale_after=%s; Path=/", t->next);
        assert_cookie(&r, "stale_after", want);
    } else {
        assert_no_cookie(&r, "stale_after");
    }
    http_reply_cleanup(&r);
}
END_TEST

/* Nonces are signed: one altered anywhere, or not ours, is stale when the
 * digest over it is right, and simply wrong when it is not. */
START_TEST(test_digest_tampered_nonce_is_stale_or_refused)
{
    const char *path = P_SHA;
    struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "SHA-256", NULL);
    struct creds wrong = c;
    wrong.passwd = "wrong";
    struct challenge ch = fetch_challenge(path);
    size_t n = strlen(ch.nonce);
    size_t spots[] = { 0, 15, 16, 31, 32, n - 1 };
    for (size_t i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
        char nonce[256];
        strcpy(nonce, ch.nonce);
        nonce[spots[i]] = nonce[spots[i]] == '0' ? '1' : '0';
        char *auth = authorization(&c, nonce, ch.opaque);
        struct http_reply r = get(path, auth, NULL, NULL);
        assert_rechallenged(&r, "TRUE", "right password, altered nonce");
        free(auth);
        http_reply_cleanup(&r);
        auth = authorization(&wrong, nonce, ch.opaque);
        r = get(path, auth, NULL, NULL);
        assert_rechallenged(&r, "FALSE", "wrong password, altered nonce");
        free(auth);
        http_reply_cleanup(&r);
    }
    const char *foreign[] = { "7a322f29ca6c97feae77ce89d800d651", "", "zz", "A" };
    for (size_t i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
        char *auth = authorization(&c, foreign[i], ch.opaque);
        struct http_reply r = get(path, auth, NULL, NULL);
        assert_rechallenged(&r, "TRUE", foreign[i]);
        free(auth);
        http_reply_cleanup(&r);
    }
    /* Upper case is not how we write it, so it is not ours either. */
    char upper[256];
    strcpy(upper, ch.nonce);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 32);
    if (strcmp(upper, ch.nonce)) {
        char *auth = authorization(&c, upper, ch.opaque);
        struct http_reply r = get(path, auth, NULL, NULL);
        assert_rechallenged(&r, "TRUE", "upper-case nonce");
        free(auth);
        http_reply_cleanup(&r);
    }
}
END_TEST

/* A nonce stays good for several requests (until it expires), as in
 * httpbin; the opaque is not checked. */
START_TEST(test_digest_nonce_can_be_reused_while_fresh)
{
    struct creds c = CREDS("user", "passwd", NULL, "GET", P_AUTH, "auth", "MD5", NULL);
    struct challenge ch = fetch_challenge(P_AUTH);
    char *auth = authorization(&c, ch.nonce, "not-the-opaque");
    for (int i = 0; i < 3; i++) {
        struct http_reply r = get(P_AUTH, auth, NULL, NULL);
        assert_authenticated(&r, "user", "reuse");
        http_reply_cleanup(&r);
    }
    free(auth);
}
END_TEST

/* ---- ?require-cookie ------------------------------------------------------ */

struct cookie_case {
    const char *name, *query, *cookie;
    long status;
};

static const struct cookie_case cookie_cases[] = {
    { "no Cookie header: a fresh challenge", "?require-cookie=1", NULL, 401 },
    { "the fake cookie missing: 403", "?require-cookie=1", "other=1", 403 },
    { "the fake cookie wrong: 403", "?require-cookie=t", "fake=nope", 403 },
    { "the fake cookie right", "?require-cookie=true", "fake=fake_value", 200 },
    { "TRUE in upper case counts", "?require-cookie=TRUE", "a=b", 403 },
    { "0 does not require it", "?require-cookie=0", NULL, 200 },
    { "yes does not require it", "?require-cookie=yes", NULL, 200 },
};

START_TEST(test_digest_require_cookie_wants_the_fake_cookie)
{
    const struct cookie_case *t = &cookie_cases[_i];
    char path[128];
    snprintf(path, sizeof(path), P_AUTH "%s", t->query);
    struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "MD5", NULL);
    struct http_reply r = answer(path, &c, t->cookie, NULL);
    ck_assert_msg(r.status == t->status, "%s: status %ld, want %ld", t->name, r.status, t->status);
    if (t->status == 403) {
        ck_assert_str_eq(r.body, "{\"errors\":[\"missing cookie set on challenge\"]}\n");
        ck_assert_int_eq(http_reply_header_count(&r, "Set-Cookie"), 1);
        assert_cookie(&r, "fake", "fake=fake_value; Path=/");
    } else if (t->status == 401) {
        assert_rechallenged(&r, "FALSE", t->name);
        assert_no_cookie(&r, "last_nonce");
    } else {
        assert_authenticated(&r, "user", t->name);
    }
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_digest_answers_head_and_refuses_post)
{
    struct http_reply r = http_request("HEAD", P_AUTH, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 401);
    http_reply_cleanup(&r);
    r = http_request("POST", P_AUTH, NULL, "x", 1);
    ck_assert_int_eq(r.status, 405);
    http_reply_cleanup(&r);
}
END_TEST

#define N(a) (sizeof(a) / sizeof((a)[0]))

static Suite *digest_suite(void)
{
    Suite *s = suite_create("digest");
    TCase *tc = tcase_create("digest-auth");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_digest_challenge_has_httpbins_layout_and_cookies, 0,
                        N(challenge_cases));
    tcase_add_test(tc, test_digest_challenges_never_repeat_a_nonce);
    tcase_add_loop_test(tc, test_digest_right_credentials_authenticate, 0, N(matrix));
    tcase_add_loop_test(tc, test_digest_wrong_password_is_challenged_again, 0, N(matrix));
    tcase_add_loop_test(tc, test_digest_wrong_username_is_challenged_again, 0, N(matrix));
    tcase_add_loop_test(tc, test_digest_checks_every_part_of_the_credentials, 0, N(near_cases));
    tcase_add_loop_test(tc, test_digest_parses_any_well_formed_header, 0, N(syntax_cases));
    tcase_add_loop_test(tc, test_digest_answers_broken_headers_without_crashing, 0,
                        N(bad_cases));
    tcase_add_test(tc, test_digest_stale_after_one_goes_stale_on_second_use);
    tcase_add_loop_test(tc, test_digest_success_counts_the_stale_after_cookie_down, 0,
                        N(countdown_cases));
    tcase_add_test(tc, test_digest_tampered_nonce_is_stale_or_refused);
    tcase_add_test(tc, test_digest_nonce_can_be_reused_while_fresh);
    tcase_add_loop_test(tc, test_digest_require_cookie_wants_the_fake_cookie, 0,
                        N(cookie_cases));
    tcase_add_test(tc, test_digest_answers_head_and_refuses_post);
    suite_add_tcase(s, tc);
    return s;
}

/* ---- replicas: a nonce from one server is good at another with the key -- */

static void start_replica(struct hb_server *s, const char *key)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    strcpy(cfg.host, "127.0.0.1");
    cfg.port = 0;
    cfg.threads = 1;
    cfg.log_format = HB_LOG_OFF;
    snprintf(cfg.digest_key, sizeof(cfg.digest_key), "%s", key);
    ck_assert_msg(hb_server_start(s, &cfg, hb_routes, hb_route_count) == 0, "%s", s->error);
}

START_TEST(test_digest_nonce_from_one_replica_works_at_another_with_the_same_key)
{
    struct hb_server a, b, other;
    start_replica(&a, "shared-secret");
    start_replica(&b, "shared-secret");
    start_replica(&other, "another-secret");
    const char *path = "/digest-auth/auth/user/passwd/SHA-256";
    char base[3][64];
    snprintf(base[0], sizeof(base[0]), "http://127.0.0.1:%u", a.port);
    snprintf(base[1], sizeof(base[1]), "http://127.0.0.1:%u", b.port);
    snprintf(base[2], sizeof(base[2]), "http://127.0.0.1:%u", other.port);

    struct http_reply r = http_request_to(base[0], "GET", path, NULL, NULL, 0);
    struct challenge ch = parse_challenge(&r);
    http_reply_cleanup(&r);
    const struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "SHA-256", NULL);
    char *auth = authorization(&c, ch.nonce, ch.opaque);
    const char *h[] = { auth, NULL };
    r = http_request_to(base[1], "GET", path, h, NULL, 0);
    ck_assert_msg(r.status == 200, "replica with the key: %ld", r.status);
    http_reply_cleanup(&r);
    r = http_request_to(base[2], "GET", path, h, NULL, 0);
    assert_rechallenged(&r, "TRUE", "replica with another key");
    http_reply_cleanup(&r);
    free(auth);
    hb_server_stop(&a);
    hb_server_stop(&b);
    hb_server_stop(&other);
}
END_TEST

/* Without --digest-key each server signs with a key of its own, even two
 * in one process (nothing is shared between embedded servers). */
START_TEST(test_digest_servers_without_a_key_share_none)
{
    struct hb_server a, b;
    start_replica(&a, "");
    start_replica(&b, "");
    const char *path = "/digest-auth/auth/user/passwd/MD5";
    char base[2][64];
    snprintf(base[0], sizeof(base[0]), "http://127.0.0.1:%u", a.port);
    snprintf(base[1], sizeof(base[1]), "http://127.0.0.1:%u", b.port);
    struct http_reply r = http_request_to(base[0], "GET", path, NULL, NULL, 0);
    struct challenge ch = parse_challenge(&r);
    http_reply_cleanup(&r);
    const struct creds c = CREDS("user", "passwd", NULL, "GET", path, "auth", "MD5", NULL);
    char *auth = authorization(&c, ch.nonce, ch.opaque);
    const char *h[] = { auth, NULL };
    r = http_request_to(base[0], "GET", path, h, NULL, 0);
    ck_assert_msg(r.status == 200, "the server that made the nonce: %ld", r.status);
    http_reply_cleanup(&r);
    r = http_request_to(base[1], "GET", path, h, NULL, 0);
    assert_rechallenged(&r, "TRUE", "another server in the same process");
    http_reply_cleanup(&r);
    free(auth);
    hb_server_stop(&a);
    hb_server_stop(&b);
}
END_TEST

int main(void)
{
    Suite *suite = digest_suite();
    TCase *replicas = tcase_create("replicas");
    tcase_set_timeout(replicas, 120);
    tcase_add_test(replicas, test_digest_nonce_from_one_replica_works_at_another_with_the_same_key);
    tcase_add_test(replicas, test_digest_servers_without_a_key_share_none);
    suite_add_tcase(suite, replicas);
    SRunner *sr = srunner_create(suite);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
