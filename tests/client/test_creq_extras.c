/* SPDX-License-Identifier: MIT */
/* libcreq beyond plain requests: proxies (explicit, from the environment,
 * with credentials), push streaming, progress, Link headers and text
 * decoding. */
#include <check.h>
#include <creq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_util.h"
#include "harness.h"
#include "proxy.h"
#include "script_server.h"

START_TEST(test_requests_go_through_an_explicit_proxy_with_credentials)
{
    unsigned port = proxy_start();
    char proxy[64];
    snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%u", port);
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/get?via=proxy"),
                                CREQ_OPTS(.proxies = CREQ_KV({ "http", proxy }),
                                          .proxy_auth = CREQ_BASIC("pu", "p:w@%")),
                                &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_int_eq(proxy_requests(), 1);
    ck_assert_msg(strstr(proxy_last_line(), "GET http://127.0.0.1:") == proxy_last_line(),
                  "request line: %s", proxy_last_line());
    /* base64("pu:p:w@%") */
    ck_assert_str_eq(proxy_last_auth(), "Basic cHU6cDp3QCU=");
    creq_response_free(r);
    proxy_stop();
}
END_TEST

START_TEST(test_environment_proxies_apply_unless_switched_off)
{
    unsigned port = proxy_start();
    char proxy[64];
    snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%u", port);
    setenv("http_proxy", proxy, 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    creq_response *r = creq_get(NULL, client_url("/get"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_int_eq(proxy_requests(), 1);
    creq_response_free(r);

    r = creq_get(NULL, client_url("/get"), CREQ_OPTS(.flags = CREQ_NO_ENV), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_int_eq(proxy_requests(), 1); /* trust_env off: straight there */
    creq_response_free(r);

    r = creq_get(NULL, client_url("/get"), CREQ_OPTS(.proxies = CREQ_KV({ "no_proxy", "127.0.0.1" })), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_int_eq(proxy_requests(), 1); /* bypassed */
    creq_response_free(r);
    unsetenv("http_proxy");
    proxy_stop();
}
END_TEST

START_TEST(test_a_dead_proxy_is_a_proxy_error)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/get"),
                                CREQ_OPTS(.proxies = CREQ_KV({ "all", "http://127.0.0.1:1" })),
                                &err);
    ck_assert_ptr_null(r);
    ck_assert_msg(err.code == CREQ_EPROXY, "got %s: %s", creq_strerror(err.code), err.message);
    ck_assert(creq_is_connection_error(err.code));
}
END_TEST

struct sink {
    size_t bytes, calls;
};

static int collect(void *ud, const char *chunk, size_t len)
{
    struct sink *s = ud;
    (void)chunk;
    s->bytes += len;
    s->calls++;
    return 0;
}

static int stop_at_once(void *ud, const char *chunk, size_t len)
{
    (void)ud;
    (void)chunk;
    (void)len;
    return 1;
}

START_TEST(test_push_streaming_hands_over_every_chunk)
{
    const struct script_step steps[] = {
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 100, 1 },
    };
    unsigned port = script_server_start(steps, 1);
    char u[64];
    snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
    struct sink s = { 0 };
    creq_response *r = creq_get(NULL, u, CREQ_OPTS(.on_data = collect, .userdata = &s), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_int_eq(s.bytes, 11);
    ck_assert_msg(s.calls >= 2, "%zu calls", s.calls);
    size_t kept = 1;
    creq_response_content(r, &kept);
    ck_assert_int_eq(kept, 0); /* pushed, not kept */
    creq_response_free(r);
    script_server_stop();

    creq_error err;
    r = creq_get(NULL, client_url("/get"), CREQ_OPTS(.on_data = stop_at_once), &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_EABORTED);
}
END_TEST

static int count_progress(void *ud, long long down, long long down_total, long long up,
                          long long up_total)
{
    (void)down_total;
    (void)up_total;
    long long *max_seen = ud;
    if (down + up > *max_seen)
        *max_seen = down + up;
    return 0;
}

START_TEST(test_progress_reports_bytes_moved)
{
    long long seen = 0;
    const char body[] = "0123456789abcdef";
    creq_response *r = creq_post(NULL, client_url("/post"),
                                 CREQ_OPTS(.body = body, .body_len = 16, .on_progress = count_progress,
                                           .userdata = &seen),
                                 NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    size_t len;
    creq_response_content(r, &len);
    ck_assert_msg(seen >= (long long)len, "progress saw %lld of %zu", seen, len);
    creq_response_free(r);
}
END_TEST

START_TEST(test_link_headers_and_text_encodings_are_read_as_requests_does)
{
    const struct script_step steps[] = {
        { "HTTP/1.1 200 OK\r\nLink: <http://x/2>; rel=\"next\", <http://x/9>; rel=\"last\"\r\n"
          "Content-Type: text/plain\r\nContent-Length: 4\r\n\r\ncaf\xe9", 0, 0 },
        { "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\n\r\n"
          "caf\xc3\xa9", 0, 0 },
    };
    unsigned port = script_server_start(steps, 2);
    char u[64];
    snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
    creq_session *s = creq_session_new();
    creq_response *r = creq_get(s, u, NULL, NULL);
    const char *next = creq_response_link(r, "next");
    ck_assert_str_eq(next, "http://x/2");
    ck_assert_str_eq(creq_response_link(r, "last"), "http://x/9");
    ck_assert_ptr_null(creq_response_link(r, "prev"));
    /* Asking again gives the same string and leaves the first answer alive
     * (fuzz/regressions/creq_links-rel-lifetime.bin: it was freed). */
    ck_assert_ptr_eq(creq_response_link(r, "next"), next);
    ck_assert_str_eq(next, "http://x/2");
    /* A text type without a charset is ISO-8859-1, as requests decides. */
    ck_assert_str_eq(creq_response_encoding(r), "ISO-8859-1");
    ck_assert_str_eq(creq_response_text(r), "caf\xc3\xa9");
    creq_response_set_encoding(r, "utf-8");
    ck_assert_str_eq(creq_response_text(r), "caf\xef\xbf\xbd");
    creq_response_free(r);
    r = creq_get(s, u, NULL, NULL);
    ck_assert_str_eq(creq_response_text(r), "caf\xc3\xa9");
    creq_response_free(r);
    creq_session_free(s);
    script_server_stop();
}
END_TEST


START_TEST(test_cookie_names_keep_their_case)
{
    /* requests' jar keeps "A" and "a" apart; the last of one name wins
     * (fuzz/regressions/creq_setcookie-name-case.bin: they collapsed). */
    const struct script_step steps[] = {
        { "HTTP/1.1 200 OK\r\nSet-Cookie: A=1\r\nSet-Cookie: a=2\r\nSet-Cookie: A=3\r\n"
          "Content-Length: 0\r\n\r\n", 0, 0 },
    };
    unsigned port = script_server_start(steps, 1);
    char u[64];
    snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
    creq_response *r = creq_get(NULL, u, NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_str_eq(creq_response_cookie(r, "A"), "3");
    ck_assert_str_eq(creq_response_cookie(r, "a"), "2");
    creq_response_free(r);
}
END_TEST
static Suite *extras_suite(void)
{
    Suite *s = suite_create("creq_extras");
    TCase *tc = tcase_create("against httpbin-c");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_requests_go_through_an_explicit_proxy_with_credentials);
    tcase_add_test(tc, test_environment_proxies_apply_unless_switched_off);
    tcase_add_test(tc, test_a_dead_proxy_is_a_proxy_error);
    tcase_add_test(tc, test_push_streaming_hands_over_every_chunk);
    tcase_add_test(tc, test_progress_reports_bytes_moved);
    tcase_add_test(tc, test_link_headers_and_text_encodings_are_read_as_requests_does);
    tcase_add_test(tc, test_cookie_names_keep_their_case);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(extras_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
