/* SPDX-License-Identifier: MIT */
/* The front door: one thread that accepts every connection on the HTTP
 * and HTTPS ports, reads (without consuming) how it opens, and hands it to
 * the engine that speaks its protocol: libmicrohttpd for HTTP/1.x, the h2
 * engine for the HTTP/2 preface (h2c) or a TLS ClientHello offering "h2". */
#ifndef HB_DOOR_H
#define HB_DOOR_H

#include <stdbool.h>
#include <sys/socket.h>

struct hb_server;
struct hb_door;

/* Where a sorted connection goes: the engine owns 'fd' from the call on
 * (and closes it, also on failure). */
struct hb_door_exits {
    void (*http1)(struct hb_server *s, int fd, const struct sockaddr *addr, socklen_t len,
                  bool tls);
    void (*h2)(struct hb_server *s, int fd, const struct sockaddr *addr, socklen_t len,
               bool tls); /* NULL: HTTP/2 goes to http1 too */
};

/* Starts the thread on the listening sockets (https_fd -1: none); it owns
 * them from here on. NULL when out of memory or threads. */
struct hb_door *hb_door_start(struct hb_server *s, int http_fd, int https_fd,
                              const struct hb_door_exits *exits);
/* Stops accepting: connections that come later are closed at once. */
void hb_door_close(struct hb_door *d);
/* Joins the thread, closes the listening sockets and the connections not
 * yet sorted, frees 'd' (NULL is fine). */
void hb_door_free(struct hb_door *d);

#endif
