/* SPDX-License-Identifier: MIT */
/* creq-check: a conformance runner that exercises a running httpbin-style
 * server through libcreq and prints one table row per check. This file
 * runs the groups (check_*.c) on one session and prints the table. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

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
 * other row would fail with the same connection error. */
static bool reachable(const struct ck_ctx *c)
{
    creq_error err;
    creq_response *r = ck_call(c, "GET", "/get", NULL, &err);
    if (!r) {
        ck_row_error("server reachable", "GET /get answers", &err);
        return false;
    }
    creq_response_free(r);
    return true;
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
    if (!c.s || creq_session_defaults(c.s, CREQ_OPTS(.timeout = c.timeout))) {
        fprintf(stderr, "creq-check: cannot start libcreq\n");
        creq_session_free(c.s);
        free(base);
        return 1;
    }

    if (reachable(&c)) {
        c.ours = detect_ours(&c);
        printf("server: %s (%s)\n", c.base,
               c.ours ? "httpbin-c" : "not httpbin-c: httpbin-c only checks are skipped");
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
