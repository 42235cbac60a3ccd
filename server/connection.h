/* SPDX-License-Identifier: MIT */
/* What we keep per connection (libmicrohttpd's socket context): the request
 * it announced but has not handed over yet, and the deadline of the phase
 * the connection is in. dispatch.c and this file only. */
#ifndef HB_CONNECTION_H
#define HB_CONNECTION_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct hb_server;
struct hb_request;

/* What a connection waits for, each with its own time limit. */
enum hb_connection_phase {
    HB_PHASE_LINE,   /* a request line: --connection-timeout */
    HB_PHASE_HEAD,   /* the rest of the head: --header-timeout */
    HB_PHASE_BODY,   /* the body: --body-timeout */
    HB_PHASE_ANSWER, /* our answer; libmicrohttpd's silence timeout only */
};

struct hb_connection {
    struct hb_server *server;
    int fd;
    /* The request the URI log callback announced that libmicrohttpd has not
     * handed to the access handler. MHD reports completion only for requests
     * it handed over; one it refuses before that (a head too big for its
     * pool) is freed at close. Worker thread only. */
    struct hb_request *unclaimed;
    /* Read by the timer thread: */
    atomic_int phase;            /* enum hb_connection_phase */
    atomic_uint_least64_t since; /* monotonic ns when that phase began */
    /* Held while checking, and while marking closed: libmicrohttpd closes
     * the fd after telling us, and the number may be reused at once. */
    pthread_mutex_t lock;
    int closed;
    atomic_int refs;             /* the connection's, and a pending check's */
};

/* At MHD_CONNECTION_NOTIFY_STARTED: NULL when out of memory. Arms the
 * deadline check, which shuts the socket of a client that takes longer than
 * its phase allows: slowloris (a head trickled a byte at a time) and slow
 * bodies. libmicrohttpd's own timeout only counts silence, so a byte now and
 * then would keep a connection forever. */
struct hb_connection *hb_connection_open(struct hb_server *server, int fd);
/* At MHD_CONNECTION_NOTIFY_CLOSED. */
void hb_connection_close(struct hb_connection *hc);
/* The connection moves on: a request line has come (HEAD), the head is
 * complete (BODY), the body is in (ANSWER), the answer is sent (LINE). */
void hb_connection_enter(struct hb_connection *hc, enum hb_connection_phase phase);

#endif
