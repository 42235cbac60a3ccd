/* SPDX-License-Identifier: MIT */
/* The HTTP/2 engine: connections the front door sorted as h2 (h2c with
 * prior knowledge, or TLS with ALPN "h2") are served on event loop threads
 * with nghttp2 doing the framing and HPACK, through the same exchange.c and
 * handlers as HTTP/1.x. */
#ifndef HB_H2_H
#define HB_H2_H

#include <stdbool.h>
#include <sys/socket.h>

struct hb_server;
struct hb_h2;

/* 'cert_pem' and 'key_pem' (NULL: no HTTPS) and 'trust_pem' (NULL: no
 * client certificates asked) must outlive the engine. NULL with 'err'. */
struct hb_h2 *hb_h2_start(struct hb_server *s, const char *cert_pem, const char *key_pem,
                          const char *trust_pem, char *err, size_t err_size);
/* The door's exit for HTTP/2: the engine owns 'fd' from here. */
void hb_h2_adopt(struct hb_server *s, int fd, const struct sockaddr *addr, socklen_t len,
                 bool tls);
/* Shutdown begins: every connection gets GOAWAY. */
void hb_h2_goaway(struct hb_h2 *h2);
/* Closes every connection, ends the loops, frees 'h2' (NULL is fine). Run
 * after the timer stopped, so no stream still waits. */
void hb_h2_free(struct hb_h2 *h2);

#endif
