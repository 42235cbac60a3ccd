/* SPDX-License-Identifier: MIT */
/* Bodies made while they are sent: /stream, /range, /drip, /sse, /bytes and
 * /stream-bytes. Their answers and limits, their pacing, bad input, many at
 * once on few threads, and clients that leave halfway. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "harness.h"

/* Small limits, so the caps are cheap to reach. */
#define MAX_STREAM 5
#define MAX_BYTES 1000
#define MAX_DRIP_BYTES 50
#define MAX_DURATION 2.0
#define MAX_SSE_EVENTS 20

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void start_with_small_limits(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.max_stream = MAX_STREAM;
    cfg.max_bytes = MAX_BYTES;
    cfg.max_drip_bytes = MAX_DRIP_BYTES;
    cfg.max_duration = MAX_DURATION;
    cfg.max_sse_events = MAX_SSE_EVENTS;
    cfg.shutdown_grace = 3;
    harness_start_with(&cfg);
}

static void assert_json_error(const struct http_reply *r, long status, const char *what)
{
    ck_assert_msg(r->status == status, "%s: got %ld, want %ld: %s", what, r->status, status,
                  r->body);
    json_t *j = http_reply_json(r);
    ck_assert_msg(json_integer_value(json_object_get(j, "status_code")) == status &&
                      json_is_string(json_object_get(j, "error")),
                  "%s: not a JSON error: %s", what, r->body);
    json_decref(j);
}

/* --- bad input: every parameter ------------------------------------------ */

static const struct bad_case {
    const char *path;
    long status;
} bad_cases[] = {
    { "/stream/x", 400 }, { "/stream/-1", 400 }, { "/stream/1.5", 400 }, { "/stream/%201", 400 },
    { "/range/0", 404 }, { "/range/1001", 404 }, { "/range/99999999999999999999999", 404 },
    { "/range/-5", 400 }, { "/range/abc", 400 }, { "/range/10?chunk_size=x", 400 },
    { "/range/10?chunk_size=1.5", 400 }, { "/range/10?duration=-1", 400 },
    { "/range/10?duration=nan", 400 }, { "/range/10?duration=3", 400 },
    { "/range/10?duration=0x10", 400 }, { "/range/10?duration=", 400 },
    { "/drip?numbytes=0", 400 }, { "/drip?numbytes=-3", 400 }, { "/drip?numbytes=x", 400 },
    { "/drip?numbytes=1e3", 400 }, { "/drip?duration=-1", 400 }, { "/drip?duration=inf", 400 },
    { "/drip?duration=abc", 400 }, { "/drip?duration=nan(1)", 400 }, { "/drip?duration=1__0", 400 },
    { "/drip?delay=-0.5", 400 }, { "/drip?delay=x", 400 },
    { "/drip?duration=1.5&delay=1", 400 }, { "/drip?code=99", 400 }, { "/drip?code=100", 400 },
    { "/drip?code=1000", 400 }, { "/drip?code=x", 400 }, { "/drip?code=2e2", 400 },
    { "/drip?code=99999999999999999999999", 400 },
    { "/sse?count=0", 400 }, { "/sse?count=-1", 400 }, { "/sse?count=21", 400 },
    { "/sse?count=x", 400 }, { "/sse?duration=0", 400 }, { "/sse?duration=3s", 400 },
    { "/sse?duration=1x", 400 }, { "/sse?duration=-1s", 400 }, { "/sse?delay=-1", 400 },
    { "/sse?duration=1.5s&delay=1s", 400 }, { "/sse?delay=ms", 400 },
    { "/bytes/x", 400 }, { "/bytes/-1", 400 }, { "/bytes/10?seed=x", 400 },
    { "/bytes/10?seed=1.5", 400 }, { "/bytes/10?seed=", 400 },
    { "/stream-bytes/x", 400 }, { "/stream-bytes/10?seed=abc", 400 },
    { "/stream-bytes/10?chunk_size=x", 400 }, { "/bytes/10?seed=7%00", 400 },
    { "/bytes/10?seed=1e3", 400 }, { "/bytes/10?seed=0x10", 400 },
};

START_TEST(test_bad_input_gets_a_json_4xx)
{
    const struct bad_case *c = &bad_cases[_i];
    struct http_reply r = http_get(c->path);
    assert_json_error(&r, c->status, c->path);
    http_reply_cleanup(&r);
}
END_TEST

/* --- /stream/{n} ----------------------------------------------------------- */

static int count_lines(const struct http_reply *r, int check_ids)
{
    int lines = 0;
    const char *p = r->body;
    while (p < r->body + r->len) {
        const char *nl = memchr(p, '\n', (size_t)(r->body + r->len - p));
        ck_assert_msg(nl != NULL, "a line without its newline");
        if (check_ids) {
            json_error_t e;
            json_t *j = json_loadb(p, (size_t)(nl - p), 0, &e);
            ck_assert_msg(j != NULL, "line %d is not JSON: %s", lines, e.text);
            ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), lines);
            ck_assert_ptr_nonnull(json_object_get(j, "headers"));
            ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "args"), "a")),
                             "b");
            json_decref(j);
        }
        lines++;
        p = nl + 1;
    }
    return lines;
}

START_TEST(test_stream_writes_n_json_lines_clamped_to_the_limit)
{
    static const struct { const char *path; int lines; } cases[] = {
        { "/stream/0?a=b", 0 }, { "/stream/1?a=b", 1 }, { "/stream/3?a=b", 3 },
        { "/stream/5?a=b", MAX_STREAM }, { "/stream/6?a=b", MAX_STREAM },
        { "/stream/99999999999999999999999?a=b", MAX_STREAM },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_reply r = http_get(cases[i].path);
        ck_assert_int_eq(r.status, 200);
        char *type = http_reply_header(&r, "Content-Type");
        ck_assert_str_eq(type, "application/json");
        free(type);
        ck_assert_int_eq(http_reply_header_count(&r, "Content-Length"), 0); /* chunked */
        ck_assert_msg(count_lines(&r, 1) == cases[i].lines, "%s", cases[i].path);
        http_reply_cleanup(&r);
    }
}
END_TEST

/* --- /range/{n} ------------------------------------------------------------ */

static const struct range_case {
    const char *path, *range; /* range NULL: no header */
    long status;
    const char *content_range; /* NULL: absent */
    const char *body;
} range_cases[] = {
    { "/range/26", NULL, 200, "bytes 0-25/26", "abcdefghijklmnopqrstuvwxyz" },
    { "/range/30", NULL, 200, "bytes 0-29/30", "abcdefghijklmnopqrstuvwxyzabcd" },
    { "/range/26", "bytes=0-4", 206, "bytes 0-4/26", "abcde" },
    { "/range/26", "bytes=24-", 206, "bytes 24-25/26", "yz" },
    { "/range/26", "bytes=-3", 206, "bytes 23-25/26", "xyz" },
    { "/range/26", "bytes=-30", 200, "bytes 0-25/26", "abcdefghijklmnopqrstuvwxyz" },
    { "/range/26", "bytes=5", 206, "bytes 5-25/26", "fghijklmnopqrstuvwxyz" },
    { "/range/26", "bytes= 2 - 4 ", 206, "bytes 2-4/26", "cde" },
    { "/range/26", "bytes=1-2-3", 206, "bytes 1-2/26", "bc" },
    /* httpbin reads no further than the first range */
    { "/range/26", "bytes=0-1,5-6", 200, "bytes 0-25/26", "abcdefghijklmnopqrstuvwxyz" },
    { "/range/26", "items=1-2", 200, "bytes 0-25/26", "abcdefghijklmnopqrstuvwxyz" },
    { "/range/26", "bytes=a-b", 200, "bytes 0-25/26", "abcdefghijklmnopqrstuvwxyz" },
    { "/range/26", "bytes=-0", 416, "bytes */26", "" },
    { "/range/26", "bytes=5-3", 416, "bytes */26", "" },
    { "/range/26", "bytes=0-26", 416, "bytes */26", "" },
    { "/range/26", "bytes=26-", 416, "bytes */26", "" },
    { "/range/26", "bytes=99999999999999999999999-", 416, "bytes */26", "" },
    { "/range/1000?chunk_size=7", "bytes=998-", 206, "bytes 998-999/1000", "kl" },
};

START_TEST(test_range_answers_each_case)
{
    const struct range_case *c = &range_cases[_i];
    char header[128];
    snprintf(header, sizeof(header), "Range: %s", c->range ? c->range : "");
    const char *const headers[] = { header, NULL };
    struct http_reply r = http_request("GET", c->path, c->range ? headers : NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: got %ld", c->range, r.status);
    char *cr = http_reply_header(&r, "Content-Range");
    ck_assert_msg(cr && !strcmp(cr, c->content_range), "%s: Content-Range %s", c->range, cr);
    free(cr);
    char *etag = http_reply_header(&r, "ETag");
    char want[32];
    snprintf(want, sizeof(want), "range%s", c->path + strlen("/range/"));
    *strchrnul(want, '?') = '\0';
    ck_assert_str_eq(etag, want);
    free(etag);
    ck_assert_msg(r.len == strlen(c->body) && !memcmp(r.body, c->body, r.len),
                  "%s: body '%s'", c->range, r.body);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_range_duration_paces_the_body)
{
    double t0 = now();
    struct http_reply r = http_get("/range/100?duration=0.5&chunk_size=10");
    double took = now() - t0;
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.len, 100);
    ck_assert_msg(took >= 0.4 && took < 0.5 + HARNESS_SLACK, "took %.3f s", took);
    http_reply_cleanup(&r);
}
END_TEST

/* --- /drip ----------------------------------------------------------------- */

START_TEST(test_drip_paces_numbytes_over_duration_after_delay)
{
    double t0 = now();
    struct http_reply r = http_get("/drip?numbytes=5&duration=0.5&delay=0.3&code=418");
    double took = now() - t0;
    ck_assert_int_eq(r.status, 418);
    ck_assert_int_eq(r.len, 5);
    ck_assert_str_eq(r.body, "*****");
    char *type = http_reply_header(&r, "Content-Type");
    char *length = http_reply_header(&r, "Content-Length");
    ck_assert_str_eq(type, "application/octet-stream");
    ck_assert_str_eq(length, "5");
    free(type);
    free(length);
    /* The delay, then four pauses of 0.1 s between five bytes. */
    ck_assert_msg(took >= 0.65 && took < 0.8 + HARNESS_SLACK, "took %.3f s", took);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_drip_defaults_and_clamp)
{
    struct http_reply r = http_get("/drip?duration=0");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "**********"); /* numbytes defaults to 10 */
    http_reply_cleanup(&r);
    r = http_get("/drip?duration=0&numbytes=51");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.len, MAX_DRIP_BYTES);
    http_reply_cleanup(&r);
    /* httpbin's .get() is case-sensitive: NUMBYTES is not numbytes. */
    r = http_get("/drip?duration=0&NUMBYTES=2");
    ck_assert_int_eq(r.len, 10);
    http_reply_cleanup(&r);
    r = http_request("HEAD", "/drip?duration=0&numbytes=7", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.len, 0);
    char *length = http_reply_header(&r, "Content-Length");
    ck_assert_str_eq(length, "7");
    free(length);
    http_reply_cleanup(&r);
}
END_TEST

/* --- /sse ------------------------------------------------------------------ */

START_TEST(test_sse_sends_count_events_over_duration)
{
    double t0 = now();
    struct http_reply r = http_get("/sse?count=3&duration=400ms&delay=0.1");
    double took = now() - t0;
    ck_assert_int_eq(r.status, 200);
    char *type = http_reply_header(&r, "Content-Type");
    ck_assert_str_eq(type, "text/event-stream; charset=utf-8");
    free(type);
    long long last = 0;
    const char *p = r.body;
    for (int i = 0; i < 3; i++) {
        unsigned id;
        long long ts;
        int used = 0;
        ck_assert_msg(sscanf(p, "event: ping\ndata: {\"id\":%u,\"timestamp\":%lld}\n\n%n", &id,
                             &ts, &used) == 2 && used > 0,
                      "event %d: %s", i, p);
        ck_assert_int_eq(id, i);
        ck_assert_msg(ts >= last, "timestamps go back");
        last = ts;
        p += used;
    }
    ck_assert_str_eq(p, "");
    /* The delay, then two pauses of 0.2 s between three events. */
    ck_assert_msg(took >= 0.45 && took < 0.5 + HARNESS_SLACK, "took %.3f s", took);
    http_reply_cleanup(&r);
}
END_TEST

/* --- /bytes/{n} and /stream-bytes/{n} ------------------------------------- */

static void assert_hex(const struct http_reply *r, const char *hex, const char *what)
{
    char got[2 * 64 + 1] = "";
    for (size_t i = 0; i < r->len && i < 64; i++)
        snprintf(got + 2 * i, 3, "%02x", (unsigned char)r->body[i]);
    ck_assert_msg(!strcmp(got, hex), "%s: %s, want %s", what, got, hex);
}

START_TEST(test_seeded_bytes_are_pythons)
{
    /* Printed by Python: random.seed(s); bytes(random.randint(0, 255) ...) */
    static const struct { const char *path, *hex; } cases[] = {
        { "/bytes/16?seed=0", "c5d71484f8cf9bf4b76f47904730804b" },
        { "/bytes/16?SEED=0", "c5d71484f8cf9bf4b76f47904730804b" },
        { "/bytes/16?seed=-0", "c5d71484f8cf9bf4b76f47904730804b" },
        { "/bytes/16?seed=12345678901234567890", "e5a7b575f4ba4226591fe8f002b5f33a" },
        { "/bytes/4?seed=12345678901234567890", "e5a7b575" },
        { "/stream-bytes/16?seed=0&chunk_size=3", "c5d71484f8cf9bf4b76f47904730804b" },
        { "/stream-bytes/16?seed=12345678901234567890",
          "e5a7b575f4ba4226591fe8f002b5f33a" },
        { "/bytes/0?seed=1", "" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_reply r = http_get(cases[i].path);
        ck_assert_int_eq(r.status, 200);
        assert_hex(&r, cases[i].hex, cases[i].path);
        char *type = http_reply_header(&r, "Content-Type");
        ck_assert_str_eq(type, "application/octet-stream");
        free(type);
        /* /bytes has a length; /stream-bytes is chunked */
        ck_assert_int_eq(http_reply_header_count(&r, "Content-Length"),
                         strncmp(cases[i].path, "/bytes", 6) == 0);
        http_reply_cleanup(&r);
    }
}
END_TEST

START_TEST(test_bytes_are_clamped_and_unseeded_ones_differ)
{
    struct http_reply a = http_get("/bytes/5000"), b = http_get("/bytes/5000");
    ck_assert_int_eq(a.len, MAX_BYTES);
    ck_assert_int_eq(b.len, MAX_BYTES);
    ck_assert_msg(memcmp(a.body, b.body, MAX_BYTES) != 0, "two unseeded answers are equal");
    http_reply_cleanup(&a);
    http_reply_cleanup(&b);
    a = http_get("/stream-bytes/99999999999999999999999?seed=5");
    ck_assert_int_eq(a.status, 200);
    ck_assert_int_eq(a.len, MAX_BYTES);
    http_reply_cleanup(&a);
}
END_TEST

/* --- many at once, and clients that leave -------------------------------- */

struct sink {
    char data[64];
    size_t len;
};

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t room = sizeof(s->data) - 1 - s->len, take = size * n < room ? size * n : room;
    memcpy(s->data + s->len, data, take);
    s->len += take;
    return size * n;
}

/* 'n' clients GET 'path' at once, each giving up after 'timeout' seconds.
 * Returns how many got 200 and 'want' as the body; the server's most
 * threads and the time taken go to the out parameters. */
static int run_concurrently(const char *path, int n, double timeout, const char *want,
                            int *max_threads, double *took)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < (rlim_t)(2 * n + 64)) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char url[160];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", harness_port(), path);
    CURLM *multi = curl_multi_init();
    CURL **easy = calloc((size_t)n, sizeof(*easy));
    struct sink *sinks = calloc((size_t)n, sizeof(*sinks));
    for (int i = 0; i < n; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy[i], CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &sinks[i]);
        curl_multi_add_handle(multi, easy[i]);
    }
    double t0 = now();
    int running = 1;
    *max_threads = 0;
    while (running) {
        curl_multi_perform(multi, &running);
        curl_multi_poll(multi, NULL, 0, 50, NULL);
        int t = harness_server_threads();
        if (t > *max_threads)
            *max_threads = t;
    }
    *took = now() - t0;
    int ok = 0;
    for (int i = 0; i < n; i++) {
        long status = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &status);
        ok += status == 200 && want && !strcmp(sinks[i].data, want);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    curl_multi_cleanup(multi);
    free(easy);
    free(sinks);
    return ok;
}

START_TEST(test_two_hundred_drips_at_once_hold_no_thread_each)
{
    int threads;
    double took;
    int ok = run_concurrently("/drip?numbytes=5&duration=1", 200, HARNESS_PATIENCE, "*****",
                              &threads, &took);
    ck_assert_msg(ok == 200, "%d of 200 dripped in full", ok);
    /* 0.8 s of pacing each; two at a time on two threads, 80 s. */
    ck_assert_msg(took < 0.8 + 2 * HARNESS_SLACK, "took %.2f s", took);
    /* Main thread, 2 workers, the timer, the front door, 2 HTTP/2 loops. */
    ck_assert_msg(threads > 0 && threads <= 8, "server had %d threads", threads);
}
END_TEST

START_TEST(test_clients_leaving_mid_body_leave_the_server_well)
{
    static const char *const paths[] = {
        "/drip?numbytes=20&duration=2", "/sse?count=20&duration=2s",
        "/range/1000?duration=2&chunk_size=10", "/drip?delay=1.5&duration=0.5",
        "/stream-bytes/1000?chunk_size=1",
    };
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        int threads;
        double took;
        run_concurrently(paths[i], 20, 0.3, NULL, &threads, &took);
        ck_assert_msg(took < 0.3 + HARNESS_SLACK, "%s: the clients took %.2f s to give up",
                      paths[i], took);
    }
    /* Everyone else is still served; the leak check runs when the server stops. */
    struct http_reply r = http_get("/range/3");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "abc");
    http_reply_cleanup(&r);
}
END_TEST

static Suite *streams_suite(void)
{
    Suite *s = suite_create("streams");
    TCase *tc = tcase_create("streams");
    tcase_add_unchecked_fixture(tc, start_with_small_limits, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_bad_input_gets_a_json_4xx, 0,
                        sizeof(bad_cases) / sizeof(bad_cases[0]));
    tcase_add_test(tc, test_stream_writes_n_json_lines_clamped_to_the_limit);
    tcase_add_loop_test(tc, test_range_answers_each_case, 0,
                        sizeof(range_cases) / sizeof(range_cases[0]));
    tcase_add_test(tc, test_range_duration_paces_the_body);
    tcase_add_test(tc, test_drip_paces_numbytes_over_duration_after_delay);
    tcase_add_test(tc, test_drip_defaults_and_clamp);
    tcase_add_test(tc, test_sse_sends_count_events_over_duration);
    tcase_add_test(tc, test_seeded_bytes_are_pythons);
    tcase_add_test(tc, test_bytes_are_clamped_and_unseeded_ones_differ);
    tcase_add_test(tc, test_two_hundred_drips_at_once_hold_no_thread_each);
    tcase_add_test(tc, test_clients_leaving_mid_body_leave_the_server_well);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(streams_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
