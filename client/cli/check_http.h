/* SPDX-License-Identifier: MIT */
/* What every check uses to ask the server: the context of the run (one
 * session for all, so cookies and kept-alive connections carry over as in a
 * real client), requests on it, and lookups into its JSON answers. */
#ifndef CREQ_CHECK_HTTP_H
#define CREQ_CHECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "check_table.h"
#include "creq.h"

struct ck_ctx {
    creq_session *s;
    const char *base; /* the server's URL without a trailing '/' */
    bool ours;        /* httpbin-c: its 404 is JSON with "status_code" */
    bool quick;       /* --quick: no 200-599 sweep, no slow checks */
    double timeout;   /* --timeout, the session's default */
    bool http2;       /* --http2: the session's default (see creq-check.c) */
    bool h2c;         /* --http2 on an http:// URL: h2 with prior knowledge */
};

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

#endif
