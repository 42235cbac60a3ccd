/* SPDX-License-Identifier: MIT */
/* creq-check: a conformance runner that exercises a running httpbin-style
 * server through libcreq and prints one table row per check. This file
 * runs the groups (check_*.c) on one session and prints the table. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_args.h"
#include "check_http.h"
#include "check_table.h"
#include "checks.h"

#define DEFAULT_TIMEOUT 5.0

/* httpbin-c answers an unknown path with a JSON error carrying
 * "status_code"; Python httpbin with Werkzeug's HTML page. */
static bool detect_ours(const struct ck_ctx *c)
{
    creq_response *r = ck_call(c, "GET", "/creq-check/no-such-endpoint", NULL, NULL);
    if (!r)
        return false;
    json_t *j = creq_response_status(r) == 404 ? ck_json(r) : NULL;
    bool ours = json_is_integer(json_object_get(j, "status_code"));
    json_decref(j);
    creq_response_free(r);
    return ours;
}

/* One row that says whether the server answers at all: without it every
 * other row would fail with the same connection error. The HTTP version
 * it answered in goes to *version (a static string). */
static bool reachable(const struct ck_ctx *c, const char **version)
{
    creq_error err;
    creq_response *r = ck_call(c, "GET", "/get", NULL, &err);
    if (!r) {
        ck_row_error("server reachable", "GET /get answers", &err);
        return false;
    }
    *version = creq_response_http_version(r);
    creq_response_free(r);
    return true;
}

/* The header's second line; with --http2, a row too: a server that TLS
 * could not agree on h2 with answers every check in HTTP/1.1. */
static void say_version(const struct ck_ctx *c, const char *version)
{
    const char *asked = !c->http2 ? ""
                      : c->h2c    ? " (--http2: prior knowledge)"
                                  : " (--http2: ALPN)";
    printf("http: %s%s\n", version, asked);
    if (c->http2)
        ck_row(strcmp(version, "HTTP/2") ? CK_FAIL : CK_PASS, "--http2: GET /get in HTTP/2",
               "HTTP/2", "%s", version);
}

int main(int argc, char **argv)
{
    struct ck_ctx c = { .timeout = DEFAULT_TIMEOUT };
    char *base = NULL;
    int rc = ck_parse_args(argc, argv, &c, &base);
    if (rc)
        return rc == 1 ? 0 : 2;
    c.base = base;
    c.s = creq_session_new();
    creq_http_version version = !c.http2 ? CREQ_HTTP_1_1
                              : c.h2c    ? CREQ_HTTP_2_PRIOR_KNOWLEDGE
                                         : CREQ_HTTP_2;
    if (!c.s ||
        creq_session_defaults(c.s, CREQ_OPTS(.timeout = c.timeout, .http_version = version))) {
        fprintf(stderr, "creq-check: cannot start libcreq\n");
        creq_session_free(c.s);
        free(base);
        return 1;
    }

    const char *answered = NULL;
    if (reachable(&c, &answered)) {
        c.ours = detect_ours(&c);
        printf("server: %s (%s)\n", c.base,
               c.ours ? "httpbin-c" : "not httpbin-c: httpbin-c only checks are skipped");
        say_version(&c, answered);
        ck_echo(&c);
        ck_status(&c);
        ck_auth(&c);
        ck_redirect(&c);
        ck_timing(&c);
    }

    size_t failed = ck_report();
    ck_rows_free();
    creq_session_free(c.s);
    creq_global_cleanup();
    free(base);
    return failed ? 1 : 0;
}
