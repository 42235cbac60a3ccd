/* SPDX-License-Identifier: MIT */
/* creq-check, redirect group: redirect chains, /redirect-to with each 3xx
 * and requests' method rewriting, unfollowed redirects, the redirect limit,
 * and the cookie endpoints (which redirect to /cookies). */
#include <stdio.h>
#include <string.h>

#include "check_http.h"
#include "check_table.h"
#include "checks.h"

/* The i-th earlier answer's Location, or NULL. */
static const char *hop_location(const creq_response *r, size_t i)
{
    const creq_response *h = creq_response_history(r, i);
    return h ? creq_response_header(h, "Location") : NULL;
}

/* Notes whether the final URL is base + path. */
static void note_url(struct ck_got *g, const struct ck_ctx *c, const char *got, const char *path)
{
    char want[1024];
    bool ok = !strcmp(got, ck_url(c, path, want, sizeof(want)));
    ck_note(g, ok, "at %s", ok ? path : got);
}

/* ---- chains ------------------------------------------------------------------- */

struct chain_case {
    const char *path;
    size_t hops;
    const char *location_prefix; /* how the first Location starts; NULL: not checked */
};

static const struct chain_case chain_cases[] = {
    { "/redirect/3", 3, NULL },
    { "/redirect/2?absolute=true", 2, "http" },
    { "/relative-redirect/3", 3, "/" },
    { "/absolute-redirect/3", 3, "http" },
};

static void check_chain(struct ck_ctx *c, const struct chain_case *k)
{
    char check[128], expected[128];
    snprintf(check, sizeof(check), "GET %s followed", k->path);
    snprintf(expected, sizeof(expected), "200, at /get, %zu hops%s%s", k->hops,
             k->location_prefix ? ", Location starts " : "",
             k->location_prefix ? k->location_prefix : "");
    creq_error err;
    creq_response *r = ck_call(c, "GET", k->path, NULL, &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    note_url(&g, c, creq_response_url(r), "/get");
    size_t hops = creq_response_history_len(r);
    ck_note(&g, hops == k->hops, "%zu hops", hops);
    if (k->location_prefix) {
        const char *loc = hop_location(r, 0);
        bool ok = loc && !strncmp(loc, k->location_prefix, strlen(k->location_prefix));
        ck_note(&g, ok, "Location %s", loc ? loc : "(none)");
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* ---- /redirect-to and method rewriting --------------------------------------- */

/* requests' rebuild_method: 302 and 303 become GET (but HEAD), a 301 POST
 * becomes GET; 307 and 308 keep the method and the body. */
struct rewrite_case {
    const char *method;
    int code;
    const char *final_method;
    bool body_kept;
};

static const struct rewrite_case rewrite_cases[] = {
    { "POST", 301, "GET", false }, { "POST", 302, "GET", false }, { "POST", 303, "GET", false },
    { "POST", 307, "POST", true }, { "POST", 308, "POST", true }, { "PUT", 301, "PUT", false },
    { "PUT", 303, "GET", false },  { "PUT", 307, "PUT", true },   { "GET", 302, "GET", false },
    { "DELETE", 308, "DELETE", true },
};

static const creq_kv sent_form[] = { { "a", "1" }, { 0 } };

static void check_rewrite(struct ck_ctx *c, const struct rewrite_case *k)
{
    char check[128], expected[128], code[8];
    snprintf(code, sizeof(code), "%d", k->code);
    snprintf(check, sizeof(check), "%s /redirect-to %d", k->method, k->code);
    snprintf(expected, sizeof(expected), "200, 1 hop (%d), method=%s, form %s", k->code,
             k->final_method, k->body_kept ? "kept" : "dropped");
    const creq_kv params[] = { { "url", "/anything" }, { "status_code", code }, { 0 } };
    creq_error err;
    creq_response *r = ck_call(c, k->method, "/redirect-to",
                               CREQ_OPTS(.params = params, .data = sent_form), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    const creq_response *hop = creq_response_history(r, 0);
    size_t hops = creq_response_history_len(r);
    int hop_status = hop ? creq_response_status(hop) : 0;
    ck_note(&g, hops == 1 && hop_status == k->code, "%zu hop (%d)", hops, hop_status);
    ck_note_str(&g, j, "method", k->final_method);
    const char *a = ck_str(j, "form.a");
    bool kept = a && !strcmp(a, "1");
    bool empty = json_object_size(ck_get(j, "form")) == 0;
    ck_note(&g, k->body_kept ? kept : empty, "form %s", kept ? "kept" : empty ? "dropped" : "odd");
    ck_row_got(&g, check, expected);
    json_decref(j);
    creq_response_free(r);
}

/* ---- not followed, and the limit --------------------------------------------- */

struct unfollowed_case {
    const char *method, *path;
    int status;
    const char *next_method, *next_path; /* the request a follower would make */
};

static const struct unfollowed_case unfollowed_cases[] = {
    { "GET", "/redirect/2", 302, "GET", "/relative-redirect/1" },
    { "GET", "/redirect/1", 302, "GET", "/get" },
    { "POST", "/redirect-to?url=/anything&status_code=303", 303, "GET", "/anything" },
    { "POST", "/redirect-to?url=/anything&status_code=307", 307, "POST", "/anything" },
};

static void check_unfollowed(struct ck_ctx *c, const struct unfollowed_case *k)
{
    char check[128], expected[128];
    snprintf(check, sizeof(check), "%s %s not followed", k->method, k->path);
    snprintf(expected, sizeof(expected), "%d, next %s %s", k->status, k->next_method,
             k->next_path);
    creq_error err;
    creq_response *r = ck_call(c, k->method, k->path, CREQ_OPTS(.flags = CREQ_NO_REDIRECTS),
                               &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, k->status);
    const creq_prepared *next = creq_response_next(r);
    if (next) {
        const char *m = creq_prepared_method(next);
        ck_note(&g, !strcmp(m, k->next_method), "next %s", m);
        note_url(&g, c, creq_prepared_url(next), k->next_path);
    } else {
        ck_note(&g, false, "no next");
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

struct limit_case {
    const char *path;
    int max_redirects;
    bool too_many; /* TooManyRedirects, else 200 */
};

static const struct limit_case limit_cases[] = {
    { "/redirect/5", 2, true },
    { "/redirect/2", 2, false },
};

static void check_limit(struct ck_ctx *c, const struct limit_case *k)
{
    char check[128];
    const char *expected = k->too_many ? "TooManyRedirects" : "200";
    snprintf(check, sizeof(check), "GET %s max_redirects=%d", k->path, k->max_redirects);
    creq_error err;
    creq_response *r = ck_call(c, "GET", k->path, CREQ_OPTS(.max_redirects = k->max_redirects),
                               &err);
    if (r) {
        int st = creq_response_status(r);
        ck_row(!k->too_many && st == 200 ? CK_PASS : CK_FAIL, check, expected, "%d after %zu hops",
               st, creq_response_history_len(r));
        creq_response_free(r);
        return;
    }
    bool ok = k->too_many && err.code == CREQ_ETOO_MANY_REDIRECTS;
    ck_row(ok ? CK_PASS : CK_FAIL, check, expected, "%s: %s", creq_strerror(err.code),
           err.message);
}

/* ---- cookies ------------------------------------------------------------------ */

struct cookie_case {
    const char *path;
    const char *name, *value; /* a cookie /cookies then shows, and the jar holds */
    const char *gone;         /* a cookie that is no longer there */
};

static const struct cookie_case cookie_cases[] = {
    { "/cookies/set?a=1", "a", "1", NULL },
    { "/cookies/set/b/2", "b", "2", NULL },
    { "/cookies/delete?a", "b", "2", "a" },
};

static void check_cookie(struct ck_ctx *c, const struct cookie_case *k)
{
    char check[128], expected[128], key[64];
    snprintf(check, sizeof(check), "GET %s followed", k->path);
    snprintf(expected, sizeof(expected), "200, at /cookies, cookies.%s=%s, jar %s=%s%s%s", k->name,
             k->value, k->name, k->value, k->gone ? ", no " : "", k->gone ? k->gone : "");
    creq_error err;
    creq_response *r = ck_call(c, "GET", k->path, NULL, &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    note_url(&g, c, creq_response_url(r), "/cookies");
    snprintf(key, sizeof(key), "cookies.%s", k->name);
    ck_note_str(&g, j, key, k->value);
    const char *jar = creq_session_cookie(c->s, k->name, NULL);
    ck_note(&g, jar && !strcmp(jar, k->value), "jar %s=%s", k->name, jar ? jar : "(none)");
    if (k->gone) {
        snprintf(key, sizeof(key), "cookies.%s", k->gone);
        bool gone = !ck_get(j, key) && !creq_session_cookie(c->s, k->gone, NULL);
        ck_note(&g, gone, "%s %s", k->gone, gone ? "gone" : "still set");
    }
    ck_row_got(&g, check, expected);
    json_decref(j);
    creq_response_free(r);
}

void ck_redirect(struct ck_ctx *c)
{
    for (size_t i = 0; i < sizeof(chain_cases) / sizeof(chain_cases[0]); i++)
        check_chain(c, &chain_cases[i]);
    for (size_t i = 0; i < sizeof(rewrite_cases) / sizeof(rewrite_cases[0]); i++)
        check_rewrite(c, &rewrite_cases[i]);
    for (size_t i = 0; i < sizeof(unfollowed_cases) / sizeof(unfollowed_cases[0]); i++)
        check_unfollowed(c, &unfollowed_cases[i]);
    for (size_t i = 0; i < sizeof(limit_cases) / sizeof(limit_cases[0]); i++)
        check_limit(c, &limit_cases[i]);
    for (size_t i = 0; i < sizeof(cookie_cases) / sizeof(cookie_cases[0]); i++)
        check_cookie(c, &cookie_cases[i]);
}
