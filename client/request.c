/* SPDX-License-Identifier: MIT */
/* creq_request(): prepare, send, then answer Digest challenges, follow
 * redirects and retry as requests (with urllib3's Retry) would, keeping the
 * history. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "creq-private.h"

static void sleep_for(double seconds)
{
    if (seconds <= 0)
        return;
    struct timespec ts = { (time_t)seconds,
                           (long)((seconds - (double)(time_t)seconds) * 1e9) };
    while (nanosleep(&ts, &ts))
        ;
}

/* A streamed response that is not the last must be read to its end before
 * its connection can carry the next request. */
static int drain(creq_response *r, creq_error *err)
{
    int rc;
    while ((rc = creq__transfer_pump(r, err)) > 0)
        ;
    return rc;
}

static int push_history(creq_response ***history, size_t *len, creq_response *r)
{
    creq_response **grown = realloc(*history, (*len + 1) * sizeof(*grown));
    if (!grown)
        return CREQ_ENOMEM;
    grown[(*len)++] = r;
    *history = grown;
    return CREQ_OK;
}

/* A body from a reader cannot be sent twice; files and buffers can. */
static bool replayable(const struct creq__settings *st, const creq_prepared *p)
{
    return !(p->streamed && st->req->body_reader);
}

static enum creq__failure failure_kind(creq_code code)
{
    return code == CREQ_EREAD_TIMEOUT || code == CREQ_ECHUNKED ? CREQ__FAIL_READ
                                                               : CREQ__FAIL_CONNECT;
}

static bool retryable_error(creq_code code)
{
    return creq_is_connection_error(code) || code == CREQ_EREAD_TIMEOUT ||
           code == CREQ_ECHUNKED;
}

/* Answers a Digest challenge on p. true when p now carries credentials. */
static bool answer_digest(creq_session *s, const struct creq__settings *st, creq_prepared *p,
                          const creq_response *r)
{
    const char *challenge = creq_response_header(r, "WWW-Authenticate");
    if (!challenge || creq__digest_parse_challenge(&s->digest, challenge))
        return false;
    char *uri = creq__request_target(p->url);
    char *value = uri ? creq__digest_authorization(&s->digest, st->auth->user,
                                                   st->auth->password, p->method, uri,
                                                   p->body, p->body_len, NULL)
                      : NULL;
    bool ok = value && !creq__headers_set(&p->headers, "Authorization", value);
    free(value);
    free(uri);
    return ok;
}

static creq_response *run(creq_session *s, const struct creq__settings *st, creq_prepared *p,
                          creq_error *err)
{
    creq_response **history = NULL, *r = NULL;
    size_t history_len = 0;
    struct creq__retry_state retry;
    bool stream = st->flags & CREQ_STREAM;
    bool digest = st->auth && st->auth->kind == CREQ_AUTH_DIGEST;
    int digest_tries = 0;
    double deadline = st->total_timeout > 0 ? creq__now() + st->total_timeout : 0;

    creq__retry_start(&retry, st->mount && st->mount->has_retry ? &st->mount->retry : NULL);
    for (;;) {
        r = creq__transfer_run(s, st, p, stream, deadline, err);
        if (!r) {
            double wait = retryable_error(err->code) && replayable(st, p)
                              ? creq__retry_next(&retry, failure_kind(err->code), p->method, NULL)
                              : -1;
            if (wait < 0)
                goto fail;
            sleep_for(wait);
            continue;
        }
        r->url = strdup(p->url);
        creq__response_collect_cookies(r);

        if (creq__retry_status_wanted(&retry, p->method, r->status) && replayable(st, p)) {
            double wait = creq__retry_next(&retry, CREQ__FAIL_STATUS, p->method, r);
            if (wait < 0) {
                creq__fail(err, CREQ_ERETRY, "Max retries exceeded with url: %s (Caused by "
                           "ResponseError('too many %d error responses'))", p->url, r->status);
                err->status = r->status;
                goto fail;
            }
            creq_response_free(r);
            r = NULL;
            sleep_for(wait);
            continue;
        }

        if (digest && r->status == 401 && digest_tries < 1 && replayable(st, p)) {
            if (drain(r, err) < 0)
                goto fail;
            creq_prepared *sent = creq__prepared_copy(p);
            if (!sent || !answer_digest(s, st, p, r)) {
                creq__prepared_free(sent);
                break; /* no usable challenge: the 401 is the answer */
            }
            r->request = sent;
            digest_tries++;
            /* requests keeps the 401 in the history of the answer. */
            if (push_history(&history, &history_len, r))
                goto oom;
            r = NULL;
            continue;
        }

        if (!creq_response_is_redirect(r))
            break;
        char *next_url = creq__resolve_location(p->url, creq_response_header(r, "Location"));
        if (!next_url) {
            creq__fail(err, CREQ_EINVALID_URL, "Invalid redirect Location '%s'",
                       creq_response_header(r, "Location"));
            goto fail;
        }
        creq_prepared *next = creq__redirect_next(p, r, next_url);
        free(next_url);
        if (!next)
            goto oom;
        if (!st->follow) {
            r->next = next;
            break;
        }
        if ((int)history_len >= st->max_redirects) {
            creq__prepared_free(next);
            creq__fail(err, CREQ_ETOO_MANY_REDIRECTS, "Exceeded %d redirects.", st->max_redirects);
            goto fail;
        }
        if ((next->body || next->streamed) && !replayable(st, p)) {
            creq__prepared_free(next);
            creq__fail(err, CREQ_EINVAL, "the streamed body cannot be sent again after a %d "
                       "redirect", r->status);
            goto fail;
        }
        if (drain(r, err) < 0) {
            creq__prepared_free(next);
            goto fail;
        }
        r->request = p;
        p = next;
        if (push_history(&history, &history_len, r))
            goto oom;
        r = NULL;
        digest_tries = 0; /* requests resets its 401 count on a redirect */
    }
    r->request = p;
    r->history = history;
    r->history_len = history_len;
    return r;
oom:
    creq__fail(err, CREQ_ENOMEM, "out of memory");
fail:
    creq_response_free(r);
    for (size_t i = 0; i < history_len; i++)
        creq_response_free(history[i]);
    free(history);
    creq__prepared_free(p);
    return NULL;
}

creq_response *creq_request(creq_session *s, const char *method, const char *url,
                            const creq_opts *opts, creq_error *err)
{
    creq_error local;
    creq_session *own = NULL;
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
    creq_response *r = p ? run(s, &st, p, err) : NULL;

    for (size_t i = 0; r && i < s->hook_count; i++) {
        if (s->hooks[i].fn(r, s->hooks[i].userdata)) {
            creq_response_free(r);
            r = NULL;
            creq__fail(err, CREQ_EABORTED, "a response hook stopped the request");
        }
    }
    if (own) {
        if (r && r->stream)
            r->owned_session = own; /* freed with the response, after its stream */
        else
            creq_session_free(own);
    }
    return r;
}
