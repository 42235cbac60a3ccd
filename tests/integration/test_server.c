/* SPDX-License-Identifier: MIT */
/* What the dispatcher does for every route: 404/405 JSON errors, CORS and
 * preflight, the body limit, HEAD, the access log, graceful stop, and the
 * httpbin-c binary's options and signals. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "routes/table.h"
#include "server/server.h"

static char log_path[64];

/* The header and body timeouts of start(). */
#define HEAD_TIMEOUT 1.0
#define BODY_TIMEOUT 1.0

/* Small body limit and an access log in a file the tests can read. */
static void start(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.max_body = 1024;
    cfg.shutdown_grace = 2;
    cfg.header_timeout = HEAD_TIMEOUT;
    cfg.body_timeout = BODY_TIMEOUT;
    snprintf(log_path, sizeof(log_path), "/tmp/httpbin-c-test-log.%d", (int)getpid());
    cfg.log_stream = fopen(log_path, "w");
    harness_start_with(&cfg);
}

static void stop(void)
{
    harness_stop();
    unlink(log_path);
}

static void assert_json_error(const struct http_reply *r, long status)
{
    json_t *j = http_reply_json(r);
    ck_assert_msg(j && json_integer_value(json_object_get(j, "status_code")) == status &&
                      json_is_string(json_object_get(j, "error")),
                  "not a JSON %ld error: %s", status, r->body);
    json_decref(j);
}

START_TEST(test_unknown_path_is_a_json_404)
{
    struct http_reply r = http_get("/nope");
    ck_assert_int_eq(r.status, 404);
    assert_json_error(&r, 404);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_wrong_method_is_a_json_405_with_allow)
{
    struct http_reply r = http_request("DELETE", "/get", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 405);
    assert_json_error(&r, 405);
    char *allow = http_reply_header(&r, "Allow");
    ck_assert_str_eq(allow, "GET, HEAD, OPTIONS");
    free(allow);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_every_response_has_cors_headers)
{
    struct http_reply r = http_get("/nope");
    char *origin = http_reply_header(&r, "Access-Control-Allow-Origin");
    char *cred = http_reply_header(&r, "Access-Control-Allow-Credentials");
    ck_assert_str_eq(origin, "*");
    ck_assert_str_eq(cred, "true");
    free(origin);
    free(cred);
    http_reply_cleanup(&r);

    const char *h[] = { "Origin: http://example.test", NULL };
    r = http_request("GET", "/get", h, NULL, 0);
    origin = http_reply_header(&r, "Access-Control-Allow-Origin");
    ck_assert_str_eq(origin, "http://example.test");
    ck_assert_int_eq(http_reply_header_count(&r, "Access-Control-Max-Age"), 0);
    free(origin);
    http_reply_cleanup(&r);
}
END_TEST

static const char *const preflight_paths[] = { "/get", "/post", "/anything/x", "/status/418",
                                               "/no/such/path" };

START_TEST(test_preflight_is_answered_on_every_path)
{
    const char *h[] = { "Origin: http://a.test", "Access-Control-Request-Method: PUT",
                        "Access-Control-Request-Headers: X-One, X-Two", NULL };
    struct http_reply r = http_request("OPTIONS", preflight_paths[_i], h, NULL, 0);
    ck_assert_msg(r.status == 200, "%s: %ld", preflight_paths[_i], r.status);
    const char *want[][2] = {
        { "Access-Control-Allow-Origin", "http://a.test" },
        { "Access-Control-Allow-Credentials", "true" },
        { "Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS" },
        { "Access-Control-Max-Age", "3600" },
        { "Access-Control-Allow-Headers", "X-One, X-Two" },
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        char *v = http_reply_header(&r, want[i][0]);
        ck_assert_msg(v && !strcmp(v, want[i][1]), "%s: %s is '%s'", preflight_paths[_i],
                      want[i][0], v);
        free(v);
    }
    ck_assert_int_eq(r.len, 0);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_body_over_the_limit_is_a_413)
{
    char big[2000];
    memset(big, 'x', sizeof(big));
    const char *h[] = { "Content-Type: text/plain", NULL };
    struct http_reply r = http_request("POST", "/post", h, big, sizeof(big));
    ck_assert_int_eq(r.status, 413);
    assert_json_error(&r, 413);
    http_reply_cleanup(&r);

    const char *chunked[] = { "Content-Type: text/plain", "Transfer-Encoding: chunked", NULL };
    r = http_request("POST", "/post", chunked, big, sizeof(big));
    ck_assert_int_eq(r.status, 413);
    http_reply_cleanup(&r);

    r = http_request("POST", "/post", h, big, 1024);
    ck_assert_msg(r.status == 200, "a body at the limit: %ld", r.status);
    http_reply_cleanup(&r);

    /* Routes that do not read bodies drain them instead. */
    r = http_request("GET", "/get", h, big, sizeof(big));
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}
END_TEST

/* A query of 'n' arguments "a0=1&a1=1...", malloc'd. */
static char *many_args(const char *path, int n)
{
    char *url = malloc(strlen(path) + (size_t)n * 12 + 2), *o = url;
    o += sprintf(o, "%s?", path);
    for (int i = 0; i < n; i++)
        o += sprintf(o, "%sa%d=1", i ? "&" : "", i);
    return url;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(test_request_heads_past_the_limits_get_quick_4xx)
{
    /* At the limit of --max-query-args (256), a normal answer. */
    char *url = many_args("/get", 256);
    struct http_reply r = http_get(url);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
    free(url);
    /* Past it, and past --max-url-bytes: 414 at once (libmicrohttpd alone
     * would neither answer nor close: its pool runs out). */
    static const int counts[] = { 257, 3000 };
    for (size_t i = 0; i < 2; i++) {
        url = many_args("/anything", counts[i]);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        r = http_get(url);
        /* Quick: an answer, not the close at the header timeout, and well
         * within the slack a loaded machine adds. */
        ck_assert_msg(r.status == 414 && seconds_since(&t0) < HARNESS_SLACK,
                      "%d args: %ld in %.1f s", counts[i], r.status, seconds_since(&t0));
        assert_json_error(&r, 414);
        http_reply_cleanup(&r);
        free(url);
    }
    /* Just under the limits, with both at once: the pool has room. */
    url = malloc(8000);
    memset(url, 'x', 7999);
    memcpy(url, "/get?q=", 7);
    url[7999] = '\0';
    char *near = malloc(7000);
    memset(near, 'z', 6999);
    memcpy(near, "X-Near: ", 8);
    near[6999] = '\0';
    const char *const near_headers[] = { near, NULL };
    r = http_request("GET", url, near_headers, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
    free(near);
    free(url);
    url = malloc(20000);
    memset(url, 'x', 19999);
    memcpy(url, "/get?q=", 7);
    url[19999] = '\0';
    r = http_get(url);
    ck_assert_int_eq(r.status, 414);
    http_reply_cleanup(&r);
    free(url);
    /* Headers past --max-header-bytes (8K): our JSON 431. */
    char *big = malloc(40000);
    memset(big, 'y', 39999);
    memcpy(big, "X-Big: ", 7);
    big[39999] = '\0';
    const char *const headers[] = { big, NULL };
    r = http_request("GET", "/get", headers, NULL, 0);
    ck_assert_int_eq(r.status, 431);
    assert_json_error(&r, 431);
    http_reply_cleanup(&r);
    free(big);
    /* and everyone else is still served */
    r = http_get("/get");
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_head_answers_headers_without_body)
{
    struct http_reply r = http_request("HEAD", "/get", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.len, 0);
    char *ct = http_reply_header(&r, "Content-Type");
    ck_assert_str_eq(ct, "application/json");
    free(ct);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_nul_in_path_is_a_400)
{
    struct http_reply r = http_get("/anything/a%00b");
    ck_assert_int_eq(r.status, 400);
    assert_json_error(&r, 400);
    http_reply_cleanup(&r);
}
END_TEST

static char log_line[4096];

/* Whether the access log has a line with 'marker' (into log_line). */
static int log_has(void *marker)
{
    int found = 0;
    FILE *f = fopen(log_path, "r");
    while (f && !found && fgets(log_line, sizeof(log_line), f))
        found = strstr(log_line, marker) != NULL;
    if (f)
        fclose(f);
    return found;
}

START_TEST(test_access_log_has_one_line_per_request)
{
    struct http_reply r = http_get("/status/418?marker=log-test");
    http_reply_cleanup(&r);
    /* The line is written when MHD completes the request, just after the
     * client has its answer, and flushed within 0.2 s. */
    ck_assert_msg(harness_wait_until(log_has, "marker=log-test", HARNESS_PATIENCE),
                  "no access log line for the request");
    const char *line = log_line;
    ck_assert_msg(strstr(line, " 127.0.0.1 GET \"/status/418?marker=log-test\" 418 ") &&
                      strstr(line, "us\n"),
                  "log line: %s", line);
}
END_TEST

struct slow_call {
    unsigned port;
    long status;
};

static void *call_delay(void *arg)
{
    struct slow_call *c = arg;
    char base[64];
    snprintf(base, sizeof(base), "http://127.0.0.1:%u", c->port);
    struct http_reply r = http_request_to(base, "GET", "/delay/0.5", NULL, NULL, 0);
    c->status = r.status;
    http_reply_cleanup(&r);
    return NULL;
}

static int in_flight(void *server)
{
    return atomic_load(&((struct hb_server *)server)->inflight) > 0;
}

START_TEST(test_stop_lets_in_flight_requests_finish)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    strcpy(cfg.host, "127.0.0.1");
    cfg.port = 0;
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    struct hb_server s;
    ck_assert_int_eq(hb_server_start(&s, &cfg, hb_routes, hb_route_count), 0);
    struct slow_call call = { s.port, 0 };
    pthread_t t;
    pthread_create(&t, NULL, call_delay, &call);
    ck_assert_msg(harness_wait_until(in_flight, &s, HARNESS_PATIENCE), "the request never came");
    hb_server_stop(&s);
    pthread_join(t, NULL);
    ck_assert_msg(call.status == 200, "in-flight request got %ld", call.status);
}
END_TEST

START_TEST(test_a_second_server_cannot_take_a_port_in_use)
{
    /* SO_REUSEPORT would let it, and the kernel would split the clients
     * between the two without a word. */
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    strcpy(cfg.host, "127.0.0.1");
    cfg.port = harness_port();
    cfg.threads = 1;
    cfg.log_format = HB_LOG_OFF;
    struct hb_server s;
    ck_assert_int_eq(hb_server_start(&s, &cfg, hb_routes, hb_route_count), -1);
}
END_TEST

/* Runs ./httpbin-c with 'args' and returns its exit status. */
static int run_binary(char *const args[])
{
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        freopen("/dev/null", "w", stdout);
        execv("./httpbin-c", args);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_binary_rejects_bad_options_with_exit_2)
{
    char *bad_port[] = { "httpbin-c", "--port", "abc", NULL };
    char *unknown[] = { "httpbin-c", "--frobnicate", NULL };
    char *help[] = { "httpbin-c", "--help", NULL };
    char *version[] = { "httpbin-c", "--version", NULL };
    char *tls_without_cert[] = { "httpbin-c", "--host", "127.0.0.1", "--port", "0", "--tls-port",
                                 "0", NULL };
    char *bad_bool[] = { "httpbin-c", "--tls-self-signed=maybe", NULL };
    ck_assert_int_eq(run_binary(bad_port), 2);
    ck_assert_int_eq(run_binary(unknown), 2);
    ck_assert_int_eq(run_binary(help), 0);
    ck_assert_int_eq(run_binary(version), 0);
    ck_assert_int_eq(run_binary(tls_without_cert), 1); /* cannot start: says why */
    ck_assert_int_eq(run_binary(bad_bool), 2);
}
END_TEST

START_TEST(test_binary_prints_its_port_and_exits_0_on_sigterm)
{
    int out[2];
    ck_assert_int_eq(pipe(out), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        execl("./httpbin-c", "httpbin-c", "--host", "127.0.0.1", "--port", "0",
              "--log-format", "off", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[256] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
    unsigned port = 0;
    ck_assert_msg(sscanf(line, "httpbin-c listening on http://127.0.0.1:%u/", &port) == 1 &&
                      port > 0, "startup line: %s", line);
    char base[64];
    snprintf(base, sizeof(base), "http://127.0.0.1:%u", port);
    struct http_reply r = http_request_to(base, "GET", "/get", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    fclose(f);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
}
END_TEST

static void assert_get_served(void)
{
    struct http_reply r = http_get("/get");
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}

/* Sends 'bytes' one at a time, then 'a' after 'a', 100 ms apart (never a
 * silence, never done), until the server cuts the connection; a GET from
 * someone else after the byte 'serve_at'. *from_at is when the byte 'from'
 * began to go (the server cannot have it sooner). The time of the cut, or
 * -1 when there was none within 'limit' seconds of *from_at. */
static double trickle_until_cut(int fd, const char *bytes, size_t from, double *from_at,
                                size_t serve_at, double limit)
{
    size_t len = strlen(bytes);
    *from_at = harness_now();
    for (size_t i = 0; i <= from || harness_now() - *from_at < limit; i++) {
        if (i == from)
            *from_at = harness_now();
        if (harness_peer_closed(fd) || send(fd, i < len ? bytes + i : "a", 1, MSG_NOSIGNAL) != 1)
            return harness_now();
        if (i == serve_at)
            assert_get_served(); /* meanwhile everyone else is served */
        harness_nap_ms(100);
    }
    return -1;
}

START_TEST(test_slow_request_head_is_closed_after_header_timeout)
{
    int fd = harness_raw_connect();
    ck_assert_int_ge(fd, 0);
    /* slowloris: the header timeout counts from the whole request line */
    const char *head = "GET /get HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    size_t line_end = strlen("GET /get HTTP/1.1\r\n") - 1;
    double line_at;
    double cut = trickle_until_cut(fd, head, line_end, &line_at, 3, HEAD_TIMEOUT + HARNESS_SLACK);
    ck_assert_msg(cut >= 0, "the slow connection was not closed within %.0f s",
                  HEAD_TIMEOUT + HARNESS_SLACK);
    ck_assert_msg(cut - line_at >= HEAD_TIMEOUT - 0.05, "closed %.2f s after the request line "
                  "began, before the header timeout (%.0f s)", cut - line_at, HEAD_TIMEOUT);
    close(fd);
    /* An idle connection is not slow: the header timeout starts at the
     * request line (before it, --connection-timeout counts). */
    fd = harness_raw_connect();
    harness_nap_ms((long)(HEAD_TIMEOUT * 1500));
    const char *req = "GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ck_assert_int_eq(send(fd, req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
    char buf[64] = "";
    ck_assert_int_gt(recv(fd, buf, sizeof(buf) - 1, 0), 12);
    ck_assert_msg(!strncmp(buf, "HTTP/1.1 200", 12), "%s", buf);
    close(fd);
}
END_TEST

START_TEST(test_slow_request_body_is_closed_after_body_timeout)
{
    int fd = harness_raw_connect();
    ck_assert_int_ge(fd, 0);
    const char *head = "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n";
    double head_at = harness_now(), body_at;
    ck_assert_int_eq(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
    /* A body byte every 100 ms: never silent, never done. */
    double cut = trickle_until_cut(fd, "", 0, &body_at, 3, BODY_TIMEOUT + HARNESS_SLACK);
    ck_assert_msg(cut >= 0, "the slow body was not cut off within %.0f s",
                  BODY_TIMEOUT + HARNESS_SLACK);
    ck_assert_msg(cut - head_at >= BODY_TIMEOUT - 0.05, "cut off %.2f s after the head, before "
                  "the body timeout (%.0f s)", cut - head_at, BODY_TIMEOUT);
    close(fd);
    /* A body that comes at once is answered, and so is a slow answer
     * (/delay outlasts the body timeout: it counts the body only). */
    struct http_reply r = http_request("POST", "/delay/1.5", NULL, "abc", 3);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}
END_TEST

static void start_with_per_ip_limit(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.max_connections_per_ip = 3;
    harness_start_with(&cfg);
}

static int get_served(void *unused)
{
    (void)unused;
    struct http_reply r = http_get("/get");
    int ok = r.status == 200;
    http_reply_cleanup(&r);
    return ok;
}

START_TEST(test_connections_per_ip_are_limited)
{
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = harness_raw_connect();
        ck_assert_int_ge(fds[i], 0);
    }
    /* the fourth is accepted by the kernel, then closed by the server */
    int extra = harness_raw_connect();
    ck_assert_int_ge(extra, 0);
    const char *req = "GET /get HTTP/1.1\r\nHost: x\r\n\r\n";
    (void)!send(extra, req, strlen(req), MSG_NOSIGNAL);
    size_t answered;
    ck_assert_msg(harness_wait_closed(extra, HARNESS_PATIENCE, &answered) >= 0 && answered == 0,
                  "the fourth connection was %s", answered ? "answered" : "not closed");
    close(extra);
    close(fds[0]);
    /* A slot is free again once the server has seen the close. */
    ck_assert_msg(harness_wait_until(get_served, NULL, HARNESS_PATIENCE),
                  "no slot came free after a close");
    close(fds[1]);
    close(fds[2]);
}
END_TEST

static Suite *server_suite(void)
{
    Suite *s = suite_create("server");
    TCase *tc = tcase_create("dispatch");
    tcase_add_unchecked_fixture(tc, start, stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_unknown_path_is_a_json_404);
    tcase_add_test(tc, test_wrong_method_is_a_json_405_with_allow);
    tcase_add_test(tc, test_every_response_has_cors_headers);
    tcase_add_loop_test(tc, test_preflight_is_answered_on_every_path, 0,
                        sizeof(preflight_paths) / sizeof(preflight_paths[0]));
    tcase_add_test(tc, test_body_over_the_limit_is_a_413);
    tcase_add_test(tc, test_head_answers_headers_without_body);
    tcase_add_test(tc, test_request_heads_past_the_limits_get_quick_4xx);
    tcase_add_test(tc, test_nul_in_path_is_a_400);
    tcase_add_test(tc, test_access_log_has_one_line_per_request);
    tcase_add_test(tc, test_slow_request_head_is_closed_after_header_timeout);
    tcase_add_test(tc, test_slow_request_body_is_closed_after_body_timeout);
    tcase_add_test(tc, test_a_second_server_cannot_take_a_port_in_use);
    suite_add_tcase(s, tc);

    TCase *per_ip = tcase_create("per-ip");
    tcase_add_unchecked_fixture(per_ip, start_with_per_ip_limit, harness_stop);
    tcase_set_timeout(per_ip, 120);
    tcase_add_test(per_ip, test_connections_per_ip_are_limited);
    suite_add_tcase(s, per_ip);

    TCase *life = tcase_create("lifecycle");
    tcase_set_timeout(life, 120);
    tcase_add_test(life, test_stop_lets_in_flight_requests_finish);
    tcase_add_test(life, test_binary_rejects_bad_options_with_exit_2);
    tcase_add_test(life, test_binary_prints_its_port_and_exits_0_on_sigterm);
    suite_add_tcase(s, life);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(server_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
