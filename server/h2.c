/* SPDX-License-Identifier: MIT */
/* The HTTP/2 engine's loops and TLS credentials; see h2.h. A connection
 * lives on one loop thread from adoption to close. */
#include "h2.h"

#include "buildconf.h" /* HAVE_DECL_NGHTTP2_OPTION_SET_* */

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h2_conn.h"
#include "server.h"

/* What a peer may make nghttp2 do, said here rather than left to the
 * library's defaults (today the same values): 32 entries per SETTINGS
 * frame; 1000 SETTINGS and PING ACKs unsent (the peer does not read);
 * RST_STREAM from the peer in a burst of 1000, then 33 a second
 * (CVE-2023-44487, rapid reset; past it, GOAWAY); 8 CONTINUATION frames
 * per header block (CVE-2024-28182). Past the last two nghttp2 gives up
 * on the connection. Closed streams are not kept for the priority tree:
 * nghttp2 would keep as many as it thinks the stream limit is, and it is
 * told none (h2_conn.c, send_settings). */
static nghttp2_option *flood_limits(void)
{
    nghttp2_option *o;
    if (nghttp2_option_new(&o))
        return NULL;
    nghttp2_option_set_max_settings(o, 32);
    nghttp2_option_set_max_outbound_ack(o, 1000);
#if HAVE_DECL_NGHTTP2_OPTION_SET_STREAM_RESET_RATE_LIMIT
    nghttp2_option_set_stream_reset_rate_limit(o, 1000, 33);
#endif
#if HAVE_DECL_NGHTTP2_OPTION_SET_MAX_CONTINUATIONS
    nghttp2_option_set_max_continuations(o, 8);
#endif
    nghttp2_option_set_no_closed_streams(o, 1);
    return o;
}

struct hb_h2 *hb_h2_start(struct hb_server *s, const char *cert_pem, const char *key_pem,
                          const char *trust_pem, char *err, size_t err_size)
{
    struct hb_h2 *h2 = calloc(1, sizeof(*h2));
    unsigned count = s->cfg.threads > 0 ? s->cfg.threads : 1;
    if (!h2 || !(h2->loops = calloc(count, sizeof(*h2->loops)))) {
        free(h2);
        snprintf(err, err_size, "out of memory for the HTTP/2 engine");
        return NULL;
    }
    h2->server = s;
    h2->wake = h2_conn_wake;
    if (nghttp2_session_callbacks_new(&h2->callbacks) || !(h2->options = flood_limits())) {
        snprintf(err, err_size, "out of memory for the HTTP/2 engine");
        hb_h2_free(h2);
        return NULL;
    }
    h2_stream_callbacks(h2->callbacks);
    if (cert_pem) {
        gnutls_datum_t cert = { (unsigned char *)cert_pem, (unsigned)strlen(cert_pem) };
        gnutls_datum_t key = { (unsigned char *)key_pem, (unsigned)strlen(key_pem) };
        if (gnutls_certificate_allocate_credentials(&h2->creds) ||
            gnutls_certificate_set_x509_key_mem(h2->creds, &cert, &key, GNUTLS_X509_FMT_PEM) ||
            (trust_pem && gnutls_certificate_set_x509_trust_mem(
                              h2->creds,
                              &(gnutls_datum_t){ (unsigned char *)trust_pem,
                                                 (unsigned)strlen(trust_pem) },
                              GNUTLS_X509_FMT_PEM) < 0)) {
            snprintf(err, err_size, "cannot serve HTTP/2 over TLS: the certificate or key is "
                     "not valid PEM or they do not match");
            hb_h2_free(h2);
            return NULL;
        }
    }
    for (unsigned i = 0; i < count; i++) {
        h2->loops[i].engine = h2;
        if (!(h2->loops[i].loop = hb_loop_start())) {
            snprintf(err, err_size, "cannot start the HTTP/2 loop threads");
            hb_h2_free(h2);
            return NULL;
        }
        h2->loop_count++;
    }
    return h2;
}

void hb_h2_adopt(struct hb_server *s, int fd, const struct sockaddr *addr, socklen_t len,
                 bool tls)
{
    struct hb_h2 *h2 = s->h2;
    struct h2_conn *c = calloc(1, sizeof(*c));
    if (!c || (tls && !h2->creds) || len > sizeof(c->peer)) {
        free(c);
        close(fd);
        return;
    }
    c->home = &h2->loops[h2->next_loop++ % h2->loop_count];
    c->watch.fd = fd;
    c->tls = tls;
    memcpy(&c->peer, addr, len);
    c->peer_len = len;
    c->refs = 1;
    /* Frames go out as nghttp2 makes them, one write each: Nagle would
     * hold a small one (a PING ACK, a GOAWAY) behind the last, and a
     * close right after a GOAWAY would lose what it held. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
    atomic_fetch_add(&s->open, 1); /* until h2_conn_release frees it */
    if (hb_loop_post(c->home->loop, h2_conn_start, c)) {
        atomic_fetch_sub(&s->open, 1);
        close(fd);
        free(c);
    }
}

static void goaway_all(void *arg)
{
    struct h2_loop *home = arg;
    for (struct h2_conn *c = home->conns, *next; c; c = next) {
        next = c->next;
        h2_conn_goaway(c);
    }
}

static void close_all(void *arg)
{
    struct h2_loop *home = arg;
    while (home->conns)
        h2_conn_close(home->conns);
}

void hb_h2_goaway(struct hb_h2 *h2)
{
    for (unsigned i = 0; h2 && i < h2->loop_count; i++)
        hb_loop_post(h2->loops[i].loop, goaway_all, &h2->loops[i]);
}

void hb_h2_free(struct hb_h2 *h2)
{
    if (!h2)
        return;
    for (unsigned i = 0; i < h2->loop_count; i++) {
        hb_loop_post(h2->loops[i].loop, close_all, &h2->loops[i]);
        hb_loop_stop(h2->loops[i].loop);
    }
    if (h2->creds)
        gnutls_certificate_free_credentials(h2->creds);
    if (h2->callbacks)
        nghttp2_session_callbacks_del(h2->callbacks);
    if (h2->options)
        nghttp2_option_del(h2->options);
    free(h2->loops);
    free(h2);
}
