/* SPDX-License-Identifier: MIT */
/* What we keep per connection (libmicrohttpd's socket context): the request
 * it announced but has not handed over yet, and the deadline for a request
 * head. dispatch.c and this file only. */
#ifndef HB_CONNECTION_H
#define HB_CONNECTION_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct hb_server;
struct hb_request;

struct hb_connection {
    struct hb_server *server;
    int fd;
    /* The request the URI log callback announced that libmicrohttpd has not
     * handed to the access handler. MHD reports completion only for requests
     * it handed over; one it refuses before that (a head too big for its
     * pool) is freed at close. Worker thread only. */
    struct hb_request *unclaimed;
    /* Read by the timer thread: */
    atomic_int in_head;          /* waiting for a request head to complete */
    atomic_int line_seen;        /* ... and its request line has come */
    atomic_uint_least64_t since; /* monotonic ns when that (part) began */
    /* Held while checking, and while marking closed: libmicrohttpd closes
     * the fd after telling us, and the number may be reused at once. */
    pthread_mutex_t lock;
    int closed;
    atomic_int refs;             /* the connection's, and a pending check's */
};

/* At MHD_CONNECTION_NOTIFY_STARTED: NULL when out of memory. Arms the
 * deadline check, which shuts the socket of a client that (slowloris)
 * takes longer than --connection-timeout in all to send a request line, or
 * than --header-timeout from its request line to the end of its head.
 * (libmicrohttpd's own timeout only counts silence, so a byte now and then
 * would keep a connection forever.) */
struct hb_connection *hb_connection_open(struct hb_server *server, int fd);
/* At MHD_CONNECTION_NOTIFY_CLOSED. */
void hb_connection_close(struct hb_connection *hc);
/* A request line has come (the URI log callback). */
void hb_connection_line_seen(struct hb_connection *hc);
/* A request head is complete (the first access-handler call). */
void hb_connection_head_done(struct hb_connection *hc);
/* A request ended: the connection now waits for the next head. */
void hb_connection_head_wait(struct hb_connection *hc);

#endif
