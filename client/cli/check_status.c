/* SPDX-License-Identifier: MIT */
/* creq-check, status group: /status/{code} for every code 200-599, the
 * interim 1xx codes, httpbin's special answers, lists and bad codes. */
#include <stdio.h>
#include <string.h>

#include "check_http.h"
#include "check_table.h"
#include "checks.h"

#define SWEEP_FIRST 200
#define SWEEP_LAST 599
/* Seconds a 1xx probe may take before it counts as a hang: long enough for
 * a busy machine, short enough that a hanging server costs little. */
#define HANG_LIMIT 3.0

/* ---- the sweep ---------------------------------------------------------------- */

/* Redirects are not followed: the 3xx itself must come back. */
static void check_code(struct ck_ctx *c, int code)
{
    char check[128], expected[16], path[32];
    snprintf(path, sizeof(path), "/status/%d", code);
    snprintf(check, sizeof(check), "GET %s", path);
    snprintf(expected, sizeof(expected), "%d", code);
    creq_error err;
    creq_response *r = ck_call(c, "GET", path, CREQ_OPTS(.flags = CREQ_NO_REDIRECTS), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, code);
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* ---- 1xx ---------------------------------------------------------------------- */

/* A 1xx is an interim answer: a client that gets one waits for the final
 * answer. A server that sends nothing after it makes clients hang, so it
 * should refuse these codes (4xx) or at least not hang and not fail (5xx). */
static const int interim_codes[] = { 100, 101, 102, 103, 199 };

static void check_interim(struct ck_ctx *c, int code)
{
    char check[128], path[32];
    const char *expected = "4xx, or no hang and no 5xx";
    double limit = c->timeout < HANG_LIMIT ? c->timeout : HANG_LIMIT;
    snprintf(path, sizeof(path), "/status/%d", code);
    snprintf(check, sizeof(check), "GET %s", path);
    creq_error err;
    double t0 = ck_now();
    creq_response *r = ck_call(c, "GET", path,
                               CREQ_OPTS(.flags = CREQ_NO_REDIRECTS, .timeout = limit,
                                         .total_timeout = 2 * limit), /* trickling, too */
                               &err);
    double took = ck_now() - t0;
    if (!r) {
        /* A closed connection is an odd answer but not a hang. */
        bool hang = creq_is_timeout(err.code);
        ck_row(hang ? CK_FAIL : CK_PASS, check, expected, "%s after %.2f s%s",
               creq_strerror(err.code), took, hang ? " (hang)" : "");
        return;
    }
    int st = creq_response_status(r);
    ck_row(st >= 500 ? CK_FAIL : CK_PASS, check, expected, "%d after %.2f s", st, took);
    creq_response_free(r);
}

/* ---- special answers ---------------------------------------------------------- */

struct special_case {
    int code;
    const char *header, *header_has; /* a header, and part of its value */
    const char *body_has;            /* part of the body */
    bool ours_only_header;           /* gunicorn drops it as hop-by-hop */
};

static const struct special_case special_cases[] = {
    { 301, "Location", "/redirect/1", NULL, false },
    { 302, "Location", "/redirect/1", NULL, false },
    { 303, "Location", "/redirect/1", NULL, false },
    { 305, "Location", "/redirect/1", NULL, false },
    { 307, "Location", "/redirect/1", NULL, false },
    { 401, "WWW-Authenticate", "Basic realm=", NULL, false },
    { 402, "x-more-info", "vimeo.com", "pay me", false },
    { 406, "Content-Type", "application/json", "\"accept\"", false },
    { 407, "Proxy-Authenticate", "Basic realm=", NULL, true },
    { 418, "x-more-info", "rfc2324", "teapot", false },
};

static void check_special(struct ck_ctx *c, const struct special_case *s)
{
    char check[128], expected[128], path[32];
    bool header = c->ours || !s->ours_only_header;
    snprintf(path, sizeof(path), "/status/%d", s->code);
    snprintf(check, sizeof(check), "GET %s special", path);
    int n = snprintf(expected, sizeof(expected), "%d", s->code);
    if (header)
        n += snprintf(expected + n, sizeof(expected) - (size_t)n, ", %s has %s", s->header,
                      s->header_has);
    if (s->body_has)
        snprintf(expected + n, sizeof(expected) - (size_t)n, ", body has %s", s->body_has);
    creq_error err;
    creq_response *r = ck_call(c, "GET", path, CREQ_OPTS(.flags = CREQ_NO_REDIRECTS), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, s->code);
    const char *h = creq_response_header(r, s->header);
    if (header)
        ck_note(&g, h && strstr(h, s->header_has), "%s: %s", s->header, h ? h : "(none)");
    if (s->body_has) {
        bool has = strstr(creq_response_content(r, NULL), s->body_has) != NULL;
        ck_note(&g, has, "body %s %s", has ? "has" : "lacks", s->body_has);
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* ---- methods, lists and bad codes ------------------------------------------- */

struct code_case {
    const char *method, *path;
    int status;
    bool ours_only; /* Python httpbin answers 500 or breaks */
};

static const struct code_case code_cases[] = {
    { "POST", "/status/201", 201, false },
    { "PUT", "/status/202", 202, false },
    { "PATCH", "/status/203", 203, false },
    { "DELETE", "/status/204", 204, false },
    { "GET", "/status/418:1,500:0", 418, false },
    { "GET", "/status/208,208", 208, false },
    { "GET", "/status/abc", 400, false },
    { "GET", "/status/0", 400, true },
    { "GET", "/status/1000", 400, true },
};

static void check_code_case(struct ck_ctx *c, const struct code_case *k)
{
    char check[128], expected[16];
    snprintf(check, sizeof(check), "%s %s", k->method, k->path);
    snprintf(expected, sizeof(expected), "%d", k->status);
    if (k->ours_only && !c->ours) {
        ck_row(CK_SKIP, check, expected, "httpbin-c only");
        return;
    }
    creq_error err;
    creq_response *r = ck_call(c, k->method, k->path, CREQ_OPTS(.flags = CREQ_NO_REDIRECTS),
                               &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, k->status);
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

void ck_status(struct ck_ctx *c)
{
    if (!c->quick)
        for (int code = SWEEP_FIRST; code <= SWEEP_LAST; code++)
            check_code(c, code);
    for (size_t i = 0; i < sizeof(interim_codes) / sizeof(interim_codes[0]); i++)
        check_interim(c, interim_codes[i]);
    for (size_t i = 0; i < sizeof(special_cases) / sizeof(special_cases[0]); i++)
        check_special(c, &special_cases[i]);
    for (size_t i = 0; i < sizeof(code_cases) / sizeof(code_cases[0]); i++)
        check_code_case(c, &code_cases[i]);
}
