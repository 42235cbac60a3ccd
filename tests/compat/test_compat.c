/* SPDX-License-Identifier: MIT */
/* Our answers against Python httpbin 0.7.0's (under gunicorn), request by request. */

/*
 * Deliberate differences, and how the cases below cope with them:
 *
 *  what                  | Python httpbin 0.7.0         | ours                 | compared
 *  ----------------------+------------------------------+----------------------+-----------------
 *  404 and 405 from the  | Werkzeug's HTML error pages  | a JSON error         | OWN_ERROR
 *  router                |                              |                      |
 *  /status/abc and other | 400, text "Invalid status    | 400, a JSON error    | OWN_ERROR
 *  codes not numbers     | code"                        |                      |
 *  /status/407           | the app sets                 | Proxy-Authenticate   | only headers in
 *                        | Proxy-Authenticate, gunicorn | sent                 | compared_headers
 *                        | drops it as hop-by-hop       |                      |
 *  several files in one  | only the first: get_files()  | a list of them all   | NO_FILES
 *  multipart field       | walks MultiDict.items()      | (httpbin#682)        |
 *  /bearer token parsing | authorization.lstrip(        | the text after       | only tokens not
 *                        | 'Bearer ') strips any        | "Bearer "            | starting with B,
 *                        | leading B, e, a, r, space    |                      | e, a, r or space
 *  reason phrases        | upper case ("NOT FOUND")     | RFC 9110 casing      | never compared
 *  /uuid                 | random                       | random               | UUID
 *  /status/{list}        | a random pick                | a random pick        | 100% weights only
 *  malformed multipart,  | 200 with an empty form: the  | 400, a JSON error    | ours = 400
 *  or no boundary        | parse error is swallowed     | saying what is wrong |
 *  JSON beyond jansson:  | parsed (Python ints have no  | "json": null         | NO_JSON
 *  >64-bit integers,     | size limit; NaN, Infinity,   | (jansson rejects     |
 *  NaN, 1e400, lone      | lone surrogates accepted)    | them)                |
 *  surrogates            |                              |                      |
 *  POST /delay/{n}       | 405 in 0.7.0 (GET only)      | 200, as newer httpbin| ours = 200
 *  /redirect/-1, /x      | 404 (the int converter does  | 400 saying what n    | ours = 400
 *                        | not match)                   | may be               |
 *  /redirect/0, a        | 500                          | 400                  | ours = 400
 *  redirect-to without   |                              |                      |
 *  url or a bad code     |                              |                      |
 *  /redirect-to a non-   | Location mojibake            | percent-encoded      | ours = 302
 *  ASCII url             | (/caf%C3%83%C2%A9)           | UTF-8 (/caf%C3%A9)   |
 *
 *  OWN_ERROR: the status and the headers of compared_headers but Content-Type;
 *             not the body.
 *  NO_FILES:  the body but "files", then our first file of each field must be
 *             Python's file.
 *  UUID:      both "uuid" values must be version 4 UUIDs; masked, the rest of
 *             the body compares byte for byte.
 *  NO_JSON:   the bodies without "json" must be equal; ours has "json": null.
 *  ours = N:  Python's answer is not compared: ours must have status N (and a
 *             JSON error body when N >= 400).
 *  DECODED:   bodies compare after undoing Content-Encoding (gzip, deflate, br):
 *             the compressed bytes depend on the compressor's settings.
 *  SAME_LENGTH: unseeded random bodies: equal lengths only.
 *  VALIDATORS: ETag and Last-Modified are made fresh per answer: both present
 *             or both absent.
 *
 * Everything else is strict: the status, every header in compared_headers
 * (presence, value, each occurrence in order) and the body byte for byte once
 * "127.0.0.1:<port>" of either server reads "HOST".
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <brotli/decode.h>
#include <zlib.h>

#include "compat.h"
#include "harness.h"

static const struct compat_case cases[] = {
    /* --- /get ------------------------------------------------------------- */
    { "get: a plain request", "GET", "/get", NULL, NOBODY, STRICT },
    { "get: repeated args become lists", "GET", "/get?a=1&a=2&a=3&b=x", NULL, NOBODY, STRICT },
    { "get: empty values, a key without '=', an empty key and empty pairs", "GET",
      "/get?a=&b&=c&&d=1", NULL, NOBODY, STRICT },
    { "get: percent escapes, upper and lower case hex", "GET", "/get?s=%41%42%e9%C3%A9&t=%c3%a9",
      NULL, NOBODY, STRICT },
    { "get: invalid UTF-8 %FF and a truncated sequence", "GET", "/get?bad=%FF&trunc=%E2%82&%FEk=v",
      NULL, NOBODY, STRICT },
    { "get: broken escapes stay literal", "GET", "/get?p=%&q=%zz&r=%4&s=100%25", NULL, NOBODY,
      STRICT },
    { "get: plus is a space, %2B is a plus", "GET", "/get?q=a+b&p=%2B&r=++", NULL, NOBODY, STRICT },
    { "get: escaped unicode in keys and values", "GET",
      "/get?%C3%A9t%C3%A9=%E2%82%AC&emoji=%F0%9F%98%80", NULL, NOBODY, STRICT },
    { "get: raw UTF-8 bytes in the query", "GET", "/get?u=\xc3\xa9&v=\xe2\x82\xac", NULL, NOBODY,
      STRICT },
    { "get: escaped reserved characters", "GET", "/get?k=%2F%26%3D%23%3F&%26key%3D=v%2Fw", NULL,
      NOBODY, STRICT },
    { "get: raw brackets and pipes in the query", "GET", "/get?x=[1]&y=a|b&z={c}", NULL, NOBODY,
      STRICT },
    { "get: a semicolon is not a separator", "GET", "/get?a=1;b=2&c=3", NULL, NOBODY, STRICT },
    { "get: a raw slash, colon, at and question mark in the query", "GET",
      "/get?u=http://x@y/z?w=1", NULL, NOBODY, STRICT },
    { "get: proxy headers are hidden but set the origin", "GET", "/get",
      HDRS("X-Forwarded-For: 10.1.2.3", "X-Forwarded-Proto: https", "Via: 1.1 proxy"), NOBODY,
      STRICT },
    { "get: show_env shows proxy headers and X-Forwarded-Proto sets the scheme", "GET",
      "/get?show_env=1", HDRS("X-Forwarded-For: 10.1.2.3, 10.4.5.6", "X-Forwarded-Proto: https",
                              "X-Request-Id: abc", "X-Real-Ip: 10.9.9.9"),
      NOBODY, STRICT },
    { "get: X-Forwarded-Ssl on means https", "GET", "/get?show_env", HDRS("X-Forwarded-Ssl: on"),
      NOBODY, STRICT },
    { "get: X-Forwarded-Protocol sets the scheme too", "GET", "/get",
      HDRS("X-Forwarded-Protocol: https"), NOBODY, STRICT },
    { "get: header names are title-cased like Werkzeug", "GET", "/get",
      HDRS("x-lower: 1", "X-MD5hash: 2", "x_under_score: 3", "X-UPPER-CASE: 4", "x-9lives: 5"),
      NOBODY, STRICT },
    { "get: a repeated header is joined with a comma", "GET", "/get",
      HDRS("X-Rep: one", "X-Rep: two", "x-rep: three"), NOBODY, STRICT },
    { "get: Latin-1 bytes in a header value", "GET", "/get", HDRS("X-Latin: caf\xe9 \xff"), NOBODY,
      STRICT },
    { "get: an empty header value", "GET", "/get", HDRS("X-Empty;"), NOBODY, STRICT },
    { "get: an Origin header is echoed in Access-Control-Allow-Origin", "GET", "/get",
      HDRS("Origin: http://example.com"), NOBODY, STRICT },
    { "get: a Content-Type header without a body", "GET", "/get", HDRS("Content-Type: text/plain"),
      NOBODY, STRICT },
    { "get: a Host header sets the URL's host", "GET", "/get", HDRS("Host: Example.COM:8080"),
      NOBODY, STRICT },
    { "get: spaces and tabs around header values", "GET", "/get",
      HDRS("X-Space:   padded   ", "X-Tab:\tt\t"), NOBODY, STRICT },
    { "get: escaped control characters and NUL in the query", "GET", "/get?a=%00b&c=%0A&d=%09",
      NULL, NOBODY, STRICT },
    { "get: raw quotes, angle brackets, backslash, caret and backquote in the query", "GET",
      "/get?x=\"<>\\^`", NULL, NOBODY, STRICT },
    { "get: an empty query and a lone '='", "GET", "/get?=", NULL, NOBODY, STRICT },
    { "get: a long query", "GET",
      "/get?long=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "&n=1&n=2&n=3&n=4&n=5&n=6&n=7&n=8&n=9&n=10",
      NULL, NOBODY, STRICT },
    { "get: HEAD answers with the headers only", "HEAD", "/get", NULL, NOBODY, STRICT },
    { "get: an OPTIONS preflight with Origin and Access-Control-Request-Headers", "OPTIONS",
      "/get", HDRS("Origin: https://site.example", "Access-Control-Request-Method: POST",
                   "Access-Control-Request-Headers: X-Custom, Content-Type"),
      NOBODY, STRICT },
    { "get: an OPTIONS request without Origin", "OPTIONS", "/get", NULL, NOBODY, STRICT },
    { "get: POST is not allowed", "POST", "/get", HDRS(CT_FORM), BODY("a=1"), OWN_ERROR },
    { "get: a trailing slash is another path", "GET", "/get/", NULL, NOBODY, OWN_ERROR },
    { "get: a leading double slash", "GET", "//get", NULL, NOBODY, STRICT },
    { "unknown path, with an Origin", "GET", "/no-such-endpoint", HDRS("Origin: http://x.example"),
      NOBODY, OWN_ERROR },

    /* --- /post /put /patch /delete ---------------------------------------- */
    { "post: a urlencoded form with repeats, escapes and empty values", "POST", "/post?q=1",
      HDRS(CT_FORM), BODY("a=1&a=2&b=x+y&c=%C3%A9&d=%FF&e=&f&g=a%3Db%26c"), STRICT },
    { "post: a urlencoded form with a charset parameter", "POST", "/post",
      HDRS("Content-Type: application/x-www-form-urlencoded; charset=utf-8"), BODY("k=v&k=w"),
      STRICT },
    { "post: a urlencoded form whose type is in upper case", "POST", "/post",
      HDRS("Content-Type: Application/X-WWW-Form-Urlencoded"), BODY("k=v"), STRICT },
    { "post: multipart text fields", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("a", "1") MP_FIELD("a", "2") MP_FIELD("empty", "")
               MP_FIELD("uni", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac") MP_FIELD("lines", "x\r\ny\r\n")
                   MP_END),
      STRICT },
    { "post: multipart files with and without a content type", "POST", "/post",
      HDRS(CT_MULTIPART),
      BODY(MP_FIELD("field", "value") MP_FILE("typed", "a.txt", MP_TYPE("text/plain"), "hello")
               MP_FILE("untyped", "b.txt", "", "world") MP_END),
      STRICT },
    { "post: multipart binary files become data URLs", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FILE("png", "x.png", MP_TYPE("image/png"), PNG_BYTES)
               MP_FILE("blob", "y.bin", "", "\xff\xfe\x00\x01")
                   MP_FILE("nul", "z.bin", MP_TYPE("application/x-thing"), "a\0b") MP_END),
      STRICT },
    { "post: two files in one field", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("note", "two files") MP_FILE("f", "1.txt", MP_TYPE("text/plain"), "first")
               MP_FILE("f", "2.txt", MP_TYPE("text/plain"), "second") MP_END),
      NO_FILES },
    { "post: a multipart file with an empty filename", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FILE("f", "", "", "content") MP_END), STRICT },
    { "post: a multipart text field that is not UTF-8", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("latin", "caf\xe9") MP_END), STRICT },
    { "post: multipart with a quoted boundary, a preamble, an epilogue, lower-case headers",
      "POST", "/post", HDRS("Content-Type: multipart/form-data; boundary=\"" BND "\""),
      BODY("preamble" CRLF "--" BND CRLF "content-disposition: form-data; name=\"a\"" CRLF
           "content-type: text/plain" CRLF CRLF "1" CRLF MP_END "epilogue"),
      STRICT },
    { "post: multipart with bare LF line ends", "POST", "/post", HDRS(CT_MULTIPART),
      BODY("--" BND "\nContent-Disposition: form-data; name=\"a\"\n\n1\n--" BND "--\n"),
      STRICT },
    { "post: multipart whose type and parameter are in upper case", "POST", "/post",
      HDRS("Content-Type: Multipart/Form-Data; BOUNDARY=" BND), BODY(MP_FIELD("a", "1") MP_END),
      STRICT },
    { "post: multipart with unquoted parameters, a Windows path and an escaped quote", "POST",
      "/post", HDRS(CT_MULTIPART),
      BODY("--" BND CRLF "Content-Disposition: form-data; name=a; filename=f.txt" CRLF CRLF
           "unquoted" CRLF MP_FILE("w", "C:\\\\dir\\\\f.txt", "", "win")
               MP_FIELD("b\\\"q", "quoted") MP_END),
      STRICT },
    { "post: multipart with no parts at all", "POST", "/post", HDRS(CT_MULTIPART), BODY(MP_END),
      STRICT },
    { "post: multipart with a text field in a charset of its own", "POST", "/post",
      HDRS(CT_MULTIPART),
      BODY("--" BND CRLF "Content-Disposition: form-data; name=\"a\"" CRLF
           "Content-Type: text/plain; charset=latin-1" CRLF CRLF "caf\xe9" CRLF MP_END),
      STRICT },
    { "post: multipart with an ASCII latin-1 field before another part", "POST", "/post",
      HDRS(CT_MULTIPART),
      BODY("--" BND CRLF "Content-Disposition: form-data; name=\"a\"" CRLF
           "Content-Type: text/plain; charset=latin-1" CRLF CRLF "abc" CRLF MP_FIELD("b", "zzz")
               MP_END),
      STRICT },
    { "post: multipart with a NUL in a latin-1 field", "POST", "/post", HDRS(CT_MULTIPART),
      BODY("--" BND CRLF "Content-Disposition: form-data; name=\"a\"" CRLF
           "Content-Type: text/plain; charset=latin-1" CRLF CRLF "a\0b\xe9" CRLF MP_END),
      STRICT },
    { "post: multipart parts without a name", "POST", "/post", HDRS(CT_MULTIPART),
      BODY("--" BND CRLF "Content-Disposition: form-data; filename=\"f.txt\"" CRLF CRLF
           "noname" CRLF "--" BND CRLF "Content-Disposition: form-data" CRLF CRLF "nothing" CRLF
               MP_END),
      STRICT },
    { "post: multipart without a boundary parameter", "POST", "/post",
      HDRS("Content-Type: multipart/form-data"), BODY(MP_FIELD("a", "1") MP_END), STRICT, 400 },
    { "post: multipart without its closing boundary", "POST", "/post", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("a", "1") MP_FIELD("b", "2")), STRICT, 400 },
    { "post: JSON with floats, big numbers and unicode", "POST", "/post", HDRS(CT_JSON),
      BODY("{\"f\": 0.1, \"big\": 1e100, \"g\": 200000.0, \"neg\": -0.0, \"small\": 1e-7,"
           " \"i\": 42, \"arr\": [1, 2.5, true, false, null], \"u\": \"\\u00e9 \\ud83d\\ude00\","
           " \"raw\": \"\xc3\xa9\xe2\x82\xac\","
           " \"nested\": {\"z\": 1, \"a\": {\"y\": [], \"b\": {}}}}"),
      STRICT },
    { "post: JSON keys sort by code point", "POST", "/post", HDRS(CT_JSON),
      BODY("{\"b\":1,\"B\":2,\"\xc3\xa9\":3,\"a\":4,\"_\":5,\"1\":6}"), STRICT },
    { "post: JSON numbers at the edges of Python's float repr", "POST", "/post", HDRS(CT_JSON),
      BODY("[1e16, 1e15, 5e-324, 1.7976931348623157e308, 0.30000000000000004, 1E5, 123e-20, -0,"
           " 1e22, 1e-5, 0.0001, 2.5e-3, -1.5]"),
      STRICT },
    { "post: JSON integers beyond 64 bits", "POST", "/post", HDRS(CT_JSON),
      BODY("[12345678901234567890, -9223372036854775809, 9223372036854775807]"), NO_JSON  },
    { "post: JSON numbers that overflow a double", "POST", "/post", HDRS(CT_JSON),
      BODY("[1e400, -1e400]"), NO_JSON  },
    { "post: JSON NaN and Infinity literals", "POST", "/post", HDRS(CT_JSON),
      BODY("[NaN, Infinity, -Infinity]"), NO_JSON  },
    { "post: JSON with lone surrogate escapes", "POST", "/post", HDRS(CT_JSON),
      BODY("[\"\\ud800\", \"\\udc00x\"]"), NO_JSON  },
    { "post: JSON with a duplicate key keeps the last", "POST", "/post", HDRS(CT_JSON),
      BODY("{\"a\": 1, \"a\": 2}"), STRICT },
    { "post: JSON with an escaped NUL", "POST", "/post", HDRS(CT_JSON), BODY("[\"a\\u0000b\"]"),
      STRICT },
    { "post: JSON after a UTF-8 byte order mark is not JSON", "POST", "/post", HDRS(CT_JSON),
      BODY("\xef\xbb\xbf{}"), STRICT },
    { "post: JSON-looking bytes that are not UTF-8", "POST", "/post", HDRS(CT_JSON),
      BODY("{\"a\": \"\xff\"}"), STRICT },
    { "post: JSON that is a bare number", "POST", "/post", HDRS(CT_JSON), BODY("3.14"), STRICT },
    { "post: JSON that is a bare string with whitespace around", "POST", "/post", HDRS(CT_JSON),
      BODY(" \"text\"\n"), STRICT },
    { "post: invalid JSON is kept as data", "POST", "/post", HDRS(CT_JSON),
      BODY("{\"a\": 1,}"), STRICT },
    { "post: text/plain", "POST", "/post", HDRS(CT_TEXT), BODY("just some text\n"), STRICT },
    { "post: a JSON-looking body with a text/plain type is parsed anyway", "POST", "/post",
      HDRS(CT_TEXT), BODY("{\"x\": [1, 2]}"), STRICT },
    { "post: JSON without a Content-Type", "POST", "/post", HDRS(CT_NONE), BODY("[1,\"a\"]"),
      STRICT },
    { "post: a binary body that is not UTF-8", "POST", "/post",
      HDRS("Content-Type: application/octet-stream"), BODY("\x00\x01\xfe\xff binary"), STRICT },
    { "post: an empty body", "POST", "/post", HDRS(CT_NONE), BODY(""), STRICT },
    { "post: an empty body with libcurl's default form type", "POST", "/post", NULL, BODY(""),
      STRICT },
    { "post: no body at all", "POST", "/post", NULL, NOBODY, STRICT },
    { "post: an Origin header", "POST", "/post", HDRS("Origin: null", CT_JSON), BODY("{}"),
      STRICT },
    { "put: a urlencoded form", "PUT", "/put", HDRS(CT_FORM), BODY("x=1&y=%20&x=3"), STRICT },
    { "put: JSON", "PUT", "/put", HDRS(CT_JSON), BODY("{\"k\": [0.5, 1e21, 123456789.0]}"),
      STRICT },
    { "put: multipart with a field and a file", "PUT", "/put", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("a", "b") MP_FILE("doc", "d.json", MP_TYPE("application/json"), "{\"j\":1}")
               MP_END),
      STRICT },
    { "patch: JSON", "PATCH", "/patch", HDRS(CT_JSON), BODY("{\"op\": \"replace\", \"v\": 1.5}"),
      STRICT },
    { "patch: text", "PATCH", "/patch", HDRS(CT_TEXT), BODY("patched"), STRICT },
    { "patch: multipart with a binary file", "PATCH", "/patch", HDRS(CT_MULTIPART),
      BODY(MP_FILE("bin", "b.dat", MP_TYPE("application/octet-stream"), "\x80\x81\x82") MP_END),
      STRICT },
    { "delete: no body", "DELETE", "/delete", NULL, NOBODY, STRICT },
    { "delete: a JSON body and query args", "DELETE", "/delete?id=7&id=8", HDRS(CT_JSON),
      BODY("{\"why\": \"\\u2603\"}"), STRICT },
    { "delete: a urlencoded form", "DELETE", "/delete", HDRS(CT_FORM), BODY("gone=yes"), STRICT },
    { "put: GET is not allowed", "GET", "/put", NULL, NOBODY, OWN_ERROR },

    /* --- /anything --------------------------------------------------------- */
    { "anything: GET with args", "GET", "/anything?a=1&b=%C3%A9", NULL, NOBODY, STRICT },
    { "anything: POST JSON", "POST", "/anything", HDRS(CT_JSON), BODY("{\"n\": 1e100}"), STRICT },
    { "anything: PUT a form", "PUT", "/anything", HDRS(CT_FORM), BODY("a=1&a=2"), STRICT },
    { "anything: DELETE", "DELETE", "/anything", NULL, NOBODY, STRICT },
    { "anything: PATCH multipart", "PATCH", "/anything", HDRS(CT_MULTIPART),
      BODY(MP_FIELD("m", "1") MP_FILE("f", "f.txt", "", "text") MP_END), STRICT },
    { "anything: TRACE", "TRACE", "/anything", NULL, NOBODY, STRICT },
    { "anything: GET under a path with an escaped space", "GET", "/anything/a/b%20c", NULL,
      NOBODY, STRICT },
    { "anything: POST under a path with an escaped space", "POST", "/anything/a/b%20c?x=1",
      HDRS(CT_TEXT), BODY("body"), STRICT },
    { "anything: PUT under a path", "PUT", "/anything/a/b%20c", HDRS(CT_JSON), BODY("[]"),
      STRICT },
    { "anything: DELETE under a path", "DELETE", "/anything/a/b%20c", NULL, NOBODY, STRICT },
    { "anything: PATCH under a path", "PATCH", "/anything/a/b%20c", HDRS(CT_FORM), BODY("p=1"),
      STRICT },
    { "anything: TRACE under a path", "TRACE", "/anything/a/b%20c", NULL, NOBODY, STRICT },
    { "anything: HEAD", "HEAD", "/anything/h", NULL, NOBODY, STRICT },
    { "anything: a path with an invalid UTF-8 escape and an escaped percent", "GET",
      "/anything/%FF/%25/~x?q=%7E", NULL, NOBODY, STRICT },
    { "anything: dot segments are kept", "GET", "/anything/a/../b/./c", NULL, NOBODY, STRICT },
    { "anything: repeated slashes", "GET", "/anything//double//slash", NULL, NOBODY, STRICT },
    { "anything: a path with escaped unicode", "GET", "/anything/%C3%A9t%C3%A9/%E2%82%AC", NULL,
      NOBODY, STRICT },
    { "anything: a path with raw reserved characters", "GET", "/anything/x;y=1/[z]/a|b", NULL,
      NOBODY, STRICT },
    { "anything: a path with an escaped slash and question mark", "GET", "/anything/a%2Fb%3Fc",
      NULL, NOBODY, STRICT },
    { "anything: OPTIONS answers the preflight", "OPTIONS", "/anything",
      HDRS("Origin: http://o.example", "Access-Control-Request-Headers: Authorization"), NOBODY,
      STRICT },
    { "anything: a trailing slash without a path", "GET", "/anything/", NULL, NOBODY, OWN_ERROR },

    /* --- /headers /ip /user-agent /uuid ------------------------------------ */
    { "headers: plain", "GET", "/headers", NULL, NOBODY, STRICT },
    { "headers: custom, odd-cased and repeated", "GET", "/headers",
      HDRS("X-Custom: a b  c", "accept-language: fr", "X-Dup: 1", "X-Dup: 2", "Authorization: x"),
      NOBODY, STRICT },
    { "headers: proxy headers are hidden", "GET", "/headers",
      HDRS("X-Forwarded-For: 1.1.1.1", "X-Forwarded-Port: 443", "Connect-Time: 1"), NOBODY,
      STRICT },
    { "headers: show_env shows them", "GET", "/headers?show_env=true",
      HDRS("X-Forwarded-For: 1.1.1.1", "X-Forwarded-Port: 443", "Connect-Time: 1"), NOBODY,
      STRICT },
    { "ip: the peer address", "GET", "/ip", NULL, NOBODY, STRICT },
    { "ip: X-Forwarded-For wins", "GET", "/ip", HDRS("X-Forwarded-For: 203.0.113.9"), NOBODY,
      STRICT },
    { "ip: X-Forwarded-For with a list is shown whole", "GET", "/ip",
      HDRS("X-Forwarded-For: 203.0.113.9, 198.51.100.1"), NOBODY, STRICT },
    { "user-agent: none (libcurl sends none by default)", "GET", "/user-agent", NULL, NOBODY,
      STRICT },
    { "user-agent: removed explicitly", "GET", "/user-agent", HDRS("User-Agent:"), NOBODY,
      STRICT },
    { "user-agent: a curl-like value", "GET", "/user-agent", HDRS("User-Agent: curl/7.88.1"),
      NOBODY, STRICT },
    { "user-agent: Latin-1 bytes", "GET", "/user-agent", HDRS("User-Agent: Mozilla \xe9t\xe9"),
      NOBODY, STRICT },
    { "uuid: a random version 4 UUID", "GET", "/uuid", NULL, NOBODY, UUID },
    { "uuid: query args are ignored", "GET", "/uuid?x=1", NULL, NOBODY, UUID },

    /* --- /status ------------------------------------------------------------ */
    { "status: 200", "GET", "/status/200", NULL, NOBODY, STRICT },
    { "status: 201", "GET", "/status/201", NULL, NOBODY, STRICT },
    { "status: 204", "GET", "/status/204", NULL, NOBODY, STRICT },
    { "status: 301", "GET", "/status/301", NULL, NOBODY, STRICT },
    { "status: 302", "GET", "/status/302", NULL, NOBODY, STRICT },
    { "status: 303", "GET", "/status/303", NULL, NOBODY, STRICT },
    { "status: 304", "GET", "/status/304", NULL, NOBODY, STRICT },
    { "status: 305", "GET", "/status/305", NULL, NOBODY, STRICT },
    { "status: 307", "GET", "/status/307", NULL, NOBODY, STRICT },
    { "status: 308", "GET", "/status/308", NULL, NOBODY, STRICT },
    { "status: 400", "GET", "/status/400", NULL, NOBODY, STRICT },
    { "status: 401", "GET", "/status/401", NULL, NOBODY, STRICT },
    { "status: 402", "GET", "/status/402", NULL, NOBODY, STRICT },
    { "status: 404", "GET", "/status/404", NULL, NOBODY, STRICT },
    { "status: 406", "GET", "/status/406", NULL, NOBODY, STRICT },
    { "status: 407", "GET", "/status/407", NULL, NOBODY, STRICT },
    { "status: 418", "GET", "/status/418", NULL, NOBODY, STRICT },
    { "status: 500", "GET", "/status/500", NULL, NOBODY, STRICT },
    { "status: 503", "GET", "/status/503", NULL, NOBODY, STRICT },
    { "status: 418 by POST", "POST", "/status/418", HDRS(CT_TEXT), BODY("x"), STRICT },
    { "status: 201 by PUT", "PUT", "/status/201", NULL, NOBODY, STRICT },
    { "status: 302 by DELETE", "DELETE", "/status/302", NULL, NOBODY, STRICT },
    { "status: 401 by PATCH", "PATCH", "/status/401", NULL, NOBODY, STRICT },
    { "status: 200 by TRACE", "TRACE", "/status/200", NULL, NOBODY, STRICT },
    { "status: a list where one code has all the weight", "GET", "/status/200:1,500:0", NULL,
      NOBODY, STRICT },
    { "status: a list whose weight picks 418", "GET", "/status/500:0,418:1,503:0", NULL, NOBODY,
      STRICT },
    { "status: a list with the same code twice", "GET", "/status/201,201", NULL, NOBODY,
      STRICT },
    { "status: a list with a fractional weight", "GET", "/status/302:0.5,200:0", NULL, NOBODY,
      STRICT },
    { "status: a list whose weight picks 304", "GET", "/status/200:0,304:1", NULL, NOBODY,
      STRICT },
    { "status: a code outside the registry", "GET", "/status/599", NULL, NOBODY, STRICT },
    { "status: a code with a leading zero", "GET", "/status/0200", NULL, NOBODY, STRICT },
    { "status: a code with a plus sign", "GET", "/status/+201", NULL, NOBODY, STRICT },
    { "status: one code with a weight is not a list", "GET", "/status/200:1", NULL, NOBODY,
      OWN_ERROR },
    { "status: a code that is not a number", "GET", "/status/abc", NULL, NOBODY, OWN_ERROR },
    { "status: a list with a code that is not a number", "GET", "/status/200,abc", NULL, NOBODY,
      OWN_ERROR },
    { "status: an OPTIONS preflight", "OPTIONS", "/status/200",
      HDRS("Origin: http://a.example"), NOBODY, STRICT },

    /* --- /cookies ------------------------------------------------------------ */
    { "cookies: none", "GET", "/cookies", NULL, NOBODY, STRICT },
    { "cookies: simple pairs with spaces", "GET", "/cookies", HDRS("Cookie: a=1;  b=two ;c=3"),
      NOBODY, STRICT },
    { "cookies: quoted values with escapes", "GET", "/cookies",
      HDRS("Cookie: q=\"x y\"; e=\"a\\\"b\"; o=\"\\303\\251\""), NOBODY, STRICT },
    { "cookies: a repeated name keeps the first", "GET", "/cookies", HDRS("Cookie: a=1; a=2; b=3"),
      NOBODY, STRICT },
    { "cookies: empty values and odd characters", "GET", "/cookies",
      HDRS("Cookie: empty=; eq=a=b; pct=%41; uni=\xc3\xa9"), NOBODY, STRICT },
    { "cookies: tracking cookies are hidden", "GET", "/cookies",
      HDRS("Cookie: __utma=1.2.3; _gauges_unique=1; keep=me"), NOBODY, STRICT },
    { "cookies: show_env shows tracking cookies", "GET", "/cookies?show_env=1",
      HDRS("Cookie: __utma=1.2.3; __utmz=x; keep=me"), NOBODY, STRICT },
    { "cookies: two Cookie headers", "GET", "/cookies", HDRS("Cookie: a=1", "Cookie: b=2"),
      NOBODY, STRICT },
    { "cookies: a name without a value and an unterminated quote", "GET", "/cookies",
      HDRS("Cookie: flag; a=1; =v; b=\"unterminated; c=3"), NOBODY, STRICT },
    { "cookies: Latin-1 bytes and an escaped comma", "GET", "/cookies",
      HDRS("Cookie: l=caf\xe9; s=a\\,b"), NOBODY, STRICT },
    { "cookies/set: three cookies with escapes", "GET", "/cookies/set?a=1&b=x%20y&c=%C3%A9", NULL,
      NOBODY, STRICT },
    { "cookies/set: nothing to set", "GET", "/cookies/set", NULL, NOBODY, STRICT },
    { "cookies/set: a repeated name", "GET", "/cookies/set?a=1&a=2", NULL, NOBODY, STRICT },
    { "cookies/set: values that need quoting", "GET", "/cookies/set?semi=a%3Bb&comma=a,b&q=%22",
      NULL, NOBODY, STRICT },
    { "cookies/set: an empty value", "GET", "/cookies/set?e=", NULL, NOBODY, STRICT },
    { "cookies/set: spaces, backslashes, unicode and '=' in values", "GET",
      "/cookies/set?sp=%20&bs=%5C&uni=%E2%82%AC&eq=a=b", NULL, NOBODY, STRICT },
    { "cookies/set: a name with a space and a unicode name", "GET",
      "/cookies/set?k%20y=v&%C3%A9=1", NULL, NOBODY, STRICT },
    { "cookies/set/name/value", "GET", "/cookies/set/name/value", NULL, NOBODY, STRICT },
    { "cookies/set/name/value with escapes", "GET", "/cookies/set/k%C3%A9/v%20w", NULL, NOBODY,
      STRICT },
    { "cookies/delete: two names", "GET", "/cookies/delete?a&b", NULL, NOBODY, STRICT },
    { "cookies/delete: a name with a value", "GET", "/cookies/delete?a=1", NULL, NOBODY, STRICT },

    /* --- auth ----------------------------------------------------------------- */
    { "basic-auth: the right credentials", "GET", "/basic-auth/user/passwd", HDRS(AUTH_OK),
      NOBODY, STRICT },
    { "basic-auth: a wrong password", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjp3cm9uZw=="), NOBODY, STRICT },
    { "basic-auth: a wrong user", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic b3RoZXI6cGFzc3dk"), NOBODY, STRICT },
    { "basic-auth: no Authorization header", "GET", "/basic-auth/user/passwd", NULL, NOBODY,
      STRICT },
    { "basic-auth: malformed base64", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic !!!not-base64"), NOBODY, STRICT },
    { "basic-auth: another scheme", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Bearer dXNlcjpwYXNzd2Q="), NOBODY, STRICT },
    { "basic-auth: the scheme in lower case", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: basic dXNlcjpwYXNzd2Q="), NOBODY, STRICT },
    { "basic-auth: a password with a colon", "GET", "/basic-auth/user/pa:ss",
      HDRS("Authorization: Basic dXNlcjpwYTpzcw=="), NOBODY, STRICT },
    { "basic-auth: credentials without a colon", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcg=="), NOBODY, STRICT },
    { "basic-auth: base64 without its padding", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjpwYXNzd2Q"), NOBODY, STRICT },
    { "basic-auth: base64 with extra padding", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjpwYXNzd2Q=="), NOBODY, STRICT },
    { "basic-auth: a space inside the base64", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjpwYXNz d2Q="), NOBODY, STRICT },
    { "basic-auth: data after the padded base64", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjpwYXNzd2Q= extra"), NOBODY, STRICT },
    { "basic-auth: two spaces after the scheme", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic  dXNlcjpwYXNzd2Q="), NOBODY, STRICT },
    { "basic-auth: the scheme alone", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic"), NOBODY, STRICT },
    { "basic-auth: a Latin-1 password that is not UTF-8", "GET", "/basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjpwYXNz/3dk"), NOBODY, STRICT },
    { "basic-auth: a UTF-8 user name", "GET", "/basic-auth/%C3%A9/pw",
      HDRS("Authorization: Basic w6k6cHc="), NOBODY, STRICT },
    { "hidden-basic-auth: the right credentials", "GET", "/hidden-basic-auth/user/passwd",
      HDRS(AUTH_OK), NOBODY, STRICT },
    { "hidden-basic-auth: a wrong password is a 404", "GET", "/hidden-basic-auth/user/passwd",
      HDRS("Authorization: Basic dXNlcjp3cm9uZw=="), NOBODY, STRICT },
    { "hidden-basic-auth: no credentials is a 404", "GET", "/hidden-basic-auth/user/passwd", NULL,
      NOBODY, STRICT },
    { "bearer: no Authorization header", "GET", "/bearer", NULL, NOBODY, STRICT },
    { "bearer: a token", "GET", "/bearer", HDRS("Authorization: Bearer token123"), NOBODY,
      STRICT },
    { "bearer: another token", "GET", "/bearer", HDRS("Authorization: Bearer xyz"), NOBODY,
      STRICT },

    /* --- /delay ----------------------------------------------------------------- */
    { "delay: 0 seconds", "GET", "/delay/0", NULL, NOBODY, STRICT },
    { "delay: 0.2 seconds with args", "GET", "/delay/0.2?a=1&a=2", HDRS("X-Test: d"), NOBODY,
      STRICT },
    { "delay: a delay written with an exponent", "GET", "/delay/1e-1", NULL, NOBODY, STRICT },
    { "delay: a POST", "POST", "/delay/0", HDRS(CT_FORM), BODY("a=1"), STRICT, 200 },

    /* Redirects: Werkzeug's redirect() page, relative and absolute hops. */
    { "redirect: three hops", "GET", "/redirect/3", NULL, NOBODY, STRICT },
    { "redirect: the last hop", "GET", "/redirect/1", NULL, NOBODY, STRICT },
    { "redirect: absolute", "GET", "/redirect/2?absolute=true", NULL, NOBODY, STRICT },
    { "redirect: absolute in capitals", "GET", "/redirect/2?absolute=TRUE&x=1", NULL, NOBODY,
      STRICT },
    { "redirect: absolute=false", "GET", "/redirect/2?absolute=false", NULL, NOBODY, STRICT },
    { "redirect: absolute behind a TLS proxy", "GET", "/redirect/2?absolute=true",
      HDRS("X-Forwarded-Proto: https"), NOBODY, STRICT },
    { "redirect: zero hops", "GET", "/redirect/0", NULL, NOBODY, STRICT, 400 },
    { "redirect: negative", "GET", "/redirect/-1", NULL, NOBODY, STRICT, 400 },
    { "redirect: not a number", "GET", "/redirect/x", NULL, NOBODY, STRICT, 400 },
    { "relative-redirect: two hops", "GET", "/relative-redirect/2", NULL, NOBODY, STRICT },
    { "relative-redirect: the last hop", "GET", "/relative-redirect/1", NULL, NOBODY, STRICT },
    { "absolute-redirect: two hops", "GET", "/absolute-redirect/2", NULL, NOBODY, STRICT },
    { "absolute-redirect: the last hop", "GET", "/absolute-redirect/1?q=1", NULL, NOBODY, STRICT },
    { "absolute-redirect: Host with the default port", "GET", "/absolute-redirect/1",
      HDRS("Host: example.test:80"), NOBODY, STRICT },
    { "redirect-to: a URL", "GET", "/redirect-to?url=http%3A%2F%2Fexample.test%2Fx%3Fa%3D1", NULL,
      NOBODY, STRICT },
    { "redirect-to: 307 on POST", "POST", "/redirect-to?url=/post&status_code=307", HDRS(CT_FORM),
      BODY("a=1"), STRICT },
    { "redirect-to: 308 on PATCH", "PATCH", "/redirect-to?url=/patch&status_code=308", NULL,
      NOBODY, STRICT },
    { "redirect-to: a non-redirect code gives 302", "GET", "/redirect-to?url=/get&status_code=200",
      NULL, NOBODY, STRICT },
    { "redirect-to: argument names in any case", "DELETE", "/redirect-to?URL=/x&Status_Code=303",
      NULL, NOBODY, STRICT },
    { "redirect-to: a unicode target", "GET", "/redirect-to?url=/caf%C3%A9", NULL, NOBODY, STRICT,
      302 },
    { "redirect-to: no url", "GET", "/redirect-to", NULL, NOBODY, STRICT, 400 },
    { "redirect-to: a status that is not a number", "GET", "/redirect-to?url=/x&status_code=abc",
      NULL, NOBODY, STRICT, 400 },

    /* The scheme gunicorn trusts from a local proxy. */
    { "cookies: Secure behind a TLS proxy", "GET", "/cookies/set?a=1",
      HDRS("X-Forwarded-Proto: https"), NOBODY, STRICT },
    { "cookies: X-Forwarded-Ssl on", "GET", "/cookies/set/b/2", HDRS("X-Forwarded-Ssl: on"), NOBODY,
      STRICT },
    { "get: leading double slash", "GET", "//get?x=1", NULL, NOBODY, STRICT },
    { "get: Host with the default https port behind a TLS proxy", "GET", "/get",
      HDRS("X-Forwarded-Proto: https", "Host: example.test:443"), NOBODY, STRICT },
};

#define N_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

/* Case i of both tables, this file's first. */
static const struct compat_case *case_at(int i)
{
    return i < N_CASES ? &cases[i] : &compat_response_cases[i - N_CASES];
}

/* Response headers compared on every case. */
static const char *const compared_headers[] = {
    "Content-Type",
    "Location",
    "WWW-Authenticate",
    "Set-Cookie",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Headers",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Accept-Ranges",
    "Content-Range",
    "Content-Encoding",
};

/* --- the Python httpbin child ------------------------------------------------- */

static pid_t python_pid = -1;
static pid_t python_owner; /* the process that started gunicorn */
static unsigned python_port;
static char python_base[64], our_base[64];

static int on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char *copy = strdup(path);
    int found = 0;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char full[4096];
        snprintf(full, sizeof(full), "%s/%s", dir, prog);
        found = access(full, X_OK) == 0;
    }
    free(copy);
    return found;
}

/* A port nobody listens on right now: the kernel's pick for port 0. */
static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(sa);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
        getsockname(fd, (struct sockaddr *)&sa, &len)) {
        perror("compat: picking a free port");
        exit(1);
    }
    close(fd);
    return ntohs(sa.sin_port);
}

static int accepts_connections(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* SIGTERM to the master, which stops its workers gracefully; should it linger
 * past 5 s, SIGKILL to its process group (the workers too). */
static void stop_python(void)
{
    /* Check's forked test processes inherit this atexit handler: only the
     * parent that started gunicorn may stop it. */
    if (python_pid <= 0 || getpid() != python_owner)
        return;
    kill(python_pid, SIGTERM);
    int status;
    for (int i = 0; i < 100; i++) {
        if (waitpid(python_pid, &status, WNOHANG) == python_pid) {
            python_pid = -1;
            return;
        }
        sleep_ms(50);
    }
    kill(-python_pid, SIGKILL);
    waitpid(python_pid, &status, 0);
    python_pid = -1;
}

static void start_python(void)
{
    python_port = free_port();
    char bind_to[64];
    snprintf(bind_to, sizeof(bind_to), "127.0.0.1:%u", python_port);
    snprintf(python_base, sizeof(python_base), "http://127.0.0.1:%u", python_port);

    python_pid = fork();
    if (python_pid < 0) {
        perror("compat: fork");
        exit(1);
    }
    if (python_pid == 0) {
        setpgid(0, 0);
#ifdef __linux__
        /* Should this program die without its teardown, gunicorn goes too. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
        execlp("gunicorn", "gunicorn", "-b", bind_to, "-w", "2", "--log-level", "warning",
               "httpbin:app", (char *)NULL);
        perror("compat: exec gunicorn");
        _exit(127);
    }
    /* In both processes, so the group exists for kill(-pid) whichever runs
     * first. */
    setpgid(python_pid, python_pid);
    python_owner = getpid();
    static int registered;
    if (!registered++)
        atexit(stop_python);

    /* Python starting gunicorn and importing httpbin on a loaded machine can
     * take a good part of a minute; a gunicorn that died ends the wait. */
    for (int waited = 0; waited < 120000; waited += 50) {
        int status;
        if (waitpid(python_pid, &status, WNOHANG) == python_pid) {
            fprintf(stderr, "compat: gunicorn %s %d before listening\n",
                    WIFEXITED(status) ? "exited with status" : "was killed by signal",
                    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
            python_pid = -1;
            exit(1);
        }
        if (accepts_connections(python_port))
            return;
        sleep_ms(50);
    }
    fprintf(stderr, "compat: gunicorn did not listen on %s within 120 s\n", bind_to);
    exit(1);
}

/* Unchecked fixture: runs once in the parent, so both servers outlive the
 * forked test processes. */
static void setup(void)
{
    harness_start();
    snprintf(our_base, sizeof(our_base), "http://127.0.0.1:%u", harness_port());
    start_python();
}

static void teardown(void)
{
    stop_python();
    harness_stop();
}

/* --- comparing ------------------------------------------------------------------- */

/* Replaces every 'from' in s[0..*len) by 'to'; returns a new malloc'd buffer. */
static char *replace_all(const char *s, size_t *len, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    char *out = malloc(*len * (nt > nf ? nt : 1) + 1), *w = out;
    ck_assert_ptr_nonnull(out);
    size_t i = 0;
    while (i < *len) {
        if (*len - i >= nf && !memcmp(s + i, from, nf)) {
            memcpy(w, to, nt);
            w += nt;
            i += nf;
        } else {
            *w++ = s[i++];
        }
    }
    *w = '\0';
    *len = (size_t)(w - out);
    return out;
}

/* "127.0.0.1:<port>" of either server reads "HOST"; the longer one first, so
 * that a port that is a prefix of the other cannot leave a digit behind. */
static char *normalise_host(const char *s, size_t *len)
{
    char a[64], b[64];
    snprintf(a, sizeof(a), "127.0.0.1:%u", python_port);
    snprintf(b, sizeof(b), "127.0.0.1:%u", harness_port());
    const char *first = strlen(a) >= strlen(b) ? a : b, *second = first == a ? b : a;
    char *once = replace_all(s, len, first, "HOST");
    char *twice = replace_all(once, len, second, "HOST");
    free(once);
    return twice;
}

/* The header lines of the last response in curl's header block. */
static const char *last_block(const char *headers)
{
    const char *start = headers, *p = headers;
    while ((p = strstr(p, "\r\nHTTP/")))
        start = p += 2;
    return start;
}

/* Every value of header 'name', in order, each on its own line, host
 * normalised; NULL when the header is absent. */
static char *header_values(const char *headers, const char *name)
{
    size_t n = strlen(name), total = 0;
    char *joined = NULL;
    FILE *f = open_memstream(&joined, &total);
    int count = 0;
    for (const char *line = last_block(headers); *line;) {
        const char *end = strstr(line, "\r\n");
        if (!end)
            break;
        if (!strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t vlen = (size_t)(end - v);
            char *norm = normalise_host(v, &vlen);
            fprintf(f, "%s%s", count++ ? "\n" : "", norm);
            free(norm);
        }
        line = end + 2;
    }
    fclose(f);
    if (!count) {
        free(joined);
        return NULL;
    }
    return joined;
}

/* Appends s[from..to) to f with non-printable bytes as \xNN. */
static void put_escaped(FILE *f, const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\')
            fputs("\\\\", f);
        else if (c >= 0x20 && c < 0x7f)
            fputc(c, f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else
            fprintf(f, "\\x%02x", c);
    }
}

/* s[from..to) clipped to len, marked "..." where it is cut. */
static void put_context(FILE *f, const char *s, size_t len, size_t from, size_t to)
{
    if (!len) {
        fputs("(empty)", f);
        return;
    }
    if (to > len)
        to = len;
    fputs(from ? "..." : "", f);
    put_escaped(f, s, from < len ? from : len, to);
    fputs(to < len ? "..." : "", f);
}

/* The first differing byte and 60 bytes of context around it on both sides. */
static void report_body_diff(FILE *f, const char *label, const char *py, size_t py_len,
                             const char *ours, size_t our_len)
{
    size_t i = 0;
    while (i < py_len && i < our_len && py[i] == ours[i])
        i++;
    if (i == py_len && i == our_len)
        return;
    size_t from = i > 60 ? i - 60 : 0;
    fprintf(f, "  %s: first difference at byte %zu (python %zu bytes, ours %zu bytes)\n", label, i,
            py_len, our_len);
    fputs("    python: ", f);
    put_context(f, py, py_len, from, i + 60);
    fputs("\n    ours:   ", f);
    put_context(f, ours, our_len, from, i + 60);
    fputc('\n', f);
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Python's str(uuid.uuid4()): lower-case 8-4-4-4-12 hex, version 4, RFC 4122
 * variant. */
static int is_uuid4(const char *s)
{
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!is_hex(s[i])) {
            return 0;
        }
    }
    return s[14] == '4' && strchr("89ab", s[19]) && s[36] == '"';
}

/* Checks the "uuid" value in place and masks it, so the rest compares byte
 * for byte; a report line when it is missing or malformed. */
static void mask_uuid(FILE *f, const char *side, char *body)
{
    static const char key[] = "\"uuid\":\"";
    char *v = strstr(body, key);
    if (!v) {
        fprintf(f, "  uuid: %s has no \"uuid\" key\n", side);
        return;
    }
    v += sizeof(key) - 1;
    if (strlen(v) < 37 || !is_uuid4(v)) {
        fprintf(f, "  uuid: %s's value is not a version 4 UUID: %.40s\n", side, v);
        return;
    }
    memset(v, 'X', 36);
}

/* Several files in one field: Python keeps the first, we keep all. The rest
 * of the body must be equal, and our first file must be Python's file. */
static void compare_without_files(FILE *f, const char *py, size_t py_len, const char *ours,
                                  size_t our_len)
{
    json_error_t err;
    json_t *p = json_loadb(py, py_len, 0, &err), *o = json_loadb(ours, our_len, 0, &err);
    if (!p || !o) {
        fprintf(f, "  body: %s is not a JSON object\n", !p ? "python's" : "ours");
        report_body_diff(f, "body", py, py_len, ours, our_len);
        json_decref(p);
        json_decref(o);
        return;
    }
    json_t *pf = json_incref(json_object_get(p, "files"));
    json_t *of = json_incref(json_object_get(o, "files"));
    json_object_del(p, "files");
    json_object_del(o, "files");
    char *ps = json_dumps(p, JSON_SORT_KEYS | JSON_COMPACT);
    char *os = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
    report_body_diff(f, "body without files", ps, strlen(ps), os, strlen(os));
    free(ps);
    free(os);

    const char *key;
    json_t *pv;
    if (!json_is_object(pf) || !json_is_object(of) || json_object_size(pf) != json_object_size(of))
        fputs("  files: not the same fields on both sides\n", f);
    else
        json_object_foreach(pf, key, pv)
        {
            json_t *ov = json_object_get(of, key);
            json_t *first = json_is_array(ov) ? json_array_get(ov, 0) : ov;
            if (!first || !json_equal(first, pv)) {
                char *a = json_dumps(pv, JSON_ENCODE_ANY), *b = json_dumps(ov, JSON_ENCODE_ANY);
                fprintf(f, "  files[%s]: python %s, ours %s (ours must start with python's)\n",
                        key, a ? a : "(none)", b ? b : "(none)");
                free(a);
                free(b);
            }
        }
    json_decref(pf);
    json_decref(of);
    json_decref(p);
    json_decref(o);
}

static void show_request(FILE *f, const struct compat_case *c)
{
    fprintf(f, "case '%s': %s ", c->name, c->method);
    put_escaped(f, c->path, 0, strlen(c->path));
    for (const char *const *h = c->headers; h && *h; h++) {
        fputs(" [", f);
        put_escaped(f, *h, 0, strlen(*h));
        fputc(']', f);
    }
    if (c->body)
        fprintf(f, " with a %zu-byte body", c->body_len);
    fputc('\n', f);
}

/* NO_JSON: everything but "json" must match, and ours must be null. Python's
 * side holds what jansson cannot parse, so the value is cut out as text: with
 * sorted keys it runs from "json": to ,"origin":. */
static char *cut_json_value(const char *body, size_t *len)
{
    const char *start = strstr(body, "\"json\":"), *end = strstr(body, ",\"origin\":");
    if (!start || !end || end < start)
        return NULL;
    char *out = malloc(*len + 1);
    size_t head = (size_t)(start - body), tail = *len - (size_t)(end - body);
    memcpy(out, body, head);
    memcpy(out + head, end, tail);
    out[head + tail] = '\0';
    *len = head + tail;
    return out;
}

static void compare_without_json(FILE *f, const char *pb, size_t pl, const char *ob, size_t ol)
{
    if (!strstr(ob, "\"json\":null,"))
        fprintf(f, "  json: ours should be null\n");
    char *p = cut_json_value(pb, &pl), *o = cut_json_value(ob, &ol);
    if (!p || !o)
        fprintf(f, "  body: no \"json\" key on %s side\n", p ? "our" : "python's");
    else
        report_body_diff(f, "body without json", p, pl, o, ol);
    free(p);
    free(o);
}

/* Replaces *body by its decoding per the Content-Encoding in 'headers'
 * (gzip, deflate, br); reports what cannot be decoded. */
static void decode_body(FILE *f, const char *side, const char *headers, char **body, size_t *len)
{
    char *coding = header_values(headers, "Content-Encoding");
    if (!coding)
        return;
    size_t cap = 1 << 20, out_len = 0;
    char *out = malloc(cap + 1);
    ck_assert_ptr_nonnull(out);
    int ok = 0;
    if (!strcmp(coding, "br")) {
        out_len = cap;
        ok = BrotliDecoderDecompress(*len, (const uint8_t *)*body, &out_len,
                                     (uint8_t *)out) == BROTLI_DECODER_RESULT_SUCCESS;
    } else if (!strcmp(coding, "gzip") || !strcmp(coding, "deflate")) {
        z_stream z = { 0 };
        /* 16 + 15: a gzip wrapper; 15: zlib's (httpbin's "deflate"). */
        ok = inflateInit2(&z, strcmp(coding, "gzip") ? 15 : 16 + 15) == Z_OK;
        z.next_in = (Bytef *)*body;
        z.avail_in = (uInt)*len;
        z.next_out = (Bytef *)out;
        z.avail_out = (uInt)cap;
        ok = ok && inflate(&z, Z_FINISH) == Z_STREAM_END;
        out_len = z.total_out;
        inflateEnd(&z);
    }
    if (!ok) {
        fprintf(f, "  %s: cannot decode Content-Encoding %s\n", side, coding);
        out_len = 0;
    }
    out[out_len] = '\0';
    free(coding);
    free(*body);
    *body = out;
    *len = out_len;
}

/* A deliberate difference: only our side is checked. */
static void check_ours_only(FILE *f, const struct compat_case *c, const struct http_reply *ours)
{
    if (ours->status != c->ours)
        fprintf(f, "  status: ours %ld, want %ld (a deliberate difference)\n", ours->status,
                c->ours);
    if (c->ours >= 400) {
        json_t *j = json_loadb(ours->body, ours->len, 0, NULL);
        if (json_integer_value(json_object_get(j, "status_code")) != c->ours ||
            !json_is_string(json_object_get(j, "error")))
            fprintf(f, "  body: not our JSON error: %s\n", ours->body);
        json_decref(j);
    }
}

/* HTTP/2 forbids a field value that begins or ends with a space or a tab
 * (RFC 9113 8.2.1: nghttp2 resets such a stream, as it must), so the cases
 * that send one are HTTP/1.1's only. */
static bool h2_cannot_send(const struct compat_case *c)
{
    const char *h2 = getenv("HARNESS_HTTP2");
    if (!h2 || *h2 != '1')
        return false;
    for (const char *const *h = c->headers; h && *h; h++) {
        const char *v = strchr(*h, ':');
        if (!v)
            continue;
        v += 1 + (v[1] == ' '); /* the one space that separates "Name: value" */
        size_t len = strlen(v);
        if (len && (strchr(" \t", v[0]) || strchr(" \t", v[len - 1])))
            return true;
    }
    return false;
}

START_TEST(each_request_gets_the_same_answer_from_python_httpbin_and_from_us)
{
    const struct compat_case *c = case_at(_i);
    if (h2_cannot_send(c))
        return;
    struct http_reply py = http_request_to(python_base, c->method, c->path, c->headers, c->body,
                                           c->body_len);
    struct http_reply ours = http_request_to(our_base, c->method, c->path, c->headers, c->body,
                                             c->body_len);
    char *report = NULL;
    size_t report_len = 0;
    FILE *f = open_memstream(&report, &report_len);
    show_request(f, c);
    long before = ftell(f);

    if (c->ours) {
        check_ours_only(f, c, &ours);
        goto done;
    }
    if (py.status != ours.status)
        fprintf(f, "  status: python %ld%s%s, ours %ld%s%s\n", py.status, py.status ? "" : " ",
                py.error, ours.status, ours.status ? "" : " ", ours.error);

    for (size_t h = 0; h < sizeof(compared_headers) / sizeof(compared_headers[0]); h++) {
        const char *name = compared_headers[h];
        if ((c->flags & OWN_ERROR) && !strcmp(name, "Content-Type"))
            continue;
        char *pv = header_values(py.headers, name), *ov = header_values(ours.headers, name);
        int by_presence = (c->flags & VALIDATORS) &&
                          (!strcmp(name, "ETag") || !strcmp(name, "Last-Modified"));
        if ((pv == NULL) != (ov == NULL) || (pv && !by_presence && strcmp(pv, ov)))
            fprintf(f, "  header %s: python %s%s%s, ours %s%s%s\n", name, pv ? "\"" : "",
                    pv ? pv : "(absent)", pv ? "\"" : "", ov ? "\"" : "", ov ? ov : "(absent)",
                    ov ? "\"" : "");
        free(pv);
        free(ov);
    }

    if (!(c->flags & OWN_ERROR)) {
        size_t py_len = py.len, our_len = ours.len;
        if (c->flags & DECODED) { /* the host is in the compressed text */
            decode_body(f, "python", py.headers, &py.body, &py.len);
            decode_body(f, "ours", ours.headers, &ours.body, &ours.len);
            py_len = py.len;
            our_len = ours.len;
        }
        char *pb = normalise_host(py.body, &py_len), *ob = normalise_host(ours.body, &our_len);
        if (c->flags & UUID) {
            mask_uuid(f, "python", pb);
            mask_uuid(f, "ours", ob);
        }
        if (c->flags & SAME_LENGTH) {
            if (py_len != our_len)
                fprintf(f, "  body length: python %zu, ours %zu\n", py_len, our_len);
        } else if (c->flags & NO_FILES)
            compare_without_files(f, pb, py_len, ob, our_len);
        else if (c->flags & NO_JSON)
            compare_without_json(f, pb, py_len, ob, our_len);
        else
            report_body_diff(f, "body", pb, py_len, ob, our_len);
        free(pb);
        free(ob);
    }

done:;
    int same = ftell(f) == before;
    fclose(f);
    http_reply_cleanup(&py);
    http_reply_cleanup(&ours);
    /* The message outlives this function (the forked test exits inside
     * ck_abort_msg), so it is copied and the heap copy freed first. */
    static char message[16384];
    snprintf(message, sizeof(message), "%s", report);
    free(report);
    if (!same)
        ck_abort_msg("%s", message);
}
END_TEST

static Suite *compat_suite(void)
{
    Suite *s = suite_create("compat");
    TCase *tc = tcase_create("python httpbin 0.7.0");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    /* gunicorn's first answers wait for its workers to boot. */
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, each_request_gets_the_same_answer_from_python_httpbin_and_from_us, 0,
                        N_CASES + (int)compat_response_case_count);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* automake's SKIP: without gunicorn there is nothing to compare with. */
    if (!on_path("gunicorn")) {
        fprintf(stderr, "compat: gunicorn is not on PATH; skipping (install gunicorn and "
                        "python3-httpbin to run this test)\n");
        return 77;
    }
    SRunner *sr = srunner_create(compat_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
