/* SPDX-License-Identifier: MIT */
/* The insides of hb_request and hb_response, shared by the protocol engines
 * (dispatch.c for HTTP/1.x) and the engine-neutral code that reads requests
 * and fills replies (exchange.c, request*.c, tls_peer.c, reply.c). Handlers
 * see them as opaque (http.h). */
#ifndef HB_EXCHANGE_H
#define HB_EXCHANGE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/arena.h"
#include "http.h"
#include "lib/kvlist.h"

struct hb_route;
struct hb_server;
struct hb_connection;
struct MHD_Connection;
struct sockaddr;

struct hb_response {
    struct hb_request *req;
    int status;                 /* 0 until a handler replies */
    const char *content_type;   /* NULL: no Content-Type header */
    const char *body;
    size_t len;
    char *malloced;             /* body we own (freed with free()), or NULL */
    struct hb_kvlist headers;   /* extra headers, in order */
    double delay;               /* seconds to wait before sending */
    hb_body_fill *fill;         /* a body made while it is sent, or NULL */
    void *fill_state;
    uint64_t fill_size;         /* HB_SIZE_UNKNOWN: chunked */
    double pause;               /* seconds fill asked to wait before its next call */
};

enum hb_request_state {
    HB_STATE_NEW,       /* headers seen, nothing decided */
    HB_STATE_RECEIVING, /* body arriving */
    HB_STATE_WAITING,   /* suspended until the timer resumes us */
    HB_STATE_QUEUED,    /* a response is queued (a streamed one may pause) */
};

struct hb_request {
    struct hb_server *server;
    struct MHD_Connection *conn; /* HTTP/1.x: libmicrohttpd's; NULL on other engines */
    void *tls_session;            /* gnutls_session_t over HTTPS, else NULL */
    enum hb_request_state state;
    const char *method;
    const char *version;          /* "HTTP/1.1", as the engine parsed it */
    unsigned method_bit;
    const char *raw_uri;          /* as sent: path and query */
    const char *raw_path;         /* raw_uri up to '?' */
    const char *raw_query;        /* after '?', "" if none */
    const struct hb_route *route; /* NULL: 404 or 405 */
    unsigned allowed;             /* methods the path takes, for 405 */
    struct hb_kvlist params;
    struct hb_kvlist headers;
    struct hb_kvlist h2_fields;   /* HTTP/2: every field as it arrived */
    struct hb_kvlist args;
    unsigned char args_loaded, body_too_large, bad_path, head_too_large;
    unsigned char tls;            /* came in on the HTTPS listener */
    unsigned char refused;        /* answered 414 before MHD parsed it */
    const char *bad_head;         /* why the head is malformed (400), or NULL */
    struct hb_connection *hc;     /* the connection's state, or NULL */
    char *body;                   /* malloc'd, NUL-terminated */
    size_t body_len, body_cap;
    unsigned char body_checked, body_utf8; /* hb_request_body_is_utf8, once */
    struct hb_form form;          /* hb_request_form, read once */
    const char *form_error;
    unsigned char form_read;
    signed char form_rc;
    struct hb_kvlist cookies;     /* hb_request_cookies, read once */
    unsigned char cookies_loaded, cookies_failed;
    char client_ip[64];
    int client_port;
    const char *target;           /* the request-target exactly as sent */
    struct timespec arrived;      /* wall clock, for the journal */
    uint64_t body_seen;           /* body bytes that arrived, kept or not */
    char *journal_body;           /* what the journal keeps of a body the route */
    size_t journal_body_len;      /* does not read (malloc'd) */
    size_t head_bytes;            /* HTTP/2: the head as HTTP/1.1 would have sent it */
    unsigned char answered_early; /* HTTP/2: answered; later DATA is dropped */
    uint64_t start_ns;            /* for the access log */
    uint64_t bytes_sent;
    struct hb_response response;
    struct hb_arena arena;        /* last: holds the inline first chunk */
};

/* --- The engine-neutral steps (exchange.c), in the order an engine takes
 * them. --- */

uint64_t hb_now_ns(void); /* monotonic */
/* A request of 'server', counted in flight until hb_exchange_end. NULL
 * when out of memory. */
struct hb_request *hb_exchange_new(struct hb_server *server);
/* client_ip and client_port from the peer's address (v4-mapped shown dotted). */
void hb_exchange_set_peer(struct hb_request *req, const struct sockaddr *sa);
/* Whether a request target is past --max-url-bytes or --max-query-args
 * (414, answered before anything parses it), and the error that says so. */
bool hb_exchange_target_too_long(const struct hb_config *cfg, const char *target);
#define HB_TARGET_TOO_LONG "the request target is longer than --max-url-bytes or has more " \
                           "query arguments than --max-query-args"
/* With method and raw_uri set: splits the target and finds the route. */
void hb_exchange_route(struct hb_request *req);
bool hb_exchange_reads_body(const struct hb_request *req);
/* Body bytes as they arrive: kept for routes that read bodies (up to
 * --max-body), else the journal's share only. */
void hb_exchange_receive(struct hb_request *req, const char *data, size_t size);
/* The head and body are in: fills req->response (error, OPTIONS, 404/405,
 * 413 or the handler's answer, then CORS) and records it in the journal.
 * The engine then waits response.delay and sends it. */
void hb_exchange_answer(struct hb_request *req);
/* Logs the request and frees it. */
void hb_exchange_end(struct hb_request *req);

#endif
