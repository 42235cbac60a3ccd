/* SPDX-License-Identifier: MIT */
/* The HTTP/1.x engine: libmicrohttpd's callbacks build the hb_request,
 * exchange.c routes and answers it, and the answer goes back as an MHD
 * response (paced bodies by suspending the connection). It never knows an
 * endpoint. */
#include "dispatch.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "connection.h"
#include "exchange.h"
#include "ip_limit.h"
#include "lib/http_token.h"
#include "log.h"
#include "server.h"
#include "timer.h"

static struct hb_connection *connection_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

void hb_dispatch_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                            enum MHD_ConnectionNotificationCode code)
{
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? hb_connection_open(cls, info->connect_fd) : NULL;
        return;
    }
    struct hb_server *server = cls;
    atomic_fetch_sub(&server->open, 1); /* counted by the door's hand-over */
    const union MHD_ConnectionInfo *peer =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (peer && peer->client_addr)
        hb_ip_limit_give(server->per_ip, peer->client_addr);
    struct hb_connection *hc = *socket_context;
    if (!hc)
        return;
    if (hc->unclaimed)
        hb_exchange_end(hc->unclaimed);
    hb_connection_close(hc);
    *socket_context = NULL;
}

/* The JSON error of a request refused before libmicrohttpd parses it. */
#define EARLY_414 "{\"error\":\"" HB_TARGET_TOO_LONG "\",\"status_code\":414}\n"

/* libmicrohttpd stores every query argument in a fixed per-connection pool
 * and, when it runs out, neither answers nor closes the connection (0.9.75).
 * So a target past our limits is refused here, before it parses them: the
 * answer goes straight to the socket (plain HTTP; over TLS the connection
 * is just closed), and the socket is shut so the client is not left
 * waiting. */
static int refuse_long_target(struct hb_request *req, const char *uri)
{
    if (!hb_exchange_target_too_long(&req->server->cfg, uri))
        return 0;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info)
        return 1;
    int fd = info->connect_fd;
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n"
                     "Access-Control-Allow-Origin: *\r\n\r\n%s",
                     sizeof(EARLY_414) - 1, EARLY_414);
    const union MHD_ConnectionInfo *tls =
        req->server->tls_daemon
            ? MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_GNUTLS_SESSION)
            : NULL;
    if (!(tls && tls->tls_session))
        (void)!send(fd, head, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(fd, SHUT_RDWR);
    return 1;
}

void *hb_dispatch_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct hb_request *req = hb_exchange_new(cls);
    if (!req)
        return NULL; /* MHD then answers with an error of its own */
    req->conn = conn;
    req->hc = connection_of(conn);
    if (req->hc) {
        if (req->hc->unclaimed) /* cannot happen: MHD closes after refusing */
            hb_exchange_end(req->hc->unclaimed);
        req->hc->unclaimed = req;
        hb_connection_enter(req->hc, HB_PHASE_HEAD);
    }
    if (refuse_long_target(req, uri ? uri : "/")) {
        req->refused = 1;
        req->response.status = 414;
        req->raw_uri = "-";
        return req;
    }
    req->raw_uri = hb_arena_strdup(&req->arena, uri ? uri : "/");
    req->target = req->raw_uri;
    return req;
}

static void set_peer(struct hb_request *req)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    hb_exchange_set_peer(req, info ? info->client_addr : NULL);
}

/* What the headers of a request head add up to. */
struct head_check {
    struct hb_request *req;    /* whose header list is filled */
    size_t bytes;
    const char *problem;       /* why the head is malformed, or NULL */
    const char *content_length;
};

/* libmicrohttpd 0.9.75 lets through what RFC 9112 says to refuse with 400:
 * names that are not tokens (": v", "X A", "X-A :"), NUL or CR in a value,
 * differing Content-Lengths (a request-smuggling vector), and transfer
 * codings it cannot decode (it then waits for the connection to close). */
static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size)
{
    struct head_check *hc = cls;
    (void)kind;
    hc->bytes += key_size + value_size + 4; /* ": " and CRLF */
    /* MHD keeps these strings until the request completes: borrowed. */
    if (hb_kvlist_add(&hc->req->arena, &hc->req->headers, key, value ? value : "",
                      value ? value_size : 0))
        hc->problem = hc->problem ? hc->problem : "out of memory for the headers";
    if (hc->problem)
        return MHD_YES;
    int token = key_size > 0;
    for (size_t i = 0; i < key_size && token; i++)
        token = hb_is_tchar(key[i]);
    if (!token)
        hc->problem = "a header name is not a token";
    else if (!value || strlen(value) != value_size || memchr(value, '\r', value_size))
        hc->problem = "a header value holds a NUL or a bare CR";
    else if (!strcasecmp(key, "Content-Length")) {
        if (hc->content_length && strcmp(hc->content_length, value))
            hc->problem = "the Content-Length headers disagree";
        hc->content_length = value;
    } else if (!strcasecmp(key, "Transfer-Encoding") && strcasecmp(value, "chunked")) {
        hc->problem = "the only transfer coding taken is chunked";
    }
    return MHD_YES;
}

/* First call: the request line and headers are in; pick the route. */
static void begin(struct hb_request *req, struct MHD_Connection *conn, const char *method,
                  const char *version)
{
    req->conn = conn;
    req->method = method;
    req->version = version;
    set_peer(req);
    /* A worker thread's connection names its worker daemon, not ours: ask
     * for the TLS session instead. */
    const union MHD_ConnectionInfo *ci =
        req->server->tls_daemon ? MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION)
                                : NULL;
    req->tls_session = ci ? ci->tls_session : NULL;
    req->tls = req->tls_session != NULL;
    struct head_check head = { .req = req };
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, check_header, &head);
    /* libmicrohttpd's pool is sized with room to spare: the limit is ours. */
    req->head_too_large = head.bytes > req->server->cfg.max_header_bytes;
    req->bad_head = head.problem;
    hb_exchange_route(req);
}

static void resume(void *arg)
{
    struct hb_request *req = arg;
    MHD_resume_connection(req->conn);
}

/* Parks the connection for 'seconds' (the timer resumes it). 0 when the
 * timer will not take it (stopping, out of memory): then go on at once. */
static int pause_connection(struct hb_request *req, double seconds)
{
    MHD_suspend_connection(req->conn);
    if (hb_timer_add(req->server->timer, seconds, resume, req) == 0)
        return 1;
    MHD_resume_connection(req->conn);
    return 0;
}

/* Pauses shorter than this are not worth a suspend and a timer round trip. */
#define MIN_PAUSE 0.0005

/* MHD's content reader for hb_reply_stream bodies. A pause asked for by the
 * last call is taken first: returning 0 while suspended is MHD's way to
 * wait without busy-looping; it calls again once resumed. */
static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct hb_request *req = cls;
    struct hb_response *res = &req->response;
    (void)pos;
    if (res->pause >= MIN_PAUSE) {
        double seconds = res->pause;
        res->pause = 0;
        if (pause_connection(req, seconds))
            return 0;
    }
    double pause = 0;
    long n = res->fill(res->fill_state, buf, max, &pause);
    if (n < 0 || (size_t)n > max)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (n == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    res->pause = pause;
    req->bytes_sent += (uint64_t)n;
    return n;
}

/* The read buffer MHD hands a content reader: big enough for throughput,
 * small enough for 10k connections. */
#define STREAM_BLOCK (16 * 1024)

static struct MHD_Response *stream_response(struct hb_request *req)
{
    struct hb_response *res = &req->response;
    uint64_t size = res->fill_size == HB_SIZE_UNKNOWN ? MHD_SIZE_UNKNOWN : res->fill_size;
    return MHD_create_response_from_callback(size, STREAM_BLOCK, read_stream, req, NULL);
}

static enum MHD_Result queue(struct hb_request *req)
{
    struct hb_response *res = &req->response;
    struct MHD_Response *r;
    if (res->fill) {
        r = stream_response(req);
    } else if (res->malloced) {
        /* MUST_FREE: MHD now owns the buffer and frees it with free(). */
        r = MHD_create_response_from_buffer(res->len, res->malloced, MHD_RESPMEM_MUST_FREE);
        if (r)
            res->malloced = NULL;
    } else {
        /* PERSISTENT: static data or arena memory, which outlives the response. */
        r = MHD_create_response_from_buffer(res->len, (void *)res->body,
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (!r)
        return MHD_NO;
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    for (size_t i = 0; i < res->headers.count; i++)
        if (MHD_add_response_header(r, res->headers.items[i].name,
                                    res->headers.items[i].value) == MHD_NO)
            hb_log_error(&req->server->cfg, "dropped response header %s: not sendable",
                         res->headers.items[i].name);
    enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    req->state = HB_STATE_QUEUED;
    if (!res->fill)
        req->bytes_sent = res->len;
    return ok;
}

/* Last call: the body is in. Decide the answer and queue it (or wait). */
static enum MHD_Result finish(struct hb_request *req)
{
    hb_exchange_answer(req);
    if (req->response.delay > 0) {
        req->state = HB_STATE_WAITING;
        if (pause_connection(req, req->response.delay))
            return MHD_YES;
    }
    return queue(req);
}

/* The body is in, or will not be read: from here only libmicrohttpd's
 * silence timeout applies (a long /drip is not a slow client). */
static enum MHD_Result start_answer(struct hb_request *req)
{
    if (req->hc)
        hb_connection_enter(req->hc, HB_PHASE_ANSWER);
    return finish(req);
}

enum MHD_Result hb_dispatch_request(void *cls, struct MHD_Connection *conn,
                                    const char *url, const char *method,
                                    const char *version, const char *upload_data,
                                    size_t *upload_size, void **con_cls)
{
    struct hb_request *req = *con_cls;
    (void)cls;
    (void)url;
    if (!req || req->refused)
        return MHD_NO; /* refused in hb_dispatch_begin: close */

    switch (req->state) {
    case HB_STATE_NEW:
        if (req->hc) {
            req->hc->unclaimed = NULL; /* MHD will report its completion */
            hb_connection_enter(req->hc, HB_PHASE_BODY);
        }
        begin(req, conn, method, version);
        req->state = HB_STATE_RECEIVING;
        if (req->bad_head) /* answered before any body is read; MHD then closes */
            return start_answer(req);
        if (hb_exchange_reads_body(req)) {
            /* Refuse a declared oversize body before reading (or 100-continue). */
            const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > req->server->cfg.max_body) {
                req->body_too_large = 1;
                return start_answer(req);
            }
        }
        return MHD_YES;
    case HB_STATE_RECEIVING:
        if (*upload_size) {
            hb_exchange_receive(req, upload_data, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        return start_answer(req);
    case HB_STATE_WAITING:
        return queue(req); /* the timer resumed us */
    case HB_STATE_QUEUED:
        *upload_size = 0; /* an early answer (413): drop the rest */
        return MHD_YES;
    }
    return MHD_NO;
}

void hb_dispatch_end(void *cls, struct MHD_Connection *conn, void **con_cls,
                     enum MHD_RequestTerminationCode toe)
{
    struct hb_request *req = *con_cls;
    (void)cls;
    (void)conn;
    (void)toe;
    if (!req)
        return;
    if (req->hc) {
        if (req->hc->unclaimed == req)
            req->hc->unclaimed = NULL;
        hb_connection_enter(req->hc, HB_PHASE_LINE);
    }
    hb_exchange_end(req);
    *con_cls = NULL;
}
