/* SPDX-License-Identifier: MIT */
/* Running transfers: one HTTP exchange each on the session's multi handle,
 * driven to its end (or, for CREQ_STREAM, until the headers are in and then
 * pulled), or started many at once and pumped together by creq_multi. */
#ifndef CREQ_TRANSFER_H
#define CREQ_TRANSFER_H

#include <stdbool.h>

#include "creq.h"
#include "settings.h"

struct creq__transfer;

/* Runs 'p' to completion (or, with stream, until the headers are in) and
 * returns its response, or NULL with err set. */
creq_response *creq__transfer_run(creq_session *s, const struct creq__settings *st,
                                  const creq_prepared *p, bool stream, double deadline,
                                  creq_error *err);
/* The same in steps, for running many at once (multi.c): start adds it to
 * the session's multi handle; check enforces its timeouts (lowering *wait
 * to the next deadline); finish turns a done transfer into its response
 * (or NULL with err) and frees it; abort drops it. */
struct creq__transfer *creq__transfer_start(creq_session *s, const struct creq__settings *st,
                                            const creq_prepared *p, bool stream,
                                            double deadline, creq_error *err);
bool creq__transfer_done(const struct creq__transfer *t);
int creq__transfer_check(struct creq__transfer *t, double now, double *wait, creq_error *err);
creq_response *creq__transfer_finish(struct creq__transfer *t, creq_error *err);
void creq__transfer_abort(struct creq__transfer *t);
/* One round of the session's multi handle: perform, wait up to 'wait'
 * seconds for activity, mark finished transfers. */
int creq__session_pump(creq_session *s, double wait, creq_error *err);
/* For streaming responses: pulls more body into r's buffer. 1 = more data,
 * 0 = the body is complete, -1 = error (err set). */
int creq__transfer_pump(creq_response *r, creq_error *err);
/* Ends t (in any state) and gives it back to its session's pool. */
void creq__transfer_free(struct creq__transfer *t);

#endif
