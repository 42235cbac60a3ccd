/* SPDX-License-Identifier: MIT */
/* httpbin's request JSON: url, args, headers, origin, method, form, data,
 * files, json, built exactly as Python httpbin's get_dict() does. */
#ifndef HB_ECHO_H
#define HB_ECHO_H

#include <jansson.h>

#include "server/http.h"

enum hb_echo_key {
    HB_ECHO_URL = 1 << 0,
    HB_ECHO_ARGS = 1 << 1,
    HB_ECHO_HEADERS = 1 << 2,
    HB_ECHO_ORIGIN = 1 << 3,
    HB_ECHO_METHOD = 1 << 4,
    HB_ECHO_FORM = 1 << 5,
    HB_ECHO_DATA = 1 << 6,
    HB_ECHO_FILES = 1 << 7,
    HB_ECHO_JSON = 1 << 8,
};
#define HB_ECHO_GET (HB_ECHO_URL | HB_ECHO_ARGS | HB_ECHO_HEADERS | HB_ECHO_ORIGIN)
#define HB_ECHO_BODY (HB_ECHO_GET | HB_ECHO_FORM | HB_ECHO_DATA | HB_ECHO_FILES | HB_ECHO_JSON)

/* A new object with the chosen keys. NULL with *error set (a message for a
 * 400: a malformed multipart body, too many parts) or NULL with *error NULL
 * when out of memory. */
json_t *hb_echo_new(struct hb_request *req, unsigned keys, const char **error);

/* The echo with the chosen keys as the 200 answer; a 400 for a body that
 * cannot be read (what was wrong), a 500 when out of memory. */
int hb_reply_echo(struct hb_request *req, struct hb_response *res, unsigned keys);

/* The pieces, for routes that need only one. */
json_t *hb_echo_headers(struct hb_request *req);
const char *hb_echo_origin(struct hb_request *req);
/* The request URL as Werkzeug's request.url shows it (an IRI), with the scheme
 * taken from X-Forwarded-Proto and friends as httpbin does. */
char *hb_echo_url(struct hb_request *req);
/* The same URL with another (decoded) path, and with or without the
 * forwarded scheme: the absolute URLs Werkzeug's redirects use. */
char *hb_echo_url_with(struct hb_request *req, const char *decoded_path, int forwarded);
/* The scheme gunicorn hands httpbin as wsgi.url_scheme: "https" when
 * X-Forwarded-Proto is https (or X-Forwarded-Protocol ssl, X-Forwarded-Ssl
 * on), else how the client reached us. Decides absolute URLs and Secure. */
const char *hb_echo_wsgi_scheme(struct hb_request *req);
/* One value -> string, repeated names -> list (httpbin's semiflatten). */
json_t *hb_echo_semiflatten(const struct hb_kvlist *list);
/* 's' as a JSON string, or a "data:<type>;base64,..." URL when it is not
 * UTF-8 (httpbin's json_safe). */
json_t *hb_echo_json_safe(const char *s, size_t len, const char *type);

#endif
