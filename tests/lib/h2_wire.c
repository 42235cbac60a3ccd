/* SPDX-License-Identifier: MIT */
/* The test-side HTTP/2 client; see h2_wire.h. */
#include "h2_wire.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

static const char PREFACE[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
#define MAX_IN (64u << 20) /* what a test may leave unread: far past any answer */

int h2w_connect(struct h2w *c, bool send_settings)
{
    memset(c, 0, sizeof(*c));
    c->fd = harness_raw_connect();
    c->port = harness_port();
    c->window = c->initial_window = 65535;
    for (int i = 0; i < H2W_STREAMS; i++)
        c->streams[i].window = 65535;
    if (c->fd < 0 || fcntl(c->fd, F_SETFL, O_NONBLOCK) ||
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int)) ||
        nghttp2_hd_deflate_new(&c->deflater, 4096) || nghttp2_hd_inflate_new(&c->inflater))
        return -1;
    if (h2w_send(c, PREFACE, sizeof(PREFACE) - 1))
        return -1;
    return send_settings ? h2w_frame(c, H2W_SETTINGS, 0, 0, NULL, 0) : 0;
}

void h2w_close(struct h2w *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    if (c->deflater)
        nghttp2_hd_deflate_del(c->deflater);
    if (c->inflater)
        nghttp2_hd_inflate_del(c->inflater);
    c->deflater = NULL;
    c->inflater = NULL;
    for (int i = 0; i < H2W_STREAMS; i++)
        free(c->streams[i].body);
    free(c->in);
    memset(c->streams, 0, sizeof(c->streams));
    c->in = NULL;
}

/* Takes what the socket has now: 1 bytes came, 0 nothing yet, -1 closed. */
static int take_in(struct h2w *c)
{
    int got = 0;
    for (;;) {
        if (c->in_cap - c->in_len < 65536) {
            size_t cap = c->in_cap ? c->in_cap * 2 : 262144;
            unsigned char *grown = cap <= MAX_IN ? realloc(c->in, cap) : NULL;
            if (!grown) {
                fprintf(stderr, "h2_wire: more than %u bytes left unread\n", MAX_IN);
                abort();
            }
            c->in = grown;
            c->in_cap = cap;
        }
        ssize_t n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (n > 0) {
            c->in_len += (size_t)n;
            got = 1;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return got;
        c->eof = true; /* EOF, or a reset */
        return got ? 1 : -1;
    }
}

int h2w_send(struct h2w *c, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    double last = harness_now();
    while (len > 0) {
        if (c->eof)
            return -1;
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            last = harness_now();
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return -1; /* EPIPE, ECONNRESET: the server closed */
        struct pollfd pf = { c->fd, POLLIN | POLLOUT, 0 };
        if (poll(&pf, 1, 100) > 0 && (pf.revents & (POLLIN | POLLHUP | POLLERR)))
            take_in(c);
        if (harness_now() - last > HARNESS_PATIENCE)
            return -1;
    }
    return 0;
}

size_t h2w_put_frame(unsigned char *out, int type, int flags, int32_t stream,
                     const void *payload, size_t len)
{
    out[0] = (unsigned char)(len >> 16);
    out[1] = (unsigned char)(len >> 8);
    out[2] = (unsigned char)len;
    out[3] = (unsigned char)type;
    out[4] = (unsigned char)flags;
    out[5] = (unsigned char)((uint32_t)stream >> 24 & 0x7f);
    out[6] = (unsigned char)(stream >> 16);
    out[7] = (unsigned char)(stream >> 8);
    out[8] = (unsigned char)stream;
    if (len)
        memcpy(out + 9, payload, len);
    return 9 + len;
}

int h2w_frame(struct h2w *c, int type, int flags, int32_t stream, const void *payload,
              size_t len)
{
    unsigned char *buf = malloc(9 + len);
    if (!buf)
        return -1;
    int rc = h2w_send(c, buf, h2w_put_frame(buf, type, flags, stream, payload, len));
    free(buf);
    return rc;
}

static nghttp2_nv nv(const char *name, const char *value)
{
    return (nghttp2_nv){ (uint8_t *)name, (uint8_t *)value, strlen(name), strlen(value),
                         NGHTTP2_NV_FLAG_NONE };
}

size_t h2w_encode(struct h2w *c, unsigned char *out, size_t cap, const char *method,
                  const char *path, const char *const *extra)
{
    char authority[32];
    snprintf(authority, sizeof(authority), "127.0.0.1:%u", c->port);
    nghttp2_nv list[64];
    size_t n = 0;
    list[n++] = nv(":method", method);
    list[n++] = nv(":scheme", "http");
    list[n++] = nv(":authority", authority);
    list[n++] = nv(":path", path);
    for (size_t i = 0; extra && extra[i] && n < 64; i += 2)
        list[n++] = nv(extra[i], extra[i + 1]);
    ssize_t len = nghttp2_hd_deflate_hd(c->deflater, out, cap, list, n);
    return len > 0 ? (size_t)len : 0;
}

int h2w_request(struct h2w *c, int32_t stream, const char *method, const char *path, bool end)
{
    unsigned char block[4096];
    size_t len = h2w_encode(c, block, sizeof(block), method, path, NULL);
    if (!len)
        return -1;
    return h2w_frame(c, H2W_HEADERS, H2W_END_HEADERS | (end ? H2W_END_STREAM : 0), stream,
                     block, len);
}

struct h2w_stream *h2w_stream(struct h2w *c, int32_t stream)
{
    if (stream <= 0 || !(stream & 1) || stream / 2 >= H2W_STREAMS)
        return NULL;
    return &c->streams[stream / 2];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The server's header block, fragment by fragment: its :status. */
static void inflate_block(struct h2w *c, const struct h2w_frame *f, const unsigned char *in,
                          size_t len)
{
    struct h2w_stream *st = h2w_stream(c, f->stream);
    bool final = f->flags & H2W_END_HEADERS;
    for (;;) {
        nghttp2_nv out;
        int flags = 0;
        ssize_t used = nghttp2_hd_inflate_hd2(c->inflater, &out, &flags, in, len, final);
        if (used < 0) {
            fprintf(stderr, "h2_wire: the server's HPACK does not decode\n");
            abort();
        }
        in += used;
        len -= (size_t)used;
        if ((flags & NGHTTP2_HD_INFLATE_EMIT) && st && out.namelen == 7 &&
            !memcmp(out.name, ":status", 7))
            st->status = atoi((const char *)out.value);
        if (flags & NGHTTP2_HD_INFLATE_FINAL) {
            nghttp2_hd_inflate_end_headers(c->inflater);
            break;
        }
        if (used == 0 && len == 0)
            break;
    }
}

static void headers(struct h2w *c, const struct h2w_frame *f)
{
    const unsigned char *p = f->payload;
    size_t len = f->len;
    if (f->type == H2W_HEADERS) {
        size_t pad = 0;
        if (f->flags & 0x8) /* PADDED */
            pad = len ? *p : 0, p++, len--;
        if (f->flags & 0x20) /* PRIORITY */
            p += 5, len -= 5;
        len -= pad;
        c->header_stream = f->stream;
    }
    inflate_block(c, f, p, len);
}

static void data(struct h2w *c, const struct h2w_frame *f)
{
    struct h2w_stream *st = h2w_stream(c, f->stream);
    if (st) {
        char *grown = realloc(st->body, st->body_len + f->len + 1);
        if (!grown)
            abort();
        memcpy(grown + st->body_len, f->payload, f->len);
        st->body = grown;
        st->body_len += f->len;
        st->body[st->body_len] = '\0';
    }
    if (f->len > 0) { /* all of it given back: the test reads at once */
        unsigned char inc[4] = { (unsigned char)(f->len >> 24), (unsigned char)(f->len >> 16),
                                 (unsigned char)(f->len >> 8), (unsigned char)f->len };
        h2w_frame(c, H2W_WINDOW_UPDATE, 0, 0, inc, 4);
        if (!(f->flags & H2W_END_STREAM))
            h2w_frame(c, H2W_WINDOW_UPDATE, 0, f->stream, inc, 4);
    }
}

static void settings(struct h2w *c, const struct h2w_frame *f)
{
    if (f->flags & H2W_ACK) {
        c->settings_acks++;
        return;
    }
    for (uint32_t i = 0; i + 6 <= f->len; i += 6) {
        unsigned id = (unsigned)f->payload[i] << 8 | f->payload[i + 1];
        uint32_t value = be32(f->payload + i + 2);
        if (id >= 1 && id <= 6) {
            if (id == NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE) {
                for (int s = 0; s < H2W_STREAMS; s++)
                    c->streams[s].window += (int64_t)value - c->initial_window;
                c->initial_window = value;
            }
            c->has_setting[id] = true;
            c->setting[id] = value;
        }
    }
    c->settings_seen = true;
    h2w_frame(c, H2W_SETTINGS, H2W_ACK, 0, NULL, 0);
}

/* What a frame tells us, recorded before the caller sees it. */
static void note(struct h2w *c, const struct h2w_frame *f)
{
    struct h2w_stream *st = h2w_stream(c, f->stream);
    c->frames++;
    switch (f->type) {
    case H2W_HEADERS:
    case H2W_CONTINUATION:
        headers(c, f);
        break;
    case H2W_DATA:
        data(c, f);
        break;
    case H2W_SETTINGS:
        settings(c, f);
        break;
    case H2W_RST_STREAM:
        c->rst_frames++;
        if (f->len == 4 && be32(f->payload) == NGHTTP2_REFUSED_STREAM)
            c->refused++;
        if (st && f->len == 4)
            st->reset = true, st->rst_code = be32(f->payload);
        break;
    case H2W_PING:
        if (f->flags & H2W_ACK && f->len == 8) {
            c->ping_acks++;
            memcpy(c->ping_payload, f->payload, 8);
        }
        break;
    case H2W_GOAWAY:
        if (f->len >= 8) {
            c->goaway = true;
            c->goaway_last = (int32_t)(be32(f->payload) & 0x7fffffff);
            c->goaway_code = be32(f->payload + 4);
        }
        break;
    case H2W_WINDOW_UPDATE:
        if (f->len == 4) {
            c->window_updates++;
            int64_t inc = be32(f->payload) & 0x7fffffff;
            if (f->stream == 0)
                c->window += inc;
            else if (st)
                st->window += inc;
        }
        break;
    }
    if ((f->type == H2W_HEADERS || f->type == H2W_DATA) && (f->flags & H2W_END_STREAM)) {
        c->answered++;
        if (st)
            st->ended = true;
    }
}

int h2w_read(struct h2w *c, struct h2w_frame *f, double seconds)
{
    if (c->consumed) {
        memmove(c->in, c->in + c->consumed, c->in_len - c->consumed);
        c->in_len -= c->consumed;
        c->consumed = 0;
    }
    double deadline = harness_now() + seconds;
    for (;;) {
        if (c->in_len >= 9) {
            uint32_t len = (uint32_t)c->in[0] << 16 | (uint32_t)c->in[1] << 8 | c->in[2];
            if (c->in_len >= 9 + len) {
                *f = (struct h2w_frame){ c->in[3], c->in[4],
                                         (int32_t)(be32(c->in + 5) & 0x7fffffff), len,
                                         c->in + 9 };
                c->consumed = 9 + len;
                note(c, f);
                f->payload = c->in + 9; /* what note() sent may have moved c->in */
                return 1;
            }
        }
        if (c->eof)
            return 0;
        double left = deadline - harness_now();
        if (left <= 0)
            return -1;
        struct pollfd pf = { c->fd, POLLIN, 0 };
        if (poll(&pf, 1, (int)(left * 1000) + 1) > 0)
            take_in(c);
    }
}

int h2w_until(struct h2w *c, bool (*done)(struct h2w *c, void *arg), void *arg, double seconds)
{
    double deadline = harness_now() + seconds;
    struct h2w_frame f;
    while (!done(c, arg)) {
        int rc = h2w_read(c, &f, deadline - harness_now());
        if (rc <= 0)
            return done(c, arg) ? 1 : rc;
    }
    return 1;
}

int h2w_until_closed(struct h2w *c, double seconds)
{
    double deadline = harness_now() + seconds;
    struct h2w_frame f;
    for (;;) {
        int rc = h2w_read(c, &f, deadline - harness_now());
        if (rc == 0)
            return 1;
        if (rc < 0)
            return -1;
    }
}

bool h2w_stream_done(struct h2w *c, void *stream)
{
    struct h2w_stream *st = h2w_stream(c, *(int32_t *)stream);
    return st && (st->ended || st->reset);
}

bool h2w_got_settings(struct h2w *c, void *unused)
{
    (void)unused;
    return c->settings_seen;
}

bool h2w_got_goaway(struct h2w *c, void *unused)
{
    (void)unused;
    return c->goaway;
}
