/* SPDX-License-Identifier: MIT */
/* creq_multi: many requests at once on one session's multi handle, each
 * going through the same hop logic (redirects, digest, retries) as
 * creq_request, with its own timeouts. Those in HTTP/2 to one server
 * multiplex on one connection (session.c, transfer_setup.c). */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "now.h"
#include "prepare.h"
#include "settings.h"
#include "transfer.h"

struct item {
    char *method, *url;
    const creq_opts *opts;
    void *tag;
    struct creq__settings st;
    struct creq__call call;
    struct creq__transfer *t; /* the hop in flight, NULL while waiting */
    double start_at;          /* when the next hop may go (retry backoff) */
    bool finished;
};

struct creq_multi {
    creq_session *s;
    struct item *items;
    size_t count, cap;
};

creq_multi *creq_multi_new(creq_session *s)
{
    if (!s)
        return NULL;
    creq_multi *m = calloc(1, sizeof(*m));
    if (m)
        m->s = s;
    return m;
}

void creq_multi_free(creq_multi *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].method);
        free(m->items[i].url);
    }
    free(m->items);
    free(m);
}

int creq_multi_add(creq_multi *m, const char *method, const char *url, const creq_opts *opts,
                   void *tag)
{
    if (!m || !method || !url || (opts && (opts->flags & CREQ_STREAM)))
        return CREQ_EINVAL;
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        struct item *grown = realloc(m->items, cap * sizeof(*grown));
        if (!grown)
            return CREQ_ENOMEM;
        m->items = grown;
        m->cap = cap;
    }
    struct item *it = &m->items[m->count];
    memset(it, 0, sizeof(*it));
    it->method = strdup(method);
    it->url = strdup(url);
    if (!it->method || !it->url) {
        free(it->method);
        free(it->url);
        return CREQ_ENOMEM;
    }
    it->opts = opts;
    it->tag = tag;
    m->count++;
    return CREQ_OK;
}

static void finish(creq_multi *m, struct item *it, creq_response *r, creq_error *err,
                   creq_done_fn done)
{
    it->finished = true;
    creq__call_cleanup(&it->call);
    if (r && !creq__run_hooks(m->s, r, err))
        r = NULL;
    done(it->tag, r, r ? NULL : err);
}

/* Sends the item's next hop; on failure the step logic decides (retry). */
static void launch(creq_multi *m, struct item *it, creq_done_fn done)
{
    creq_error err = { 0 };
    it->t = creq__transfer_start(m->s, &it->st, it->call.p, false, it->call.deadline, &err);
    if (it->t)
        return;
    creq_response *r;
    if (creq__call_step(&it->call, NULL, &r, &err) == CREQ__STEP_AGAIN)
        it->start_at = creq__now() + it->call.wait;
    else
        finish(m, it, NULL, &err, done);
}

/* The hop in flight ended (done, or timed out with err set). */
static void advance(creq_multi *m, struct item *it, bool timed_out, creq_error *err,
                    creq_done_fn done)
{
    creq_response *hop = NULL, *r = NULL;
    if (timed_out)
        creq__transfer_abort(it->t);
    else
        hop = creq__transfer_finish(it->t, err);
    it->t = NULL;
    switch (creq__call_step(&it->call, hop, &r, err)) {
    case CREQ__STEP_AGAIN:
        it->start_at = creq__now() + it->call.wait;
        break;
    case CREQ__STEP_DONE:
        finish(m, it, r, err, done);
        break;
    case CREQ__STEP_FAIL:
        finish(m, it, NULL, err, done);
        break;
    }
}

int creq_multi_run(creq_multi *m, creq_done_fn done)
{
    if (!m || !done)
        return CREQ_EINVAL;
    size_t open = 0;
    for (size_t i = 0; i < m->count; i++) {
        struct item *it = &m->items[i];
        creq_error err = { 0 };
        creq__settings_resolve(&it->st, m->s, it->method, it->url, it->opts);
        creq_prepared *p = creq__prepare(m->s, &it->st, it->method, it->url, &err);
        if (!p) {
            it->finished = true;
            done(it->tag, NULL, &err);
            continue;
        }
        creq__call_init(&it->call, m->s, &it->st, p);
        it->start_at = 0;
        open++;
    }
    while (open) {
        double now = creq__now(), wait = 1.0;
        for (size_t i = 0; i < m->count; i++) {
            struct item *it = &m->items[i];
            if (it->finished)
                continue;
            if (!it->t && it->start_at <= now)
                launch(m, it, done);
            if (it->finished) {
                open--;
                continue;
            }
            if (!it->t) {
                if (it->start_at - now < wait)
                    wait = it->start_at - now;
                continue;
            }
            creq_error err = { 0 };
            bool ended = creq__transfer_done(it->t);
            bool timed_out = !ended && creq__transfer_check(it->t, now, &wait, &err);
            if (ended || timed_out) {
                advance(m, it, timed_out, &err, done);
                if (it->finished)
                    open--;
                wait = 0; /* a new hop may be waiting to start */
            }
        }
        if (!open)
            break;
        creq_error err = { 0 };
        if (creq__session_pump(m->s, wait > 0 ? wait : 0.001, &err))
            return err.code;
    }
    /* A run consumes the queue. */
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].method);
        free(m->items[i].url);
    }
    m->count = 0;
    return CREQ_OK;
}
