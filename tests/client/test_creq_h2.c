/* SPDX-License-Identifier: MIT */
/* libcreq and creq in HTTP/2 against httpbin-c: h2 over TLS by ALPN on the
 * HTTPS port, h2c with prior knowledge on the HTTP port, HTTP/1.1 still the
 * default where TLS offers h2, multiplexing in creq_multi, and the CLI's
 * status line. CREQ_H2_HTTP and CREQ_H2_HTTPS (base
 * URLs, e.g. of nghttpx in front of httpbin-c) run it against another
 * server instead of starting one. */
#include <check.h>
#include <creq.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char bases[2][128]; /* http://..., https://... */
static bool external;

static void start(void)
{
    const char *http = getenv("CREQ_H2_HTTP"), *https = getenv("CREQ_H2_HTTPS");
    external = http && https;
    if (external) {
        snprintf(bases[0], sizeof(bases[0]), "%s", http);
        snprintf(bases[1], sizeof(bases[1]), "%s", https);
        return;
    }
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    cfg.tls_port = 0;
    cfg.tls_self_signed = 1;
    harness_start_with(&cfg);
    snprintf(bases[0], sizeof(bases[0]), "http://127.0.0.1:%u", harness_port());
    snprintf(bases[1], sizeof(bases[1]), "https://localhost:%u", harness_tls_port());
}

static void stop(void)
{
    if (!external)
        harness_stop();
}

/* base + path, in one of four rotating buffers. */
static const char *url(bool tls, const char *path)
{
    static char buf[4][sizeof(bases[0]) + 256];
    static int which;
    which = (which + 1) % 4;
    snprintf(buf[which], sizeof(buf[which]), "%s%s", bases[tls], path);
    return buf[which];
}

/* libcurl 7.88 cannot reuse h2c connections: libcreq opens one each. */
static bool h2c_reuses(void)
{
    return curl_version_info(CURLVERSION_NOW)->version_num >= 0x080000;
}

/* A 200 in version, or the test fails; r is freed. */
static void expect_200_in(creq_response *r, const creq_error *err, const char *version)
{
    ck_assert_msg(r != NULL, "%s: %s", creq_strerror(err->code), err->message);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_str_eq(creq_response_http_version(r), version);
    creq_response_free(r);
}

START_TEST(test_http2_over_tls_is_agreed_by_alpn)
{
    creq_error err;
    creq_response *r = creq_get(NULL, url(true, "/get?x=1"),
                                CREQ_OPTS(.http_version = CREQ_HTTP_2, .flags = CREQ_NO_VERIFY),
                                &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/2");
    ck_assert_str_eq(creq_response_reason(r), ""); /* h2 has none */
    json_t *j = creq_response_json(r, &err);
    ck_assert_msg(j != NULL, "%s", err.message);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "args"), "x")), "1");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

/* The reason for setting HTTP/1.1 explicitly: libcurl's own default would
 * take h2 here. */
START_TEST(test_default_stays_http_1_1_where_tls_offers_h2)
{
    creq_error err;
    expect_200_in(creq_get(NULL, url(true, "/get"), CREQ_OPTS(.flags = CREQ_NO_VERIFY), &err),
                  &err, "HTTP/1.1");
}
END_TEST

START_TEST(test_http2_on_an_http_url_stays_http_1_1)
{
    creq_error err;
    expect_200_in(creq_get(NULL, url(false, "/get"), CREQ_OPTS(.http_version = CREQ_HTTP_2), &err),
                  &err, "HTTP/1.1");
}
END_TEST

START_TEST(test_prior_knowledge_speaks_h2_with_and_without_tls)
{
    creq_error err;
    const creq_opts *o = CREQ_OPTS(.http_version = CREQ_HTTP_2_PRIOR_KNOWLEDGE,
                                   .flags = CREQ_NO_VERIFY);
    expect_200_in(creq_get(NULL, url(false, "/get"), o, &err), &err, "HTTP/2");
    expect_200_in(creq_get(NULL, url(true, "/get"), o, &err), &err, "HTTP/2");
}
END_TEST

START_TEST(test_session_h2_default_is_inherited_and_overridden)
{
    creq_error err;
    creq_session *s = creq_session_new();
    ck_assert_int_eq(creq_session_defaults(s, CREQ_OPTS(.http_version = CREQ_HTTP_2,
                                                        .flags = CREQ_NO_VERIFY)),
                     CREQ_OK);
    expect_200_in(creq_get(s, url(true, "/get"), NULL, &err), &err, "HTTP/2");
    expect_200_in(creq_get(s, url(true, "/get"), CREQ_OPTS(.http_version = CREQ_HTTP_1_1), &err),
                  &err, "HTTP/1.1");
    expect_200_in(creq_get(s, url(true, "/get"), NULL, &err), &err, "HTTP/2");
    creq_session_free(s);
}
END_TEST

START_TEST(test_history_hops_keep_http2)
{
    creq_error err;
    creq_response *r = creq_get(NULL, url(true, "/redirect/2"),
                                CREQ_OPTS(.http_version = CREQ_HTTP_2, .flags = CREQ_NO_VERIFY),
                                &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_uint_eq(creq_response_history_len(r), 2);
    for (size_t i = 0; i < 2; i++)
        ck_assert_str_eq(creq_response_http_version(creq_response_history(r, i)), "HTTP/2");
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/2");
    creq_response_free(r);
}
END_TEST

/* Pull streaming pauses the transfer: in h2 that is a stream's flow. */
START_TEST(test_h2_streams_are_read_line_by_line)
{
    creq_error err;
    creq_response *r = creq_get(NULL, url(true, "/stream/20"),
                                CREQ_OPTS(.http_version = CREQ_HTTP_2,
                                          .flags = CREQ_NO_VERIFY | CREQ_STREAM),
                                &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), "HTTP/2");
    const char *line;
    ssize_t n;
    int lines = 0;
    while ((n = creq_response_readline(r, &line, &err)) > 0)
        lines++;
    ck_assert_msg(n == 0, "%s", err.message);
    ck_assert_int_eq(lines, 20);
    creq_response_free(r);
}
END_TEST

struct tally {
    int ok;
    long conns;
    const char *bad;
};

static void count(void *tag, creq_response *r, const creq_error *err)
{
    struct tally *t = tag;
    if (!r) {
        t->bad = err->code == CREQ_OK ? "no error" : creq_strerror(err->code);
        return;
    }
    creq_timing timing;
    creq_response_timing(r, &timing);
    t->conns += timing.new_conns;
    if (creq_response_status(r) == 200 && !strcmp(creq_response_http_version(r), "HTTP/2"))
        t->ok++;
    creq_response_free(r);
}

/* Ten at once on a new session: the answers and the connections opened. */
static struct tally run_ten(bool tls, creq_http_version v)
{
    struct tally t = { 0 };
    creq_session *s = creq_session_new();
    creq_multi *m = creq_multi_new(s);
    const creq_opts *o = CREQ_OPTS(.http_version = v, .flags = CREQ_NO_VERIFY);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(creq_multi_add(m, "GET", url(tls, "/get"), o, &t), CREQ_OK);
    ck_assert_int_eq(creq_multi_run(m, count), CREQ_OK);
    creq_multi_free(m);
    creq_session_free(s);
    return t;
}

START_TEST(test_ten_h2_requests_at_once_share_one_connection)
{
    struct tally t = run_ten(true, CREQ_HTTP_2);
    ck_assert_msg(!t.bad, "a request failed: %s", t.bad);
    ck_assert_int_eq(t.ok, 10);
    ck_assert_int_eq(t.conns, 1);
}
END_TEST

START_TEST(test_ten_h2c_requests_at_once_answer_and_share_where_libcurl_can)
{
    struct tally t = run_ten(false, CREQ_HTTP_2_PRIOR_KNOWLEDGE);
    ck_assert_msg(!t.bad, "a request failed: %s", t.bad);
    ck_assert_int_eq(t.ok, 10);
    ck_assert_int_eq(t.conns, h2c_reuses() ? 1 : 10);
}
END_TEST

/* One after another on a session: libcurl 7.88 broke the second. */
START_TEST(test_h2c_requests_in_turn_on_a_session_all_answer)
{
    creq_session *s = creq_session_new();
    for (int i = 0; i < 3; i++) {
        creq_error err;
        creq_response *r = creq_get(s, url(false, "/get"),
                                    CREQ_OPTS(.http_version = CREQ_HTTP_2_PRIOR_KNOWLEDGE), &err);
        ck_assert_msg(r != NULL, "request %d: %s", i, err.message);
        creq_timing t;
        creq_response_timing(r, &t);
        ck_assert_int_eq(t.new_conns, i == 0 || !h2c_reuses() ? 1 : 0);
        expect_200_in(r, &err, "HTTP/2");
    }
    creq_session_free(s);
}
END_TEST

/* What `creq FLAGS URL` prints; it must exit 0. */
static void run_creq(const char *flags, const char *u, char *out, size_t n)
{
    const char *top = getenv("top_builddir");
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "'%s/creq' %s '%s' 2>&1", top ? top : ".", flags, u);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    ck_assert_int_eq(pclose(p), 0);
}

START_TEST(test_creq_prints_the_http2_status_and_request_lines)
{
    char out[8192];
    run_creq("--http2 --verify no -p Hh", url(true, "/get"), out, sizeof(out));
    ck_assert_msg(!strncmp(out, "GET /get HTTP/2\r\n", 17), "got: %s", out);
    ck_assert_msg(strstr(out, "\r\n\r\nHTTP/2 200 OK\r\n") != NULL, "got: %s", out);
    run_creq("--http2-prior-knowledge -p h", url(false, "/get"), out, sizeof(out));
    ck_assert_msg(!strncmp(out, "HTTP/2 200 OK\r\n", 15), "got: %s", out);
    run_creq("--verify no -p h", url(true, "/get"), out, sizeof(out));
    ck_assert_msg(!strncmp(out, "HTTP/1.1 200 OK\r\n", 17), "got: %s", out);
}
END_TEST

static Suite *h2_suite(void)
{
    Suite *s = suite_create("creq_h2");
    TCase *tc = tcase_create("against httpbin-c in HTTP/2");
    tcase_add_unchecked_fixture(tc, start, stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_http2_over_tls_is_agreed_by_alpn);
    tcase_add_test(tc, test_default_stays_http_1_1_where_tls_offers_h2);
    tcase_add_test(tc, test_http2_on_an_http_url_stays_http_1_1);
    tcase_add_test(tc, test_prior_knowledge_speaks_h2_with_and_without_tls);
    tcase_add_test(tc, test_session_h2_default_is_inherited_and_overridden);
    tcase_add_test(tc, test_history_hops_keep_http2);
    tcase_add_test(tc, test_h2_streams_are_read_line_by_line);
    tcase_add_test(tc, test_ten_h2_requests_at_once_share_one_connection);
    tcase_add_test(tc, test_ten_h2c_requests_at_once_answer_and_share_where_libcurl_can);
    tcase_add_test(tc, test_h2c_requests_in_turn_on_a_session_all_answer);
    tcase_add_test(tc, test_creq_prints_the_http2_status_and_request_lines);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(h2_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
