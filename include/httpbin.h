/* SPDX-License-Identifier: MIT */
/* libhttpbin: the httpbin-c server inside a C program (a test suite, most
 * often), on a free loopback port, with a journal of the requests it
 * received. pkg-config --cflags --libs httpbin; see libhttpbin(3). */
#ifndef HTTPBIN_H
#define HTTPBIN_H

#include <stddef.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct httpbin_server httpbin_server;

/* Starts a server in this process. options: NULL, or a NULL-terminated list
 * of the command line's own options ("--max-delay=2", "--tls-self-signed",
 * ...), read by the same option table as the binary (httpbin-c --help).
 * Defaults for embedding: host 127.0.0.1, port 0 (a free one), access log
 * off, the journal on, two worker threads; the HTTPBIN_* environment is not
 * read. A TLS option without --tls-port serves HTTPS on a free port beside
 * HTTP. On failure returns NULL and, when error is not NULL, sets *error to
 * a message to free with free(). */
httpbin_server *httpbin_start(const char *const *options, char **error);

/* "http://127.0.0.1:PORT", without a trailing slash: the host is --host's
 * ("http://[::1]:PORT"), loopback for the wildcards "::" and "0.0.0.0". */
const char *httpbin_url(const httpbin_server *s);
/* "https://127.0.0.1:PORT", or NULL when the server has no HTTPS port. */
const char *httpbin_tls_url(const httpbin_server *s);
/* The PEM certificate of the throwaway CA that signed the HTTPS
 * certificate (--tls-self-signed; the default with a TLS option), or NULL. */
const char *httpbin_ca_pem(const httpbin_server *s);
/* The bound ports (the kernel's pick for port 0); 0 when there is none. */
unsigned httpbin_port(const httpbin_server *s);
unsigned httpbin_tls_port(const httpbin_server *s);

/* Closes new connections as they come, lets the requests in flight and
 * those on connections already open finish (up to --shutdown-grace
 * seconds), closes everything and frees s. NULL is
 * ignored. Call it in the process that started the server: in a forked
 * child (Check's fork mode) it does nothing. */
void httpbin_stop(httpbin_server *s);

/* The journal: the requests received, oldest first, as a new reference to a
 * JSON array (NULL when the journal is off or memory ran out). Each request
 * is recorded once its head and body have arrived and before its answer is
 * sent, so a client that has its response finds its request here. An
 * answer decided early (a 400 for a malformed head, a 413 for a declared
 * Content-Length over --max-body) is recorded before its body. Each
 * element is an object:
 *   "id"            1, 2, ... in the order recorded (not reset by clear)
 *   "time"          arrival, "2026-12-07T20:05:21.123Z" (UTC)
 *   "client"        {"address": "127.0.0.1", "port": 53412}
 *   "tls"           true when it came on the HTTPS port
 *   "method", "target", "http_version"   "POST", "/post?a=1", "HTTP/1.1"
 *   "headers"       [["Name", "value"], ...] in the order and case sent
 *   "body"          the body (up to --journal-max-body bytes) as a string:
 *   "body_encoding" "utf-8" for text, "base64" for any other bytes
 *   "body_bytes"    the body's length as it arrived (de-chunked)
 *   "body_truncated" whether "body" holds less than that
 *   "status"        the status of the answer
 * It is bounded by --journal-max-requests and --journal-max-bytes: the
 * oldest requests are dropped first (httpbin_requests_dropped counts them).
 * Safe to call from any thread, and from a child forked after the start
 * (the journal lives in memory shared with such children). */
json_t *httpbin_requests(httpbin_server *s);
/* The value of the first header named 'name' (any case) in 'request', an
 * element of httpbin_requests' array, or NULL; borrowed from it. */
const char *httpbin_header(const json_t *request, const char *name);
/* Empties the journal (and the dropped count). */
void httpbin_clear(httpbin_server *s);
/* How many requests were dropped from the journal since the start or the
 * last clear to keep it within its bounds. */
size_t httpbin_requests_dropped(httpbin_server *s);

/* The httpbin-c program itself: reads argv and the HTTPBIN_* environment
 * with the binary's defaults ([::]:8080, access log on, journal off),
 * serves until SIGINT or SIGTERM, then stops as httpbin_stop does.
 * Returns the exit status (0, 1 when it could not start, 2 for a usage
 * error). It blocks SIGINT and SIGTERM in the calling thread (its workers
 * inherit that) and ignores SIGPIPE in the process. */
int httpbin_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
