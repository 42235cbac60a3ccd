/* SPDX-License-Identifier: MIT */
/* /delay/{n}: timing, clamping, bad input, and 1000 waits at once without a
 * thread per connection. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static void start_with_short_max_delay(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.max_delay = 1.5;
    cfg.shutdown_grace = 3;
    harness_start_with(&cfg);
}

START_TEST(test_delay_waits_the_fraction_asked)
{
    double t0 = harness_now();
    struct http_reply r = http_get("/delay/0.3?x=1");
    double took = harness_now() - t0;
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(took >= 0.29 && took < 0.3 + HARNESS_SLACK, "took %.3f s", took);
    json_t *j = http_reply_json(&r);
    /* httpbin's /delay has no "json" and no "method" key. */
    ck_assert_ptr_null(json_object_get(j, "json"));
    ck_assert_ptr_null(json_object_get(j, "method"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "args"), "x")), "1");
    ck_assert_ptr_nonnull(json_object_get(j, "files"));
    json_decref(j);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_delay_is_clamped_to_max_delay)
{
    double t0 = harness_now();
    struct http_reply r = http_get("/delay/60");
    double took = harness_now() - t0;
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(took >= 1.45 && took < 1.5 + HARNESS_SLACK, "took %.3f s, max delay is 1.5",
                  took);
    http_reply_cleanup(&r);
}
END_TEST

static const struct { const char *name, *path; long status; } bad_cases[] = {
    { "not a number", "/delay/abc", 400 },
    { "negative", "/delay/-1", 400 },
    { "infinite", "/delay/inf", 400 },
    { "nan", "/delay/nan", 400 },
    { "trailing junk", "/delay/1s", 400 },
    { "empty", "/delay/", 404 },
    { "zero", "/delay/0", 200 },
    { "exponent form", "/delay/1e-1", 200 },
};

START_TEST(test_delay_answers_bad_input_with_400)
{
    struct http_reply r = http_get(bad_cases[_i].path);
    ck_assert_msg(r.status == bad_cases[_i].status, "%s: got %ld", bad_cases[_i].name, r.status);
    http_reply_cleanup(&r);
}
END_TEST

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

START_TEST(test_thousand_concurrent_delays_finish_together_on_few_threads)
{
    enum { N = 1000 };
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 2 * N + 64) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    ck_assert_msg(rl.rlim_cur >= N + 64, "need %d file descriptors, have %lu", N + 64,
                  (unsigned long)rl.rlim_cur);
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/delay/1", harness_port());
    CURLM *multi = curl_multi_init();
    CURL *easy[N];
    for (int i = 0; i < N; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, (long)HARNESS_PATIENCE);
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy[i], CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(multi, easy[i]);
    }
    double t0 = harness_now();
    int running = 1, max_threads = 0;
    while (running) {
        curl_multi_perform(multi, &running);
        curl_multi_poll(multi, NULL, 0, 50, NULL);
        int t = harness_server_threads();
        if (t > max_threads)
            max_threads = t;
    }
    double took = harness_now() - t0;
    int ok = 0;
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
        long status = 0;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        ok += msg->data.result == CURLE_OK && status == 200;
    }
    for (int i = 0; i < N; i++) {
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    curl_multi_cleanup(multi);
    ck_assert_msg(ok == N, "%d of %d answered 200", ok, N);
    /* One second of waiting; the rest is connecting 1000 clients (slower
     * under the sanitizers, and much slower on a loaded machine). Two at a
     * time on two threads they would take 500 s. */
    ck_assert_msg(took < 1.0 + 2 * HARNESS_SLACK, "took %.2f s", took);
    /* Main thread, 2 workers, the timer, the front door, 2 HTTP/2 loops:
     * no thread per connection. */
    ck_assert_msg(max_threads > 0 && max_threads <= 8, "server had %d threads", max_threads);
}
END_TEST

static Suite *delay_suite(void)
{
    Suite *s = suite_create("delay");
    TCase *tc = tcase_create("delay");
    tcase_add_unchecked_fixture(tc, start_with_short_max_delay, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_delay_waits_the_fraction_asked);
    tcase_add_test(tc, test_delay_is_clamped_to_max_delay);
    tcase_add_loop_test(tc, test_delay_answers_bad_input_with_400, 0,
                        sizeof(bad_cases) / sizeof(bad_cases[0]));
    tcase_add_test(tc, test_thousand_concurrent_delays_finish_together_on_few_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(delay_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
