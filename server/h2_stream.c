/* SPDX-License-Identifier: MIT */
/* HTTP/2 streams: nghttp2's callbacks build each stream's hb_request
 * (pseudo-headers to method and target, :authority shown as Host), give
 * its body to exchange.c, and send the answer as HEADERS and DATA frames;
 * waits and paced bodies go to the timer, which posts the stream back to
 * its loop, so no thread waits. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "exchange.h"
#include "h2_conn.h"
#include "server.h"
#include "timer.h"

/* Pauses shorter than this are not worth a timer round trip. */
#define MIN_PAUSE 0.0005

static struct h2_stream *stream_of(nghttp2_session *session, int32_t id)
{
    return nghttp2_session_get_stream_user_data(session, id);
}

static int on_begin_headers(nghttp2_session *session, const nghttp2_frame *frame, void *user)
{
    struct h2_conn *c = user;
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    c->head_ns = hb_now_ns(); /* --header-timeout runs from here */
    c->head_stream = frame->hd.stream_id;
    /* --h2-max-streams, enforced here rather than by nghttp2 (h2_conn.c,
     * send_settings): the stream past it is refused, the others go on. */
    if (c->stream_count >= c->home->engine->server->cfg.h2_max_streams) {
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id,
                                  NGHTTP2_REFUSED_STREAM);
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* its head is skipped */
    }
    struct h2_stream *st = calloc(1, sizeof(*st));
    struct hb_request *req = st ? hb_exchange_new(c->home->engine->server) : NULL;
    if (!req) {
        free(st);
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* RST_STREAM */
    }
    st->conn = c;
    st->id = frame->hd.stream_id;
    st->req = req;
    req->version = "HTTP/2.0";
    req->tls = c->tls;
    req->tls_session = c->tls_session;
    hb_exchange_set_peer(req, (const struct sockaddr *)&c->peer);
    st->next = c->streams;
    if (c->streams)
        c->streams->prev = st;
    c->streams = st;
    c->stream_count++;
    nghttp2_session_set_stream_user_data(session, st->id, st);
    return 0;
}

/* The decoded size of a head past which the peer is not a client that
 * misjudged --max-header-bytes but a block made to decode large (an HPACK
 * bomb: one table entry named thousands of times, a byte each): four times
 * the SETTINGS_MAX_HEADER_LIST_SIZE we sent, and never under 64 KiB. */
static size_t header_ceiling(const struct hb_config *cfg)
{
    size_t four = 4 * (cfg->max_header_bytes + 1024);
    return four > 65536 ? four : 65536;
}

static int on_header(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name,
                     size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
                     void *user)
{
    (void)flags;
    (void)user;
    struct h2_stream *st = stream_of(session, frame->hd.stream_id);
    if (!st || frame->hd.type != NGHTTP2_HEADERS)
        return 0;
    struct hb_request *req = st->req;
    const struct hb_config *cfg = &req->server->cfg;
    /* What HTTP/1.1 would have sent: "name: value\r\n". */
    req->head_bytes += namelen + valuelen + 4;
    if (req->head_bytes > header_ceiling(cfg)) {
        /* Decoding the rest would cost as much again for every byte sent. */
        nghttp2_session_terminate_session(session, NGHTTP2_ENHANCE_YOUR_CALM);
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    /* Trailers are counted, not kept; past the limit the head is answered
     * 431 (route) and only what routing needs is kept. */
    if (frame->headers.cat != NGHTTP2_HCAT_REQUEST ||
        (req->head_bytes > cfg->max_header_bytes && name[0] != ':'))
        return 0;
    struct hb_arena *a = &req->arena;
    char *n = hb_arena_memdup(a, name, namelen), *v = hb_arena_memdup(a, value, valuelen);
    if (!n || !v || hb_kvlist_add(a, &req->h2_fields, n, v, valuelen))
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    if (n[0] == ':') {
        if (!strcmp(n, ":method"))
            req->method = v;
        else if (!strcmp(n, ":path"))
            req->raw_uri = req->target = v;
        else if (!strcmp(n, ":authority") && hb_kvlist_add(a, &req->headers, "Host", v, valuelen))
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        return 0;
    }
    if (!strcmp(n, "host") && hb_kvlist_get(&req->headers, "Host"))
        return 0; /* :authority said it (RFC 9113 8.3.1) */
    return hb_kvlist_add(a, &req->headers, n, v, valuelen) ? NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE
                                                            : 0;
}

/* The head is in: the route decides whether the body is kept. */
static void route(struct h2_stream *st)
{
    struct hb_request *req = st->req;
    const struct hb_config *cfg = &req->server->cfg;
    if (!req->method || !req->raw_uri) /* CONNECT: no :path */
        req->method = req->method ? req->method : "-", req->raw_uri = "/";
    req->head_too_large = req->head_bytes > cfg->max_header_bytes;
    hb_exchange_route(req);
}

static ssize_t read_body(nghttp2_session *session, int32_t id, uint8_t *buf, size_t length,
                         uint32_t *flags, nghttp2_data_source *source, void *user);

/* Parks the stream for 'seconds'; 0 when the timer will not take it
 * (stopping, out of memory): then go on at once. */
static int wait_for(struct h2_stream *st, double seconds)
{
    st->waiting = true;
    st->conn->refs++;
    if (hb_timer_add(st->req->server->timer, seconds, st->conn->home->engine->wake, st) == 0)
        return 1;
    st->waiting = false;
    st->conn->refs--;
    return 0;
}

static bool is_hop_by_hop(const char *name)
{
    static const char *const names[] = { "connection", "keep-alive", "proxy-connection",
                                         "transfer-encoding", "upgrade" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcasecmp(name, names[i]))
            return true;
    return false;
}

static char *lowercase(struct hb_arena *a, const char *s)
{
    char *out = hb_arena_strdup(a, s);
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

static void add_nv(nghttp2_nv *nv, size_t *n, const char *name, const char *value)
{
    nv[(*n)++] = (nghttp2_nv){ (uint8_t *)name, (uint8_t *)value, strlen(name), strlen(value),
                               NGHTTP2_NV_FLAG_NONE };
}

/* Submits the answer: HEADERS, then DATA frames from read_body. */
static void submit(struct h2_stream *st)
{
    struct hb_request *req = st->req;
    struct hb_response *res = &req->response;
    struct hb_arena *a = &req->arena;
    size_t cap = res->headers.count + 4, n = 0;
    nghttp2_nv *nv = hb_arena_alloc(a, cap * sizeof(*nv));
    char *status = hb_arena_printf(a, "%d", res->status);
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
    if (!nv || !status) {
        nghttp2_submit_rst_stream(st->conn->session, NGHTTP2_FLAG_NONE, st->id,
                                  NGHTTP2_INTERNAL_ERROR);
        return;
    }
    add_nv(nv, &n, ":status", status);
    if (res->content_type)
        add_nv(nv, &n, "content-type", res->content_type);
    for (size_t i = 0; i < res->headers.count; i++) {
        const char *name = lowercase(a, res->headers.items[i].name);
        if (name && !is_hop_by_hop(name))
            add_nv(nv, &n, name, res->headers.items[i].value);
    }
    char *length = NULL;
    if (!res->fill)
        length = hb_arena_printf(a, "%zu", res->len);
    else if (res->fill_size != HB_SIZE_UNKNOWN)
        length = hb_arena_printf(a, "%llu", (unsigned long long)res->fill_size);
    bool bodiless = !strcmp(req->method, "HEAD") || res->status == 204 || res->status == 304;
    if (length && res->status != 204 && res->status != 304)
        add_nv(nv, &n, "content-length", length);
    add_nv(nv, &n, "date", hb_arena_strdup(a, date));
    nghttp2_data_provider body = { .source.ptr = st, .read_callback = read_body };
    st->answered = true;
    req->state = HB_STATE_QUEUED;
    if (nghttp2_submit_response(st->conn->session, st->id, nv, n, bodiless ? NULL : &body))
        nghttp2_submit_rst_stream(st->conn->session, NGHTTP2_FLAG_NONE, st->id,
                                  NGHTTP2_INTERNAL_ERROR);
}

/* The request is complete (END_STREAM): decide and answer, or wait. */
static void answer(struct h2_stream *st)
{
    struct hb_request *req = st->req;
    if (req->answered_early)
        return;
    req->answered_early = 1;
    if (hb_exchange_target_too_long(&req->server->cfg, req->raw_uri))
        hb_reply_error(&req->response, 414, HB_TARGET_TOO_LONG);
    else
        hb_exchange_answer(req);
    if (req->response.delay > 0 && wait_for(st, req->response.delay))
        return;
    submit(st);
}

/* A stream moved a frame: the connection is in use (its idle timeout). */
static void in_use(const nghttp2_frame *frame, struct h2_conn *c)
{
    if (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)
        c->active_ns = hb_now_ns();
}

static int on_frame_recv(nghttp2_session *session, const nghttp2_frame *frame, void *user)
{
    struct h2_conn *c = user;
    in_use(frame, c);
    if (frame->hd.type == NGHTTP2_HEADERS && frame->hd.stream_id == c->head_stream)
        c->head_ns = 0; /* the head is in */
    struct h2_stream *st = stream_of(session, frame->hd.stream_id);
    if (!st)
        return 0;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
        route(st);
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
        answer(st);
    return 0;
}

static int on_frame_send(nghttp2_session *session, const nghttp2_frame *frame, void *user)
{
    (void)session;
    in_use(frame, user);
    return 0;
}

static int on_data(nghttp2_session *session, uint8_t flags, int32_t id, const uint8_t *data,
                   size_t len, void *user)
{
    (void)flags;
    ((struct h2_conn *)user)->active_ns = hb_now_ns(); /* a body arriving is a use */
    struct h2_stream *st = stream_of(session, id);
    if (st && !st->req->answered_early)
        hb_exchange_receive(st->req, (const char *)data, len);
    return 0;
}

static ssize_t read_body(nghttp2_session *session, int32_t id, uint8_t *buf, size_t length,
                         uint32_t *flags, nghttp2_data_source *source, void *user)
{
    (void)session;
    (void)id;
    (void)user;
    struct h2_stream *st = source->ptr;
    struct hb_response *res = &st->req->response;
    if (!res->fill) {
        size_t n = res->len - st->sent < length ? res->len - st->sent : length;
        memcpy(buf, res->body + st->sent, n);
        st->sent += n;
        st->req->bytes_sent = st->sent;
        if (st->sent == res->len)
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return (ssize_t)n;
    }
    if (res->pause >= MIN_PAUSE) {
        double seconds = res->pause;
        res->pause = 0;
        if (wait_for(st, seconds))
            return NGHTTP2_ERR_DEFERRED;
    }
    double pause = 0;
    long n = res->fill(res->fill_state, (char *)buf, length, &pause);
    if (n < 0 || (size_t)n > length)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    if (n == 0)
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    res->pause = pause;
    st->req->bytes_sent += (uint64_t)n;
    return n;
}

static void free_stream(struct h2_stream *st)
{
    if (st->req)
        hb_exchange_end(st->req);
    free(st);
}

static void unlink_stream(struct h2_stream *st)
{
    struct h2_conn *c = st->conn;
    if (!st->prev && c->streams != st)
        return; /* not in the list */
    if (st->prev)
        st->prev->next = st->next;
    else
        c->streams = st->next;
    if (st->next)
        st->next->prev = st->prev;
    st->prev = st->next = NULL;
    c->stream_count--;
}

void h2_stream_discard(struct h2_stream *st)
{
    unlink_stream(st);
    st->closed = true;
    if (!st->waiting) {
        free_stream(st);
        return;
    }
    /* Its timer still holds the stream, not the request: a reset one is
     * no longer in flight, and a flood of them keeps only these few bytes
     * until their timers fire. */
    hb_exchange_end(st->req);
    st->req = NULL;
}

static int on_stream_close(nghttp2_session *session, int32_t id, uint32_t error, void *user)
{
    (void)error;
    struct h2_conn *c = user;
    if (id == c->head_stream)
        c->head_ns = 0; /* no head is coming for it any more */
    struct h2_stream *st = stream_of(session, id);
    if (st) {
        nghttp2_session_set_stream_user_data(session, id, NULL);
        h2_stream_discard(st);
    }
    return 0;
}

void h2_stream_resume(struct h2_stream *st)
{
    struct h2_conn *c = st->conn;
    st->waiting = false;
    c->refs--; /* the connection's owner still holds one */
    if (st->closed || c->dead)
        free_stream(st);
    else if (!st->answered)
        submit(st);
    else
        nghttp2_session_resume_data(c->session, st->id);
}

void h2_stream_callbacks(nghttp2_session_callbacks *cbs)
{
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
    nghttp2_session_callbacks_set_on_frame_send_callback(cbs, on_frame_send);
}
