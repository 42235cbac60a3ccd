/* SPDX-License-Identifier: MIT */
/* Test harness: our server (the library, not the binary) in a child process
 * on an ephemeral loopback port, and a small libcurl client that returns
 * status, headers and body. */
#ifndef HB_HARNESS_H
#define HB_HARNESS_H

#include <jansson.h>
#include <stddef.h>

#include "server/config.h"

/* Check unchecked fixtures: start once per TCase in the parent process. */
void harness_start(void);
/* As harness_start with settings of the caller's (host and port are forced
 * to 127.0.0.1:0; a tls_port >= 0 becomes 0 too). */
void harness_start_with(const struct hb_config *cfg);
/* As harness_start_with, on 'host' instead of 127.0.0.1: "::1", or "::"
 * for the dual-stack listener (every address, IPv6 and IPv4). */
void harness_start_on(const char *host, const struct hb_config *cfg);
/* Stops the server; exits the test program with 1 when the server did not
 * exit cleanly (a sanitizer finding, a crash). */
void harness_stop(void);
unsigned harness_port(void);
/* The HTTPS port when the config asked for one (tls_port >= 0), else 0. */
unsigned harness_tls_port(void);
/* The server's process, for /proc measurements. */
int harness_server_pid(void);
/* Its thread count now (from /proc), or -1. */
int harness_server_threads(void);
/* A raw TCP connection to the server on 127.0.0.1, or -1: for tests that
 * need every byte under their control. */
int harness_raw_connect(void);

/* Monotonic seconds, for measuring how long something took. */
double harness_now(void);
/* Sleeps ms milliseconds. */
void harness_nap_ms(long ms);

struct http_reply {
    long status;      /* 0 when the request failed (see error) */
    char *body;       /* NUL-terminated, may hold NULs; see len */
    size_t len;
    char *headers;    /* the raw response header block */
    char error[256];
};

/* One request to our server. 'headers' is a NULL-terminated list of
 * "Name: value" lines (may be NULL); 'body' may be NULL. Never follows
 * redirects; gives up after 20 seconds. */
struct http_reply http_request(const char *method, const char *path,
                               const char *const *headers, const char *body,
                               size_t body_len);
/* The same against any base URL, e.g. the Python httpbin. */
struct http_reply http_request_to(const char *base, const char *method, const char *path,
                                  const char *const *headers, const char *body,
                                  size_t body_len);
#define http_get(path) http_request("GET", (path), NULL, NULL, 0)

/* The first value of a response header (case-insensitive), malloc'd copy the
 * caller frees; NULL when absent. */
char *http_reply_header(const struct http_reply *r, const char *name);
/* How many times the header appears. */
int http_reply_header_count(const struct http_reply *r, const char *name);
/* The body parsed as JSON (new reference), or NULL. */
json_t *http_reply_json(const struct http_reply *r);
void http_reply_cleanup(struct http_reply *r);

#endif
