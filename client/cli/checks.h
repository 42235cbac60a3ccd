/* SPDX-License-Identifier: MIT */
/* creq-check's groups of checks (check_*.c): each walks its tables of cases
 * against the server and records one row per case (check_table.h), asking
 * through the shared context (check_http.h). */
#ifndef CREQ_CHECK_CHECKS_H
#define CREQ_CHECK_CHECKS_H

#include "check_http.h"

/* The groups, in the order they run. */
void ck_echo(struct ck_ctx *c);     /* check_echo.c: methods, bodies, shapes */
void ck_status(struct ck_ctx *c);   /* check_status.c: /status/{code} */
void ck_auth(struct ck_ctx *c);     /* check_auth.c: Basic, Bearer, Digest */
void ck_redirect(struct ck_ctx *c); /* check_redirect.c: redirects, cookies */
void ck_timing(struct ck_ctx *c);   /* check_timing.c: delays, streams */

#endif
