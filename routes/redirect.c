/* SPDX-License-Identifier: MIT */
/* /redirect/{n}, /relative-redirect/{n}, /absolute-redirect/{n} and
 * /redirect-to, with the Locations and bodies Python httpbin sends. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "echo.h"
#include "lib/params.h"
#include "route.h"

/* n as Flask's int converter reads it (digits only), from 1 to
 * --max-redirects. */
static long parse_hops(struct hb_request *req)
{
    uint64_t n;
    if (hb_param_digits(hb_request_param(req, "n"), &n))
        return -1;
    return n >= 1 && n <= hb_request_config(req)->max_redirects ? (long)n : -1;
}

static int bad_hops(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_error(res, 400, "n must be a whole number of redirects from 1 to %u "
                                    "(--max-redirects)", hb_request_config(req)->max_redirects);
}

/* An absolute URL on this server, built as Flask's url_for(_external=True):
 * the scheme the request really used, not X-Forwarded-Proto. */
static const char *external(struct hb_request *req, const char *path)
{
    return hb_echo_url_with(req, path, 0);
}

/* A path or absolute URL for the next hop. */
static const char *next_hop(struct hb_request *req, const char *kind, long n, int absolute)
{
    const char *path = n == 1 ? "/get" : hb_printf(req, "/%s-redirect/%ld", kind, n - 1);
    if (!path)
        return NULL;
    if (!absolute)
        return path;
    /* url_for() knows no query: drop it from the external URL. */
    const char *url = external(req, path);
    char *q = url ? strchr(url, '?') : NULL;
    if (q)
        *q = '\0';
    return url;
}

/* /redirect/{n}: n hops, relative unless ?absolute=true. */
int handle_redirect(struct hb_request *req, struct hb_response *res)
{
    long n = parse_hops(req);
    if (n < 0)
        return bad_hops(req, res);
    const char *absolute = hb_request_arg(req, "absolute");
    int abs = absolute && !strcasecmp(absolute, "true");
    const char *to = next_hop(req, abs ? "absolute" : "relative", n, abs);
    return to ? hb_reply_redirect(res, 302, to) : hb_reply_error(res, 500, "out of memory");
}

/* /relative-redirect/{n}: a bare 302 with a relative Location. */
int handle_relative_redirect(struct hb_request *req, struct hb_response *res)
{
    long n = parse_hops(req);
    if (n < 0)
        return bad_hops(req, res);
    const char *to = next_hop(req, "relative", n, 0);
    if (!to)
        return hb_reply_error(res, 500, "out of memory");
    hb_reply_header(res, "Location", to);
    return hb_reply_bytes(res, 302, "text/html; charset=utf-8", "", 0);
}

/* /absolute-redirect/{n}: absolute Locations all the way. */
int handle_absolute_redirect(struct hb_request *req, struct hb_response *res)
{
    long n = parse_hops(req);
    if (n < 0)
        return bad_hops(req, res);
    const char *to = next_hop(req, "absolute", n, 1);
    return to ? hb_reply_redirect(res, 302, to) : hb_reply_error(res, 500, "out of memory");
}

/* An argument looked up without regard to case, as httpbin's
 * CaseInsensitiveDict of the query does (the last value wins). */
/* The host of an absolute http(s) or scheme-relative URL, lower case, without
 * user info or port; NULL for anything else (a path, another scheme). */
static char *url_host(struct hb_request *req, const char *url)
{
    const char *p = url;
    if (!strncasecmp(p, "http://", 7))
        p += 7;
    else if (!strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncmp(p, "//", 2))
        p += 2;
    else
        return NULL;
    size_t len = strcspn(p, "/?#\\");
    const char *at = memchr(p, '@', len);
    while (at) { /* user info ends at the last '@' of the authority */
        len -= (size_t)(at + 1 - p);
        p = at + 1;
        at = memchr(p, '@', len);
    }
    if (*p == '[') { /* an IPv6 literal keeps its colons */
        const char *close = memchr(p, ']', len);
        len = close ? (size_t)(close - p) + 1 : len;
    } else {
        const char *colon = memchr(p, ':', len);
        len = colon ? (size_t)(colon - p) : len;
    }
    char *host = hb_memdup(req, p, len);
    for (char *c = host; c && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return host;
}

/* --allowed-redirect-domains: a path on this server always goes; an absolute
 * URL only to a listed host (exactly; a leading dot in the list also allows
 * subdomains); nothing else (other schemes, "//" tricks). */
static int redirect_allowed(struct hb_request *req, const char *url)
{
    const char *list = hb_request_config(req)->allowed_redirect_domains;
    if (!*list)
        return 1;
    if (url[0] == '/' && url[1] != '/' && url[1] != '\\')
        return 1;
    const char *host = url_host(req, url);
    if (!host || !*host)
        return 0;
    size_t hlen = strlen(host);
    for (const char *d = list; *d;) {
        d += strspn(d, ", ");
        size_t dlen = strcspn(d, ", ");
        if (dlen && ((dlen == hlen && !strncasecmp(d, host, dlen)) ||
                     (d[0] == '.' && hlen > dlen &&
                      !strncasecmp(d, host + hlen - dlen, dlen))))
            return 1;
        d += dlen;
    }
    return 0;
}

/* /redirect-to?url=...&status_code=...: the Location is the url verbatim. */
int handle_redirect_to(struct hb_request *req, struct hb_response *res)
{
    const char *url = hb_request_arg_nocase(req, "url", NULL);
    if (!url || !*url)
        return hb_reply_error(res, 400, "the url query argument is required");
    if (strpbrk(url, "\r\n"))
        return hb_reply_error(res, 400, "the url may not contain a line break");
    if (!redirect_allowed(req, url))
        return hb_reply_error(res, 403, "redirects may only go to paths on this server or to "
                                        "these hosts: %s (--allowed-redirect-domains)",
                              hb_request_config(req)->allowed_redirect_domains);
    /* Non-ASCII bytes cannot go in a header as they are: percent-encode
     * them (httpbin sends them double-encoded, as mojibake). */
    size_t n = strlen(url), high = 0;
    for (size_t i = 0; i < n; i++)
        high += (unsigned char)url[i] >= 0x80;
    if (high) {
        char *enc = hb_alloc(req, n + 2 * high + 1), *o = enc;
        if (!enc)
            return hb_reply_error(res, 500, "out of memory");
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)url[i];
            if (c >= 0x80)
                o += sprintf(o, "%%%02X", c);
            else
                *o++ = (char)c;
        }
        *o = '\0';
        url = enc;
    }
    int status = 302;
    const char *code = hb_request_arg_nocase(req, "status_code", NULL);
    if (code) {
        char *end;
        long v = strtol(code, &end, 10);
        if (end == code || *end || v < 0 || v > 999)
            return hb_reply_error(res, 400, "status_code must be a whole number; 300 to 399 "
                                            "are used, anything else gives 302");
        /* httpbin honours only redirect codes and answers 302 otherwise. */
        if (v >= 300 && v < 400)
            status = (int)v;
    }
    hb_reply_header(res, "Location", url);
    return hb_reply_bytes(res, status, "text/html; charset=utf-8", "", 0);
}
