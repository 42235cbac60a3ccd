/* SPDX-License-Identifier: MIT */
/* go-httpbin's extras: /dump/request (exact text over a raw socket, so the
 * test controls every byte of the request), /hostname and /unstable. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define TEXT_PLAIN "text/plain; charset=utf-8"

/* --- a raw HTTP exchange --------------------------------------------------------- */

struct raw_reply {
    long status;
    char *all;  /* the whole answer, NUL-terminated */
    const char *body;
    size_t len; /* bytes in body */
};

/* Sends 'len' bytes as they are and reads the answer until the server closes
 * (requests carry Connection: close or are HTTP/1.0). */
static struct raw_reply raw_exchange(const char *request, size_t len)
{
    struct raw_reply r = { 0 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(harness_port()) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(write(fd, request, len), (ssize_t)len);
    size_t cap = 4096, got = 0;
    r.all = malloc(cap);
    for (;;) {
        if (cap - got < 1024)
            r.all = realloc(r.all, cap *= 2);
        ck_assert_ptr_nonnull(r.all);
        ssize_t n = read(fd, r.all + got, cap - got - 1);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    r.all[got] = '\0';
    sscanf(r.all, "HTTP/1.%*d %ld", &r.status);
    const char *end = strstr(r.all, "\r\n\r\n");
    ck_assert_msg(end != NULL, "no header end in: %s", r.all);
    r.body = end + 4;
    r.len = got - (size_t)(r.body - r.all);
    return r;
}

/* --- /dump/request --------------------------------------------------------------- */

struct dump_case {
    const char *name;
    const char *request; /* sent as is */
    size_t request_len;  /* 0: strlen */
    long status;
    const char *dump;    /* the expected body */
    size_t dump_len;     /* 0: strlen */
};

#define CLOSE "Connection: close\r\n"

static const struct dump_case dump_cases[] = {
    { "headers keep their order and spelling",
      "GET /dump/request?foo=bar&x=%41 HTTP/1.1\r\nHost: test-host\r\nx-lower: a\r\n"
      "X-UPPER: B\r\nAccept: */*\r\n" CLOSE "\r\n",
      0, 200,
      "GET /dump/request?foo=bar&x=%41 HTTP/1.1\r\nHost: test-host\r\nx-lower: a\r\n"
      "X-UPPER: B\r\nAccept: */*\r\n" CLOSE "\r\n",
      0 },
    { "repeated headers stay apart and in place",
      "GET /dump/request HTTP/1.1\r\nX-Dup: 1\r\nHost: h\r\nX-Dup: 2\r\n" CLOSE "\r\n", 0, 200,
      "GET /dump/request HTTP/1.1\r\nX-Dup: 1\r\nHost: h\r\nX-Dup: 2\r\n" CLOSE "\r\n", 0 },
    { "the raw path is shown undecoded",
      "GET /dump/%72equest?a=%20b&&c HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0, 200,
      "GET /dump/%72equest?a=%20b&&c HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0 },
    /* libmicrohttpd drops the spaces before a value and keeps those after. */
    { "spaces before a header value are not part of it",
      "GET /dump/request HTTP/1.1\r\nHost: h\r\nX-Sp:   a  b  \r\n" CLOSE "\r\n", 0, 200,
      "GET /dump/request HTTP/1.1\r\nHost: h\r\nX-Sp: a  b  \r\n" CLOSE "\r\n", 0 },
    { "post body follows the blank line",
      "POST /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n" CLOSE "\r\nhello world",
      0, 200,
      "POST /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n" CLOSE "\r\nhello world",
      0 },
    { "a body may hold NUL bytes",
      "PUT /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n" CLOSE "\r\na\0b",
      sizeof("PUT /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n" CLOSE "\r\na\0b") - 1,
      200, "PUT /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n" CLOSE "\r\na\0b",
      sizeof("PUT /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n" CLOSE "\r\na\0b") - 1 },
    { "a chunked body is shown as one chunk",
      "POST /dump/request HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n" CLOSE
      "\r\n5\r\nhello\r\n3;ext=1\r\n!!!\r\n0\r\n\r\n",
      0, 200,
      "POST /dump/request HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n" CLOSE
      "\r\n8\r\nhello!!!\r\n0\r\n\r\n",
      0 },
    { "an empty chunked body is the last chunk only",
      "POST /dump/request HTTP/1.1\r\nHost: h\r\ntransfer-encoding: Chunked\r\n" CLOSE
      "\r\n0\r\n\r\n",
      0, 200,
      "POST /dump/request HTTP/1.1\r\nHost: h\r\ntransfer-encoding: Chunked\r\n" CLOSE
      "\r\n0\r\n\r\n",
      0 },
    { "http/1.0 without host",
      "GET /dump/request HTTP/1.0\r\n\r\n", 0, 200, "GET /dump/request HTTP/1.0\r\n\r\n", 0 },
    { "any method, body included",
      "PROPFIND /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n" CLOSE "\r\n<a", 0,
      200, "PROPFIND /dump/request HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n" CLOSE "\r\n<a",
      0 },
    { "delete without body",
      "DELETE /dump/request HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0, 200,
      "DELETE /dump/request HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0 },
    { "head answers without a body",
      "HEAD /dump/request HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0, 200, "", 0 },
    { "a longer path is not this route",
      "GET /dump/request/x HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n", 0, 404, NULL, 0 },
};

START_TEST(test_dump_request_shows_the_request_as_sent)
{
    const struct dump_case *c = &dump_cases[_i];
    size_t len = c->request_len ? c->request_len : strlen(c->request);
    struct raw_reply r = raw_exchange(c->request, len);
    ck_assert_msg(r.status == c->status, "%s: status %ld, want %ld\n%s", c->name, r.status,
                  c->status, r.all);
    if (c->dump) {
        size_t want = c->dump_len ? c->dump_len : strlen(c->dump);
        ck_assert_msg(r.len == want && memcmp(r.body, c->dump, want) == 0,
                      "%s: got [%s], want [%s]", c->name, r.body, c->dump);
        ck_assert_msg(strstr(r.all, "Content-Type: " TEXT_PLAIN "\r\n") != NULL,
                      "%s: content type in %s", c->name, r.all);
    }
    free(r.all);
}
END_TEST

/* --- /hostname, /unstable: through libcurl ----------------------------------------- */

struct http_case {
    const char *name, *method, *path;
    long status;          /* 0: 200 or 500 */
    const char *type;     /* expected Content-Type, or NULL */
    const char *body;     /* exact body, or NULL */
};

#define JSON_TYPE "application/json"

static const struct http_case http_cases[] = {
    { "hostname is the fixed name", "GET", "/hostname", 200, JSON_TYPE,
      "{\"hostname\":\"httpbin-c\"}\n" },
    { "hostname takes no post", "POST", "/hostname", 405, JSON_TYPE, NULL },
    { "head of hostname", "HEAD", "/hostname", 200, JSON_TYPE, "" },

    /* python3: random.Random(1234567890).random() == 0.9206826283274985 */
    { "seeded draw above the default rate", "GET", "/unstable?seed=1234567890", 200, TEXT_PLAIN, "" },
    { "same seed, rate above the draw", "GET", "/unstable?seed=1234567890&failure_rate=0.93", 500,
      TEXT_PLAIN, "" },
    { "same seed, rate just below the draw", "GET",
      "/unstable?failure_rate=0.9206826283274984&seed=1234567890", 200, TEXT_PLAIN, "" },
    /* random.Random(1).random() == 0.134...; the sign does not matter */
    { "seeded draw below the default rate", "GET", "/unstable?seed=1", 500, TEXT_PLAIN, "" },
    { "negative seed as its absolute value", "GET", "/unstable?seed=-3", 500, TEXT_PLAIN, "" },
    { "python int forms", "GET", "/unstable?seed=%20%2B0_3%20", 500, TEXT_PLAIN, "" },
    /* random.Random(10**30).random() == 0.934... */
    { "seed beyond 64 bits", "GET", "/unstable?seed=1000000000000000000000000000000", 200,
      TEXT_PLAIN, "" },
    { "rate 0 never fails", "GET", "/unstable?failure_rate=0", 200, TEXT_PLAIN, "" },
    { "rate 1 always fails", "GET", "/unstable?failure_rate=1", 500, TEXT_PLAIN, "" },
    { "rate 1.0e0 always fails", "GET", "/unstable?failure_rate=1.0e0", 500, TEXT_PLAIN, "" },
    { "minus zero is zero", "GET", "/unstable?failure_rate=-0", 200, TEXT_PLAIN, "" },
    { "post is fine", "POST", "/unstable?failure_rate=1", 500, TEXT_PLAIN, "" },
    { "empty values are defaults", "GET", "/unstable?failure_rate=&seed=", 0, TEXT_PLAIN, "" },
    { "unseeded", "GET", "/unstable", 0, TEXT_PLAIN, "" },

    { "rate is a word", "GET", "/unstable?failure_rate=foo", 400, JSON_TYPE, NULL },
    { "rate below 0", "GET", "/unstable?failure_rate=-1", 400, JSON_TYPE, NULL },
    { "rate above 1", "GET", "/unstable?failure_rate=1.23", 400, JSON_TYPE, NULL },
    { "rate just above 1", "GET", "/unstable?failure_rate=1.0000001", 400, JSON_TYPE, NULL },
    { "rate nan", "GET", "/unstable?failure_rate=nan", 400, JSON_TYPE, NULL },
    { "rate inf", "GET", "/unstable?failure_rate=inf", 400, JSON_TYPE, NULL },
    { "rate overflows", "GET", "/unstable?failure_rate=1e999", 400, JSON_TYPE, NULL },
    { "rate with a leading space", "GET", "/unstable?failure_rate=%200.5", 400, JSON_TYPE, NULL },
    { "rate with trailing junk", "GET", "/unstable?failure_rate=0.5x", 400, JSON_TYPE, NULL },
    { "rate with a NUL", "GET", "/unstable?failure_rate=0.5%00", 400, JSON_TYPE, NULL },
    { "seed is a float", "GET", "/unstable?seed=3.14", 400, JSON_TYPE, NULL },
    { "seed is a word", "GET", "/unstable?seed=foo", 400, JSON_TYPE, NULL },
    { "seed is hex", "GET", "/unstable?seed=0x10", 400, JSON_TYPE, NULL },
    { "seed is a sign", "GET", "/unstable?seed=-", 400, JSON_TYPE, NULL },
    { "seed has a doubled underscore", "GET", "/unstable?seed=1__0", 400, JSON_TYPE, NULL },
    { "seed with a NUL", "GET", "/unstable?failure_rate=1&seed=7%00", 400, JSON_TYPE, NULL },
    { "first value counts", "GET", "/unstable?seed=1&seed=x&failure_rate=0.1&failure_rate=x", 200,
      TEXT_PLAIN, "" },
};

START_TEST(test_extras_answer_each_case)
{
    const struct http_case *c = &http_cases[_i];
    struct http_reply r = http_request(c->method, c->path, NULL, NULL, 0);
    if (c->status)
        ck_assert_msg(r.status == c->status, "%s: got %ld, want %ld: %s", c->name, r.status,
                      c->status, r.body);
    else
        ck_assert_msg(r.status == 200 || r.status == 500, "%s: got %ld", c->name, r.status);
    if (c->type) {
        char *type = http_reply_header(&r, "Content-Type");
        ck_assert_msg(type && !strcmp(type, c->type), "%s: Content-Type %s, want %s", c->name,
                      type ? type : "(none)", c->type);
        free(type);
    }
    if (c->body)
        ck_assert_msg(r.len == strlen(c->body) && !memcmp(r.body, c->body, r.len),
                      "%s: body [%s], want [%s]", c->name, r.body, c->body);
    if (c->status == 400) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(json_integer_value(json_object_get(j, "status_code")) == 400 &&
                          json_is_string(json_object_get(j, "error")),
                      "%s: not a JSON error: %s", c->name, r.body);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}
END_TEST

/* Seeds are as long as Python's int() takes: 4300 digits, not one more.
 * Raw requests: the harness's URL buffer is shorter than these. */
START_TEST(test_unstable_seed_length_limit)
{
    static const struct { size_t digits; long status; } lens[] = { { 4300, 500 }, { 4301, 400 } };
    for (size_t i = 0; i < N_OF(lens); i++) {
        char *req = malloc(lens[i].digits + 128);
        ck_assert_ptr_nonnull(req);
        int n = sprintf(req, "GET /unstable?failure_rate=1&seed=");
        memset(req + n, '7', lens[i].digits);
        strcpy(req + n + lens[i].digits, " HTTP/1.1\r\nHost: h\r\n" CLOSE "\r\n");
        struct raw_reply r = raw_exchange(req, strlen(req));
        ck_assert_msg(r.status == lens[i].status, "%zu digits: %ld", lens[i].digits, r.status);
        free(r.all);
        free(req);
    }
}
END_TEST

START_TEST(test_unstable_fails_about_half_the_time_unseeded)
{
    int ok = 0, failed = 0;
    for (int i = 0; i < 200; i++) {
        struct http_reply r = http_get("/unstable");
        ok += r.status == 200;
        failed += r.status == 500;
        http_reply_cleanup(&r);
    }
    /* p = 0.5 each: fewer than 40 of 200 happens with p < 1e-17. */
    ck_assert_msg(ok > 40 && failed > 40 && ok + failed == 200, "200: %d, 500: %d", ok, failed);
}
END_TEST

/* --- /hostname with --use-real-hostname ------------------------------------------- */

static void start_real_hostname(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    cfg.use_real_hostname = 1;
    harness_start_with(&cfg);
}

START_TEST(test_hostname_tells_the_real_name_when_asked)
{
    char name[256] = "";
    ck_assert_int_eq(gethostname(name, sizeof(name) - 1), 0);
    struct http_reply r = http_get("/hostname");
    ck_assert_int_eq(r.status, 200);
    json_t *j = http_reply_json(&r);
    ck_assert_str_eq(json_string_value(json_object_get(j, "hostname")), name);
    ck_assert_int_eq(json_object_size(j), 1);
    json_decref(j);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *extras_suite(void)
{
    Suite *s = suite_create("extras");
    TCase *tc = tcase_create("default");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dump_request_shows_the_request_as_sent, 0, N_OF(dump_cases));
    tcase_add_loop_test(tc, test_extras_answer_each_case, 0, N_OF(http_cases));
    tcase_add_test(tc, test_unstable_seed_length_limit);
    tcase_add_test(tc, test_unstable_fails_about_half_the_time_unseeded);
    suite_add_tcase(s, tc);

    tc = tcase_create("real_hostname");
    tcase_add_unchecked_fixture(tc, start_real_hostname, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hostname_tells_the_real_name_when_asked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(extras_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
