/* SPDX-License-Identifier: MIT */
/* Getters over the request dispatch.c built; see http.h for the contracts. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exchange.h"
#include "server.h"
#include "lib/cookie_header.h"
#include "lib/urlencoded.h"

const char *hb_request_method(const struct hb_request *req)
{
    return req->method;
}

const char *hb_request_raw_path(const struct hb_request *req)
{
    return req->raw_path;
}

const char *hb_request_raw_query(const struct hb_request *req)
{
    return req->raw_query;
}

const char *hb_request_param(const struct hb_request *req, const char *name)
{
    return hb_kvlist_get(&req->params, name);
}

const struct hb_kvlist *hb_request_args(struct hb_request *req)
{
    if (!req->args_loaded) {
        req->args_loaded = 1;
        /* Out of memory leaves the arguments seen so far: still a valid list. */
        (void)hb_urlencoded_parse(&req->arena, req->raw_query, strlen(req->raw_query),
                                  (size_t)-1, &req->args);
    }
    return &req->args;
}

const char *hb_request_arg(struct hb_request *req, const char *name)
{
    return hb_kvlist_get(hb_request_args(req), name);
}

const char *hb_request_arg_nocase(struct hb_request *req, const char *name, size_t *len)
{
    const struct hb_kvlist *args = hb_request_args(req);
    for (size_t i = 0; i < args->count; i++)
        if (!strcasecmp(args->items[i].name, name)) {
            if (len)
                *len = args->items[i].len;
            return args->items[i].value;
        }
    return NULL;
}

const struct hb_kvlist *hb_request_h2_fields(const struct hb_request *req)
{
    return req->h2_fields.count ? &req->h2_fields : NULL;
}

const struct hb_kvlist *hb_request_headers(struct hb_request *req)
{
    return &req->headers; /* filled by the engine with the head */
}

const char *hb_request_header(struct hb_request *req, const char *name)
{
    const struct hb_kvlist *h = hb_request_headers(req);
    const char *found = NULL;
    for (size_t i = 0; i < h->count; i++) {
        if (strcasecmp(h->items[i].name, name))
            continue;
        if (!found) {
            found = h->items[i].value;
            continue;
        }
        /* A repeated header: joined with "," as gunicorn hands it to httpbin. */
        char *joined = hb_arena_printf(&req->arena, "%s,%s", found, h->items[i].value);
        if (joined)
            found = joined;
    }
    return found;
}

const struct hb_kvlist *hb_request_cookies(struct hb_request *req)
{
    if (!req->cookies_loaded) {
        req->cookies_loaded = 1;
        const char *header = hb_request_header(req, "Cookie");
        req->cookies_failed = header && hb_cookie_parse(&req->arena, header, &req->cookies);
    }
    return req->cookies_failed ? NULL : &req->cookies;
}

const char *hb_request_body(const struct hb_request *req, size_t *len)
{
    if (len)
        *len = req->body_len;
    return req->body ? req->body : "";
}

const char *hb_request_client_ip(const struct hb_request *req)
{
    return req->client_ip;
}

const char *hb_request_version(const struct hb_request *req)
{
    return req->version ? req->version : "HTTP/1.1";
}

const char *hb_request_scheme(const struct hb_request *req)
{
    return req->tls ? "https" : "http";
}

const struct hb_config *hb_request_config(const struct hb_request *req)
{
    return &req->server->cfg;
}

const struct hb_route *hb_request_routes(const struct hb_request *req, size_t *count)
{
    *count = req->server->router.count;
    return req->server->router.rows;
}

struct hb_arena *hb_request_arena(struct hb_request *req)
{
    return &req->arena;
}

void *hb_alloc(struct hb_request *req, size_t size)
{
    return hb_arena_alloc(&req->arena, size);
}

char *hb_strdup(struct hb_request *req, const char *s)
{
    return hb_arena_strdup(&req->arena, s);
}

char *hb_memdup(struct hb_request *req, const void *p, size_t len)
{
    return hb_arena_memdup(&req->arena, p, len);
}

char *hb_printf(struct hb_request *req, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = hb_arena_vprintf(&req->arena, fmt, ap);
    va_end(ap);
    return p;
}
