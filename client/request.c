/* SPDX-License-Identifier: MIT */
/* creq_request(): prepare, then send hop after hop (call.c decides each
 * next one: Digest, redirects, retries) until the answer, waiting out any
 * retry backoff in between. */
#include <string.h>
#include <time.h>

#include "call.h"
#include "error.h"
#include "prepare.h"
#include "response_data.h"
#include "settings.h"
#include "stream.h"
#include "transfer.h"

static void sleep_for(double seconds)
{
    if (seconds <= 0)
        return;
    struct timespec ts = { (time_t)seconds,
                           (long)((seconds - (double)(time_t)seconds) * 1e9) };
    while (nanosleep(&ts, &ts))
        ;
}

creq_response *creq_request(creq_session *s, const char *method, const char *url,
                            const creq_opts *opts, creq_error *err)
{
    creq_error local;
    creq_session *own = NULL;
    creq_response *r = NULL;
    if (!err)
        err = &local;
    memset(err, 0, sizeof(*err));
    if (!s) {
        own = s = creq_session_new();
        if (!s) {
            creq__fail(err, CREQ_ENOMEM, "cannot start libcurl");
            return NULL;
        }
    }
    struct creq__settings st;
    creq__settings_resolve(&st, s, method ? method : "", url ? url : "", opts);
    creq_prepared *p = creq__prepare(s, &st, method, url, err);
    if (p) {
        struct creq__call call;
        creq__call_init(&call, s, &st, p);
        for (;;) {
            creq_response *hop = creq__transfer_run(s, &st, call.p, call.stream, call.deadline, err);
            enum creq__step step = creq__call_step(&call, hop, &r, err);
            if (step != CREQ__STEP_AGAIN)
                break;
            sleep_for(call.wait);
        }
        creq__call_cleanup(&call);
    }
    if (r && !creq__run_hooks(s, r, err))
        r = NULL;
    /* A one-shot session outlives the call only under a response still
     * streaming on it, whose stream then ends it. */
    if (own) {
        if (r && r->stream)
            creq__stream_own_session(r, own);
        else
            creq_session_free(own);
    }
    return r;
}
