/* SPDX-License-Identifier: MIT */
/* libcreq over HTTPS against our server's throwaway CA (--tls-self-signed):
 * verification with the CA bundle, an unknown CA, verification off, and the
 * echo's https:// URL. */
#include <check.h>
#include <creq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_util.h"
#include "harness.h"

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
    snprintf(ca_path, sizeof(ca_path), "/tmp/httpbin-c-test-ca.%d.pem", (int)getpid());
    snprintf(cfg.tls_ca_out, sizeof(cfg.tls_ca_out), "%s", ca_path);
    harness_start_with(&cfg);
}

static void stop_tls(void)
{
    harness_stop();
    unlink(ca_path);
}

static const char *https_url(const char *host, const char *path)
{
    static char buf[256];
    snprintf(buf, sizeof(buf), "https://%s:%u%s", host, harness_tls_port(), path);
    return buf;
}

START_TEST(test_https_verifies_with_the_servers_ca)
{
    creq_error err;
    creq_response *r = creq_get(NULL, https_url("localhost", "/get?x=1"),
                                CREQ_OPTS(.ca_bundle = ca_path), &err);
    json_t *j = client_json_of(r);
    ck_assert_msg(!strncmp(client_jstr(j, "url", NULL), "https://localhost:", 18), "url %s",
                  client_jstr(j, "url", NULL));
    json_decref(j);
    creq_response_free(r);
    /* The certificate names 127.0.0.1 too. */
    r = creq_get(NULL, https_url("127.0.0.1", "/get"), CREQ_OPTS(.ca_bundle = ca_path), &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    creq_response_free(r);
}
END_TEST

START_TEST(test_https_with_an_unknown_ca_is_an_ssl_error)
{
    creq_error err;
    creq_response *r = creq_get(NULL, https_url("localhost", "/get"), NULL, &err);
    ck_assert_ptr_null(r);
    ck_assert_msg(err.code == CREQ_ESSL, "got %s: %s", creq_strerror(err.code), err.message);
    ck_assert(creq_is_connection_error(err.code));
}
END_TEST

START_TEST(test_https_without_verification_works)
{
    creq_error err;
    creq_response *r = creq_get(NULL, https_url("localhost", "/get"),
                                CREQ_OPTS(.flags = CREQ_NO_VERIFY), &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    creq_response_free(r);
    /* A session that turns verification off, and a request that turns it back on. */
    creq_session *s = creq_session_new();
    creq_session_defaults(s, CREQ_OPTS(.flags = CREQ_NO_VERIFY));
    r = creq_get(s, https_url("localhost", "/get"), NULL, &err);
    ck_assert_msg(r && creq_response_status(r) == 200, "%s", err.message);
    creq_response_free(r);
    r = creq_get(s, https_url("localhost", "/get"), CREQ_OPTS(.flags = CREQ_VERIFY), &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_ESSL);
    creq_session_free(s);
}
END_TEST

START_TEST(test_http_and_https_are_served_at_once)
{
    creq_response *r = creq_get(NULL, client_url("/get"), NULL, NULL);
    json_t *j = client_json_of(r);
    ck_assert(!strncmp(client_jstr(j, "url", NULL), "http://", 7));
    json_decref(j);
    creq_response_free(r);
    r = creq_get(NULL, https_url("localhost", "/cookies/set?a=1"),
                 CREQ_OPTS(.ca_bundle = ca_path, .flags = CREQ_NO_REDIRECTS), NULL);
    ck_assert_str_eq(creq_response_header(r, "Set-Cookie"), "a=1; Secure; Path=/");
    creq_response_free(r);
}
END_TEST

static Suite *tls_suite(void)
{
    Suite *s = suite_create("creq_tls");
    TCase *tc = tcase_create("against httpbin-c over TLS");
    tcase_add_unchecked_fixture(tc, start_tls, stop_tls);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_https_verifies_with_the_servers_ca);
    tcase_add_test(tc, test_https_with_an_unknown_ca_is_an_ssl_error);
    tcase_add_test(tc, test_https_without_verification_works);
    tcase_add_test(tc, test_http_and_https_are_served_at_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(tls_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
