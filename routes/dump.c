/* SPDX-License-Identifier: MIT */
/* /dump/request (from go-httpbin): the request as it came, as HTTP/1.x text:
 * request line with the raw URI, the headers in the order and spelling the
 * client sent, a blank line, the body. Over HTTP/2 there is no request
 * line: the header list is shown as it was decoded, pseudo-headers first. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "route.h"

struct text {
    char *buf;
    size_t len;
};

static void put(struct text *t, const char *s, size_t n)
{
    if (t->buf)
        memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void put_str(struct text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* The body reached us de-chunked; a chunked request is shown chunked again
 * (as one chunk) so that the dump stays a valid HTTP message. */
static bool sent_chunked(struct hb_request *req)
{
    const char *te = hb_request_header(req, "Transfer-Encoding");
    if (!te)
        return false;
    size_t n = strlen(te);
    while (n > 0 && (te[n - 1] == ' ' || te[n - 1] == '\t'))
        n--;
    return n >= 7 && strncasecmp(te + n - 7, "chunked", 7) == 0;
}

/* Writes the dump into t->buf, or only measures it when t->buf is NULL. */
static void dump(struct hb_request *req, struct text *t, bool chunked)
{
    const struct hb_kvlist *h = hb_request_h2_fields(req);
    if (h)
        goto fields;
    const char *query = hb_request_raw_query(req);
    put_str(t, hb_request_method(req));
    put_str(t, " ");
    put_str(t, hb_request_raw_path(req));
    if (*query) {
        put_str(t, "?");
        put_str(t, query);
    }
    put_str(t, " ");
    put_str(t, hb_request_version(req));
    put_str(t, "\r\n");

    h = hb_request_headers(req);
fields:
    for (size_t i = 0; i < h->count; i++) {
        put_str(t, h->items[i].name);
        put_str(t, ": ");
        put(t, h->items[i].value, h->items[i].len);
        put_str(t, "\r\n");
    }
    put_str(t, "\r\n");

    size_t len = 0;
    const char *body = hb_request_body(req, &len);
    if (!body)
        len = 0;
    if (chunked && len > 0) {
        char size[32];
        int n = snprintf(size, sizeof(size), "%zx\r\n", len);
        put(t, size, (size_t)n);
    }
    put(t, body, len);
    if (chunked)
        put_str(t, len > 0 ? "\r\n0\r\n\r\n" : "0\r\n\r\n");
}

int handle_dump_request(struct hb_request *req, struct hb_response *res)
{
    bool chunked = sent_chunked(req);
    struct text t = { NULL, 0 };
    dump(req, &t, chunked); /* measure */
    t.buf = hb_alloc(req, t.len + 1);
    if (!t.buf)
        return hb_reply_error(res, 500, "out of memory");
    t.len = 0;
    dump(req, &t, chunked);
    return hb_reply_bytes(res, 200, "text/plain; charset=utf-8", t.buf, t.len);
}
