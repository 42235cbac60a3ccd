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

/* Time in these tests: no test may pass or fail by how fast the machine is.
 * A loaded CI machine runs the sanitized server and client ten times slower
 * or worse, but its sleeps and timers are still on time. So:
 * - Wait for the event itself (a byte, an EOF, a log line, a state), never
 *   for a fixed nap; bound the wait by HARNESS_PATIENCE, which only a hang
 *   reaches.
 * - Lower bounds ("not cut before the limit", "/delay/1 takes 1 s") are
 *   safe. An upper bound is the time asked of the server plus HARNESS_SLACK,
 *   and only where it is the behaviour under test; order by events where
 *   the claim is "X before Y".
 * - Check's timeouts are hang guards: 60 s per unit test, 120 s per
 *   integration or client test (CK_TIMEOUT_MULTIPLIER scales them). */
#define HARNESS_PATIENCE 30.0 /* seconds: the bound of a wait for an event */
#define HARNESS_SLACK 5.0     /* seconds a loaded machine may add to a timed answer */

/* Polls 'done(arg)' every few milliseconds until it is true (1) or 'seconds'
 * passed (0); it is tried once more at the deadline. */
int harness_wait_until(int (*done)(void *arg), void *arg, double seconds);
/* Reads and drops what the peer sends on 'fd' until it closes (EOF or a
 * reset): the seconds that took, or -1 when 'seconds' passed first. The
 * bytes read go to *received (when not NULL). */
double harness_wait_closed(int fd, double seconds, size_t *received);
/* Whether the peer of 'fd' sent something (bytes, an EOF or a reset)
 * within 'seconds': 1, or 0. Reads nothing. */
int harness_wait_readable(int fd, double seconds);
/* Whether 'fd' is at its end now (EOF or a reset, with nothing unread
 * before it); never waits. */
int harness_peer_closed(int fd);

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
