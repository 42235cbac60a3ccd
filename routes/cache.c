/* SPDX-License-Identifier: MIT */
/* Caching answers: /cache (304 to any conditional request), /cache/{n}
 * (Cache-Control: max-age) and /etag/{etag} (If-None-Match, If-Match), each
 * the /get echo otherwise, with the headers Python httpbin sends. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "echo.h"
#include "lib/params.h"
#include "route.h"
#include "lib/utf8.h"

/* Werkzeug's http_date() for now: "Mon, 23 Nov 2026 12:35:22 GMT", in
 * English whatever the locale. */
static void http_date_now(char out[32])
{
    static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* uuid.uuid4().hex: 32 lowercase hex digits, version 4. */
static int uuid4_hex(char out[33])
{
    uint8_t b[16];
    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
        return -1;
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* /cache: httpbin tests `If-Modified-Since or If-None-Match`, so an empty
 * If-Modified-Since does not count but an empty If-None-Match does. */
int handle_cache(struct hb_request *req, struct hb_response *res)
{
    const char *ims = hb_request_header(req, "If-Modified-Since");
    const char *inm = hb_request_header(req, "If-None-Match");
    if ((ims && *ims) || inm)
        return hb_reply_bytes(res, 304, NULL, "", 0); /* 304s carry no Content-Type */

    char date[32], etag[33];
    if (uuid4_hex(etag) < 0)
        return hb_reply_error(res, 500, "no randomness available");
    http_date_now(date);
    int status = hb_reply_echo(req, res, HB_ECHO_GET);
    if (status == 200) {
        hb_reply_header(res, "Last-Modified", date);
        hb_reply_header(res, "ETag", etag);
    }
    return status;
}

/* /cache/{n}: any whole number, however large, as httpbin prints it. */
int handle_cache_n(struct hb_request *req, struct hb_response *res)
{
    const char *n = hb_param_digits_text(hb_request_param(req, "n"));
    if (!n)
        return hb_reply_error(res, 400, "n must be a whole number of seconds (digits only, "
                              "at most %d of them)", HB_PARAM_MAX_DIGITS);
    const char *value = hb_printf(req, "public, max-age=%s", n);
    if (!value)
        return hb_reply_error(res, 500, "out of memory");
    int status = hb_reply_echo(req, res, HB_ECHO_GET);
    if (status == 200)
        hb_reply_header(res, "Cache-Control", value);
    return status;
}

/* The length of Python's \s at p (a str pattern, so Unicode whitespace) for
 * the Latin-1 characters a header holds, here in UTF-8: 0 when none. */
static size_t py_space(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if ((c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x20))
        return 1;
    if (c == 0xc2 && end - p >= 2 && ((unsigned char)p[1] == 0x85 || (unsigned char)p[1] == 0xa0))
        return 2; /* U+0085 NEL, U+00A0 NO-BREAK SPACE */
    return 0;
}

/* Whether 'etag' is among the entity tags of 'header' (or it lists "*"),
 * split as httpbin's parse_multi_value_header does: each comma-separated
 * part matched with \s*(W/)?"?([^"]*)"?\s* and group 2 kept. So a part
 * keeps its trailing spaces ("a , b" gives "a " and "b"), and a quote ends it. */
static int etag_listed(const char *header, const char *etag)
{
    size_t elen = strlen(etag);
    const char *p = header;
    for (;;) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *q = p;
        for (size_t n; q < end && (n = py_space(q, end)) > 0;)
            q += n;
        if (end - q >= 2 && q[0] == 'W' && q[1] == '/')
            q += 2;
        if (q < end && *q == '"')
            q++;
        const char *tag = q;
        while (q < end && *q != '"')
            q++;
        size_t tlen = (size_t)(q - tag);
        if ((tlen == elen && !memcmp(tag, etag, elen)) || (tlen == 1 && *tag == '*'))
            return 1;
        if (!*end)
            return 0;
        p = end + 1;
    }
}

/* Header values reach httpbin as Latin-1 text, the path as UTF-8: compare
 * them as text, so the header is turned into UTF-8 first. */
static const char *header_text(struct hb_request *req, const char *name)
{
    const char *v = hb_request_header(req, name);
    return v && *v ? hb_latin1_to_utf8(hb_request_arena(req), v, strlen(v), NULL) : NULL;
}

/* The etag as a header value: the UTF-8 text as Latin-1 bytes, which is how
 * the WSGI server sends it. NULL when a character is past U+00FF or is a
 * control character a header line cannot carry (CR, LF, NUL). */
static char *etag_header_value(struct hb_request *req, const char *etag)
{
    size_t len = strlen(etag);
    char *out = hb_alloc(req, len + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *s = (const unsigned char *)etag; *s;) {
        if (*s == '\r' || *s == '\n')
            return NULL;
        if (*s < 0x80) {
            *o++ = (char)*s++;
        } else if ((s[0] == 0xc2 || s[0] == 0xc3) && (s[1] & 0xc0) == 0x80) {
            *o++ = (char)(((s[0] & 0x03) << 6) | (s[1] & 0x3f));
            s += 2;
        } else {
            return NULL;
        }
    }
    *o = '\0';
    return out;
}

/* /etag/{etag}: If-None-Match wins over If-Match, as in httpbin: a
 * non-empty If-None-Match that does not match means If-Match is not looked at. */
int handle_etag(struct hb_request *req, struct hb_response *res)
{
    const char *etag = hb_request_param(req, "etag");
    const char *value = etag_header_value(req, etag);
    if (!value)
        return hb_reply_error(res, 400, "the etag must be text a header can carry: Latin-1 "
                              "characters (up to U+00FF), no CR or LF");
    const char *if_none_match = header_text(req, "If-None-Match");
    const char *if_match = header_text(req, "If-Match");
    if (if_none_match) {
        if (etag_listed(if_none_match, etag)) {
            hb_reply_header(res, "ETag", value);
            return hb_reply_bytes(res, 304, NULL, "", 0);
        }
    } else if (if_match && !etag_listed(if_match, etag)) {
        return hb_reply_bytes(res, 412, "text/html; charset=utf-8", "", 0);
    }
    int status = hb_reply_echo(req, res, HB_ECHO_GET);
    if (status == 200)
        hb_reply_header(res, "ETag", value);
    return status;
}
