/* SPDX-License-Identifier: MIT */
/* The hops of one call, as requests (with urllib3's Retry) makes them:
 * each response judged in turn to answer a Digest challenge, follow a
 * redirect or retry, keeping the history. A step function, so that
 * creq_request and creq_multi share it; then the session's hooks. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call.h"
#include "digest.h"
#include "error.h"
#include "headers.h"
#include "now.h"
#include "prepared.h"
#include "redirect.h"
#include "response_cookies.h"
#include "response_data.h"
#include "retry.h"
#include "session.h"
#include "settings.h"
#include "transfer.h"

/* A streamed response that is not the last must be read to its end before
 * its connection can carry the next request. */
static int drain(creq_response *r, creq_error *err)
{
    int rc;
    while ((rc = creq__transfer_pump(r, err)) > 0)
        ;
    return rc;
}

static int push_history(struct creq__call *c, creq_response *r)
{
    creq_response **grown = realloc(c->history, (c->history_len + 1) * sizeof(*grown));
    if (!grown)
        return CREQ_ENOMEM;
    grown[c->history_len++] = r;
    c->history = grown;
    return CREQ_OK;
}

/* A body from a reader cannot be sent twice; files and buffers can. */
static bool replayable(const struct creq__call *c)
{
    return !(c->p->streamed && c->st->req->body_reader);
}

static bool retryable_error(creq_code code)
{
    return creq_is_connection_error(code) || code == CREQ_EREAD_TIMEOUT ||
           code == CREQ_ECHUNKED;
}

/* Answers a Digest challenge on c->p. true when it now carries credentials. */
static bool answer_digest(struct creq__call *c, const creq_response *r)
{
    const char *challenge = creq_response_header(r, "WWW-Authenticate");
    if (!challenge || creq__digest_parse_challenge(&c->s->digest, challenge))
        return false;
    const creq_auth *a = c->st->auth;
    char *uri = creq__request_target(c->p->url);
    char *value = uri ? creq__digest_authorization(&c->s->digest, a->user, a->password,
                                                   c->p->method, uri, c->p->body,
                                                   c->p->body_len, NULL)
                      : NULL;
    bool ok = value && !creq__headers_set(&c->p->headers, "Authorization", value);
    free(value);
    free(uri);
    return ok;
}

void creq__call_init(struct creq__call *c, creq_session *s, const struct creq__settings *st,
                     creq_prepared *p)
{
    memset(c, 0, sizeof(*c));
    c->s = s;
    c->st = st;
    c->p = p;
    c->stream = st->flags & CREQ_STREAM;
    c->deadline = st->total_timeout > 0 ? creq__now() + st->total_timeout : 0;
    creq__retry_start(&c->retry, st->mount && st->mount->has_retry ? &st->mount->retry : NULL);
}

void creq__call_cleanup(struct creq__call *c)
{
    for (size_t i = 0; i < c->history_len; i++)
        creq_response_free(c->history[i]);
    free(c->history);
    creq__prepared_free(c->p);
    memset(c, 0, sizeof(*c));
}

/* The hop failed in transport: retry it or give up. */
static enum creq__step after_error(struct creq__call *c, creq_error *err)
{
    if (!retryable_error(err->code) || !replayable(c))
        return CREQ__STEP_FAIL;
    enum creq__failure kind = err->code == CREQ_EREAD_TIMEOUT || err->code == CREQ_ECHUNKED
                                  ? CREQ__FAIL_READ
                                  : CREQ__FAIL_CONNECT;
    c->wait = creq__retry_next(&c->retry, kind, c->p->method, NULL);
    return c->wait < 0 ? CREQ__STEP_FAIL : CREQ__STEP_AGAIN;
}

/* A redirect: follow it, or stop and offer it as "next". */
static enum creq__step after_redirect(struct creq__call *c, creq_response *r,
                                      creq_response **out, creq_error *err)
{
    const char *location = creq_response_header(r, "Location");
    char *next_url = creq__resolve_location(c->p->url, location);
    if (!next_url) {
        creq__fail(err, CREQ_EINVALID_URL, "Invalid redirect Location '%s'", location);
        goto fail;
    }
    if (strncasecmp(next_url, "http://", 7) && strncasecmp(next_url, "https://", 8)) {
        creq__fail(err, CREQ_EINVALID_SCHEMA, "No connection adapters were found for '%s'",
                   next_url);
        free(next_url);
        goto fail;
    }
    creq_prepared *next = creq__redirect_next(c->p, r, next_url);
    free(next_url);
    if (!next) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto fail;
    }
    if (!c->st->follow) {
        r->next = next;
        return CREQ__STEP_DONE; /* the caller finishes r as final */
    }
    if ((int)c->history_len >= c->st->max_redirects) {
        creq__prepared_free(next);
        creq__fail(err, CREQ_ETOO_MANY_REDIRECTS, "Exceeded %d redirects.", c->st->max_redirects);
        goto fail;
    }
    if ((next->body || next->streamed) && !replayable(c)) {
        creq__prepared_free(next);
        creq__fail(err, CREQ_EINVAL, "the streamed body cannot be sent again after a %d redirect",
                   r->status);
        goto fail;
    }
    if (drain(r, err) < 0) {
        creq__prepared_free(next);
        goto fail;
    }
    r->request = c->p;
    c->p = next;
    if (push_history(c, r)) {
        creq_response_free(r); /* with the old hop, which it now owns */
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        return CREQ__STEP_FAIL;
    }
    c->digest_tries = 0; /* requests resets its 401 count on a redirect */
    c->wait = 0;
    *out = NULL;
    return CREQ__STEP_AGAIN;
fail:
    creq_response_free(r);
    return CREQ__STEP_FAIL;
}

enum creq__step creq__call_step(struct creq__call *c, creq_response *r, creq_response **out,
                                creq_error *err)
{
    *out = NULL;
    if (!r)
        return after_error(c, err);
    r->url = creq__arena_strndup(&r->arena, c->p->url, strlen(c->p->url));
    creq__response_collect_cookies(r);

    if (creq__retry_status_wanted(&c->retry, c->p->method, r->status) && replayable(c)) {
        c->wait = creq__retry_next(&c->retry, CREQ__FAIL_STATUS, c->p->method, r);
        if (c->wait < 0) {
            creq__fail(err, CREQ_ERETRY, "Max retries exceeded with url: %s (Caused by "
                       "ResponseError('too many %d error responses'))", c->p->url, r->status);
            err->status = r->status;
            creq_response_free(r);
            return CREQ__STEP_FAIL;
        }
        creq_response_free(r);
        return CREQ__STEP_AGAIN;
    }

    bool digest = c->st->auth && c->st->auth->kind == CREQ_AUTH_DIGEST;
    if (digest && r->status == 401 && c->digest_tries < 1 && replayable(c)) {
        creq_prepared *sent = NULL;
        if (drain(r, err) < 0) {
            creq_response_free(r);
            return CREQ__STEP_FAIL;
        }
        sent = creq__prepared_copy(c->p);
        if (sent && answer_digest(c, r)) {
            r->request = sent;
            c->digest_tries++;
            c->wait = 0;
            /* requests keeps the 401 in the history of the answer. */
            if (push_history(c, r)) {
                creq_response_free(r);
                return creq__fail(err, CREQ_ENOMEM, "out of memory"), CREQ__STEP_FAIL;
            }
            return CREQ__STEP_AGAIN;
        }
        creq__prepared_free(sent); /* no usable challenge: the 401 is the answer */
    } else if (creq_response_is_redirect(r)) {
        enum creq__step step = after_redirect(c, r, out, err);
        if (step != CREQ__STEP_DONE)
            return step;
    }
    r->request = c->p;
    c->p = NULL;
    r->history = c->history;
    r->history_len = c->history_len;
    c->history = NULL;
    c->history_len = 0;
    *out = r;
    return CREQ__STEP_DONE;
}

bool creq__run_hooks(creq_session *s, creq_response *r, creq_error *err)
{
    for (size_t i = 0; i < s->hook_count; i++) {
        if (s->hooks[i].fn(r, s->hooks[i].userdata)) {
            creq_response_free(r);
            creq__fail(err, CREQ_EABORTED, "a response hook stopped the request");
            return false;
        }
    }
    return true;
}
