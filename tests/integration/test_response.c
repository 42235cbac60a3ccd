/* SPDX-License-Identifier: MIT */
/* Answers shaped by the request: /cache, /cache/{n}, /etag/{etag},
 * /response-headers, /gzip /deflate /brotli, /base64/{value} and /links,
 * with Python httpbin's bytes and our errors for bad input. */
#include <arpa/inet.h>
#include <brotli/decode.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"

#define H(...) ((const char *const[]){ __VA_ARGS__, NULL })
/* A header that must not be sent (compared by address, so "" stays a value). */
static const char absent_marker[] = "(absent)";
#define ABSENT absent_marker

#define JSON_CT "application/json"
#define HTML_CT "text/html; charset=utf-8"
#define TEXT_CT "text/plain; charset=utf-8"

struct answer_case {
    const char *name, *method, *path;
    const char *const *headers; /* request headers, or NULL */
    long status;
    const char *type;           /* Content-Type; ABSENT: none; NULL: not checked */
    const char *header, *value; /* another header: its first value (ABSENT: none) */
    const char *body;           /* the exact body, or NULL */
};

/* Every body below that httpbin defines was read from Python httpbin 0.7.0. */
static const struct answer_case answers[] = {
    /* /cache: httpbin tests `If-Modified-Since or If-None-Match` */
    { "cache: plain", "GET", "/cache", NULL, 200, JSON_CT, "Cache-Control", ABSENT, NULL },
    { "cache: If-Modified-Since", "GET", "/cache", H("If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT"),
      304, ABSENT, "ETag", ABSENT, "" },
    { "cache: any If-Modified-Since text", "GET", "/cache", H("If-Modified-Since: x"), 304, ABSENT,
      "Last-Modified", ABSENT, "" },
    { "cache: If-None-Match", "GET", "/cache", H("If-None-Match: \"x\""), 304, ABSENT, NULL, NULL, "" },
    { "cache: an empty If-None-Match counts", "GET", "/cache", H("If-None-Match;"), 304, ABSENT,
      NULL, NULL, "" },
    { "cache: an empty If-Modified-Since does not", "GET", "/cache", H("If-Modified-Since;"), 200,
      JSON_CT, NULL, NULL, NULL },

    /* /cache/{n} */
    { "cache n: 60", "GET", "/cache/60", NULL, 200, JSON_CT, "Cache-Control", "public, max-age=60", NULL },
    { "cache n: 0", "GET", "/cache/0", NULL, 200, JSON_CT, "Cache-Control", "public, max-age=0", NULL },
    { "cache n: leading zeros as int()", "GET", "/cache/007", NULL, 200, JSON_CT, "Cache-Control",
      "public, max-age=7", NULL },
    { "cache n: beyond 64 bits as python", "GET", "/cache/099999999999999999999999", NULL, 200,
      JSON_CT, "Cache-Control", "public, max-age=99999999999999999999999", NULL },

    /* /etag/{etag}: httpbin's parse_multi_value_header */
    { "etag: plain", "GET", "/etag/abc", NULL, 200, JSON_CT, "ETag", "abc", NULL },
    { "etag: quoted match", "GET", "/etag/abc", H("If-None-Match: \"abc\""), 304, ABSENT, "ETag", "abc", "" },
    { "etag: weak match", "GET", "/etag/abc", H("If-None-Match: W/\"abc\""), 304, ABSENT, "ETag", "abc", "" },
    { "etag: bare match", "GET", "/etag/abc", H("If-None-Match: abc"), 304, ABSENT, "ETag", "abc", "" },
    { "etag: star", "GET", "/etag/abc", H("If-None-Match: *"), 304, ABSENT, "ETag", "abc", "" },
    { "etag: in a list", "GET", "/etag/abc", H("If-None-Match: \"x\", \"abc\""), 304, ABSENT, "ETag",
      "abc", "" },
    { "etag: repeated headers join", "GET", "/etag/abc", H("If-None-Match: \"x\"", "If-None-Match: \"abc\""),
      304, ABSENT, "ETag", "abc", "" },
    { "etag: unquoted part keeps its trailing space", "GET", "/etag/abc",
      H("If-None-Match: x , abc ,y"), 200, JSON_CT, "ETag", "abc", NULL },
    { "etag: Python's \\s takes a no-break space", "GET", "/etag/abc", H("If-None-Match: \xa0\"abc\""),
      304, ABSENT, "ETag", "abc", "" },
    { "etag: no match", "GET", "/etag/abc", H("If-None-Match: \"abcd\""), 200, JSON_CT, "ETag", "abc", NULL },
    { "etag: If-Match fails", "GET", "/etag/abc", H("If-Match: \"x\""), 412, HTML_CT, "ETag", ABSENT, "" },
    { "etag: If-Match holds", "GET", "/etag/abc", H("If-Match: \"abc\""), 200, JSON_CT, "ETag", "abc", NULL },
    { "etag: If-Match star", "GET", "/etag/abc", H("If-Match: *"), 200, JSON_CT, "ETag", "abc", NULL },
    { "etag: If-None-Match hides If-Match", "GET", "/etag/abc", H("If-None-Match: x", "If-Match: y"), 200,
      JSON_CT, "ETag", "abc", NULL },
    { "etag: an empty If-None-Match lets If-Match speak", "GET", "/etag/abc",
      H("If-None-Match;", "If-Match: y"), 412, HTML_CT, NULL, NULL, "" },
    { "etag: a space", "GET", "/etag/a%20b", NULL, 200, JSON_CT, "ETag", "a b", NULL },
    { "etag: Latin-1 sent as its byte", "GET", "/etag/%C3%A9", NULL, 200, JSON_CT, "ETag", "\xe9", NULL },
    { "etag: Latin-1 header matches", "GET", "/etag/%C3%A9", H("If-None-Match: \"\xe9\""), 304, ABSENT,
      "ETag", "\xe9", "" },

    /* /response-headers */
    { "response headers: none", "GET", "/response-headers", NULL, 200, JSON_CT, NULL, NULL,
      "{\"Content-Length\":\"58\",\"Content-Type\":\"application/json\"}\n" },
    { "response headers: repeated and free", "GET", "/response-headers?X-A=1&X-A=2&freeform=ok", NULL,
      200, JSON_CT, "freeform", "ok",
      "{\"Content-Length\":\"90\",\"Content-Type\":\"application/json\",\"X-A\":[\"1\",\"2\"],"
      "\"freeform\":\"ok\"}\n" },
    { "response headers: a second Content-Type", "GET", "/response-headers?Content-Type=text/plain",
      NULL, 200, JSON_CT, NULL, NULL,
      "{\"Content-Length\":\"73\",\"Content-Type\":[\"application/json\",\"text/plain\"]}\n" },
    { "response headers: names grouped as a MultiDict", "GET", "/response-headers?x-a=1&X-A=2&x-a=3",
      NULL, 200, JSON_CT, "x-a", "1",
      "{\"Content-Length\":\"98\",\"Content-Type\":\"application/json\",\"X-A\":[\"1\",\"3\",\"2\"],"
      "\"x-a\":[\"1\",\"3\",\"2\"]}\n" },
    { "response headers: CORS set after the view", "GET",
      "/response-headers?Access-Control-Allow-Origin=foo", NULL, 200, JSON_CT,
      "Access-Control-Allow-Origin", "*",
      "{\"Access-Control-Allow-Origin\":\"foo\",\"Content-Length\":\"94\","
      "\"Content-Type\":\"application/json\"}\n" },
    { "response headers: empty values", "GET", "/response-headers?X-E=&k", NULL, 200, JSON_CT, "X-E",
      "", "{\"Content-Length\":\"74\",\"Content-Type\":\"application/json\",\"X-E\":\"\",\"k\":\"\"}\n" },
    { "response headers: Latin-1 value", "GET", "/response-headers?X-A=%C3%A9", NULL, 200, JSON_CT,
      "X-A", "\xe9",
      "{\"Content-Length\":\"73\",\"Content-Type\":\"application/json\",\"X-A\":\"\\u00e9\"}\n" },
    { "response headers: tab inside a value", "GET", "/response-headers?X-A=a%09b", NULL, 200,
      JSON_CT, "X-A", "a\tb", NULL },
    { "response headers: POST reads the query only", "POST", "/response-headers?A=1",
      H("Content-Type: application/x-www-form-urlencoded"), 200, JSON_CT, "A", "1",
      "{\"A\":\"1\",\"Content-Length\":\"66\",\"Content-Type\":\"application/json\"}\n" },

    /* /base64/{value}: urlsafe_b64decode, lenient as CPython's */
    { "base64: text", "GET", "/base64/SFRUUEJJTiBpcyBhd2Vzb21l", NULL, 200, TEXT_CT,
      "X-Content-Type-Options", "nosniff", "HTTPBIN is awesome" },
    { "base64: url-safe alphabet, never html", "GET", "/base64/PGI-aGk8L2I-", NULL, 200, TEXT_CT,
      "X-Content-Type-Options", "nosniff", "<b>hi</b>" },
    { "base64: standard alphabet too", "GET", "/base64/PGI+aGk8L2I+", NULL, 200, TEXT_CT, NULL, NULL,
      "<b>hi</b>" },
    { "base64: stray characters skipped", "GET", "/base64/aGVs*bA==", NULL, 200, TEXT_CT, NULL, NULL, "hell" },
    { "base64: data after padding ignored", "GET", "/base64/aGVsbG8=extra", NULL, 200, TEXT_CT, NULL,
      NULL, "hello" },
    { "base64: extra padding", "GET", "/base64/aGVsbG8==", NULL, 200, TEXT_CT, NULL, NULL, "hello" },
    { "base64: early padding skipped", "GET", "/base64/Y=Q==", NULL, 200, TEXT_CT, NULL, NULL, "a" },
    { "base64: padding inside a group", "GET", "/base64/YW=Jj", NULL, 200, TEXT_CT, NULL, NULL, "abc" },
    { "base64: utf-8", "GET", "/base64/w6k=", NULL, 200, TEXT_CT, NULL, NULL, "\xc3\xa9" },
    { "base64: nothing decodable is empty text", "GET", "/base64/*", NULL, 200, TEXT_CT, NULL, NULL, "" },

    /* /base64/{operation}/{*}: go-httpbin's, Go's encoding/base64 (checked on
     * go-httpbin v2.14.0) */
    { "base64 encode: URL-safe alphabet, padded", "GET", "/base64/encode/%3F%3F%3E", NULL, 200,
      TEXT_CT, "X-Content-Type-Options", "nosniff", "Pz8-" },
    { "base64 encode: padding", "GET", "/base64/encode/hello", NULL, 200, TEXT_CT, NULL, NULL,
      "aGVsbG8=" },
    { "base64 encode: the rest of the path, slashes too", "GET", "/base64/encode/a/b", NULL, 200,
      TEXT_CT, NULL, NULL, "YS9i" },
    { "base64 decode: URL-safe", "GET", "/base64/decode/aGV-bG8_", NULL, 200, TEXT_CT, NULL, NULL,
      "he~lo?" },
    { "base64 decode: standard alphabet, slash and all", "GET", "/base64/decode/aGV+bG8/", NULL,
      200, TEXT_CT, NULL, NULL, "he~lo?" },
    { "base64 decode: two padded characters", "GET", "/base64/decode/YQ==", NULL, 200, TEXT_CT,
      NULL, NULL, "a" },
    { "base64 decode: line feeds ignored", "GET", "/base64/decode/YW%0AJj", NULL, 200, TEXT_CT,
      NULL, NULL, "abc" },
    { "base64 decode: bytes as they are", "GET", "/base64/decode/_w==", NULL, 200, TEXT_CT, NULL,
      NULL, "\xff" },
    { "base64 decode: a content type of the client's", "GET",
      "/base64/decode/eyJhIjogMX0=?content-type=application/json", NULL, 200, JSON_CT, NULL, NULL,
      "{\"a\": 1}" },
    { "base64 decode: HTML escaped for a type a browser renders", "GET",
      "/base64/decode/PGltZyBzcmM9eCBvbmVycm9yPSJhKCcxJykiPg==?content-type=text/html", NULL, 200,
      "text/html", NULL, NULL, "&lt;img src=x onerror=&#34;a(&#39;1&#39;)&#34;&gt;" },

    /* /links */
    { "links: to the first page", "GET", "/links/3", NULL, 302, HTML_CT, "Location", "/links/3/0",
      "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
      "<p>You should be redirected automatically to the target URL: <a href=\"/links/3/0\">"
      "/links/3/0</a>. If not, click the link.\n" },
    { "links: n as int() prints it", "GET", "/links/007", NULL, 302, HTML_CT, "Location", "/links/7/0", NULL },
    { "links: zero kept in the redirect", "GET", "/links/0", NULL, 302, HTML_CT, "Location", "/links/0/0", NULL },
    { "links: huge n kept in the redirect", "GET", "/links/99999999999999999999999", NULL, 302, HTML_CT,
      "Location", "/links/99999999999999999999999/0", NULL },
    { "links: a page", "GET", "/links/3/1", NULL, 200, HTML_CT, NULL, NULL,
      "<html><head><title>Links</title></head><body><a href='/links/3/0'>0</a> 1 "
      "<a href='/links/3/2'>2</a> </body></html>" },
    { "links: zero is one", "GET", "/links/0/0", NULL, 200, HTML_CT, NULL, NULL,
      "<html><head><title>Links</title></head><body>0 </body></html>" },
    { "links: offset past the end", "GET", "/links/2/5", NULL, 200, HTML_CT, NULL, NULL,
      "<html><head><title>Links</title></head><body><a href='/links/2/0'>0</a> "
      "<a href='/links/2/1'>1</a> </body></html>" },
    { "links: huge offset", "GET", "/links/1/99999999999999999999", NULL, 200, HTML_CT, NULL, NULL,
      "<html><head><title>Links</title></head><body><a href='/links/1/0'>0</a> </body></html>" },
    { "links: offset with zeros", "GET", "/links/2/01", NULL, 200, HTML_CT, NULL, NULL,
      "<html><head><title>Links</title></head><body><a href='/links/2/0'>0</a> 1 </body></html>" },
};

/* Bad input: a JSON error whose message names what is wrong. */
struct bad_case {
    const char *name, *path;
    const char *const *headers;
    long status;
    const char *says; /* a piece of the error message */
};

static const struct bad_case bad[] = {
    { "cache n: text", "/cache/x", NULL, 400, "whole number" },
    { "cache n: negative", "/cache/-1", NULL, 400, "whole number" },
    { "cache n: plus sign", "/cache/+1", NULL, 400, "whole number" },
    { "cache n: float", "/cache/1.5", NULL, 400, "whole number" },
    { "cache n: space", "/cache/%201", NULL, 400, "whole number" },
    { "cache n: empty", "/cache/", NULL, 404, "no such endpoint" },
    { "etag: past Latin-1", "/etag/%E2%82%AC", NULL, 400, "Latin-1" },
    { "etag: CR", "/etag/a%0Db", NULL, 400, "CR" },
    { "etag: LF", "/etag/a%0Ab", NULL, 400, "LF" },
    { "base64: unknown operation", "/base64/frob/aGVsbG8=", NULL, 400, "encode or decode" },
    { "base64 decode: unpadded", "/base64/decode/aGVsbG8", NULL, 400, "padded with =" },
    { "base64 decode: alphabets mixed", "/base64/decode/aGV-bG8/", NULL, 400, "padded with =" },
    { "base64 decode: data after the padding", "/base64/decode/YQ==YQ==", NULL, 400, "padded" },
    { "base64 decode: padding too early", "/base64/decode/Y===", NULL, 400, "padded" },
    { "base64 decode: a CR in the content type", "/base64/decode/YQ==?content-type=a%0Db", NULL,
      400, "control characters" },
    { "response headers: name with a space", "/response-headers?x%20y=1", NULL, 400, "'x y' is not a token" },
    { "response headers: empty name", "/response-headers?=v", NULL, 400, "'' is not a token" },
    { "response headers: colon in name", "/response-headers?a:b=1", NULL, 400, "'a:b' is not a token" },
    { "response headers: non-ASCII name", "/response-headers?X-%C3%A9=1", NULL, 400,
      "'X-\\xc3\\xa9' is not a token" },
    { "response headers: NUL in name", "/response-headers?a%00b=1", NULL, 400, "NUL" },
    { "response headers: CR in value", "/response-headers?X-A=a%0Db", NULL, 400, "X-A cannot be sent: 'a\\x0db'" },
    { "response headers: LF in value", "/response-headers?X-A=a%0Ab", NULL, 400, "'a\\x0ab'" },
    { "response headers: NUL in value", "/response-headers?X-A=a%00b", NULL, 400, "'a\\x00b'" },
    { "response headers: control in value", "/response-headers?X-A=%01", NULL, 400, "'\\x01'" },
    { "response headers: DEL in value", "/response-headers?X-A=%7F", NULL, 400, "'\\x7f'" },
    { "response headers: past Latin-1", "/response-headers?ok=1&X-A=%E2%82%AC", NULL, 400, "X-A" },
    { "response headers: Content-Length", "/response-headers?Content-Length=5", NULL, 400,
      "Content-Length cannot be set" },
    { "response headers: Transfer-Encoding", "/response-headers?transfer-encoding=chunked", NULL, 400,
      "transfer-encoding cannot be set" },
    { "response headers: Connection", "/response-headers?Connection=close", NULL, 400, "Connection" },
    { "response headers: Keep-Alive", "/response-headers?Keep-Alive=5", NULL, 400, "Keep-Alive" },
    { "response headers: Upgrade", "/response-headers?Upgrade=h2c", NULL, 400, "Upgrade" },
    { "response headers: Date", "/response-headers?Date=x", NULL, 400, "Date" },
    { "base64: no padding", "/base64/aGVsbG8", NULL, 400, "base64" },
    { "base64: one character", "/base64/a", NULL, 400, "base64" },
    { "base64: padding that does not end a group", "/base64/aGVsbA=a", NULL, 400, "base64" },
    { "base64: not utf-8", "/base64/_w==", NULL, 400, "UTF-8" },
    { "base64: empty", "/base64/", NULL, 404, "no such endpoint" },
    { "links: negative", "/links/-1", NULL, 400, "n must be" },
    { "links: text", "/links/x", NULL, 400, "n must be" },
    { "links: float", "/links/1.5", NULL, 400, "n must be" },
    { "links page: negative n", "/links/-3/0", NULL, 400, "n must be" },
    { "links page: negative offset", "/links/3/-1", NULL, 400, "offset must be" },
    { "links page: text offset", "/links/3/x", NULL, 400, "offset must be" },
    { "links page: float n", "/links/1.5/0", NULL, 400, "n must be" },
};

static void check_header(const struct http_reply *r, const char *what, const char *name,
                         const char *want)
{
    char *got = http_reply_header(r, name);
    if (want == ABSENT)
        ck_assert_msg(!got, "%s: %s sent ('%s')", what, name, got);
    else
        ck_assert_msg(got && !strcmp(got, want), "%s: %s is '%s', want '%s'", what, name,
                      got ? got : "(none)", want);
    free(got);
}

START_TEST(test_answers_each_case)
{
    const struct answer_case *c = &answers[_i];
    const char *body = !strcmp(c->method, "POST") ? "x=1" : NULL;
    struct http_reply r = http_request(c->method, c->path, c->headers, body, body ? 3 : 0);
    ck_assert_msg(r.status == c->status, "%s: status %ld, want %ld (%.200s)", c->name, r.status,
                  c->status, r.body ? r.body : r.error);
    if (c->type)
        check_header(&r, c->name, "Content-Type", c->type);
    if (c->header)
        check_header(&r, c->name, c->header, c->value);
    if (c->body)
        ck_assert_msg(r.len == strlen(c->body) && !memcmp(r.body, c->body, r.len),
                      "%s: body\n'%.1000s'\nwant\n'%s'", c->name, r.body, c->body);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_bad_input_gets_a_json_error)
{
    const struct bad_case *c = &bad[_i];
    struct http_reply r = http_request("GET", c->path, c->headers, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: status %ld, want %ld (%.200s)", c->name, r.status,
                  c->status, r.body ? r.body : r.error);
    if (c->says) {
        json_t *j = http_reply_json(&r);
        const char *msg = json_string_value(json_object_get(j, "error"));
        ck_assert_msg(msg && strstr(msg, c->says), "%s: error '%.300s' does not say '%s'",
                      c->name, msg ? msg : r.body, c->says);
        ck_assert_int_eq(json_integer_value(json_object_get(j, "status_code")), c->status);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}
END_TEST

/* The status of a GET sent over a bare socket: the harness client's URL
 * buffer is shorter than the paths this needs. */
static long raw_status(const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)harness_port()) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    char head[64];
    int n = snprintf(head, sizeof(head), "GET ");
    ck_assert(write(fd, head, (size_t)n) == n);
    ck_assert(write(fd, path, strlen(path)) == (ssize_t)strlen(path));
    const char tail[] = " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ck_assert(write(fd, tail, sizeof(tail) - 1) == (ssize_t)(sizeof(tail) - 1));
    char buf[32] = "";
    size_t got = 0;
    ssize_t r;
    while (got < sizeof(buf) - 1 && (r = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
        got += (size_t)r;
    close(fd);
    return strncmp(buf, "HTTP/1.1 ", 9) ? 0 : strtol(buf + 9, NULL, 10);
}

/* Python's int() reads at most 4300 digits; httpbin cannot answer past them. */
START_TEST(test_numbers_past_python_int_digits_are_refused)
{
    static const char *const prefixes[] = { "/cache/", "/links/", "/links/3/", "/links/" };
    char path[4400];
    for (int i = 0; i < 4; i++) {
        for (int digits = 4300; digits <= 4301; digits++) {
            int len = snprintf(path, sizeof(path), "%s", prefixes[i]);
            memset(path + len, '7', (size_t)digits);
            strcpy(path + len + digits, i == 3 ? "/0" : "");
            long want = digits == 4301 ? 400 : i == 1 ? 302 : 200;
            long got = raw_status(path);
            ck_assert_msg(got == want, "%s with %d digits: %ld, want %ld", prefixes[i], digits,
                          got, want);
        }
    }
}
END_TEST

/* Every value of a response header, in order (at most 'max'); malloc'd copies. */
static int header_values(const struct http_reply *r, const char *name, char **out, int max)
{
    size_t n = strlen(name);
    int count = 0;
    for (const char *line = r->headers; line && *line && count < max;) {
        const char *end = strstr(line, "\r\n");
        if (!end)
            break;
        if (!strncmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            out[count++] = strndup(v, (size_t)(end - v));
        }
        line = end + 2;
    }
    return count;
}

START_TEST(test_response_headers_repeat_in_multidict_order)
{
    struct http_reply r = http_get("/response-headers?x-a=1&X-A=2&x-a=3&b=4");
    ck_assert_int_eq(r.status, 200);
    char *v[8];
    int n = header_values(&r, "x-a", v, 8);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(v[0], "1");
    ck_assert_str_eq(v[1], "3"); /* grouped by exact name, as MultiDict.items(multi=True) */
    for (int i = 0; i < n; i++)
        free(v[i]);
    n = header_values(&r, "X-A", v, 8);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(v[0], "2");
    free(v[0]);
    /* A Content-Type argument is a second header after httpbin's own. */
    http_reply_cleanup(&r);
    r = http_get("/response-headers?Content-Type=text/plain&Content-Type=text/csv");
    n = header_values(&r, "Content-Type", v, 8);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(v[0], "application/json");
    ck_assert_str_eq(v[1], "text/plain");
    ck_assert_str_eq(v[2], "text/csv");
    for (int i = 0; i < n; i++)
        free(v[i]);
    /* The CORS headers are the server's, once each, whatever the query says. */
    http_reply_cleanup(&r);
    r = http_get("/response-headers?Access-Control-Allow-Origin=x&Access-Control-Allow-Credentials=no");
    ck_assert_int_eq(http_reply_header_count(&r, "Access-Control-Allow-Origin"), 1);
    ck_assert_int_eq(http_reply_header_count(&r, "Access-Control-Allow-Credentials"), 1);
    check_header(&r, "cors", "Access-Control-Allow-Credentials", "true");
    http_reply_cleanup(&r);
}
END_TEST

/* The body's Content-Length is the body's own length, across the lengths
 * where its digit count changes (httpbin's fix-point loop). */
START_TEST(test_response_headers_content_length_is_its_own)
{
    char path[2048], want[32];
    for (int k = 0; k < 1000; k += k < 60 || (k > 900 && k < 960) ? 1 : 37) {
        int len = snprintf(path, sizeof(path), "/response-headers?x=");
        memset(path + len, 'a', (size_t)k);
        path[len + k] = '\0';
        struct http_reply r = http_get(path);
        ck_assert_int_eq(r.status, 200);
        json_t *j = http_reply_json(&r);
        snprintf(want, sizeof(want), "%zu", r.len);
        const char *said = json_string_value(json_object_get(j, "Content-Length"));
        ck_assert_msg(said && !strcmp(said, want), "k=%d: body says %s, is %s", k, said, want);
        json_decref(j);
        http_reply_cleanup(&r);
    }
}
END_TEST

START_TEST(test_response_headers_never_serve_markup)
{
    /* A client-chosen text/html must not make echoed text markup: with two
     * Content-Types a browser uses the last. */
    struct http_reply r =
        http_get("/response-headers?Content-Type=text/html&x=%3Cscript%3Ea%26b%3C/script%3E");
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(!memchr(r.body, '<', r.len) && !memchr(r.body, '&', r.len), "%s", r.body);
    json_t *j = http_reply_json(&r);
    ck_assert_str_eq(json_string_value(json_object_get(j, "x")), "<script>a&b</script>");
    char want[32];
    snprintf(want, sizeof(want), "%zu", r.len);
    ck_assert_str_eq(json_string_value(json_object_get(j, "Content-Length")), want);
    json_decref(j);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cache_sends_an_http_date_and_a_uuid_etag)
{
    static const char *const days = "Mon,Tue,Wed,Thu,Fri,Sat,Sun,";
    char *etags[2];
    for (int i = 0; i < 2; i++) {
        struct http_reply r = http_get("/cache?a=1");
        ck_assert_int_eq(r.status, 200);
        char *date = http_reply_header(&r, "Last-Modified");
        ck_assert_msg(date && strlen(date) == 29 && date[3] == ',' && !strcmp(date + 25, " GMT") &&
                      strstr(days, (char[]){ date[0], date[1], date[2], ',', 0 }),
                      "Last-Modified '%s'", date);
        free(date);
        etags[i] = http_reply_header(&r, "ETag");
        ck_assert_msg(etags[i] && strlen(etags[i]) == 32 &&
                      strspn(etags[i], "0123456789abcdef") == 32 && etags[i][12] == '4',
                      "ETag '%s' is not uuid4().hex", etags[i]);
        json_t *j = http_reply_json(&r);
        ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "args"), "a")), "1");
        ck_assert_int_eq(json_object_size(j), 4); /* the /get echo */
        json_decref(j);
        http_reply_cleanup(&r);
    }
    ck_assert_str_ne(etags[0], etags[1]);
    free(etags[0]);
    free(etags[1]);
}
END_TEST

/* --- compressed echoes ---------------------------------------------------- */

struct coding_case {
    const char *path, *encoding, *flag;
};

static const struct coding_case codings[] = {
    { "/gzip", "gzip", "gzipped" },
    { "/deflate", "deflate", "deflated" },
    { "/brotli", "br", "brotli" },
};

/* The decompressed body (malloc'd, NUL-terminated) or NULL. */
static char *unpack(const struct http_reply *r, const char *encoding, size_t *len)
{
    size_t cap = 1 << 20;
    char *out = malloc(cap + 1);
    if (!strcmp(encoding, "br")) {
        *len = cap;
        if (BrotliDecoderDecompress(r->len, (const uint8_t *)r->body, len, (uint8_t *)out) !=
            BROTLI_DECODER_RESULT_SUCCESS) {
            free(out);
            return NULL;
        }
    } else {
        z_stream z;
        memset(&z, 0, sizeof(z));
        /* 31: the gzip wrapper only; 15: the zlib one only. */
        inflateInit2(&z, !strcmp(encoding, "gzip") ? 31 : 15);
        z.next_in = (Bytef *)r->body;
        z.avail_in = (uInt)r->len;
        z.next_out = (Bytef *)out;
        z.avail_out = (uInt)cap;
        int rc = inflate(&z, Z_FINISH);
        *len = z.total_out;
        inflateEnd(&z);
        if (rc != Z_STREAM_END || z.avail_in) {
            free(out);
            return NULL;
        }
    }
    out[*len] = '\0';
    return out;
}

START_TEST(test_encoded_echo_decompresses_to_httpbin_json)
{
    const struct coding_case *c = &codings[_i];
    struct http_reply r = http_request("GET", c->path, H("X-Test: yes", "X-Forwarded-For: 10.0.0.1"),
                                       NULL, 0);
    ck_assert_int_eq(r.status, 200);
    check_header(&r, c->path, "Content-Encoding", c->encoding);
    check_header(&r, c->path, "Content-Type", JSON_CT);
    char *cl = http_reply_header(&r, "Content-Length");
    ck_assert_msg(cl && strtoul(cl, NULL, 10) == r.len, "%s: Content-Length %s for %zu bytes",
                  c->path, cl, r.len);
    free(cl);
    if (!strcmp(c->encoding, "gzip")) /* magic, deflate, no flags, then OS 255 as Python */
        ck_assert(r.len > 10 && !memcmp(r.body, "\x1f\x8b\x08\x00", 4) &&
                  (unsigned char)r.body[9] == 0xff);
    if (!strcmp(c->encoding, "deflate")) /* a zlib header, the default level */
        ck_assert(r.len > 2 && !memcmp(r.body, "\x78\x9c", 2));
    size_t len;
    char *text = unpack(&r, c->encoding, &len);
    ck_assert_msg(text != NULL, "%s: does not decompress", c->path);
    ck_assert_msg(len > 0 && text[len - 1] == '\n', "%s: no final newline", c->path);
    json_t *j = json_loadb(text, len, 0, NULL);
    ck_assert_msg(j != NULL, "%s: not JSON: %s", c->path, text);
    ck_assert(json_is_true(json_object_get(j, c->flag)));
    ck_assert_str_eq(json_string_value(json_object_get(j, "method")), "GET");
    ck_assert_str_eq(json_string_value(json_object_get(j, "origin")), "10.0.0.1");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "headers"), "X-Test")), "yes");
    ck_assert_int_eq(json_object_size(j), 4);
    /* Flask's key order and separators: flag, headers, method, origin. */
    ck_assert_msg(text[0] == '{' && text[1] == '"' && !strncmp(text + 2, c->flag, strlen(c->flag)) &&
                  strstr(text, "\"headers\":{") && strstr(text, ",\"method\":\"GET\",\"origin\":"),
                  "%s: %s", c->path, text);
    json_decref(j);
    free(text);
    http_reply_cleanup(&r);
}
END_TEST

/* --- links ------------------------------------------------------------------ */

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

START_TEST(test_links_clamps_n_to_200)
{
    struct http_reply r = http_get("/links/500/0");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(count(r.body, "<a href="), 199);
    ck_assert_msg(strstr(r.body, "<a href='/links/200/199'>199</a> </body></html>") != NULL,
                  "%s", r.body);
    ck_assert(strncmp(r.body + strlen("<html><head><title>Links</title></head><body>"), "0 <a", 4) == 0);
    http_reply_cleanup(&r);
}
END_TEST

static void start_with_few_links(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.max_links = 5;
    harness_start_with(&cfg);
}

START_TEST(test_links_clamps_n_to_max_links)
{
    struct http_reply r = http_get("/links/10/2");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "<html><head><title>Links</title></head><body><a href='/links/5/0'>0</a> "
                             "<a href='/links/5/1'>1</a> 2 <a href='/links/5/3'>3</a> "
                             "<a href='/links/5/4'>4</a> </body></html>");
    http_reply_cleanup(&r);
    r = http_get("/links/10"); /* the redirect keeps n as asked, as httpbin's */
    check_header(&r, "redirect", "Location", "/links/10/0");
    http_reply_cleanup(&r);
}
END_TEST

static Suite *response_suite(void)
{
    Suite *s = suite_create("response");
    TCase *tc = tcase_create("answers");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_answers_each_case, 0, sizeof(answers) / sizeof(answers[0]));
    tcase_add_loop_test(tc, test_bad_input_gets_a_json_error, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, test_numbers_past_python_int_digits_are_refused);
    tcase_add_test(tc, test_response_headers_repeat_in_multidict_order);
    tcase_add_test(tc, test_response_headers_content_length_is_its_own);
    tcase_add_test(tc, test_cache_sends_an_http_date_and_a_uuid_etag);
    tcase_add_test(tc, test_response_headers_never_serve_markup);
    tcase_add_loop_test(tc, test_encoded_echo_decompresses_to_httpbin_json, 0,
                        sizeof(codings) / sizeof(codings[0]));
    tcase_add_test(tc, test_links_clamps_n_to_200);
    suite_add_tcase(s, tc);

    TCase *few = tcase_create("max_links");
    tcase_add_unchecked_fixture(few, start_with_few_links, harness_stop);
    tcase_set_timeout(few, 120);
    tcase_add_test(few, test_links_clamps_n_to_max_links);
    suite_add_tcase(s, few);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(response_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
