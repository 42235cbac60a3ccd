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
#include "server/selfsigned.h"

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

/* ---- client certificates ------------------------------------------------- */

static char client_ca[64], client_cert[64], client_key[64], stranger_cert[64], stranger_key[64];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

/* A CA of the test's own for client certificates, one certificate it signed,
 * and one from a stranger CA. */
static void make_client_certs(void)
{
    struct hb_selfsigned ca, other;
    char err[256], *cert, *key;
    int pid = (int)getpid();
    snprintf(client_ca, sizeof(client_ca), "/tmp/hb-client-ca.%d.pem", pid);
    snprintf(client_cert, sizeof(client_cert), "/tmp/hb-client-cert.%d.pem", pid);
    snprintf(client_key, sizeof(client_key), "/tmp/hb-client-key.%d.pem", pid);
    snprintf(stranger_cert, sizeof(stranger_cert), "/tmp/hb-stranger-cert.%d.pem", pid);
    snprintf(stranger_key, sizeof(stranger_key), "/tmp/hb-stranger-key.%d.pem", pid);
    if (hb_selfsigned_make(&ca, 1, err, sizeof(err)) || hb_selfsigned_make(&other, 1, err, sizeof(err)))
        abort();
    write_text(client_ca, ca.ca_cert_pem);
    if (hb_selfsigned_client(&ca, "tester", &cert, &key, err, sizeof(err)))
        abort();
    write_text(client_cert, cert);
    write_text(client_key, key);
    free(cert);
    free(key);
    if (hb_selfsigned_client(&other, "stranger", &cert, &key, err, sizeof(err)))
        abort();
    write_text(stranger_cert, cert);
    write_text(stranger_key, key);
    free(cert);
    free(key);
    hb_selfsigned_free(&ca);
    hb_selfsigned_free(&other);
}

static void start_with_client_ca(void)
{
    make_client_certs();
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    cfg.tls_port = 0;
    cfg.tls_self_signed = 1;
    snprintf(cfg.tls_client_ca, sizeof(cfg.tls_client_ca), "%s", client_ca);
    harness_start_with(&cfg);
}

static void stop_with_client_ca(void)
{
    harness_stop();
    const char *files[] = { client_ca, client_cert, client_key, stranger_cert, stranger_key };
    for (size_t i = 0; i < 5; i++)
        unlink(files[i]);
}

/* The client-certificate tests run over HTTP/1.1 (libmicrohttpd's TLS) and
 * over h2 (the h2 engine's own GnuTLS session): _i picks. */
static const creq_http_version versions[] = { CREQ_HTTP_1_1, CREQ_HTTP_2 };
static const char *const version_names[] = { "HTTP/1.1", "HTTP/2" };

static json_t *client_cert_seen(const char *cert, const char *key, int version)
{
    creq_error err;
    creq_response *r = creq_get(NULL, https_url("localhost", "/client-cert"),
                                CREQ_OPTS(.flags = CREQ_NO_VERIFY, .cert = cert, .key = key,
                                          .http_version = versions[version]),
                                &err);
    ck_assert_msg(r != NULL, "%s", err.message);
    ck_assert_str_eq(creq_response_http_version(r), version_names[version]);
    json_t *j = client_json_of(r);
    creq_response_free(r);
    return j;
}

START_TEST(test_client_certificate_reaches_client_cert)
{
    json_t *j = client_cert_seen(client_cert, client_key, _i);
    ck_assert(json_is_true(json_object_get(j, "presented")));
    ck_assert(json_is_true(json_object_get(j, "verified")));
    ck_assert_msg(strstr(client_jstr(j, "subject", NULL), "CN=tester") != NULL, "subject %s",
                  client_jstr(j, "subject", NULL));
    ck_assert_int_eq(strlen(client_jstr(j, "sha256", NULL)), 64);
    ck_assert_ptr_nonnull(client_jstr(j, "not_after", NULL));
    json_decref(j);
}
END_TEST

START_TEST(test_no_or_unknown_client_certificate_is_reported)
{
    json_t *j = client_cert_seen(NULL, NULL, _i);
    ck_assert(json_is_false(json_object_get(j, "presented")));
    json_decref(j);
    j = client_cert_seen(stranger_cert, stranger_key, _i);
    ck_assert(json_is_true(json_object_get(j, "presented")));
    ck_assert(json_is_false(json_object_get(j, "verified")));
    json_decref(j);
}
END_TEST

static Suite *tls_suite(void)
{
    Suite *s = suite_create("creq_tls");
    TCase *tc = tcase_create("against httpbin-c over TLS");
    tcase_add_unchecked_fixture(tc, start_tls, stop_tls);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_https_verifies_with_the_servers_ca);
    tcase_add_test(tc, test_https_with_an_unknown_ca_is_an_ssl_error);
    tcase_add_test(tc, test_https_without_verification_works);
    tcase_add_test(tc, test_http_and_https_are_served_at_once);
    suite_add_tcase(s, tc);

    TCase *certs = tcase_create("client certificates");
    tcase_add_unchecked_fixture(certs, start_with_client_ca, stop_with_client_ca);
    tcase_set_timeout(certs, 120);
    tcase_add_loop_test(certs, test_client_certificate_reaches_client_cert, 0, 2);
    tcase_add_loop_test(certs, test_no_or_unknown_client_certificate_is_reported, 0, 2);
    suite_add_tcase(s, certs);
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
