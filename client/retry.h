/* SPDX-License-Identifier: MIT */
/* Retries with urllib3's Retry semantics: what is left of each budget
 * during one call, whether a failure or a status may be retried, and how
 * long to wait before the next try. */
#ifndef CREQ_RETRY_H
#define CREQ_RETRY_H

#include <stdbool.h>

#include "creq.h"

enum creq__failure { CREQ__FAIL_CONNECT, CREQ__FAIL_READ, CREQ__FAIL_STATUS };
struct creq__retry_state {
    const creq_retry *policy; /* NULL: never retry */
    int total, connect, read, status; /* left; -1 = unbounded */
    int done;                 /* retries made so far */
};
void creq__retry_start(struct creq__retry_state *rs, const creq_retry *policy);
/* Whether this status may be retried for this method (forcelist). */
bool creq__retry_status_wanted(const struct creq__retry_state *rs, const char *method, int status);
/* Seconds to wait before the next try, or -1 when retries ran out or this
 * failure is not retried. 'r' (may be NULL) gives Retry-After. */
double creq__retry_next(struct creq__retry_state *rs, enum creq__failure kind,
                        const char *method, const creq_response *r);

#endif
