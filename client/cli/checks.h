/* SPDX-License-Identifier: MIT */
/* creq-check: what the check groups (check_*.c) share. Each group walks its
 * tables of cases and records one row per case; creq-check.c owns the rows,
 * the session and the command line. */
#ifndef CREQ_CHECK_CHECKS_H
#define CREQ_CHECK_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"

#define CK_FMT(a, b) __attribute__((format(printf, a, b)))

/* Everything a check needs. One session for every check, so cookies and
 * kept-alive connections carry over as they would in a real client. */
struct ck_ctx {
    creq_session *s;
    const char *base; /* the server's URL without a trailing '/' */
    bool ours;        /* httpbin-c: its 404 is JSON with "status_code" */
    bool quick;       /* --quick: no 200-599 sweep, no slow checks */
    double timeout;   /* --timeout, the session's default */
};

enum ck_verdict { CK_PASS, CK_FAIL, CK_SKIP };

/* Records one table row; 'got' is printf-formatted. */
void ck_row(enum ck_verdict v, const char *check, const char *expected, const char *got, ...)
    CK_FMT(4, 5);
/* A row for a failed request: the error's requests name and message. */
void ck_row_error(const char *check, const char *expected, const creq_error *err);

/* What one response showed, piece by piece: every piece is appended to the
 * 'got' text and any piece that was not as expected fails the row. */
struct ck_got {
    char text[512];
    size_t len;
    bool bad;
};
void ck_note(struct ck_got *g, bool ok, const char *fmt, ...) CK_FMT(3, 4);
/* The status piece, the one almost every row starts with. */
void ck_note_status(struct ck_got *g, const creq_response *r, int want);
/* Records the row: PASS when every piece was as expected. */
void ck_row_got(const struct ck_got *g, const char *check, const char *expected);

/* base + path into buf (paths start with '/'). */
const char *ck_url(const struct ck_ctx *c, const char *path, char *buf, size_t n);
/* creq_request() on base + path, with the shared session. */
creq_response *ck_call(const struct ck_ctx *c, const char *method, const char *path,
                       const creq_opts *o, creq_error *err);
/* True when the server does not know the path (404), so rows for an
 * endpoint it has not implemented are skipped rather than failed. */
bool ck_missing(const creq_response *r);
double ck_now(void); /* monotonic seconds */

/* The body as JSON (a new reference), or NULL when it is not JSON. */
json_t *ck_json(const creq_response *r);
/* A member by dotted path ("headers.User-Agent"); borrowed, or NULL. */
json_t *ck_get(json_t *root, const char *path);
/* The string at path, or NULL when absent or not a string. */
const char *ck_str(json_t *root, const char *path);
/* Notes "path=value" (or "path missing"), expecting want. */
void ck_note_str(struct ck_got *g, json_t *root, const char *path, const char *want);

/* The groups, in the order they run. */
void ck_echo(struct ck_ctx *c);     /* check_echo.c: methods, bodies, shapes */
void ck_status(struct ck_ctx *c);   /* check_status.c: /status/{code} */
void ck_auth(struct ck_ctx *c);     /* check_auth.c: Basic, Bearer, Digest */
void ck_redirect(struct ck_ctx *c); /* check_redirect.c: redirects, cookies */
void ck_timing(struct ck_ctx *c);   /* check_timing.c: delays, streams */

#endif
