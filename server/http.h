/* SPDX-License-Identifier: MIT */
/* All a route handler may use of the engine: what a route is, reading the
 * request, filling the response. Handlers never see libmicrohttpd;
 * server/dispatch.c turns hb_response into HTTP. */
#ifndef HB_HTTP_H
#define HB_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "lib/arena.h"
#include "lib/kvlist.h"

struct hb_request;  /* built by dispatch.c, lives until the request completes */
struct hb_response; /* filled by a handler, sent by dispatch.c */

/* --- Routes -----------------------------------------------------------------
 * The engine is started with a table of these (hb_server_start) and matches
 * each request against it in order. */

/* What a route accepts. GET also answers HEAD; OPTIONS is answered by the
 * engine for every path (CORS preflight), as Flask does for httpbin. */
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

enum hb_route_flags {
    HB_READS_BODY = 1 << 0, /* the engine collects the body (<= max_body) first */
    /* Never matched directly: the row for a path with "//" that matches
     * another row once its slashes are collapsed (Werkzeug's
     * merge_slashes); parameter "path" holds the collapsed path. */
    HB_MERGE_SLASHES = 1 << 1,
    /* Not recorded in the journal: the journal's own endpoints, whose
     * reading would otherwise change what they read. */
    HB_UNRECORDED = 1 << 2,
};

typedef int hb_handler(struct hb_request *req, struct hb_response *res);

struct hb_route_doc; /* the application's own (its pages); the engine never reads it */

struct hb_route {
    const char *pattern; /* "/bytes/{n}": {name} is one segment, {*} the rest */
    unsigned methods;    /* enum hb_method bits */
    hb_handler *handler;
    unsigned flags;      /* enum hb_route_flags */
    const struct hb_route_doc *doc;
};

/* "GET, HEAD, OPTIONS" for the bits in 'methods' (HEAD with GET; OPTIONS
 * always), as the Allow header lists them. */
void hb_method_list(unsigned methods, char *buf, size_t size);

/* --- Reading the request ------------------------------------------------
 * Returned strings are borrowed: valid until the request ends, never freed
 * by the caller. NULL means absent. */
const char *hb_request_method(const struct hb_request *req);
/* "HTTP/1.1" or "HTTP/1.0". */
const char *hb_request_version(const struct hb_request *req);
/* The path as sent (still percent-encoded) and the raw query ("" if none). */
const char *hb_request_raw_path(const struct hb_request *req);
const char *hb_request_raw_query(const struct hb_request *req);
/* A path parameter of the route, percent-decoded: "{n}" in "/bytes/{n}". */
const char *hb_request_param(const struct hb_request *req, const char *name);
/* Query arguments in order, decoded as Werkzeug does (UTF-8, bad bytes
 * become U+FFFD). */
const struct hb_kvlist *hb_request_args(struct hb_request *req);
/* The first value of a query argument. */
const char *hb_request_arg(struct hb_request *req, const char *name);
/* httpbin's own CaseInsensitiveDict(request.args.items())[name]: the first
 * value of the first argument whose name matches without regard to case.
 * (Its .get() is plain dict.get: exact case, hb_request_arg.) NULL when
 * absent. 'len' (may be NULL) gets the value's length: it may hold a NUL. */
const char *hb_request_arg_nocase(struct hb_request *req, const char *name, size_t *len);
/* HTTP/2: the header list as it arrived, decoded: the pseudo-headers
 * (":method", ":scheme", ":authority", ":path") first, then the fields,
 * names in lower case as the protocol has them. NULL over HTTP/1.x. */
const struct hb_kvlist *hb_request_h2_fields(const struct hb_request *req);
/* Request headers in order, names as sent (HTTP/2's :authority as Host). */
const struct hb_kvlist *hb_request_headers(struct hb_request *req);
/* Case-insensitive lookup; repeated headers joined with "," as gunicorn does. */
const char *hb_request_header(struct hb_request *req, const char *name);
/* The body collected for HB_READS_BODY routes (NUL-terminated; may hold NULs). */
const char *hb_request_body(const struct hb_request *req, size_t *len);
/* Whether that body is valid UTF-8 (checked once per request). */
bool hb_request_body_is_utf8(struct hb_request *req);
/* The Cookie header's pairs in order, as Werkzeug reads them (values
 * unquoted, repeats kept). NULL when out of memory. */
const struct hb_kvlist *hb_request_cookies(struct hb_request *req);

/* The body as a form, as Werkzeug splits it. */
struct hb_upload {               /* a multipart part with a filename */
    const char *field;           /* the part's name as UTF-8; "null" when it had none */
    const char *filename;        /* "" when filename="" (still a file) */
    const char *content_type;    /* application/octet-stream when the part gave none */
    const char *data;            /* the bytes as sent */
    size_t len;
};
struct hb_form {
    bool is_form;                /* urlencoded or multipart/form-data */
    struct hb_kvlist fields;     /* text fields in order, decoded by their charset */
    const struct hb_upload *files;
    size_t file_count;
};
/* Reads the body as a form once. 0 with *form filled (not is_form and empty
 * for other types), -1 when out of memory, or 1 with *error a sentence for a
 * 400 (malformed multipart, more parts than --max-form-parts). */
int hb_request_form(struct hb_request *req, const struct hb_form **form, const char **error);
/* The body as JSON. 0 with *json a new reference, or NULL when the body is
 * empty, not UTF-8 or not JSON (httpbin's "json": null); -1 when out of
 * memory; 1 with *error a sentence for a 400 when it nests deeper than
 * --max-json-depth. */
int hb_request_json(struct hb_request *req, json_t **json, const char **error);
/* The peer's address as text, without port ("127.0.0.1", "::1"). */
const char *hb_request_client_ip(const struct hb_request *req);
/* "http" or "https": how the client reached us (proxies not considered). */
const char *hb_request_scheme(const struct hb_request *req);
const struct hb_config *hb_request_config(const struct hb_request *req);
/* The table the engine was started with (*count rows), for the pages that
 * list it. */
const struct hb_route *hb_request_routes(const struct hb_request *req, size_t *count);

/* The journal (--journal; on in libhttpbin), or NULL when it is off. */
struct hb_journal;
struct hb_journal *hb_request_journal(const struct hb_request *req);
/* The requests recorded, oldest first, as a new JSON array (NULL when out
 * of memory); *dropped (when not NULL) counts those dropped to stay within
 * the limits since the start or the last clear. */
json_t *hb_journal_requests(struct hb_journal *j, size_t *dropped);
/* Empties it (and its dropped count); how many requests it held. */
size_t hb_journal_clear(struct hb_journal *j);

/* The certificate an HTTPS client presented (strings borrowed, like the
 * getters above). */
struct hb_client_cert {
    bool verified;          /* it checks out against --tls-client-ca */
    const char *subject, *issuer;
    const char *serial;     /* hex */
    const char *sha256;     /* fingerprint, hex */
    const char *not_before, *not_after; /* ISO 8601, UTC */
};
/* 1 and *out filled when the client presented a certificate, 0 when it did
 * not (or the request is not over TLS), -1 when it cannot be read. */
int hb_request_client_cert(struct hb_request *req, struct hb_client_cert *out);

/* Per-request memory, freed when the request completes. */
void *hb_alloc(struct hb_request *req, size_t size);
char *hb_strdup(struct hb_request *req, const char *s);
char *hb_memdup(struct hb_request *req, const void *p, size_t len);
char *hb_printf(struct hb_request *req, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct hb_arena *hb_request_arena(struct hb_request *req);

/* --- Replying -------------------------------------------------------------
 * Each returns 'status' so a handler can end with `return hb_reply_...`. */

/* Serialises 'body' as Python's httpbin does (compact, sorted keys, ASCII)
 * plus "\n", Content-Type application/json. Steals 'body' (NULL body: 500). */
int hb_reply_json_new(struct hb_response *res, int status, json_t *body);
/* 'data' must outlive the request: static or hb_alloc'd. 'type' may be NULL
 * (no Content-Type header). */
int hb_reply_bytes(struct hb_response *res, int status, const char *type,
                   const void *data, size_t len);
/* Like hb_reply_bytes for a NUL-terminated string. */
int hb_reply_text(struct hb_response *res, int status, const char *type,
                  const char *text);
/* {"error": "<message>", "status_code": N}: what was wrong and what is allowed. */
int hb_reply_error(struct hb_response *res, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A redirect with Werkzeug's small HTML body, as Flask's redirect() sends. */
int hb_reply_redirect(struct hb_response *res, int status, const char *location);
/* Adds a header (name and value are copied). Repeats are kept. */
void hb_reply_header(struct hb_response *res, const char *name, const char *value);
/* Sends the reply only after 'seconds', without holding a worker thread. */
void hb_reply_delay(struct hb_response *res, double seconds);

/* --- Bodies made while they are sent ----------------------------------------
 * For large or paced bodies, never held whole. The server calls 'fill' each
 * time the connection can take more: it writes 1..max bytes at 'buf' and
 * returns how many; 0 ends the body; -1 aborts the connection. Setting
 * *pause (seconds) makes the server wait that long before the next call,
 * holding no thread: the connection is suspended and the timer resumes it.
 * 'state' belongs to the handler (hb_alloc it: it lives as long as the
 * request). */
typedef long hb_body_fill(void *state, char *buf, size_t max, double *pause);
#define HB_SIZE_UNKNOWN UINT64_MAX /* no Content-Length: sent chunked */
int hb_reply_stream(struct hb_response *res, int status, const char *type, uint64_t size,
                    hb_body_fill *fill, void *state);

#endif
