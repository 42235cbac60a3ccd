/* SPDX-License-Identifier: MIT */
/* The insides of the HTTP/2 engine, shared by h2.c (the engine and its
 * loops), h2_conn.c (a connection: TLS, bytes in and out, nghttp2's
 * session) and h2_stream.c (a stream: its hb_request and its answer). */
#ifndef HB_H2_CONN_H
#define HB_H2_CONN_H

#include <gnutls/gnutls.h>
#include <nghttp2/nghttp2.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "loop.h"

struct hb_server;
struct hb_request;
struct h2_conn;

struct h2_loop {                /* one loop thread and the connections on it */
    struct hb_h2 *engine;
    struct hb_loop *loop;
    struct h2_conn *conns;      /* loop thread only */
};

struct hb_h2 {
    struct hb_server *server;
    struct h2_loop *loops;
    unsigned loop_count;
    unsigned next_loop;         /* the door's thread only */
    gnutls_certificate_credentials_t creds; /* NULL: no HTTPS */
    nghttp2_session_callbacks *callbacks;   /* made once, for every session */
    nghttp2_option *options;                /* nghttp2's flood limits, likewise */
    /* What a waiting stream's timer runs (h2_conn_wake): given to streams
     * here so that h2_stream.c never calls up into h2_conn.c. */
    void (*wake)(void *stream);
};

struct h2_stream {
    struct h2_conn *conn;
    int32_t id;
    struct hb_request *req;     /* NULL once closed: a waiting stream's timer
                                 * may still hold the rest */
    size_t sent;                /* of a body held whole */
    bool answered;              /* the response is submitted */
    bool waiting;               /* a timer will post this stream back */
    bool closed;                /* nghttp2 is done with it */
    struct h2_stream *prev, *next;
};

struct h2_conn {
    struct h2_loop *home;
    struct hb_watch watch;      /* watch.fd is the socket */
    bool tls, handshaking, dead;
    gnutls_session_t tls_session;
    nghttp2_session *session;
    struct sockaddr_storage peer;
    socklen_t peer_len;
    unsigned char *out;         /* bytes nghttp2 gave that the socket did not take */
    size_t out_len, out_cap;
    uint32_t watching;          /* the epoll events asked for */
    int refs;                   /* its own, one per waiting stream, one for a tick */
    struct h2_stream *streams;  /* open in nghttp2 (closed ones are unlinked) */
    unsigned stream_count;      /* of that list, against --h2-max-streams */
    bool settings_out;          /* the first SETTINGS is written */
    bool timed_out;             /* GOAWAY for a timeout: the next tick closes */
    /* Monotonic ns: the last frame a stream moved (HEADERS or DATA, in or
     * out), and the start of the request head being received (0: none). */
    uint64_t active_ns, head_ns;
    int32_t head_stream;        /* whose head that is */
    struct h2_conn *prev, *next;
};

/* SETTINGS_MAX_CONCURRENT_STREAMS goes to nghttp2 under this id, which it
 * ignores, and h2_conn_flush writes it on the wire as the real one; see
 * h2_conn.c. */
#define H2_LIMIT_PLACEHOLDER 0xf0f0

/* h2_conn.c */
/* On the loop's thread: TLS handshake (if any), then serving. */
void h2_conn_start(void *conn);
/* Sends what nghttp2 has, closes the connection when both sides are done. */
void h2_conn_flush(struct h2_conn *c);
/* Sends GOAWAY: streams already begun finish, no new ones start. */
void h2_conn_goaway(struct h2_conn *c);
/* Closes at once and frees what no timer still holds. */
void h2_conn_close(struct h2_conn *c);
/* On the timer's thread: posts a waiting stream back to its loop, where
 * it goes on (h2_stream_resume) and the connection sends what it has. */
void h2_conn_wake(void *stream);

/* h2_stream.c */
/* nghttp2's request callbacks, installed by h2_conn.c. */
void h2_stream_callbacks(nghttp2_session_callbacks *cbs);
/* Frees a stream whose connection is going away (its request logged);
 * a waiting one is freed when its timer brings it back. */
void h2_stream_discard(struct h2_stream *st);
/* Back from the timer, on the loop: answers, sends more of the body, or
 * frees a stream closed meanwhile. */
void h2_stream_resume(struct h2_stream *st);

#endif
