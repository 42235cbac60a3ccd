/* SPDX-License-Identifier: MIT */
/* libcreq's HTTP version: HTTP/1.1 unless asked (over HTTP and HTTPS),
 * HTTP/1.0 on request, a session's default and a request's own, and the
 * version each response (and each hop of its history) came in. The h2
 * cases need a server that speaks h2: tests/client/test_creq_h2.c. */
#include <check.h>
#include <creq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_util.h"
#include "harness.h"
#include "script_server.h"

static char ca_path[64];

static void start_tls(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    cfg.tls_port = 0;
    cfg.tls_self_signed = 1;
    snprintf(ca_path, sizeof(ca_path), "/tmp/httpbin-c-version-ca.%d.pem", (int)getpid());
    snprintf(cfg.tls_ca_out, sizeof(cfg.tls_ca_out), "%s", ca_path);
    harness_start_with(&cfg);
}

static void stop_tls(void)
{
    harness_stop();
    unlink(ca_path);
}

/* The request line /dump/request shows, without its CRLF, into line. */
static void request_line_of(creq_response *r, char *line, size_t n)
{
    ck_assert_msg(r && creq_response_status(r) == 200, "no 200 from /dump/request");
    const char *body = creq_response_content(r, NULL);
    snprintf(line, n, "%.*s", (int)strcspn(body, "\r\n"), body);
}

START_TEST(test_default_is_http_1_1_over_http)
{
    char line[128];
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/dump/request"), NULL, &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/1.1");
    request_line_of(r, line, sizeof(line));
    ck_assert_str_eq(line, "GET /dump/request HTTP/1.1");
    creq_response_free(r);
}
END_TEST

START_TEST(test_default_is_http_1_1_over_https)
{
    char url[128];
    snprintf(url, sizeof(url), "https://localhost:%u/get", harness_tls_port());
    creq_error err;
    creq_response *r = creq_get(NULL, url, CREQ_OPTS(.ca_bundle = ca_path), &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/1.1");
    creq_response_free(r);
}
END_TEST

START_TEST(test_http_1_0_goes_out_as_http_1_0)
{
    char line[128];
    creq_response *r = creq_get(NULL, client_url("/dump/request"),
                                CREQ_OPTS(.http_version = CREQ_HTTP_1_0), NULL);
    request_line_of(r, line, sizeof(line));
    ck_assert_str_eq(line, "GET /dump/request HTTP/1.0");
    creq_response_free(r);
}
END_TEST

/* What the server answered in, not what was asked for. */
START_TEST(test_an_http_1_0_answer_says_http_1_0)
{
    const struct script_step steps[] = {
        { "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 1 },
    };
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/", script_server_start(steps, 1));
    creq_error err;
    creq_response *r = creq_get(NULL, url, NULL, &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/1.0");
    creq_response_free(r);
    script_server_stop();
}
END_TEST

/* The session's version, a request's own over it, and the session's again
 * on the same pooled handle. */
START_TEST(test_session_version_is_inherited_and_overridden_per_request)
{
    static const creq_http_version asked[] = { CREQ_HTTP_DEFAULT, CREQ_HTTP_1_1,
                                               CREQ_HTTP_DEFAULT };
    static const char *const want[] = { "GET /dump/request HTTP/1.0",
                                        "GET /dump/request HTTP/1.1",
                                        "GET /dump/request HTTP/1.0" };
    creq_session *s = creq_session_new();
    ck_assert_int_eq(creq_session_defaults(s, CREQ_OPTS(.http_version = CREQ_HTTP_1_0)), CREQ_OK);
    for (size_t i = 0; i < 3; i++) {
        char line[128];
        creq_response *r = creq_get(s, client_url("/dump/request"),
                                    CREQ_OPTS(.http_version = asked[i]), NULL);
        request_line_of(r, line, sizeof(line));
        ck_assert_msg(!strcmp(line, want[i]), "request %zu: %s", i, line);
        creq_response_free(r);
    }
    creq_session_free(s);
}
END_TEST

START_TEST(test_history_entries_keep_their_own_version)
{
    const struct script_step steps[] = {
        { "HTTP/1.0 302 Found\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n", 0, 1 },
        { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 1 },
    };
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/start", script_server_start(steps, 2));
    creq_error err;
    creq_response *r = creq_get(NULL, url, NULL, &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_uint_eq(creq_response_history_len(r), 1);
    ck_assert_str_eq(creq_response_http_version(creq_response_history(r, 0)), "HTTP/1.0");
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/1.1");
    creq_response_free(r);
    script_server_stop();
}
END_TEST

/* Known as soon as the headers are, before the body has come. */
START_TEST(test_a_streamed_response_knows_its_version_before_its_body)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/drip?numbytes=2&duration=1"),
                                CREQ_OPTS(.flags = CREQ_STREAM), &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/1.1");
    char buf[8];
    while (creq_response_read(r, buf, sizeof(buf), &err) > 0)
        ;
    creq_response_free(r);
}
END_TEST

START_TEST(test_an_unknown_version_is_refused)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/get"),
                                CREQ_OPTS(.http_version = (creq_http_version)99), &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_EINVAL);
    creq_session *s = creq_session_new();
    ck_assert_int_eq(creq_session_defaults(s, CREQ_OPTS(.http_version = (creq_http_version)-1)),
                     CREQ_EINVAL);
    creq_session_free(s);
}
END_TEST

static Suite *version_suite(void)
{
    Suite *s = suite_create("creq_version");
    TCase *tc = tcase_create("against httpbin-c over HTTP and HTTPS");
    tcase_add_unchecked_fixture(tc, start_tls, stop_tls);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_default_is_http_1_1_over_http);
    tcase_add_test(tc, test_default_is_http_1_1_over_https);
    tcase_add_test(tc, test_http_1_0_goes_out_as_http_1_0);
    tcase_add_test(tc, test_an_http_1_0_answer_says_http_1_0);
    tcase_add_test(tc, test_session_version_is_inherited_and_overridden_per_request);
    tcase_add_test(tc, test_history_entries_keep_their_own_version);
    tcase_add_test(tc, test_a_streamed_response_knows_its_version_before_its_body);
    tcase_add_test(tc, test_an_unknown_version_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(version_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
