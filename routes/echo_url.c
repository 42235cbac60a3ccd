/* SPDX-License-Identifier: MIT */
/* The "url" of httpbin's echo: Werkzeug's request.url (an IRI) rebuilt from
 * the raw request line, with the scheme from X-Forwarded-Proto and friends. */
#include <ctype.h>
#include <string.h>

#include "echo.h"
#include "lib/urlencoded.h"
#include "lib/utf8.h"

/* Werkzeug's always-safe URL characters: never percent-encoded. */
static int always_safe(unsigned char c)
{
    return isalnum(c) || (c && strchr("-._~$!'()*+,;", c));
}

static const char hexdigits[] = "0123456789ABCDEF";

/* A growing string in the request arena. */
struct sbuf {
    char *p;
    size_t len, cap;
    struct hb_request *req;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (!b->p)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = hb_alloc(b->req, cap);
        if (!grown) {
            b->p = NULL;
            return;
        }
        memcpy(grown, b->p, b->len);
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_escape(struct sbuf *b, unsigned char c)
{
    char e[3] = { '%', hexdigits[c >> 4], hexdigits[c & 15] };
    sb_put(b, e, 3);
}

/* The path as Werkzeug shows it: decoded, then quoted again with "/:" safe,
 * then valid UTF-8 shown as characters (uri_to_iri). */
static void put_path(struct sbuf *b, struct hb_request *req, const char *decoded)
{
    size_t n = 0;
    if (!decoded) {
        const char *raw = hb_request_raw_path(req);
        decoded = hb_percent_decode(hb_request_arena(req), raw, strlen(raw), 0, &n);
    } else {
        n = strlen(decoded);
    }
    /* Werkzeug rebuilds the URL from "/" plus the path without its leading
     * slashes, so "//get" shows as "/get". */
    while (decoded && n > 1 && decoded[0] == '/' && decoded[1] == '/')
        decoded++, n--;
    char *text = decoded ? hb_utf8_sanitize(hb_request_arena(req), decoded, n, &n) : NULL;
    if (!text) {
        b->p = NULL;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80 || always_safe(c) || c == '/' || c == ':')
            sb_put(b, text + i, 1);
        else
            sb_escape(b, c);
    }
}

/* The query as Werkzeug shows it: quoted with ":&%=+$!*'()," safe, then
 * escapes of always-safe bytes and of valid UTF-8 decoded; the rest kept. */
static void put_query(struct sbuf *b, struct hb_request *req)
{
    const char *q = hb_request_raw_query(req);
    size_t n = strlen(q);
    /* First pass: url_quote, then decode the escapes uri_to_iri decodes. */
    unsigned char *bytes = hb_alloc(req, n * 3 + 1);
    unsigned char *is_literal = hb_alloc(req, n * 3 + 1); /* 1: decoded byte */
    if (!bytes || !is_literal) {
        b->p = NULL;
        return;
    }
    struct sbuf quoted = { hb_alloc(req, n * 3 + 1), 0, n * 3 + 1, req };
    if (!quoted.p) {
        b->p = NULL;
        return;
    }
    quoted.p[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q[i];
        if (always_safe(c) || (c && strchr(":&%=+$!*'(),", c)))
            sb_put(&quoted, (const char *)&c, 1);
        else
            sb_escape(&quoted, c);
    }
    size_t m = 0;
    for (size_t i = 0; i < quoted.len; i++) {
        int hi, lo;
        if (quoted.p[i] == '%' && i + 2 < quoted.len && (hi = hb_hex_value(quoted.p[i + 1])) >= 0 &&
            (lo = hb_hex_value(quoted.p[i + 2])) >= 0) {
            unsigned char c = (unsigned char)(hi << 4 | lo);
            if (c >= 0x80 || always_safe(c)) {
                bytes[m] = c;
                is_literal[m++] = 1;
                i += 2;
                continue;
            }
        }
        bytes[m] = (unsigned char)quoted.p[i];
        is_literal[m++] = 0;
    }
    /* Second pass: decoded bytes that are not valid UTF-8 go back to %XX. */
    for (size_t i = 0; i < m;) {
        if (bytes[i] < 0x80 || !is_literal[i]) {
            sb_put(b, (const char *)bytes + i, 1);
            i++;
            continue;
        }
        size_t len = hb_utf8_seq_len(bytes + i, m - i);
        int all_decoded = len > 0;
        for (size_t k = 1; k < len; k++)
            all_decoded &= is_literal[i + k];
        if (all_decoded) {
            sb_put(b, (const char *)bytes + i, len);
            i += len;
        } else {
            sb_escape(b, bytes[i]);
            i++;
        }
    }
}

const char *hb_echo_wsgi_scheme(struct hb_request *req)
{
    const char *proto = hb_request_header(req, "X-Forwarded-Proto");
    const char *protocol = hb_request_header(req, "X-Forwarded-Protocol");
    const char *ssl = hb_request_header(req, "X-Forwarded-Ssl");
    if ((proto && !strcmp(proto, "https")) || (protocol && !strcmp(protocol, "ssl")) ||
        (ssl && !strcmp(ssl, "on")))
        return "https";
    return hb_request_scheme(req);
}

char *hb_echo_url(struct hb_request *req)
{
    return hb_echo_url_with(req, NULL, 1);
}

char *hb_echo_url_with(struct hb_request *req, const char *decoded_path, int forwarded)
{
    const char *scheme = forwarded ? hb_request_header(req, "X-Forwarded-Proto") : NULL;
    if (!scheme && forwarded)
        scheme = hb_request_header(req, "X-Forwarded-Protocol");
    if (!scheme && forwarded) {
        const char *ssl = hb_request_header(req, "X-Forwarded-Ssl");
        if (ssl && !strcmp(ssl, "on"))
            scheme = "https";
    }
    const char *real = hb_echo_wsgi_scheme(req);
    if (!scheme)
        scheme = real;

    const char *host = hb_request_header(req, "Host");
    if (!host)
        host = hb_printf(req, "%s:%u", hb_request_config(req)->host, hb_request_config(req)->port);
    if (host)
        host = hb_latin1_to_utf8(hb_request_arena(req), host, strlen(host), NULL);
    size_t hl = host ? strlen(host) : 0;
    /* Werkzeug drops the default port of the scheme the request really used. */
    if (!strcmp(real, "http") && hl > 3 && !strcmp(host + hl - 3, ":80"))
        hl -= 3;
    else if (!strcmp(real, "https") && hl > 4 && !strcmp(host + hl - 4, ":443"))
        hl -= 4;

    struct sbuf b = { hb_alloc(req, 256), 0, 256, req };
    if (!b.p || !host)
        return NULL;
    b.p[0] = '\0';
    sb_put(&b, scheme, strlen(scheme));
    sb_put(&b, "://", 3);
    sb_put(&b, host, hl);
    put_path(&b, req, decoded_path);
    if (*hb_request_raw_query(req)) {
        sb_put(&b, "?", 1);
        put_query(&b, req);
    }
    return b.p;
}

