/* SPDX-License-Identifier: MIT */
/* MHD callback -> hb_request -> the router's row -> handler -> MHD
 * response. The one place that knows both libmicrohttpd and the route
 * table it was started with; it never knows an endpoint. */
#include "dispatch.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "connection.h"
#include "journal.h"
#include "exchange.h"
#include "lib/http_token.h"
#include "log.h"
#include "router.h"
#include "server.h"
#include "timer.h"
#include "lib/urlencoded.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct hb_connection *connection_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void end_request(struct hb_server *server, struct hb_request *req);

void hb_dispatch_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                            enum MHD_ConnectionNotificationCode code)
{
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? hb_connection_open(cls, info->connect_fd) : NULL;
        return;
    }
    struct hb_connection *hc = *socket_context;
    if (!hc)
        return;
    if (hc->unclaimed)
        end_request(cls, hc->unclaimed);
    hb_connection_close(hc);
    *socket_context = NULL;
}

/* The JSON error of a request refused before libmicrohttpd parses it. */
#define EARLY_414 "{\"error\":\"the request target is longer than --max-url-bytes or has more " \
                  "query arguments than --max-query-args\",\"status_code\":414}\n"

/* libmicrohttpd stores every query argument in a fixed per-connection pool
 * and, when it runs out, neither answers nor closes the connection (0.9.75).
 * So a target past our limits is refused here, before it parses them: the
 * answer goes straight to the socket (plain HTTP; over TLS the connection
 * is just closed), and the socket is shut so the client is not left
 * waiting. */
static int refuse_long_target(struct hb_request *req, const char *uri)
{
    const struct hb_config *cfg = &req->server->cfg;
    size_t len = strlen(uri), args = 0;
    const char *q = strchr(uri, '?');
    for (const char *p = q; p && *p; p++)
        args += *p == '&';
    if (q)
        args++;
    if (len <= cfg->max_url_bytes && args <= cfg->max_query_args)
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
    struct hb_server *server = cls;
    struct hb_request *req = malloc(sizeof(*req));
    if (!req)
        return NULL; /* MHD then answers with an error of its own */
    memset(req, 0, offsetof(struct hb_request, arena));
    hb_arena_init(&req->arena, 0);
    req->server = server;
    req->conn = conn;
    req->start_ns = now_ns();
    if (server->journal) /* the wall clock is only the journal's */
        clock_gettime(CLOCK_REALTIME, &req->arrived);
    req->response.req = req;
    atomic_fetch_add(&server->inflight, 1);
    req->hc = connection_of(conn);
    if (req->hc) {
        if (req->hc->unclaimed) /* cannot happen: MHD closes after refusing */
            end_request(server, req->hc->unclaimed);
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

static void format_client_ip(struct hb_request *req)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    strcpy(req->client_ip, "unknown");
    if (!sa)
        return;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->client_ip,
                  sizeof(req->client_ip));
        req->client_port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        req->client_port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(a6))
            inet_ntop(AF_INET, &a6->s6_addr[12], req->client_ip, sizeof(req->client_ip));
        else
            inet_ntop(AF_INET6, a6, req->client_ip, sizeof(req->client_ip));
    }
}

/* What the headers of a request head add up to. */
struct head_check {
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
    req->method_bit = hb_method_bit(method);
    format_client_ip(req);
    /* A worker thread's connection names its worker daemon, not ours: ask
     * for the TLS session instead. */
    const union MHD_ConnectionInfo *ci =
        req->server->tls_daemon ? MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION)
                                : NULL;
    req->tls = ci && ci->tls_session;
    struct head_check head = { 0 };
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, check_header, &head);
    /* libmicrohttpd's pool is sized with room to spare: the limit is ours. */
    req->head_too_large = head.bytes > req->server->cfg.max_header_bytes;
    req->bad_head = head.problem;

    char *path = (char *)req->raw_uri;
    /* The absolute form a client may send (RFC 9112 3.2.2): route on its
     * path, as gunicorn does. */
    if (!strncasecmp(path, "http://", 7) || !strncasecmp(path, "https://", 8)) {
        char *slash = strchr(strstr(path, "//") + 2, '/');
        char *query = strchr(path, '?');
        if (!slash || (query && query < slash))
            path = hb_arena_printf(&req->arena, "/%s", query ? query : "");
        else
            path = slash;
        req->raw_uri = path ? path : "/";
        path = (char *)req->raw_uri;
    }
    char *q = strchr(path, '?');
    req->raw_query = q ? q + 1 : "";
    if (q)
        path = hb_arena_memdup(&req->arena, path, (size_t)(q - path));
    req->raw_path = path ? path : "/";

    size_t len;
    char *decoded = hb_percent_decode(&req->arena, req->raw_path, strlen(req->raw_path), 0, &len);
    if (!decoded || strlen(decoded) != len) {
        req->bad_path = 1; /* %00 in the path: nothing can match it safely */
        return;
    }
    /* OPTIONS is answered here for every path, so only collect what allows. */
    unsigned want = req->method_bit == HB_OPTIONS ? 0 : req->method_bit;
    /* Werkzeug ignores extra leading slashes: "//get" is /get. */
    while (decoded[0] == '/' && decoded[1] == '/')
        decoded++;
    req->route = hb_router_route(&req->server->router, decoded, want, &req->arena, &req->params,
                                 &req->allowed);
}

static int reads_body(const struct hb_request *req)
{
    return req->route && (req->route->flags & HB_READS_BODY);
}

/* The journal's share of a body the route does not read. */
static void keep_for_journal(struct hb_request *req, const char *data, size_t size)
{
    size_t max = req->server->cfg.journal_max_body;
    if (req->journal_body_len >= max)
        return;
    if (size > max - req->journal_body_len)
        size = max - req->journal_body_len;
    char *grown = realloc(req->journal_body, req->journal_body_len + size);
    if (!grown)
        return;
    memcpy(grown + req->journal_body_len, data, size);
    req->journal_body = grown;
    req->journal_body_len += size;
}

static void receive(struct hb_request *req, const char *data, size_t size)
{
    req->body_seen += size;
    if (!reads_body(req)) {
        if (req->server->journal)
            keep_for_journal(req, data, size);
        return; /* drained: the route does not look at bodies */
    }
    if (req->body_too_large)
        return;
    size_t max = req->server->cfg.max_body;
    if (size > max - req->body_len) {
        req->body_too_large = 1; /* 413; what fits is kept for the journal */
        size = max - req->body_len;
        if (size == 0)
            return;
    }
    if (req->body_len + size + 1 > req->body_cap) {
        size_t cap = req->body_cap ? req->body_cap : 4096;
        while (cap < req->body_len + size + 1)
            cap *= 2;
        char *grown = realloc(req->body, cap);
        if (!grown) {
            req->body_too_large = 1;
            return;
        }
        req->body = grown;
        req->body_cap = cap;
    }
    memcpy(req->body + req->body_len, data, size);
    req->body_len += size;
    req->body[req->body_len] = '\0';
}

static void add_cors(struct hb_request *req, struct MHD_Response *r)
{
    const char *origin = hb_request_header(req, "Origin");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", origin ? origin : "*");
    MHD_add_response_header(r, "Access-Control-Allow-Credentials", "true");
    if (req->method_bit != HB_OPTIONS)
        return;
    MHD_add_response_header(r, "Access-Control-Allow-Methods",
                            "GET, POST, PUT, DELETE, PATCH, OPTIONS");
    MHD_add_response_header(r, "Access-Control-Max-Age", "3600");
    const char *asked = hb_request_header(req, "Access-Control-Request-Headers");
    if (asked)
        MHD_add_response_header(r, "Access-Control-Allow-Headers", asked);
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
    add_cors(req, r);
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
    struct hb_response *res = &req->response;
    char allow[128];

    if (req->bad_head) {
        hb_reply_error(res, 400, "malformed request head: %s", req->bad_head);
    } else if (req->head_too_large) {
        hb_reply_error(res, 431, "the request headers are larger than the limit of %zu bytes "
                       "(--max-header-bytes)", req->server->cfg.max_header_bytes);
    } else if (req->bad_path) {
        hb_reply_error(res, 400, "the path must not contain %%00");
    } else if (req->method_bit == HB_OPTIONS) {
        /* Flask's automatic OPTIONS answer, which httpbin's CORS relies on. */
        if (req->allowed) {
            hb_method_list(req->allowed, allow, sizeof(allow));
            hb_reply_header(res, "Allow", allow);
        }
        hb_reply_bytes(res, 200, "text/html; charset=utf-8", "", 0);
    } else if (!req->route && !req->allowed) {
        hb_reply_error(res, 404, "no such endpoint: %s; the index page / lists them all",
                       req->raw_path);
    } else if (!req->route) {
        hb_method_list(req->allowed, allow, sizeof(allow));
        hb_reply_header(res, "Allow", allow);
        hb_reply_error(res, 405, "method %s is not allowed here; allowed: %s",
                       req->method, allow);
    } else if (req->body_too_large) {
        hb_reply_error(res, 413, "the request body is larger than the limit of %zu bytes "
                       "(--max-body)", req->server->cfg.max_body);
    } else {
        int status = req->route->handler(req, res);
        if (status <= 0 || res->status == 0) {
            hb_log_error(&req->server->cfg, "handler for %s gave no reply", req->route->pattern);
            hb_reply_error(res, 500, "internal error: the handler gave no reply");
        }
    }

    /* Recorded before the answer leaves: a client holding its response
     * finds its request in the journal. */
    if (req->server->journal && !(req->route && (req->route->flags & HB_UNRECORDED)))
        hb_journal_record(req->server->journal, req);

    if (res->delay > 0) {
        req->state = HB_STATE_WAITING;
        if (pause_connection(req, res->delay))
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
        if (reads_body(req)) {
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
            receive(req, upload_data, *upload_size);
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
    (void)conn;
    (void)toe;
    if (!req)
        return;
    if (req->hc) {
        if (req->hc->unclaimed == req)
            req->hc->unclaimed = NULL;
        hb_connection_enter(req->hc, HB_PHASE_LINE);
    }
    end_request(cls, req);
    *con_cls = NULL;
}

/* Logs the request and frees it. */
static void end_request(struct hb_server *server, struct hb_request *req)
{
    struct hb_access entry = {
        .client = req->client_ip[0] ? req->client_ip : "-",
        .method = req->method ? req->method : "-",
        .path = req->raw_uri ? req->raw_uri : "-",
        .status = req->state == HB_STATE_QUEUED || req->refused ? req->response.status : 0,
        .bytes = req->bytes_sent,
        .micros = (now_ns() - req->start_ns) / 1000,
    };
    hb_log_access(&server->cfg, &entry);
    free(req->response.malloced);
    free(req->body);
    free(req->journal_body);
    hb_arena_cleanup(&req->arena);
    free(req);
    atomic_fetch_sub(&server->inflight, 1);
}
