/* SPDX-License-Identifier: MIT */
/* The ClientHello reader; see tls_hello.h. One pass through a cursor that
 * reads the handshake message and steps over the record headers between its
 * fragments as it meets them, so a fragmented hello needs neither a copy nor
 * an allocation. Every read is checked against the bytes there and against
 * the length of each structure it sits in: the bytes are an attacker's. */
#include "tls_hello.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define RECORD_HEADER 5u
#define CONTENT_HANDSHAKE 22u
#define CLIENT_HELLO 1u
#define EXT_ALPN 0x0010u
/* A record may carry 2^14 bytes of plaintext, a hello's record no more; we
 * allow what TLS 1.2 allows any record on the wire (2^14 + 2048), so as to
 * be no stricter than a record layer: the bound is there to cap the peek.
 * Longer is OTHER, not NOT_TLS: a peer whose first bytes say TLS gets its
 * answer (an alert) from libmicrohttpd's TLS, not from us. */
#define RECORD_MAX (16384u + 2048u)

struct cursor {
    const unsigned char *buf;
    size_t len;      /* bytes in buf */
    size_t pos;      /* offset in buf of the next message byte */
    size_t frag_end; /* offset in buf where the record being read ends */
    size_t left;     /* bytes left in the structure being read */
    size_t msg_left; /* bytes left in the handshake message, once known */
    size_t need;     /* set when the bytes ran out: how many there must be */
    bool odd;        /* set when the bytes are no hello we can read */
};

static bool odd(struct cursor *c)
{
    c->odd = true;
    return false;
}

static bool short_of(struct cursor *c, size_t want)
{
    c->need = want;
    return false;
}

/* Plain HTTP, an SSLv2 hello or garbage shows in the first byte or two. */
static bool looks_like_tls(const unsigned char *buf, size_t len)
{
    return (len < 1 || buf[0] == CONTENT_HANDSHAKE) && (len < 2 || buf[1] == 3);
}

/* Steps over the header of the record carrying the next piece of the
 * message. Only a handshake record may: TLS forbids other types between a
 * message's fragments, and empty handshake records. A record running past
 * the message would hold a second message, which no client sends before
 * the server's answer; refusing it (here, or in message_length for the
 * record the length arrives in) keeps every *need within the hello. */
static bool next_record(struct cursor *c)
{
    size_t at = c->frag_end;
    if (at + RECORD_HEADER > HB_TLS_HELLO_MAX)
        return odd(c);
    if (c->len < at + RECORD_HEADER)
        return short_of(c, at + RECORD_HEADER);
    const unsigned char *h = c->buf + at;
    size_t n = (size_t)h[3] << 8 | h[4];
    if (h[0] != CONTENT_HANDSHAKE || h[1] != 3 || n == 0 || n > RECORD_MAX || n > c->msg_left)
        return odd(c);
    c->pos = at + RECORD_HEADER;
    c->frag_end = c->pos + n;
    return c->frag_end <= HB_TLS_HELLO_MAX || odd(c);
}

/* Consumes n bytes of the structure being read, copied to out unless it is
 * NULL. Short of bytes, it asks for the rest of the record: the client sent
 * it whole, and asking for less would only take more peeks. */
static bool take(struct cursor *c, size_t n, unsigned char *out)
{
    if (n > c->left)
        return odd(c);
    c->left -= n;
    while (n > 0) {
        if (c->pos == c->frag_end && !next_record(c))
            return false;
        size_t step = c->frag_end - c->pos < n ? c->frag_end - c->pos : n;
        if (c->len < c->pos + step)
            return short_of(c, c->frag_end);
        if (out) {
            memcpy(out, c->buf + c->pos, step);
            out += step;
        }
        c->pos += step;
        c->msg_left -= step;
        n -= step;
    }
    return true;
}

/* A big-endian number of width (1 to 3) bytes. */
static bool number(struct cursor *c, size_t width, size_t *v)
{
    unsigned char b[3];
    if (!take(c, width, b))
        return false;
    *v = 0;
    for (size_t i = 0; i < width; i++)
        *v = *v << 8 | b[i];
    return true;
}

/* A vector's length, in width bytes: at least min, and within what is left
 * of the structure around it. */
static bool vector_length(struct cursor *c, size_t width, size_t min, size_t *n)
{
    if (!number(c, width, n))
        return false;
    return (*n >= min && *n <= c->left) || odd(c);
}

/* The handshake header has told the message's length: the hello must fit
 * our cap, and the record it has reached must not run past it. */
static bool message_length(struct cursor *c, size_t n)
{
    if (n > HB_TLS_HELLO_MAX - RECORD_HEADER - 4 || c->frag_end - c->pos > n)
        return odd(c);
    c->msg_left = c->left = n;
    return true;
}

/* The ALPN extension (RFC 7301), n bytes: a list length that fills it, then
 * names of 1 to 255 bytes. "h2" must be a whole name ("h2c" and "h2-14" are
 * other protocols). */
static bool read_alpn(struct cursor *c, size_t n, bool *h2)
{
    size_t after = c->left - n, list;
    c->left = n;
    if (!vector_length(c, 2, 2, &list))
        return false;
    if (list != c->left)
        return odd(c);
    while (c->left > 0) {
        size_t len;
        unsigned char name[2];
        if (!vector_length(c, 1, 1, &len))
            return false;
        if (len != 2) {
            if (!take(c, len, NULL))
                return false;
            continue;
        }
        if (!take(c, 2, name))
            return false;
        if (name[0] == 'h' && name[1] == '2')
            *h2 = true;
    }
    c->left = after;
    return true;
}

/* The extensions block, which must end the hello; each extension at most
 * once, as TLS requires. */
static bool read_extensions(struct cursor *c, bool *h2)
{
    size_t total;
    bool seen_alpn = false;
    if (!vector_length(c, 2, 0, &total))
        return false;
    if (total != c->left)
        return odd(c);
    while (c->left > 0) {
        size_t type, n;
        if (!number(c, 2, &type) || !vector_length(c, 2, 0, &n))
            return false;
        if (type != EXT_ALPN) {
            if (!take(c, n, NULL))
                return false;
            continue;
        }
        if (seen_alpn)
            return odd(c);
        seen_alpn = true;
        if (!read_alpn(c, n, h2))
            return false;
    }
    return true;
}

/* The ClientHello. Fields that do not bear on ALPN (legacy_version, random,
 * the session id, suites and compression methods) are only stepped over,
 * with their lengths checked: their meaning is the handshake's business. */
static bool read_hello(struct cursor *c, bool *h2)
{
    size_t type, n;
    if (!number(c, 1, &type) || !number(c, 3, &n))
        return false;
    if (type != CLIENT_HELLO)
        return odd(c);
    if (!message_length(c, n) || !take(c, 2 + 32, NULL))
        return false;
    if (!vector_length(c, 1, 0, &n))
        return false;
    if (n > 32)
        return odd(c);
    if (!take(c, n, NULL) || !vector_length(c, 2, 2, &n))
        return false;
    if (n % 2)
        return odd(c);
    if (!take(c, n, NULL) || !vector_length(c, 1, 1, &n) || !take(c, n, NULL))
        return false;
    return c->left == 0 || read_extensions(c, h2); /* a hello may have no extensions */
}

enum hb_tls_hello hb_tls_hello_read(const unsigned char *buf, size_t len, size_t *need)
{
    if (!looks_like_tls(buf, len))
        return HB_HELLO_NOT_TLS;
    struct cursor c = { .buf = buf, .len = len, .left = SIZE_MAX, .msg_left = SIZE_MAX };
    bool h2 = false;
    if (read_hello(&c, &h2))
        return h2 ? HB_HELLO_H2 : HB_HELLO_OTHER;
    if (c.odd)
        return HB_HELLO_OTHER;
    if (need)
        *need = c.need;
    return HB_HELLO_MORE;
}
