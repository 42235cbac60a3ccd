/* SPDX-License-Identifier: MIT */
/* One HTTP/2 connection on its loop thread: the TLS handshake when it came
 * to the HTTPS port, then bytes in (nghttp2_session_mem_recv) and out
 * (nghttp2_session_mem_send, with what the socket would not take kept for
 * EPOLLOUT). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "exchange.h"
#include "h2_conn.h"
#include "ip_limit.h"
#include "log.h"
#include "server.h"
#include "timer.h"

/* The engine's own settings, sent first (RFC 9113 3.4). nghttp2 takes a
 * stream past an acknowledged SETTINGS_MAX_CONCURRENT_STREAMS as a
 * connection error, which ends the peer's other streams with it; RFC 9113
 * 5.1.2 asks for a stream error. So nghttp2 is not told the limit: it goes
 * under an id nghttp2 ignores, renamed on the way out (settings_on_the_wire),
 * and h2_stream.c refuses the streams past it one by one (REFUSED_STREAM). */
static int send_settings(struct h2_conn *c)
{
    const struct hb_config *cfg = &c->home->engine->server->cfg;
    nghttp2_settings_entry iv[] = {
        { H2_LIMIT_PLACEHOLDER, cfg->h2_max_streams },
        /* HPACK-decoded headers larger than this are refused (431, and far
         * past it the connection: see h2_stream.c). */
        { NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, (uint32_t)cfg->max_header_bytes + 1024 },
    };
    return nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, iv, sizeof(iv) / sizeof(iv[0]));
}

/* The first frame out is those SETTINGS: the placeholder becomes
 * MAX_CONCURRENT_STREAMS in a copy of it. */
static const uint8_t *settings_on_the_wire(struct h2_conn *c, const uint8_t *data, size_t len,
                                           uint8_t *copy, size_t size)
{
    c->settings_out = true;
    if (len < 9 || len > size || data[3] != NGHTTP2_SETTINGS || data[4] != 0)
        return data;
    memcpy(copy, data, len);
    for (size_t i = 9; i + 6 <= len; i += 6)
        if ((copy[i] << 8 | copy[i + 1]) == H2_LIMIT_PLACEHOLDER) {
            copy[i] = 0;
            copy[i + 1] = NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS;
        }
    return copy;
}

static int new_session(struct h2_conn *c)
{
    struct hb_h2 *h2 = c->home->engine;
    return nghttp2_session_server_new2(&c->session, h2->callbacks, c, h2->options) ||
                   send_settings(c)
               ? -1
               : 0;
}

/* >0 bytes, 0 at the end, -1 for "later", -2 for a broken connection. */
static ssize_t read_some(struct h2_conn *c, unsigned char *buf, size_t size)
{
    if (c->tls) {
        ssize_t n = gnutls_record_recv(c->tls_session, buf, size);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            return -1;
        return n >= 0 ? n : -2;
    }
    ssize_t n = recv(c->watch.fd, buf, size, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return -1;
    return n >= 0 ? n : -2;
}

static ssize_t write_some(struct h2_conn *c, const unsigned char *buf, size_t size)
{
    if (c->tls) {
        ssize_t n = gnutls_record_send(c->tls_session, buf, size);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            return -1;
        return n >= 0 ? n : -2;
    }
    ssize_t n = send(c->watch.fd, buf, size, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return -1;
    return n >= 0 ? n : -2;
}

static void release(struct h2_conn *c);

static void watch_for(struct h2_conn *c, uint32_t events)
{
    if (events != c->watching && !hb_loop_rewatch(c->home->loop, &c->watch, events))
        c->watching = events;
}

/* Bytes gathered before a write: a few frames at full size. */
#define FLUSH_BYTES (64 * 1024)

/* Keeps 'n' bytes to write (GnuTLS wants the same bytes again after
 * EAGAIN, so what the socket did not take stays here). */
static int keep(struct h2_conn *c, const unsigned char *data, size_t n)
{
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 16384;
        while (cap < c->out_len + n)
            cap *= 2;
        unsigned char *grown = realloc(c->out, cap);
        if (!grown)
            return -1;
        c->out = grown;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, n);
    c->out_len += n;
    return 0;
}

/* Writes the kept bytes; 1 when all went, 0 when the socket is full, -1. */
static int drain_kept(struct h2_conn *c)
{
    size_t done = 0;
    if (c->out_len == 0)
        return 1;
    while (done < c->out_len) {
        ssize_t n = write_some(c, c->out + done, c->out_len - done);
        if (n == -1)
            break;
        if (n < 0)
            return -1;
        done += (size_t)n;
    }
    memmove(c->out, c->out + done, c->out_len - done);
    c->out_len -= done;
    return c->out_len == 0;
}

/* Writes what nghttp2 has queued: its frames are gathered into one buffer
 * first, so that a HEADERS and its DATA leave in one write (one TLS
 * record), not as small writes that Nagle and delayed ACKs would hold up. */
void h2_conn_flush(struct h2_conn *c)
{
    if (c->dead || c->handshaking)
        return;
    int rc = 0;
    for (;;) {
        while (c->out_len < FLUSH_BYTES) {
            const uint8_t *data;
            uint8_t first[64];
            ssize_t len = nghttp2_session_mem_send(c->session, &data);
            if (len < 0) {
                rc = -1;
                break;
            }
            if (len == 0)
                break;
            if (!c->settings_out)
                data = settings_on_the_wire(c, data, (size_t)len, first, sizeof(first));
            if (keep(c, data, (size_t)len)) {
                rc = -1;
                break;
            }
        }
        if (rc < 0 || c->out_len == 0)
            break;
        rc = drain_kept(c);
        if (rc != 1)
            break; /* the socket is full (0) or broken (-1) */
        rc = 0;
    }
    if (rc < 0 || (!nghttp2_session_want_read(c->session) &&
                   !nghttp2_session_want_write(c->session) && c->out_len == 0)) {
        h2_conn_close(c);
        return;
    }
    /* A peer that does not read is not read from: what it sends would
     * only pile up answers (RST_STREAM, PING ACK) nobody takes. */
    watch_for(c, c->out_len ? EPOLLOUT : EPOLLIN);
}

/* nghttp2 gave up on the peer (a flood of frames it would have to answer,
 * too many CONTINUATION frames) without saying so: GOAWAY before the close. */
static void give_up(struct h2_conn *c, ssize_t why)
{
    if (why != NGHTTP2_ERR_NOMEM && why != NGHTTP2_ERR_CALLBACK_FAILURE)
        nghttp2_session_terminate_session(c->session, NGHTTP2_ENHANCE_YOUR_CALM);
    h2_conn_flush(c);
    if (!c->dead)
        h2_conn_close(c);
}

/* Reads per turn of the loop: 64 KiB, then the loop's other connections. */
#define READS_PER_TURN 4

static void receive_some(struct h2_conn *c)
{
    unsigned char buf[16384];
    for (int turn = 0; turn < READS_PER_TURN ||
                       (c->tls && gnutls_record_check_pending(c->tls_session)); turn++) {
        if (c->out_len && turn > 0)
            return; /* the peer reads first (h2_conn_flush); a hangup is still read */
        ssize_t n = read_some(c, buf, sizeof(buf));
        if (n == -1) {
            h2_conn_flush(c); /* our SETTINGS, after the handshake */
            return;
        }
        if (n <= 0) { /* the peer left */
            h2_conn_flush(c);
            if (!c->dead)
                h2_conn_close(c);
            return;
        }
        ssize_t used = nghttp2_session_mem_recv(c->session, buf, (size_t)n);
        if (used < 0) {
            give_up(c, used);
            return;
        }
        /* What that asked for goes out before more is read: a GOAWAY
         * nghttp2 queued (a reset flood) stops new streams once sent. */
        h2_conn_flush(c);
        if (c->dead)
            return;
    }
}

/* A flush may close the connection: it is freed after, not under us. */
static void receive(struct h2_conn *c)
{
    c->refs++;
    receive_some(c);
    release(c);
}

/* The handshake goes on until done; ALPN must have chosen h2. */
static void handshake(struct h2_conn *c)
{
    int rc = gnutls_handshake(c->tls_session);
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
        watch_for(c, gnutls_record_get_direction(c->tls_session) ? EPOLLOUT : EPOLLIN);
        return;
    }
    gnutls_datum_t proto = { 0 };
    if (rc < 0 || gnutls_alpn_get_selected_protocol(c->tls_session, &proto) ||
        proto.size != 2 || memcmp(proto.data, "h2", 2) || new_session(c)) {
        h2_conn_close(c);
        return;
    }
    c->handshaking = false;
    receive(c); /* the client's preface may be in already */
}

static void on_io(void *arg, uint32_t events)
{
    struct h2_conn *c = arg;
    c->refs++; /* as in receive */
    if (c->handshaking)
        handshake(c);
    else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        receive_some(c);
    else {
        h2_conn_flush(c);
        /* Reading again: GnuTLS may hold bytes the socket no longer signals. */
        if (!c->dead && !c->out_len && c->tls && gnutls_record_check_pending(c->tls_session))
            receive_some(c);
    }
    release(c);
}

static int start_tls(struct h2_conn *c)
{
    static const gnutls_datum_t h2 = { (unsigned char *)"h2", 2 };
    if (gnutls_init(&c->tls_session, GNUTLS_SERVER | GNUTLS_NONBLOCK))
        return -1;
    c->handshaking = true;
    gnutls_certificate_server_set_request(
        c->tls_session,
        c->home->engine->server->tls_trust_pem ? GNUTLS_CERT_REQUEST : GNUTLS_CERT_IGNORE);
    if (gnutls_set_default_priority(c->tls_session) ||
        gnutls_credentials_set(c->tls_session, GNUTLS_CRD_CERTIFICATE, c->home->engine->creds) ||
        gnutls_alpn_set_protocols(c->tls_session, &h2, 1, GNUTLS_ALPN_SERVER_PRECEDENCE))
        return -1;
    gnutls_transport_set_int(c->tls_session, c->watch.fd);
    return 0;
}

/* --- Timeouts. One tick at a time is on the timer thread per connection,
 * holding a reference; it comes back to the loop, closes the connection
 * when a timeout fell due and otherwise sets the next. Each tick is at most
 * --header-timeout away, so a head begun after it was set is still caught
 * on time. --- */

/* After a timeout's GOAWAY the peer has this long to read it. */
#define LINGER_SECONDS 1.0

static void tick(void *arg);

static void tick_on_timer(void *arg)
{
    struct h2_conn *c = arg;
    if (hb_loop_post(c->home->loop, tick, c))
        hb_log_error(&c->home->engine->server->cfg,
                     "out of memory: an HTTP/2 connection has lost its timeouts");
}

static void arm(struct h2_conn *c, double seconds)
{
    c->refs++;
    if (hb_timer_add(c->home->engine->server->timer, seconds, tick_on_timer, c))
        c->refs--; /* stopping: the shutdown closes it */
}

static bool streams_waiting(const struct h2_conn *c)
{
    for (const struct h2_stream *st = c->streams; st; st = st->next)
        if (st->waiting)
            return true;
    return false;
}

/* GOAWAY, then the close once it is out (or at the next tick). */
static void time_out(struct h2_conn *c, uint32_t code)
{
    c->timed_out = true;
    if (c->handshaking || nghttp2_session_terminate_session(c->session, code))
        h2_conn_close(c);
    else
        h2_conn_flush(c);
}

/* Seconds to the next tick, or 0 for none. An idle connection (no stream
 * moved a frame for --connection-timeout, none waits on the timer) gets
 * GOAWAY(NO_ERROR); a request head still arriving after --header-timeout,
 * GOAWAY(ENHANCE_YOUR_CALM): it holds the connection, nothing else can
 * come on it meanwhile. PINGs and SETTINGS are not a use. */
static double check(struct h2_conn *c)
{
    const struct hb_config *cfg = &c->home->engine->server->cfg;
    uint64_t now = hb_now_ns(), never = UINT64_MAX;
    if (c->timed_out) {
        h2_conn_close(c);
        return 0;
    }
    double idle_s = cfg->connection_timeout, head_s = cfg->header_timeout;
    uint64_t idle = streams_waiting(c) ? never : c->active_ns + (uint64_t)(idle_s * 1e9);
    uint64_t head = c->head_ns ? c->head_ns + (uint64_t)(head_s * 1e9) : never;
    if (now >= idle || now >= head) {
        time_out(c, now >= head ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_NO_ERROR);
        return c->dead ? 0 : LINGER_SECONDS;
    }
    uint64_t next = now + (uint64_t)((head_s < idle_s ? head_s : idle_s) * 1e9);
    next = idle < next ? idle : next;
    next = head < next ? head : next;
    return (double)(next - now) / 1e9 + 0.001; /* not a hair early */
}

/* On the loop, with the tick's reference. */
static void tick(void *arg)
{
    struct h2_conn *c = arg;
    if (!c->dead) {
        double next = check(c);
        if (next > 0 && !c->dead)
            arm(c, next);
    }
    release(c);
}

void h2_conn_start(void *arg)
{
    struct h2_conn *c = arg;
    struct h2_loop *home = c->home;
    c->watch.io = on_io;
    c->watch.arg = c;
    c->next = home->conns;
    if (home->conns)
        home->conns->prev = c;
    home->conns = c;
    c->watching = EPOLLIN;
    const struct hb_config *cfg = &home->engine->server->cfg;
    c->active_ns = hb_now_ns();
    arm(c, cfg->header_timeout < cfg->connection_timeout ? cfg->header_timeout
                                                         : cfg->connection_timeout);
    if ((c->tls ? start_tls(c) : new_session(c)) ||
        hb_loop_watch(home->loop, &c->watch, EPOLLIN)) {
        c->watching = 0;
        h2_conn_close(c);
        return;
    }
    if (c->tls)
        handshake(c);
    else
        receive(c);
}

void h2_conn_goaway(struct h2_conn *c)
{
    if (c->dead || c->handshaking) {
        if (!c->dead)
            h2_conn_close(c);
        return;
    }
    nghttp2_submit_goaway(c->session, NGHTTP2_FLAG_NONE,
                          nghttp2_session_get_last_proc_stream_id(c->session),
                          NGHTTP2_NO_ERROR, NULL, 0);
    h2_conn_flush(c);
}

void h2_conn_close(struct h2_conn *c)
{
    if (c->dead)
        return;
    c->dead = true;
    struct h2_loop *home = c->home;
    if (c->prev)
        c->prev->next = c->next;
    else
        home->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->watching)
        hb_loop_unwatch(home->loop, &c->watch);
    while (c->streams)
        h2_stream_discard(c->streams);
    if (c->session)
        nghttp2_session_del(c->session);
    c->session = NULL;
    if (c->tls_session)
        gnutls_deinit(c->tls_session);
    c->tls_session = NULL;
    close(c->watch.fd);
    release(c);
}

static void release(struct h2_conn *c)
{
    if (--c->refs > 0)
        return;
    atomic_fetch_sub(&c->home->engine->server->open, 1);
    hb_ip_limit_give(c->home->engine->server->per_ip, (struct sockaddr *)&c->peer);
    free(c->out);
    free(c);
}

/* On the loop's thread: the stream goes on, the connection sends. The
 * stream's reference is dropped in h2_stream_resume; ours keeps the
 * connection until here. */
static void resume(void *arg)
{
    struct h2_stream *st = arg;
    struct h2_conn *c = st->conn;
    c->refs++;
    h2_stream_resume(st);
    h2_conn_flush(c);
    release(c);
}

void h2_conn_wake(void *stream)
{
    struct h2_stream *st = stream;
    struct h2_conn *c = st->conn;
    if (hb_loop_post(c->home->loop, resume, st))
        hb_log_error(&c->home->engine->server->cfg,
                     "out of memory: an HTTP/2 stream is left waiting");
}
