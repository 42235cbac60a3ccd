/* SPDX-License-Identifier: MIT */
/* /base64/{value}: the value decoded as Python's base64.urlsafe_b64decode
 * does (lenient: stray characters skipped, decoding stops at complete
 * padding), served as plain text, never as HTML. And go-httpbin's
 * /base64/{operation}/{*}: encode or decode as Go's encoding/base64
 * does, in the content type the client names. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "lib/base64.h"
#include "lib/http_token.h"
#include "lib/utf8.h"
#include "route.h"

/* CPython's binascii.a2b_base64 without strict mode. 'out' needs len*3/4+3
 * bytes. Returns the length, or -1 when the data ends inside a quantum
 * (Python's "Incorrect padding" and "cannot be 1 more than a multiple of 4"). */
static long lenient_decode(const char *in, size_t len, unsigned char *out)
{
    unsigned char *o = out;
    unsigned quad = 0, pads = 0, left = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=') {
            /* Padding counts only once two characters of a quantum are in;
             * once the quantum is complete, the rest is ignored. */
            if (quad >= 2 && quad + ++pads >= 4)
                return o - out;
            continue;
        }
        int v = hb_base64_sextet(c);
        if (v < 0)
            continue; /* not base64: skipped */
        pads = 0;
        switch (quad) {
        case 0:
            left = (unsigned)v;
            break;
        case 1:
            *o++ = (unsigned char)((left << 2) | ((unsigned)v >> 4));
            left = (unsigned)v & 0x0f;
            break;
        case 2:
            *o++ = (unsigned char)((left << 4) | ((unsigned)v >> 2));
            left = (unsigned)v & 0x03;
            break;
        default:
            *o++ = (unsigned char)((left << 6) | (unsigned)v);
            break;
        }
        quad = (quad + 1) & 3;
    }
    return quad == 0 ? o - out : -1;
}

int handle_base64(struct hb_request *req, struct hb_response *res)
{
    const char *value = hb_request_param(req, "value");
    size_t len = strlen(value);
    unsigned char *out = hb_alloc(req, len / 4 * 3 + 4);
    if (!out)
        return hb_reply_error(res, 500, "out of memory");
    long n = lenient_decode(value, len, out);
    if (n < 0)
        return hb_reply_error(res, 400, "value must be URL-safe base64 (A-Z a-z 0-9 - _, "
                              "padded with = to a multiple of 4 characters): its data "
                              "ends inside a 4-character group");
    if (!hb_utf8_valid((const char *)out, (size_t)n))
        return hb_reply_error(res, 400, "value must decode to UTF-8 text; it decodes to "
                              "other bytes");
    /* Plain text and nosniff: decoded attacker text is never rendered as
     * HTML from this origin (httpbin sends text/html). */
    hb_reply_header(res, "X-Content-Type-Options", "nosniff");
    return hb_reply_bytes(res, 200, "text/plain; charset=utf-8", out, (size_t)n);
}

/* Go's base64.URLEncoding or StdEncoding DecodeString: that alphabet only,
 * padded to a multiple of 4, CR and LF ignored. 'out' needs len*3/4+3
 * bytes. The length, or -1 when it is not such base64. */
static long go_decode(const char *in, size_t len, bool url, unsigned char *out)
{
    unsigned char *o = out;
    unsigned quad = 0, pads = 0, bits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            /* Only at the end of a group's third or fourth place. */
            if (quad + pads < 2)
                return -1;
            pads++;
            if (quad + pads == 4)
                quad = 4;
            continue;
        }
        bool other_alphabet = url ? (c == '+' || c == '/') : (c == '-' || c == '_');
        int v = other_alphabet ? -1 : hb_base64_sextet(c);
        if (v < 0 || pads || quad == 4)
            return -1;
        bits = bits << 6 | (unsigned)v;
        if (++quad == 4) {
            *o++ = (unsigned char)(bits >> 16);
            *o++ = (unsigned char)(bits >> 8);
            *o++ = (unsigned char)bits;
            quad = 0;
            bits = 0;
        }
    }
    if (quad == 4) { /* a padded last group: 2 or 3 characters of data */
        unsigned have = 4 - pads;
        bits <<= 6 * pads;
        *o++ = (unsigned char)(bits >> 16);
        if (have == 3)
            *o++ = (unsigned char)(bits >> 8);
        return o - out;
    }
    return quad == 0 && pads == 0 ? o - out : -1;
}

/* go-httpbin's safe types: the rest may render in a browser, so the body is
 * HTML-escaped (go-httpbin lists "application/octet-string", a slip for
 * -stream, which is taken here). */
static bool safe_media_type(const char *type)
{
    static const char *const safe[] = { "text/plain", "application/json",
                                        "application/octet-stream" };
    const char *p = hb_skip_ows(type);
    size_t major = hb_token_len(p);
    if (!major || p[major] != '/')
        return false;
    size_t minor = hb_token_len(p + major + 1), n = major + 1 + minor;
    const char *rest = hb_skip_ows(p + n);
    if (!minor || (*rest && *rest != ';'))
        return false;
    for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
        if (strlen(safe[i]) == n && !strncasecmp(p, safe[i], n))
            return true;
    return false;
}

/* Go's html.EscapeString, into the request's arena. */
static char *html_escape(struct hb_request *req, const unsigned char *s, size_t n, size_t *len)
{
    char *out = hb_alloc(req, n * 5 + 1), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        const char *rep = s[i] == '&' ? "&amp;" : s[i] == '\'' ? "&#39;" : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;" : s[i] == '"' ? "&#34;" : NULL;
        if (rep) {
            memcpy(o, rep, strlen(rep));
            o += strlen(rep);
        } else {
            *o++ = (char)s[i];
        }
    }
    if (out)
        *len = (size_t)(o - out);
    return out;
}

int handle_base64_operation(struct hb_request *req, struct hb_response *res)
{
    const char *op = hb_request_param(req, "operation");
    /* The rest of the path, slashes and all: standard base64 holds '/'. */
    const char *value = hb_request_param(req, "*");
    size_t len = strlen(value);
    const char *type = hb_request_arg(req, "content-type");
    if (type && !*type)
        type = NULL;
    for (const char *p = type; p && *p; p++)
        if (hb_is_ctl((unsigned char)*p))
            return hb_reply_error(res, 400, "content-type must be a media type such as "
                                            "text/plain, without control characters");
    unsigned char *out;
    long n;
    if (!strcmp(op, "encode")) {
        /* Go's URLEncoding: the URL-safe alphabet, with padding. */
        char *text = hb_alloc(req, hb_base64_encoded_len(len) + 1);
        if (!text)
            return hb_reply_error(res, 500, "out of memory");
        hb_base64_encode(value, len, text);
        for (char *p = text; *p; p++)
            *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
        out = (unsigned char *)text;
        n = (long)strlen(text);
    } else if (!strcmp(op, "decode")) {
        out = hb_alloc(req, len / 4 * 3 + 4);
        if (!out)
            return hb_reply_error(res, 500, "out of memory");
        /* URL-safe first, then the standard alphabet, as go-httpbin. */
        n = go_decode(value, len, true, out);
        if (n < 0)
            n = go_decode(value, len, false, out);
        if (n < 0)
            return hb_reply_error(res, 400, "value must be base64 in the URL-safe or the "
                                            "standard alphabet, padded with = to a multiple "
                                            "of 4 characters");
    } else {
        return hb_reply_error(res, 400, "operation must be encode or decode, not '%s'", op);
    }
    size_t body_len = (size_t)n;
    const char *body = (const char *)out;
    if (type && !safe_media_type(type) && !(body = html_escape(req, out, body_len, &body_len)))
        return hb_reply_error(res, 500, "out of memory");
    hb_reply_header(res, "X-Content-Type-Options", "nosniff");
    return hb_reply_bytes(res, 200, type ? type : "text/plain; charset=utf-8", body, body_len);
}
