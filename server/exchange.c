/* SPDX-License-Identifier: MIT */
/* What every protocol engine does with a request, whichever engine parsed
 * it (libmicrohttpd for HTTP/1.x, nghttp2 for h2): route it, collect its
 * body, decide the answer, record it in the journal, log it and free it.
 * The engines only move bytes; see exchange.h. */
#include "exchange.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "journal.h"
#include "lib/urlencoded.h"
#include "log.h"
#include "router.h"
#include "server.h"

uint64_t hb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct hb_request *hb_exchange_new(struct hb_server *server)
{
    struct hb_request *req = malloc(sizeof(*req));
    if (!req)
        return NULL;
    memset(req, 0, offsetof(struct hb_request, arena));
    hb_arena_init(&req->arena, 0);
    req->server = server;
    req->start_ns = hb_now_ns();
    if (server->journal) /* the wall clock is only the journal's */
        clock_gettime(CLOCK_REALTIME, &req->arrived);
    req->response.req = req;
    atomic_fetch_add(&server->inflight, 1);
    return req;
}

void hb_exchange_set_peer(struct hb_request *req, const struct sockaddr *sa)
{
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

void hb_exchange_route(struct hb_request *req)
{
    req->method_bit = hb_method_bit(req->method);
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
    /* OPTIONS is answered for every path, so only collect what allows. */
    unsigned want = req->method_bit == HB_OPTIONS ? 0 : req->method_bit;
    /* Werkzeug ignores extra leading slashes: "//get" is /get. */
    while (decoded[0] == '/' && decoded[1] == '/')
        decoded++;
    req->route = hb_router_route(&req->server->router, decoded, want, &req->arena, &req->params,
                                 &req->allowed);
}

bool hb_exchange_reads_body(const struct hb_request *req)
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

void hb_exchange_receive(struct hb_request *req, const char *data, size_t size)
{
    req->body_seen += size;
    if (!hb_exchange_reads_body(req)) {
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

/* A header whose strings outlive the request (constants, or the request's
 * own): borrowed, not copied as hb_reply_header copies. */
static void add_borrowed(struct hb_request *req, const char *name, const char *value)
{
    (void)hb_kvlist_add(&req->arena, &req->response.headers, name, value, strlen(value));
}

/* httpbin's CORS headers (its after_request hook), after the handler's; on
 * every answer, so nothing is copied. */
static void add_cors(struct hb_request *req)
{
    const char *origin = hb_request_header(req, "Origin");
    add_borrowed(req, "Access-Control-Allow-Origin", origin ? origin : "*");
    add_borrowed(req, "Access-Control-Allow-Credentials", "true");
    if (req->method_bit != HB_OPTIONS)
        return;
    add_borrowed(req, "Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS");
    add_borrowed(req, "Access-Control-Max-Age", "3600");
    const char *asked = hb_request_header(req, "Access-Control-Request-Headers");
    if (asked)
        add_borrowed(req, "Access-Control-Allow-Headers", asked);
}

bool hb_exchange_target_too_long(const struct hb_config *cfg, const char *target)
{
    size_t len = strlen(target), args = 0;
    const char *q = strchr(target, '?');
    for (const char *p = q; p && *p; p++)
        args += *p == '&';
    if (q)
        args++;
    return len > cfg->max_url_bytes || args > cfg->max_query_args;
}

void hb_exchange_answer(struct hb_request *req)
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
    add_cors(req);

    /* Recorded before the answer leaves: a client holding its response
     * finds its request in the journal. */
    if (req->server->journal && !(req->route && (req->route->flags & HB_UNRECORDED)))
        hb_journal_record(req->server->journal, req);
}

void hb_exchange_end(struct hb_request *req)
{
    struct hb_server *server = req->server;
    struct hb_access entry = {
        .client = req->client_ip[0] ? req->client_ip : "-",
        .method = req->method ? req->method : "-",
        .path = req->raw_uri ? req->raw_uri : "-",
        .status = req->state == HB_STATE_QUEUED || req->refused ? req->response.status : 0,
        .bytes = req->bytes_sent,
        .micros = (hb_now_ns() - req->start_ns) / 1000,
    };
    hb_log_access(&server->cfg, &entry);
    free(req->response.malloced);
    free(req->body);
    free(req->journal_body);
    hb_arena_cleanup(&req->arena);
    free(req);
    atomic_fetch_sub(&server->inflight, 1);
}
