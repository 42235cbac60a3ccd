/* SPDX-License-Identifier: MIT */
/* hb_reply_*: how handlers fill a response; see http.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "lib/pyjson.h"

static void set_body(struct hb_response *res, int status, const char *type,
                     const char *body, size_t len, char *malloced)
{
    free(res->malloced); /* a handler that replies twice keeps the last */
    res->fill = NULL;
    res->status = status;
    res->content_type = type;
    res->body = body;
    res->len = len;
    res->malloced = malloced;
}

int hb_reply_json_new(struct hb_response *res, int status, json_t *body)
{
    char *text = NULL;
    size_t len = 0, cap = 0;
    int failed = !body || hb_pyjson_append(body, &text, &len, &cap);
    json_decref(body);
    if (!failed && len + 1 > cap) {
        char *bigger = realloc(text, len + 1);
        failed = !bigger;
        if (bigger)
            text = bigger;
    }
    if (failed) {
        free(text);
        static const char oom[] = "{\"error\":\"out of memory\",\"status_code\":500}\n";
        set_body(res, 500, "application/json", oom, sizeof(oom) - 1, NULL);
        return 500;
    }
    text[len++] = '\n'; /* httpbin's jsonify always ends with a newline */
    set_body(res, status, "application/json", text, len, text);
    return status;
}

int hb_reply_bytes(struct hb_response *res, int status, const char *type,
                   const void *data, size_t len)
{
    set_body(res, status, type, data, len, NULL);
    return status;
}

int hb_reply_text(struct hb_response *res, int status, const char *type,
                  const char *text)
{
    return hb_reply_bytes(res, status, type, text, strlen(text));
}

int hb_reply_error(struct hb_response *res, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return hb_reply_json_new(res, status, json_pack("{s:s,s:i}", "error", msg,
                                                    "status_code", status));
}

/* Escapes the few characters that matter inside an HTML attribute or text. */
static char *html_escape(struct hb_request *req, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += strchr("<>&\"'", *p) ? 6 : 1;
    char *out = hb_alloc(req, n + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        }
        if (rep)
            o += sprintf(o, "%s", rep);
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

int hb_reply_redirect(struct hb_response *res, int status, const char *location)
{
    struct hb_request *req = res->req;
    const char *safe = html_escape(req, location);
    /* The exact page Werkzeug's redirect() sends. */
    const char *page = safe ? hb_printf(req,
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the "
        "target URL: <a href=\"%s\">%s</a>. If not, click the link.\n", safe, safe) : NULL;
    hb_reply_header(res, "Location", location);
    if (!page)
        return hb_reply_bytes(res, status, NULL, "", 0);
    return hb_reply_text(res, status, "text/html; charset=utf-8", page);
}

void hb_reply_header(struct hb_response *res, const char *name, const char *value)
{
    struct hb_arena *a = &res->req->arena;
    if (!name || !value)
        return; /* an allocation failed upstream: nothing to send */
    char *n = hb_arena_strdup(a, name);
    char *v = hb_arena_strdup(a, value);
    if (n && v)
        (void)hb_kvlist_add(a, &res->headers, n, v, strlen(v));
}

int hb_reply_stream(struct hb_response *res, int status, const char *type, uint64_t size,
                    hb_body_fill *fill, void *state)
{
    set_body(res, status, type, NULL, 0, NULL);
    res->fill = fill;
    res->fill_state = state;
    res->fill_size = size;
    return status;
}

void hb_reply_delay(struct hb_response *res, double seconds)
{
    res->delay = seconds > 0 ? seconds : 0;
}
