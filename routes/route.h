/* SPDX-License-Identifier: MIT */
/* The route table's types and every handler's declaration. A handler reads
 * hb_request, fills hb_response through hb_reply_* and returns the status. */
#ifndef HB_ROUTE_H
#define HB_ROUTE_H

#include "server/http.h"
#include "lib/kvlist.h"

/* What a route accepts. GET also answers HEAD; OPTIONS is answered by the
 * dispatcher for every path (CORS preflight), as Flask does for httpbin. */
enum hb_method {
    HB_GET = 1 << 0,
    HB_HEAD = 1 << 1,
    HB_POST = 1 << 2,
    HB_PUT = 1 << 3,
    HB_PATCH = 1 << 4,
    HB_DELETE = 1 << 5,
    HB_OPTIONS = 1 << 6,
    HB_TRACE = 1 << 7,
    HB_OTHER = 1 << 8, /* any other token, e.g. PROPFIND */
};
#define HB_ANY_METHOD 0x1ffu
/* The methods httpbin's /anything, /status and friends list. */
#define HB_HTTPBIN_METHODS (HB_GET | HB_POST | HB_PUT | HB_DELETE | HB_PATCH | HB_TRACE)

enum hb_route_flags {
    HB_READS_BODY = 1 << 0, /* the dispatcher collects the body (<= max_body) first */
};

typedef int hb_handler(struct hb_request *req, struct hb_response *res);

struct hb_route {
    const char *pattern; /* "/bytes/{n}": {name} is one segment, {*} the rest */
    unsigned methods;    /* enum hb_method bits */
    hb_handler *handler;
    unsigned flags;      /* enum hb_route_flags */
    const char *summary; /* one line for the index page and the spec */
};

/* The table, in the order routes are matched. */
extern const struct hb_route hb_routes[];
extern const size_t hb_route_count;

/* Werkzeug's merge_slashes: a path that matches a route only once each "//"
 * is collapsed gets a 308 to that path. The dispatcher picks this row by
 * hand, with the collapsed path as parameter "path". */
extern const struct hb_route hb_merge_slashes_route;

/* The method's bit; HB_OTHER for tokens we do not name. */
unsigned hb_method_bit(const char *method);
/* "GET, HEAD, OPTIONS" for the bits in 'methods' (OPTIONS always added). */
void hb_method_list(unsigned methods, char *buf, size_t size);

/* Finds the first route whose pattern matches the decoded 'path' and accepts
 * 'method'; fills 'params' with its {name} values. When none accepts the
 * method, returns NULL and sets *allowed to the methods the matching
 * patterns take (0: no such path). */
const struct hb_route *hb_route_find(const char *path, unsigned method,
                                     struct hb_arena *a, struct hb_kvlist *params,
                                     unsigned *allowed);

/* inspect.c: echo the request back as JSON */
hb_handler handle_get;
hb_handler handle_body_method;
hb_handler handle_anything;
hb_handler handle_headers;
hb_handler handle_ip;
hb_handler handle_user_agent;
hb_handler handle_uuid;

/* redirect.c */
hb_handler handle_redirect;
hb_handler handle_relative_redirect;
hb_handler handle_absolute_redirect;
hb_handler handle_redirect_to;

/* slashes.c */
hb_handler handle_merge_slashes;

/* tls.c */
hb_handler handle_client_cert;

/* status.c */
hb_handler handle_status;

/* cookies.c */
hb_handler handle_cookies;
hb_handler handle_cookies_set;
hb_handler handle_cookies_set_path;
hb_handler handle_cookies_delete;

/* auth.c */
hb_handler handle_basic_auth;
hb_handler handle_hidden_basic_auth;
hb_handler handle_bearer;

/* digest.c */
hb_handler handle_digest_auth;

/* delay.c */
hb_handler handle_delay;

/* pages.c, images.c, spec.c: pages and files embedded from static/ */
hb_handler handle_index;
hb_handler handle_forms_post;
hb_handler handle_html;
hb_handler handle_xml;
hb_handler handle_json;
hb_handler handle_robots_txt;
hb_handler handle_deny;
hb_handler handle_encoding_utf8;
hb_handler handle_image;
hb_handler handle_image_file;
hb_handler handle_spec_json;

/* cache.c, response_headers.c, encodings.c, base64_decode.c, links.c */
hb_handler handle_cache;
hb_handler handle_cache_n;
hb_handler handle_etag;
hb_handler handle_response_headers;
hb_handler handle_gzip;
hb_handler handle_deflate;
hb_handler handle_brotli;
hb_handler handle_base64;
hb_handler handle_links;
hb_handler handle_links_page;

/* bytes.c, stream.c, range.c, drip.c, sse.c: bodies made as they are sent */
hb_handler handle_bytes;
hb_handler handle_stream_bytes;
hb_handler handle_stream;
hb_handler handle_range;
hb_handler handle_drip;
hb_handler handle_sse;

/* dump.c, hostname.c, unstable.c: go-httpbin's extras */
hb_handler handle_dump_request;
hb_handler handle_hostname;
hb_handler handle_unstable;

#endif
