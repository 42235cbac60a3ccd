/* SPDX-License-Identifier: MIT */
/* Small helpers the libcreq test programs share: URLs on the harness server
 * and reading an echo's JSON. */
#ifndef HB_CLIENT_UTIL_H
#define HB_CLIENT_UTIL_H

#include <creq.h>

/* "http://127.0.0.1:<port><path>" in one of two rotating static buffers, so
 * two calls may appear in one expression. */
const char *client_url(const char *path);
/* The JSON of a 200 answer (a new reference); fails the test otherwise. */
json_t *client_json_of(creq_response *r);
/* j[a] or j[a][b] as a string, or NULL. */
const char *client_jstr(json_t *j, const char *a, const char *b);

#endif
