/* SPDX-License-Identifier: MIT */
/* Whether a client's TLS ClientHello offers HTTP/2 through ALPN, read from
 * the first bytes it sent, before any TLS is done. The front door peeks
 * (MSG_PEEK) so the bytes stay in the socket for whoever does the handshake:
 * our h2 engine on "h2", libmicrohttpd otherwise. */
#ifndef HB_TLS_HELLO_H
#define HB_TLS_HELLO_H

#include <stddef.h>

/* The most bytes hb_tls_hello_read ever asks for; a hello that would need
 * more is HB_HELLO_OTHER. A peek buffer of this size is always enough. */
#define HB_TLS_HELLO_MAX 65536u

enum hb_tls_hello {
    HB_HELLO_MORE,     /* no answer yet: peek again once *need bytes are there */
    HB_HELLO_NOT_TLS,  /* the first bytes are no TLS handshake record header:
                        * plain HTTP sent to the HTTPS port, an SSLv2 hello,
                        * garbage. Decided on the first byte or two. */
    HB_HELLO_H2,       /* a well-formed ClientHello whose ALPN list holds "h2",
                        * wherever in the list: so the h2 engine must choose
                        * by its own preference (GNUTLS_ALPN_SERVER_PRECEDENCE) */
    HB_HELLO_OTHER,    /* a ClientHello without "h2" (no ALPN, only http/1.1),
                        * or TLS too odd to read (a bad length anywhere, a
                        * hello over the cap): libmicrohttpd decides */
};

/* Reads the first len bytes a client sent (buf may be NULL when len is 0).
 * H2 takes the whole ClientHello, well formed; NOT_TLS and OTHER come as
 * soon as the bytes show them. An answer, once given, stays as more bytes
 * arrive. On HB_HELLO_MORE, *need (unless need is NULL) is how many bytes
 * it wants in all: more than len, no less than for any shorter prefix, at
 * most HB_TLS_HELLO_MAX, and for a hello its exact length on the wire once
 * the last record's header is in. *need is left alone otherwise. */
enum hb_tls_hello hb_tls_hello_read(const unsigned char *buf, size_t len, size_t *need);

#endif
