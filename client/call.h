/* SPDX-License-Identifier: MIT */
/* One call: the hops of one creq_request (or one creq_multi item), judged
 * one response at a time: answer a Digest challenge, follow a redirect or
 * retry, keeping the history. */
#ifndef CREQ_CALL_H
#define CREQ_CALL_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "retry.h"
#include "settings.h"

struct creq__call {
    creq_session *s;
    const struct creq__settings *st;
    creq_prepared *p;             /* the hop to send next (owned) */
    creq_response **history;      /* owned */
    size_t history_len;
    struct creq__retry_state retry;
    int digest_tries;
    double deadline;              /* total_timeout, as creq__now() time; 0: none */
    double wait;                  /* seconds to wait before sending p (a retry) */
    bool stream;
};
enum creq__step { CREQ__STEP_DONE, CREQ__STEP_AGAIN, CREQ__STEP_FAIL };
void creq__call_init(struct creq__call *c, creq_session *s, const struct creq__settings *st,
                     creq_prepared *p);
/* Judges the outcome of sending c->p: r, or NULL with err set by the
 * transfer. DONE: *out is the final response (history attached). AGAIN:
 * send c->p after c->wait seconds. FAIL: err says why. The call owns and
 * frees what it no longer needs; cleanup frees the rest. */
enum creq__step creq__call_step(struct creq__call *c, creq_response *r, creq_response **out,
                                creq_error *err);
void creq__call_cleanup(struct creq__call *c);
/* Response hooks of the session; false when one stopped (r is freed). */
bool creq__run_hooks(creq_session *s, creq_response *r, creq_error *err);

#endif
