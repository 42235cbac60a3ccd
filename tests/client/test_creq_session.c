/* SPDX-License-Identifier: MIT */
/* libcreq sessions: connection reuse, defaults, the cookie jar, hooks,
 * retries, digest state and pull streaming. */
#include <check.h>
#include <creq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client_util.h"
#include "harness.h"
#include "script_server.h"

START_TEST(test_session_reuses_one_connection)
{
    creq_session *s = creq_session_new();
    long opened = 0;
    for (int i = 0; i < 20; i++) {
        creq_response *r = creq_get(s, client_url("/get"), NULL, NULL);
        ck_assert_int_eq(creq_response_status(r), 200);
        creq_timing t;
        creq_response_timing(r, &t);
        opened += t.new_conns;
        creq_response_free(r);
    }
    ck_assert_msg(opened == 1, "20 requests opened %ld connections", opened);
    creq_session_free(s);
}
END_TEST

/* /anything's echo of one request on s; the caller frees it. */
static json_t *echo(creq_session *s, const char *method, const creq_opts *opts)
{
    creq_response *r = creq_request(s, method, client_url("/anything"), opts, NULL);
    json_t *j = client_json_of(r);
    creq_response_free(r);
    return j;
}

/* A plain GET leaves its easy handle primed for the next one (no reset):
 * whatever request comes after it must see none of the last one's options,
 * and a plain GET after any other request must see none of its options. */
START_TEST(test_reused_handles_carry_nothing_over)
{
    creq_session *s = creq_session_new();
    for (int i = 0; i < 3; i++) {
        json_t *j = echo(s, "GET", NULL);
        ck_assert_str_eq(client_jstr(j, "method", NULL), "GET");
        ck_assert_str_eq(client_jstr(j, "headers", "Accept-Encoding"), "gzip, deflate, br");
        json_decref(j);
    }
    creq_response *r = creq_get(s, client_url("/get?b=2"), NULL, NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "args", "b"), "2");
    json_decref(j);
    creq_response_free(r);
    j = echo(s, "GET", NULL);
    ck_assert_str_eq(client_jstr(j, "url", NULL), client_url("/anything"));
    json_decref(j);

    j = echo(s, "GET", CREQ_OPTS(.headers = CREQ_KV({ "Accept-Encoding", NULL })));
    ck_assert_ptr_null(client_jstr(j, "headers", "Accept-Encoding"));
    json_decref(j);
    j = echo(s, "GET", CREQ_OPTS(.headers = CREQ_KV({ "Accept-Encoding", "identity" })));
    ck_assert_str_eq(client_jstr(j, "headers", "Accept-Encoding"), "identity");
    json_decref(j);
    j = echo(s, "GET", NULL);
    ck_assert_str_eq(client_jstr(j, "headers", "Accept-Encoding"), "gzip, deflate, br");
    json_decref(j);

    r = creq_head(s, client_url("/anything"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    j = echo(s, "GET", NULL);
    ck_assert_str_eq(client_jstr(j, "method", NULL), "GET");
    json_decref(j);

    j = echo(s, "POST", CREQ_OPTS(.data = CREQ_KV({ "a", "b" }), .cookies = CREQ_KV({ "c", "d" }),
                                  .timeout = 30));
    ck_assert_str_eq(client_jstr(j, "form", "a"), "b");
    ck_assert_str_eq(client_jstr(j, "headers", "Cookie"), "c=d");
    json_decref(j);
    j = echo(s, "GET", NULL);
    ck_assert_str_eq(client_jstr(j, "method", NULL), "GET");
    ck_assert_ptr_null(client_jstr(j, "headers", "Content-Type"));
    ck_assert_ptr_null(client_jstr(j, "headers", "Content-Length"));
    ck_assert_ptr_null(client_jstr(j, "headers", "Cookie"));
    ck_assert_ptr_null(client_jstr(j, "form", "a"));
    json_decref(j);

    j = echo(s, "DELETE", NULL);
    ck_assert_str_eq(client_jstr(j, "method", NULL), "DELETE");
    json_decref(j);
    j = echo(s, "GET", NULL);
    ck_assert_str_eq(client_jstr(j, "method", NULL), "GET");
    json_decref(j);
    creq_session_free(s);
}
END_TEST

START_TEST(test_session_defaults_apply_and_requests_override_them)
{
    creq_session *s = creq_session_new();
    ck_assert_int_eq(creq_session_defaults(s, CREQ_OPTS(
                         .headers = CREQ_KV({ "X-Session", "s" }, { "X-Drop", "d" }),
                         .params = CREQ_KV({ "sp", "1" }), .auth = CREQ_BASIC("user", "passwd"))),
                     CREQ_OK);
    creq_response *r = creq_get(s, client_url("/anything"),
                                CREQ_OPTS(.headers = CREQ_KV({ "x-drop", NULL }, { "X-Req", "r" })),
                                NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "headers", "X-Session"), "s");
    ck_assert_str_eq(client_jstr(j, "headers", "X-Req"), "r");
    ck_assert_ptr_null(client_jstr(j, "headers", "X-Drop"));
    ck_assert_str_eq(client_jstr(j, "args", "sp"), "1");
    ck_assert_str_eq(client_jstr(j, "headers", "Authorization"), "Basic dXNlcjpwYXNzd2Q=");
    json_decref(j);
    creq_response_free(r);
    ck_assert_int_eq(creq_session_defaults(s, CREQ_OPTS(.data = CREQ_KV({ "a", "b" }))),
                     CREQ_EINVAL);
    creq_session_free(s);
}
END_TEST

START_TEST(test_cookie_jar_keeps_cookies_across_redirects_and_requests)
{
    creq_session *s = creq_session_new();
    creq_response *r = creq_get(s, client_url("/cookies/set?k=v&other=2"), NULL, NULL);
    json_t *j = client_json_of(r); /* followed to /cookies, with the new cookies */
    ck_assert_str_eq(client_jstr(j, "cookies", "k"), "v");
    json_decref(j);
    creq_response_free(r);
    ck_assert_str_eq(creq_session_cookie(s, "k", NULL), "v");
    ck_assert_str_eq(creq_session_cookie(s, "other", "127.0.0.1"), "2");

    char path[] = "/tmp/creq-jar-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    ck_assert_int_eq(creq_session_save_cookies(s, path), CREQ_OK);
    creq_session *fresh = creq_session_new();
    ck_assert_int_eq(creq_session_load_cookies(fresh, path), CREQ_OK);
    unlink(path);
    r = creq_get(fresh, client_url("/cookies"), NULL, NULL);
    j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "cookies", "k"), "v");
    json_decref(j);
    creq_response_free(r);

    ck_assert_int_eq(creq_session_set_cookie(fresh, "manual", "m", "127.0.0.1", "/"), CREQ_OK);
    r = creq_get(fresh, client_url("/cookies/delete?k"), NULL, NULL);
    j = client_json_of(r);
    ck_assert_ptr_null(client_jstr(j, "cookies", "k"));
    ck_assert_str_eq(client_jstr(j, "cookies", "manual"), "m");
    json_decref(j);
    creq_response_free(r);
    ck_assert_int_eq(creq_session_clear_cookies(fresh), CREQ_OK);
    ck_assert_ptr_null(creq_session_cookie(fresh, "manual", NULL));
    creq_session_free(fresh);
    creq_session_free(s);
}
END_TEST

static int count_hook(creq_response *r, void *ud)
{
    (void)r;
    ++*(int *)ud;
    return 0;
}

static int refuse_hook(creq_response *r, void *ud)
{
    (void)ud;
    return creq_response_status(r) == 418;
}

START_TEST(test_hooks_see_every_final_response)
{
    creq_session *s = creq_session_new();
    int calls = 0;
    creq_session_add_hook(s, count_hook, &calls);
    creq_session_add_hook(s, refuse_hook, NULL);
    creq_response *r = creq_get(s, client_url("/redirect/2"), NULL, NULL);
    ck_assert_int_eq(calls, 1);
    creq_response_free(r);
    creq_error err;
    r = creq_get(s, client_url("/status/418"), NULL, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_EABORTED);
    creq_session_free(s);
}
END_TEST

START_TEST(test_retries_until_the_server_recovers)
{
    const struct script_step steps[] = {
        { "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", 0, 0 },
        { "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n", 0, 0 },
        { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 0 },
    };
    unsigned port = script_server_start(steps, 3);
    char u[64];
    snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
    creq_session *s = creq_session_new();
    creq_session_mount(s, "http://127.0.0.1", &(creq_adapter){ .max_retries = &(creq_retry){
        .total = 3, .backoff_factor = 0.01, .status_forcelist = (const int[]){ 503, 0 } } });
    creq_error err;
    creq_response *r = creq_get(s, u, NULL, &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_str_eq(creq_response_content(r, NULL), "ok");
    creq_response_free(r);
    creq_session_free(s);
    script_server_stop();
}
END_TEST

START_TEST(test_retries_run_out_with_retry_error)
{
    creq_session *s = creq_session_new();
    creq_session_mount(s, client_url(""), &(creq_adapter){ .max_retries = &(creq_retry){
        .total = 2, .status_forcelist = (const int[]){ 500, 503, 0 } } });
    creq_error err;
    creq_response *r = creq_get(s, client_url("/status/503"), NULL, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_ERETRY);
    ck_assert_int_eq(err.status, 503);
    /* POST is not idempotent: its 503 is the answer. */
    r = creq_post(s, client_url("/status/503"), NULL, &err);
    ck_assert_int_eq(creq_response_status(r), 503);
    creq_response_free(r);
    creq_session_free(s);
}
END_TEST

START_TEST(test_connect_errors_are_retried_then_reported)
{
    creq_session *s = creq_session_new();
    creq_session_mount(s, "http://127.0.0.1:1", &(creq_adapter){ .max_retries = &(creq_retry){
        .total = 2 } });
    creq_error err;
    creq_response *r = creq_get(s, "http://127.0.0.1:1/", NULL, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_ECONNECTION);
    creq_session_free(s);
}
END_TEST

/* A chunked body sent one byte at a time, with "\r\n" split across chunks. */
static const char chunked_lines[] =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "3\r\none\r\n1\r\n\r\r\n1\r\n\n\r\n4\r\ntwo\n\r\n2\r\n\r\n\r\n5\r\nthree\r\n0\r\n\r\n";

START_TEST(test_readline_is_right_across_chunk_boundaries)
{
    const struct script_step steps[] = { { chunked_lines, 200, 1 } };
    unsigned port = script_server_start(steps, 1);
    char u[64];
    snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
    creq_error err;
    creq_response *r = creq_get(NULL, u, CREQ_OPTS(.flags = CREQ_STREAM), &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    const char *want[] = { "one", "two", "", "three" };
    const char *line;
    ssize_t n;
    int i = 0;
    while ((n = creq_response_readline(r, &line, &err)) > 0 || (n == 0 && line)) {
        ck_assert_msg(i < 4 && !strcmp(line, want[i]), "line %d: '%s'", i, line);
        i++;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(i, 4);
    creq_response_free(r);
    script_server_stop();
}
END_TEST

START_TEST(test_read_pulls_a_large_body_in_pieces)
{
    creq_response *r = creq_get(NULL, client_url("/anything"),
                                CREQ_OPTS(.flags = CREQ_STREAM,
                                          .headers = CREQ_KV({ "X-Pad", "0123456789" })),
                                NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    char buf[7];
    size_t total = 0;
    ssize_t n;
    while ((n = creq_response_read(r, buf, sizeof(buf), NULL)) > 0)
        total += (size_t)n;
    ck_assert_int_eq(n, 0);
    ck_assert_msg(total > 100, "read %zu bytes", total);
    creq_error err;
    ck_assert_ptr_null(creq_response_json(r, &err));
    ck_assert_int_eq(err.code, CREQ_ESTREAM_CONSUMED);
    creq_response_free(r);
}
END_TEST

struct tally {
    int ok, failed, redirected;
};

static void count_done(void *tag, creq_response *r, const creq_error *err)
{
    struct tally *t = tag;
    (void)err;
    if (r && creq_response_status(r) == 200) {
        t->ok++;
        t->redirected += creq_response_history_len(r) > 0;
    } else {
        t->failed++;
    }
    creq_response_free(r);
}

START_TEST(test_multi_runs_many_requests_at_once)
{
    creq_session *s = creq_session_new();
    creq_multi *m = creq_multi_new(s);
    struct tally t = { 0 };
    for (int i = 0; i < 40; i++)
        ck_assert_int_eq(creq_multi_add(m, "GET", client_url(i % 4 ? "/delay/0.5" : "/redirect/2"),
                                        NULL, &t), CREQ_OK);
    ck_assert_int_eq(creq_multi_add(m, "GET", "nonsense", NULL, &t), CREQ_OK);
    /* Options must outlive creq_multi_run: not a literal inside a macro. */
    const creq_opts quick = { .read_timeout = 0.2 };
    ck_assert_int_eq(creq_multi_add(m, "GET", client_url("/delay/3"), &quick, &t), CREQ_OK);
    ck_assert_int_eq(creq_multi_add(m, "GET", client_url("/get"), CREQ_OPTS(.flags = CREQ_STREAM), &t),
                     CREQ_EINVAL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(creq_multi_run(m, count_done), CREQ_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_int_eq(t.ok, 40);
    ck_assert_int_eq(t.redirected, 10);
    ck_assert_int_eq(t.failed, 2);
    /* 30 half-second waits at once, not one after another (15 s). */
    ck_assert_msg(took < 0.5 + HARNESS_SLACK, "took %.2f s", took);
    creq_multi_free(m);
    creq_session_free(s);
}
END_TEST

static Suite *session_suite(void)
{
    Suite *s = suite_create("creq_session");
    TCase *tc = tcase_create("against httpbin-c");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_session_reuses_one_connection);
    tcase_add_test(tc, test_reused_handles_carry_nothing_over);
    tcase_add_test(tc, test_session_defaults_apply_and_requests_override_them);
    tcase_add_test(tc, test_cookie_jar_keeps_cookies_across_redirects_and_requests);
    tcase_add_test(tc, test_hooks_see_every_final_response);
    tcase_add_test(tc, test_retries_until_the_server_recovers);
    tcase_add_test(tc, test_retries_run_out_with_retry_error);
    tcase_add_test(tc, test_connect_errors_are_retried_then_reported);
    tcase_add_test(tc, test_readline_is_right_across_chunk_boundaries);
    tcase_add_test(tc, test_read_pulls_a_large_body_in_pieces);
    tcase_add_test(tc, test_multi_runs_many_requests_at_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(session_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
