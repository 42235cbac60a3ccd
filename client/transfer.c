/* SPDX-License-Identifier: MIT */
/* One HTTP exchange on the session's multi handle: its easy handle set up
 * (transfer_setup.c), driven with curl_multi_poll() so that read timeouts
 * are exact, its outcome read into the response, and (for CREQ_STREAM) left
 * open for pulling. */
#include <curl/curl.h>
#include <stdlib.h>

#include "transfer.h"
#include "error.h"
#include "now.h"
#include "response_data.h"
#include "session.h"
#include "settings.h"
#include "transfer_pool.h"
#include "transfer_setup.h"
#include "transfer_state.h"

/* Marks every finished transfer of the session's multi handle. */
static void collect_done(creq_session *s)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(s->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct creq__transfer *done = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&done);
        if (done) {
            done->done = true;
            done->result = m->data.result;
        }
    }
}

int creq__transfer_check(struct creq__transfer *t, double now, double *wait, creq_error *err)
{
    if (t->done)
        return CREQ_OK;
    if (!t->sent) {
        curl_off_t pre = 0;
        curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pre);
        if (pre > 0) {
            t->sent = true;
            t->last_activity = now;
        }
    }
    if (t->read_timeout > 0 && t->sent) {
        double left = t->last_activity + t->read_timeout - now;
        if (left <= 0)
            return creq__fail(err, CREQ_EREAD_TIMEOUT, "Read timed out. (read timeout=%g)",
                              t->read_timeout);
        if (left < *wait)
            *wait = left;
    }
    if (t->deadline > 0) {
        double left = t->deadline - now;
        if (left <= 0)
            return creq__fail(err, t->sent ? CREQ_EREAD_TIMEOUT : CREQ_ECONNECT_TIMEOUT,
                              "The total timeout ran out");
        if (left < *wait)
            *wait = left;
    }
    return CREQ_OK;
}

int creq__session_pump(creq_session *s, double wait, creq_error *err)
{
    int running;
    CURLMcode mc = curl_multi_perform(s->multi, &running);
    if (mc == CURLM_OK) {
        collect_done(s);
        int ms = (int)(wait * 1000);
        mc = curl_multi_poll(s->multi, NULL, 0, ms > 0 ? ms : 1, NULL);
    }
    if (mc != CURLM_OK)
        return creq__fail(err, CREQ_ENOMEM, "libcurl: %s", curl_multi_strerror(mc));
    collect_done(s);
    return CREQ_OK;
}

/* Drives until t is done, or (until_headers) its headers are in, or there is
 * new body (until_data). 0, or a creq_code with err set. */
static int drive(struct creq__transfer *t, bool until_headers, bool until_data, creq_error *err)
{
    size_t had = t->r->len;
    for (;;) {
        int running;
        CURLMcode mc = curl_multi_perform(t->s->multi, &running);
        if (mc != CURLM_OK)
            return creq__fail(err, CREQ_ENOMEM, "curl_multi_perform: %s", curl_multi_strerror(mc));
        collect_done(t->s);
        if (t->done || (until_headers && t->headers_done) || (until_data && t->r->len > had))
            return CREQ_OK;
        double wait = 1.0;
        /* Only timeouts need checking (conclude() finds out itself whether
         * the request went out). */
        if (t->read_timeout > 0 || t->deadline > 0) {
            int rc = creq__transfer_check(t, creq__now(), &wait, err);
            if (rc)
                return rc;
        }
        int ms = (int)(wait * 1000);
        curl_multi_poll(t->s->multi, NULL, 0, ms > 0 ? ms : 1, NULL);
    }
}

void creq__transfer_free(struct creq__transfer *t)
{
    if (!t)
        return;
    curl_multi_remove_handle(t->s->multi, t->easy);
    /* Drops the list COOKIEFILE left behind (libcurl 7.88 never frees it);
     * the engine itself stays on. */
    if (t->fresh)
        curl_easy_setopt(t->easy, CURLOPT_COOKIEFILE, NULL);
    curl_mime_free(t->mime);
    t->mime = NULL;
    free(t->cookie);
    t->cookie = NULL;
    creq__pool_give(&t->s->idle, t);
}

/* Whether the handle may skip curl_easy_reset() before its next transfer:
 * it got only the constant and per-transfer options, and the transfer left
 * none of the state that only a reset clears. libcurl counts its retries on
 * dead connections until a reset (a retry shows as a redirect time, and
 * mostly as a new connection) and keeps what 401 and 407 answers or a proxy
 * negotiated; a failed transfer may leave anything. */
static bool leaves_handle_plain(const struct creq__transfer *t, long connects)
{
    if (t->extra || t->fresh || t->proxied || t->result != CURLE_OK || connects)
        return false;
    if (t->r->status == 401 || t->r->status == 407)
        return false;
    curl_off_t redirect = 1;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_TIME_T, &redirect);
    return redirect == 0;
}

/* The transfer is over: its outcome into r, or an error. */
static int conclude(struct creq__transfer *t, creq_error *err)
{
    creq_response *r = t->r;
    long connects = 0;
    curl_off_t v;
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    t->s->connects += connects;
    r->timing.new_conns = connects;
    if (!curl_easy_getinfo(t->easy, CURLINFO_NAMELOOKUP_TIME_T, &v))
        r->timing.dns = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &v))
        r->timing.connect = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_APPCONNECT_TIME_T, &v))
        r->timing.tls = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_STARTTRANSFER_TIME_T, &v))
        r->timing.ttfb = r->elapsed = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &v))
        r->timing.total = (double)v / 1e6;
    t->reusable = leaves_handle_plain(t, connects);
    if (t->result == CURLE_OK)
        return CREQ_OK;
    if (t->aborted)
        return creq__fail(err, CREQ_EABORTED, "a callback stopped the transfer");
    /* "Connected" means the request went out: a reused connection has no
     * connect time of its own, but it has a pretransfer time. */
    curl_off_t sent = 0;
    curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &sent);
    creq_code code = creq__map_curl(t->result, t->sent || sent > 0, t->proxied);
    creq__fail(err, code, "%s", *t->errbuf ? t->errbuf : curl_easy_strerror(t->result));
    if (err)
        err->curl_code = (int)t->result;
    return code;
}

struct creq__transfer *creq__transfer_start(creq_session *s, const struct creq__settings *st,
                                            const creq_prepared *p, bool stream,
                                            double deadline, creq_error *err)
{
    creq_response *r = creq__response_new();
    struct creq__transfer *t = r ? creq__pool_take(&s->idle, s) : NULL;
    if (!t) {
        creq__response_destroy(r);
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        return NULL;
    }
    t->r = r;
    t->deadline = deadline;
    t->read_timeout = st->read_timeout;
    creq__transfer_touch(t);
    /* A paused stream leaves pause state behind: reset the handle after. */
    t->extra = stream;
    int rc = creq__transfer_setup(t, st, p);
    if (rc) {
        creq__fail(err, rc, rc == CREQ_EINVAL ? "a file to upload cannot be read"
                                              : "out of memory");
        goto fail;
    }
    if (curl_multi_add_handle(s->multi, t->easy) != CURLM_OK) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto fail;
    }
    r->stream = stream ? t : NULL;
    return t;
fail:
    creq__transfer_free(t);
    creq__response_destroy(r);
    return NULL;
}

bool creq__transfer_done(const struct creq__transfer *t)
{
    return t->done;
}

creq_response *creq__transfer_finish(struct creq__transfer *t, creq_error *err)
{
    creq_response *r = t->r;
    r->stream = NULL;
    int rc = conclude(t, err);
    creq__transfer_free(t);
    if (rc) {
        creq__response_destroy(r);
        return NULL;
    }
    return r;
}

void creq__transfer_abort(struct creq__transfer *t)
{
    creq_response *r = t->r;
    r->stream = NULL;
    creq__transfer_free(t);
    creq__response_destroy(r);
}

creq_response *creq__transfer_run(creq_session *s, const struct creq__settings *st,
                                  const creq_prepared *p, bool stream, double deadline,
                                  creq_error *err)
{
    struct creq__transfer *t = creq__transfer_start(s, st, p, stream, deadline, err);
    if (!t)
        return NULL;
    if (drive(t, stream, false, err)) {
        creq__transfer_abort(t);
        return NULL;
    }
    if (stream && !t->done)
        return t->r; /* the body is pulled later, creq_response_read() */
    return creq__transfer_finish(t, err);
}

int creq__transfer_pump(creq_response *r, creq_error *err)
{
    struct creq__transfer *t = r->stream;
    if (!t)
        return 0;
    if (t->paused) {
        t->paused = false;
        curl_easy_pause(t->easy, CURLPAUSE_CONT);
    }
    if (!t->done && drive(t, false, true, err)) {
        r->stream = NULL;
        creq__transfer_free(t);
        return -1;
    }
    if (!t->done)
        return 1;
    r->stream = NULL;
    int rc = conclude(t, err);
    creq__transfer_free(t);
    return rc ? -1 : 0;
}
