/* SPDX-License-Identifier: MIT */
/* creq-check, auth group: Basic (plain and hidden), Bearer, and Digest for
 * each qop and algorithm, each with right, wrong and missing credentials. */
#include <stdio.h>
#include <string.h>

#include "check_http.h"
#include "check_table.h"
#include "checks.h"

enum auth_how { AUTH_NONE, AUTH_BASIC, AUTH_BEARER, AUTH_HEADER };

struct auth_case {
    const char *name, *path;
    enum auth_how how;
    const char *user, *secret; /* BEARER: the token; HEADER: the Authorization value */
    int status;
    const char *key, *value;    /* a member of the JSON answer */
    const char *header;         /* a header the answer carries */
    bool ours_only;             /* a deliberate difference from Python httpbin */
};

static const struct auth_case auth_cases[] = {
    { "right", "/basic-auth/user/passwd", AUTH_BASIC, "user", "passwd", 200, "user", "user",
      NULL, false },
    { "wrong", "/basic-auth/user/passwd", AUTH_BASIC, "user", "wrong", 401, NULL, NULL,
      "WWW-Authenticate", false },
    { "missing", "/basic-auth/user/passwd", AUTH_NONE, NULL, NULL, 401, NULL, NULL,
      "WWW-Authenticate", false },
    { "right", "/hidden-basic-auth/user/passwd", AUTH_BASIC, "user", "passwd", 200,
      "user", "user", NULL, false },
    { "wrong", "/hidden-basic-auth/user/passwd", AUTH_BASIC, "user", "wrong", 404,
      NULL, NULL, NULL, false },
    { "missing", "/hidden-basic-auth/user/passwd", AUTH_NONE, NULL, NULL, 404, NULL,
      NULL, NULL, false },
    /* The token starts with none of "Bear ", which Python's lstrip eats. */
    { "token", "/bearer", AUTH_BEARER, NULL, "creq-token.42", 200, "token",
      "creq-token.42", NULL, false },
    { "missing", "/bearer", AUTH_NONE, NULL, NULL, 401, NULL, NULL, "WWW-Authenticate",
      false },
    { "token abc", "/bearer", AUTH_BEARER, NULL, "abc", 200, "token", "abc", NULL, true },
    { "other scheme", "/bearer", AUTH_HEADER, NULL, "Token abc", 401, NULL, NULL,
      "WWW-Authenticate", true },
};

static void expected_text(const struct auth_case *a, char *buf, size_t n)
{
    int len = snprintf(buf, n, "%d", a->status);
    if (a->key)
        len += snprintf(buf + len, n - (size_t)len, ", %s=%s", a->key, a->value);
    if (a->header)
        snprintf(buf + len, n - (size_t)len, ", %s", a->header);
}

static void check_auth_case(struct ck_ctx *c, const struct auth_case *a)
{
    char check[128], expected[128];
    snprintf(check, sizeof(check), "GET %s %s", a->path, a->name);
    expected_text(a, expected, sizeof(expected));
    if (a->ours_only && !c->ours) {
        ck_row(CK_SKIP, check, expected, "httpbin-c only");
        return;
    }
    /* Declared here: a CREQ_BASIC() inside an if would die with its branch. */
    const creq_auth basic = { CREQ_AUTH_BASIC, a->user, a->secret, 0, 0 };
    const creq_auth bearer = { CREQ_AUTH_BEARER, 0, a->secret, 0, 0 };
    const creq_kv header[] = { { "Authorization", a->secret }, { 0 } };
    creq_opts o = { 0 };
    if (a->how == AUTH_BASIC)
        o.auth = &basic;
    else if (a->how == AUTH_BEARER)
        o.auth = &bearer;
    else if (a->how == AUTH_HEADER)
        o.headers = header;
    creq_error err;
    creq_response *r = ck_call(c, "GET", a->path, &o, &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, a->status);
    if (a->key) {
        json_t *j = ck_json(r);
        ck_note_str(&g, j, a->key, a->value);
        json_decref(j);
    }
    if (a->header) {
        const char *h = creq_response_header(r, a->header);
        ck_note(&g, h != NULL, "%s: %s", a->header, h ? h : "(none)");
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* ---- Digest ------------------------------------------------------------------- */

static const char *const digest_qops[] = { "auth", "auth-int" };
static const char *const digest_algorithms[] = { "MD5", "SHA-256", "SHA-512" };

struct digest_try {
    const char *name, *password;
    int status;
};

static const struct digest_try digest_tries[] = {
    { "right", "passwd", 200 },
    { "wrong", "wrong", 401 },
};

/* One Digest row. The session keeps the last challenge, so a request may
 * first go out with a stale nonce; libcreq answers the fresh 401 once. */
static void check_digest(struct ck_ctx *c, const char *qop, const char *alg,
                         const struct digest_try *t, bool missing)
{
    char check[128], expected[96], path[64];
    snprintf(path, sizeof(path), "/digest-auth/%s/user/passwd/%s", qop, alg);
    snprintf(check, sizeof(check), "GET %s %s", path, t->name);
    snprintf(expected, sizeof(expected), "%d, %s", t->status,
             t->status == 200 ? "authenticated=true" : "WWW-Authenticate has Digest");
    if (missing) {
        ck_row(CK_SKIP, check, expected, "404: not implemented");
        return;
    }
    creq_error err;
    creq_response *r = ck_call(c, "GET", path, CREQ_OPTS(.auth = CREQ_DIGEST("user", t->password)),
                               &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, t->status);
    if (t->status == 200) {
        json_t *j = ck_json(r);
        bool yes = json_is_true(json_object_get(j, "authenticated"));
        ck_note(&g, yes, "authenticated=%s", yes ? "true" : "not true");
        json_decref(j);
    } else {
        /* A fresh challenge, so a client can try again. */
        const char *h = creq_response_header(r, "WWW-Authenticate");
        bool digest = h && strstr(h, "Digest");
        ck_note(&g, digest, "WWW-Authenticate %s Digest", digest ? "has" : "lacks");
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* Whether /digest-auth exists: a 404 without credentials means it does not. */
static bool digest_missing(struct ck_ctx *c)
{
    creq_response *r = ck_call(c, "GET", "/digest-auth/auth/user/passwd/MD5", NULL, NULL);
    bool missing = r && ck_missing(r);
    creq_response_free(r);
    return missing;
}

void ck_auth(struct ck_ctx *c)
{
    for (size_t i = 0; i < sizeof(auth_cases) / sizeof(auth_cases[0]); i++)
        check_auth_case(c, &auth_cases[i]);
    bool missing = digest_missing(c);
    for (size_t q = 0; q < sizeof(digest_qops) / sizeof(digest_qops[0]); q++)
        for (size_t a = 0; a < sizeof(digest_algorithms) / sizeof(digest_algorithms[0]); a++)
            for (size_t t = 0; t < sizeof(digest_tries) / sizeof(digest_tries[0]); t++)
                check_digest(c, digest_qops[q], digest_algorithms[a], &digest_tries[t], missing);
}
