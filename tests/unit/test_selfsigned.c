/* SPDX-License-Identifier: MIT */
/* The --tls-self-signed CA and certificates (selfsigned.h), checked by GnuTLS's
 * own verifier: chains, names, addresses, key purposes, keys, uniqueness. */
#include <arpa/inet.h>
#include <check.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/selfsigned.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define DAYS 30u

static struct hb_selfsigned ss;
static char err[256];

static void setup(void)
{
    err[0] = '\0';
    ck_assert_msg(hb_selfsigned_make(&ss, DAYS, err, sizeof(err)) == 0, "make: %s", err);
}

static void teardown(void)
{
    hb_selfsigned_free(&ss);
}

/* --- helpers ------------------------------------------------------------------- */

static gnutls_datum_t pem_datum(const char *pem)
{
    gnutls_datum_t d = { (unsigned char *)(uintptr_t)pem, (unsigned)strlen(pem) };
    return d;
}

/* Every certificate in 'pem', in order. */
static gnutls_x509_crt_t *import_list(const char *pem, unsigned *n)
{
    gnutls_x509_crt_t *list = NULL;
    gnutls_datum_t d = pem_datum(pem);
    int rc = gnutls_x509_crt_list_import2(&list, n, &d, GNUTLS_X509_FMT_PEM,
                                          GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
    ck_assert_msg(rc >= 0, "import certificates: %s", gnutls_strerror(rc));
    return list;
}

static void free_list(gnutls_x509_crt_t *list, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        gnutls_x509_crt_deinit(list[i]);
    gnutls_free(list);
}

/* The first certificate in 'pem'. */
static gnutls_x509_crt_t import_crt(const char *pem)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t d = pem_datum(pem);
    ck_assert_int_ge(gnutls_x509_crt_init(&crt), 0);
    int rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
    ck_assert_msg(rc >= 0, "import certificate: %s", gnutls_strerror(rc));
    return crt;
}

static gnutls_x509_privkey_t import_key(const char *pem)
{
    gnutls_x509_privkey_t key;
    gnutls_datum_t d = pem_datum(pem);
    ck_assert_int_ge(gnutls_x509_privkey_init(&key), 0);
    int rc = gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_PEM, NULL, 0);
    ck_assert_msg(rc >= 0, "import key: %s", gnutls_strerror(rc));
    return key;
}

/* The verification status of 'chain' against a trust list holding only the
 * CA in 'ca_pem', for key purpose 'purpose' and (if not NULL) 'hostname';
 * 0 means trusted. */
static unsigned verify_status(gnutls_x509_crt_t *chain, unsigned n, const char *ca_pem,
                              const char *purpose, const char *hostname)
{
    gnutls_x509_trust_list_t tl;
    gnutls_datum_t d = pem_datum(ca_pem);
    ck_assert_int_ge(gnutls_x509_trust_list_init(&tl, 0), 0);
    ck_assert_int_eq(gnutls_x509_trust_list_add_trust_mem(tl, &d, NULL, GNUTLS_X509_FMT_PEM, 0, 0),
                     1);
    gnutls_typed_vdata_st data[2] = {
        { GNUTLS_DT_KEY_PURPOSE_OID, (unsigned char *)(uintptr_t)purpose, 0 },
        { GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)(uintptr_t)hostname, 0 },
    };
    unsigned status = ~0u;
    int rc = gnutls_x509_trust_list_verify_crt2(tl, chain, n, data, hostname ? 2 : 1, 0, &status,
                                                NULL);
    ck_assert_msg(rc >= 0, "verify: %s", gnutls_strerror(rc));
    gnutls_x509_trust_list_deinit(tl, 1);
    return status;
}

static const char *status_text(unsigned status, char *buf, size_t len)
{
    gnutls_datum_t out = { NULL, 0 };
    if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) < 0) {
        snprintf(buf, len, "status 0x%x", status);
    } else {
        snprintf(buf, len, "%s", (const char *)out.data);
        gnutls_free(out.data);
    }
    return buf;
}

static int has_purpose(gnutls_x509_crt_t crt, const char *oid)
{
    for (unsigned i = 0;; i++) {
        char buf[128];
        size_t len = sizeof(buf);
        if (gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &len, NULL) < 0)
            return 0;
        if (strcmp(buf, oid) == 0)
            return 1;
    }
}

static void assert_cn(gnutls_x509_crt_t crt, const char *want)
{
    char buf[256];
    size_t len = sizeof(buf);
    ck_assert_int_ge(
        gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &len), 0);
    ck_assert_str_eq(buf, want);
}

/* ECDSA on P-256, signed with ECDSA-SHA256. */
static void assert_p256_sha256(gnutls_x509_crt_t crt)
{
    unsigned bits = 0;
    gnutls_ecc_curve_t curve;
    gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };
    ck_assert_int_eq(gnutls_x509_crt_get_pk_algorithm(crt, &bits), GNUTLS_PK_ECDSA);
    ck_assert_int_eq(gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y), 0);
    gnutls_free(x.data);
    gnutls_free(y.data);
    ck_assert_int_eq(curve, GNUTLS_ECC_CURVE_SECP256R1);
    ck_assert_int_eq(gnutls_x509_crt_get_signature_algorithm(crt), GNUTLS_SIGN_ECDSA_SHA256);
}

/* 16 bytes, positive (top bit clear), and no leading zero byte. */
static void assert_serial(gnutls_x509_crt_t crt, unsigned char out[16])
{
    unsigned char buf[32];
    size_t len = sizeof(buf);
    ck_assert_int_eq(gnutls_x509_crt_get_serial(crt, buf, &len), 0);
    ck_assert_uint_eq(len, 16);
    ck_assert_uint_lt(buf[0], 0x80);
    ck_assert_uint_ne(buf[0], 0);
    if (out)
        memcpy(out, buf, 16);
}

static void key_id_of_crt(gnutls_x509_crt_t crt, unsigned char id[32])
{
    size_t len = 32;
    ck_assert_int_eq(gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, id, &len), 0);
    ck_assert_uint_eq(len, 32);
}

static void key_id_of_key(gnutls_x509_privkey_t key, unsigned char id[32])
{
    size_t len = 32;
    ck_assert_int_eq(gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, id, &len), 0);
    ck_assert_uint_eq(len, 32);
}

static int key_matches(gnutls_x509_crt_t crt, const char *key_pem)
{
    unsigned char a[32], b[32];
    gnutls_x509_privkey_t key = import_key(key_pem);
    key_id_of_crt(crt, a);
    key_id_of_key(key, b);
    gnutls_x509_privkey_deinit(key);
    return memcmp(a, b, sizeof(a)) == 0;
}

static int count_prefix(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* --- the CA and the server certificate ---------------------------------------- */

START_TEST(test_make_gives_a_ca_a_two_certificate_chain_and_a_pkcs8_key)
{
    ck_assert_int_eq(count_prefix(ss.ca_cert_pem, "-----BEGIN CERTIFICATE-----"), 1);
    ck_assert_int_eq(count_prefix(ss.server_cert_pem, "-----BEGIN CERTIFICATE-----"), 2);
    ck_assert_ptr_nonnull(strstr(ss.server_key_pem, "-----BEGIN PRIVATE KEY-----"));
    ck_assert_ptr_nonnull(ss.ca_key_priv);
    ck_assert_ptr_nonnull(ss.ca_crt_priv);

    unsigned n = 0;
    gnutls_x509_crt_t *chain = import_list(ss.server_cert_pem, &n);
    gnutls_x509_crt_t ca = import_crt(ss.ca_cert_pem);
    ck_assert_uint_eq(n, 2);
    assert_cn(chain[0], "localhost");
    ck_assert_msg(gnutls_x509_crt_equals(chain[1], ca),
                  "second certificate of the chain is not the CA");
    ck_assert_msg(gnutls_x509_crt_check_issuer(chain[0], ca), "server cert not issued by the CA");
    gnutls_x509_crt_deinit(ca);
    free_list(chain, n);
}
END_TEST

START_TEST(test_server_chain_verifies_against_the_ca_as_a_tls_server_for_localhost)
{
    char buf[512];
    unsigned n = 0;
    gnutls_x509_crt_t *chain = import_list(ss.server_cert_pem, &n);
    unsigned st = verify_status(chain, n, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_SERVER, "localhost");
    ck_assert_msg(st == 0, "whole chain: %s", status_text(st, buf, sizeof(buf)));
    /* The leaf alone too: clients build the path from their trust store. */
    st = verify_status(chain, 1, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_SERVER, "localhost");
    ck_assert_msg(st == 0, "leaf alone: %s", status_text(st, buf, sizeof(buf)));

    st = verify_status(chain, n, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_SERVER, "example.com");
    ck_assert_msg(st & GNUTLS_CERT_UNEXPECTED_OWNER, "example.com accepted: 0x%x", st);
    st = verify_status(chain, n, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_CLIENT, NULL);
    ck_assert_msg(st & GNUTLS_CERT_PURPOSE_MISMATCH, "usable as a client cert: 0x%x", st);
    free_list(chain, n);
}
END_TEST

START_TEST(test_server_cert_names_localhost_and_the_loopback_addresses_only)
{
    gnutls_x509_crt_t crt = import_crt(ss.server_cert_pem);
    unsigned char v4[4], v6[16], other4[4], other6[16];
    ck_assert_int_eq(inet_pton(AF_INET, "127.0.0.1", v4), 1);
    ck_assert_int_eq(inet_pton(AF_INET6, "::1", v6), 1);
    ck_assert_int_eq(inet_pton(AF_INET, "127.0.0.2", other4), 1);
    ck_assert_int_eq(inet_pton(AF_INET6, "::2", other6), 1);

    ck_assert(gnutls_x509_crt_check_hostname(crt, "localhost"));
    ck_assert(!gnutls_x509_crt_check_hostname(crt, "example.com"));
    ck_assert(!gnutls_x509_crt_check_hostname(crt, "localhost.example.com"));
    ck_assert(gnutls_x509_crt_check_ip(crt, v4, sizeof(v4), 0));
    ck_assert(gnutls_x509_crt_check_ip(crt, v6, sizeof(v6), 0));
    ck_assert(!gnutls_x509_crt_check_ip(crt, other4, sizeof(other4), 0));
    ck_assert(!gnutls_x509_crt_check_ip(crt, other6, sizeof(other6), 0));

    /* Exactly the three names, so nothing else is vouched for. */
    unsigned sans = 0;
    for (;; sans++) {
        char buf[64];
        size_t len = sizeof(buf);
        int rc = gnutls_x509_crt_get_subject_alt_name(crt, sans, buf, &len, NULL);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        ck_assert_int_ge(rc, 0);
    }
    ck_assert_uint_eq(sans, 3);
    gnutls_x509_crt_deinit(crt);
}
END_TEST

START_TEST(test_ca_is_a_self_signed_p256_ca_that_only_signs_certificates_and_crls)
{
    gnutls_x509_crt_t ca = import_crt(ss.ca_cert_pem);
    unsigned critical = 0, is_ca = 0, usage = 0, status = ~0u;
    int pathlen = -2;
    assert_cn(ca, "httpbin-c test CA");
    assert_p256_sha256(ca);
    assert_serial(ca, NULL);
    ck_assert_int_gt(gnutls_x509_crt_get_basic_constraints(ca, &critical, &is_ca, &pathlen), 0);
    ck_assert_uint_eq(is_ca, 1);
    ck_assert_int_eq(gnutls_x509_crt_get_key_usage(ca, &usage, &critical), 0);
    ck_assert_uint_eq(usage, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
    ck_assert(gnutls_x509_crt_check_issuer(ca, ca));
    ck_assert_int_eq(gnutls_x509_crt_verify(ca, &ca, 1, 0, &status), 0);
    ck_assert_uint_eq(status, 0);
    gnutls_x509_crt_deinit(ca);
}
END_TEST

START_TEST(test_server_cert_is_a_p256_server_auth_end_entity_valid_from_an_hour_ago)
{
    gnutls_x509_crt_t crt = import_crt(ss.server_cert_pem);
    unsigned critical = 0, is_ca = 1, usage = 0;
    int pathlen;
    time_t now = time(NULL);
    assert_p256_sha256(crt);
    assert_serial(crt, NULL);
    ck_assert_int_eq(gnutls_x509_crt_get_basic_constraints(crt, &critical, &is_ca, &pathlen), 0);
    ck_assert_uint_eq(is_ca, 0);
    ck_assert_int_eq(gnutls_x509_crt_get_key_usage(crt, &usage, &critical), 0);
    ck_assert_uint_eq(usage, GNUTLS_KEY_DIGITAL_SIGNATURE);
    ck_assert(has_purpose(crt, GNUTLS_KP_TLS_WWW_SERVER));
    ck_assert(!has_purpose(crt, GNUTLS_KP_TLS_WWW_CLIENT));

    time_t from = gnutls_x509_crt_get_activation_time(crt);
    time_t until = gnutls_x509_crt_get_expiration_time(crt);
    ck_assert_int_le(from, now - 3600);
    ck_assert_int_ge(from, now - 3600 - 60);
    ck_assert_int_eq(until - from, (time_t)DAYS * 86400);
    gnutls_x509_crt_deinit(crt);
}
END_TEST

START_TEST(test_server_key_belongs_to_the_server_certificate_and_not_the_ca)
{
    gnutls_x509_crt_t crt = import_crt(ss.server_cert_pem);
    gnutls_x509_crt_t ca = import_crt(ss.ca_cert_pem);
    ck_assert(key_matches(crt, ss.server_key_pem));
    ck_assert(!key_matches(ca, ss.server_key_pem));
    gnutls_x509_crt_deinit(ca);
    gnutls_x509_crt_deinit(crt);
}
END_TEST

/* What libmicrohttpd does with --tls-self-signed's output: GnuTLS checks the
 * key against the first certificate here and refuses a mismatch. */
START_TEST(test_server_chain_and_key_load_as_gnutls_server_credentials)
{
    gnutls_certificate_credentials_t cred;
    gnutls_datum_t c = pem_datum(ss.server_cert_pem), k = pem_datum(ss.server_key_pem);
    ck_assert_int_ge(gnutls_certificate_allocate_credentials(&cred), 0);
    int rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
    ck_assert_msg(rc >= 0, "load: %s", gnutls_strerror(rc));
    gnutls_certificate_free_credentials(cred);
}
END_TEST

/* --- client certificates ------------------------------------------------------- */

START_TEST(test_client_cert_verifies_against_the_ca_for_client_auth_only)
{
    char *cert = NULL, *key = NULL, buf[512];
    ck_assert_msg(hb_selfsigned_client(&ss, "alice", &cert, &key, err, sizeof(err)) == 0,
                  "client: %s", err);
    unsigned n = 0;
    gnutls_x509_crt_t *chain = import_list(cert, &n);
    ck_assert_uint_eq(n, 1);
    unsigned st = verify_status(chain, n, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_CLIENT, NULL);
    ck_assert_msg(st == 0, "%s", status_text(st, buf, sizeof(buf)));
    st = verify_status(chain, n, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_SERVER, NULL);
    ck_assert_msg(st & GNUTLS_CERT_PURPOSE_MISMATCH, "usable as a server cert: 0x%x", st);
    ck_assert(has_purpose(chain[0], GNUTLS_KP_TLS_WWW_CLIENT));
    ck_assert(!has_purpose(chain[0], GNUTLS_KP_TLS_WWW_SERVER));
    free_list(chain, n);
    free(cert);
    free(key);
}
END_TEST

START_TEST(test_client_cert_has_the_given_cn_its_own_key_and_the_ca_validity)
{
    char *cert = NULL, *key = NULL;
    ck_assert_int_eq(hb_selfsigned_client(&ss, "bob@example.test", &cert, &key, err, sizeof(err)),
                     0);
    gnutls_x509_crt_t crt = import_crt(cert), ca = import_crt(ss.ca_cert_pem),
                      server = import_crt(ss.server_cert_pem);
    assert_cn(crt, "bob@example.test");
    assert_p256_sha256(crt);
    assert_serial(crt, NULL);
    ck_assert(key_matches(crt, key));
    ck_assert(!key_matches(server, key));
    ck_assert(!key_matches(crt, ss.server_key_pem));
    ck_assert_int_eq(gnutls_x509_crt_get_activation_time(crt),
                     gnutls_x509_crt_get_activation_time(ca));
    ck_assert_int_eq(gnutls_x509_crt_get_expiration_time(crt),
                     gnutls_x509_crt_get_expiration_time(ca));
    gnutls_x509_crt_deinit(server);
    gnutls_x509_crt_deinit(ca);
    gnutls_x509_crt_deinit(crt);
    free(cert);
    free(key);
}
END_TEST

START_TEST(test_two_client_certs_from_one_ca_have_different_keys_and_serials)
{
    char *c1, *k1, *c2, *k2;
    ck_assert_int_eq(hb_selfsigned_client(&ss, "same", &c1, &k1, err, sizeof(err)), 0);
    ck_assert_int_eq(hb_selfsigned_client(&ss, "same", &c2, &k2, err, sizeof(err)), 0);
    gnutls_x509_crt_t a = import_crt(c1), b = import_crt(c2);
    unsigned char sa[16], sb[16];
    assert_serial(a, sa);
    assert_serial(b, sb);
    ck_assert_mem_ne(sa, sb, 16);
    ck_assert(!key_matches(a, k2));
    ck_assert(!key_matches(b, k1));
    gnutls_x509_crt_deinit(a);
    gnutls_x509_crt_deinit(b);
    free(c1);
    free(k1);
    free(c2);
    free(k2);
}
END_TEST

/* --- uniqueness, errors, freeing ----------------------------------------------- */

START_TEST(test_two_calls_make_different_cas_keys_and_serials)
{
    struct hb_selfsigned other;
    ck_assert_int_eq(hb_selfsigned_make(&other, DAYS, err, sizeof(err)), 0);
    ck_assert_str_ne(ss.ca_cert_pem, other.ca_cert_pem);
    ck_assert_str_ne(ss.server_key_pem, other.server_key_pem);

    gnutls_x509_crt_t ca1 = import_crt(ss.ca_cert_pem), ca2 = import_crt(other.ca_cert_pem);
    gnutls_x509_crt_t sv1 = import_crt(ss.server_cert_pem), sv2 = import_crt(other.server_cert_pem);
    unsigned char s1[16], s2[16], id1[32], id2[32];
    assert_serial(ca1, s1);
    assert_serial(ca2, s2);
    ck_assert_mem_ne(s1, s2, 16);
    assert_serial(sv1, s1);
    assert_serial(sv2, s2);
    ck_assert_mem_ne(s1, s2, 16);
    key_id_of_crt(ca1, id1);
    key_id_of_crt(ca2, id2);
    ck_assert_mem_ne(id1, id2, 32);

    /* One run's server certificate must not be trusted by another run's CA. */
    unsigned st = verify_status(&sv2, 1, ss.ca_cert_pem, GNUTLS_KP_TLS_WWW_SERVER, "localhost");
    ck_assert_uint_ne(st, 0);
    gnutls_x509_crt_deinit(ca1);
    gnutls_x509_crt_deinit(ca2);
    gnutls_x509_crt_deinit(sv1);
    gnutls_x509_crt_deinit(sv2);
    hb_selfsigned_free(&other);
}
END_TEST

static const unsigned bad_days[] = { 0, 36501, 4000000000u };

START_TEST(test_make_refuses_a_validity_outside_one_to_36500_days)
{
    struct hb_selfsigned s;
    memset(&s, 0xA5, sizeof(s));
    err[0] = '\0';
    ck_assert_int_eq(hb_selfsigned_make(&s, bad_days[_i], err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, "days") != NULL, "reason: '%s'", err);
    ck_assert_ptr_null(s.ca_cert_pem);
    ck_assert_ptr_null(s.server_cert_pem);
    ck_assert_ptr_null(s.server_key_pem);
    ck_assert_ptr_null(s.ca_key_priv);
    ck_assert_ptr_null(s.ca_crt_priv);
    hb_selfsigned_free(&s);
}
END_TEST

START_TEST(test_make_accepts_the_longest_validity)
{
    struct hb_selfsigned s;
    ck_assert_msg(hb_selfsigned_make(&s, 36500, err, sizeof(err)) == 0, "%s", err);
    gnutls_x509_crt_t crt = import_crt(s.server_cert_pem);
    ck_assert_int_eq(gnutls_x509_crt_get_expiration_time(crt) -
                         gnutls_x509_crt_get_activation_time(crt),
                     (time_t)36500 * 86400);
    gnutls_x509_crt_deinit(crt);
    hb_selfsigned_free(&s);
}
END_TEST

START_TEST(test_client_refuses_a_missing_ca_or_an_empty_common_name)
{
    struct hb_selfsigned empty = { 0 };
    char *cert = (char *)1, *key = (char *)1;
    err[0] = '\0';
    ck_assert_int_eq(hb_selfsigned_client(&empty, "x", &cert, &key, err, sizeof(err)), -1);
    ck_assert_ptr_null(cert);
    ck_assert_ptr_null(key);
    ck_assert_msg(strstr(err, "CA") != NULL, "reason: '%s'", err);
    ck_assert_int_eq(hb_selfsigned_client(NULL, "x", &cert, &key, err, sizeof(err)), -1);
    err[0] = '\0';
    ck_assert_int_eq(hb_selfsigned_client(&ss, "", &cert, &key, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, "common name") != NULL, "reason: '%s'", err);
    ck_assert_int_eq(hb_selfsigned_client(&ss, NULL, &cert, &key, NULL, 0), -1);
    ck_assert_ptr_null(cert);
    ck_assert_ptr_null(key);
}
END_TEST

START_TEST(test_free_accepts_null_zeroed_and_already_freed_structs)
{
    struct hb_selfsigned s = { 0 };
    hb_selfsigned_free(NULL);
    hb_selfsigned_free(&s);
    ck_assert_int_eq(hb_selfsigned_make(&s, 1, err, sizeof(err)), 0);
    hb_selfsigned_free(&s);
    ck_assert_ptr_null(s.ca_cert_pem);
    ck_assert_ptr_null(s.ca_key_priv);
    hb_selfsigned_free(&s);
}
END_TEST

static Suite *selfsigned_suite(void)
{
    Suite *s = suite_create("selfsigned");

    TCase *tc = tcase_create("server");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_make_gives_a_ca_a_two_certificate_chain_and_a_pkcs8_key);
    tcase_add_test(tc, test_server_chain_verifies_against_the_ca_as_a_tls_server_for_localhost);
    tcase_add_test(tc, test_server_cert_names_localhost_and_the_loopback_addresses_only);
    tcase_add_test(tc, test_ca_is_a_self_signed_p256_ca_that_only_signs_certificates_and_crls);
    tcase_add_test(tc, test_server_cert_is_a_p256_server_auth_end_entity_valid_from_an_hour_ago);
    tcase_add_test(tc, test_server_key_belongs_to_the_server_certificate_and_not_the_ca);
    tcase_add_test(tc, test_server_chain_and_key_load_as_gnutls_server_credentials);
    suite_add_tcase(s, tc);

    tc = tcase_create("client");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_client_cert_verifies_against_the_ca_for_client_auth_only);
    tcase_add_test(tc, test_client_cert_has_the_given_cn_its_own_key_and_the_ca_validity);
    tcase_add_test(tc, test_two_client_certs_from_one_ca_have_different_keys_and_serials);
    suite_add_tcase(s, tc);

    tc = tcase_create("lifecycle");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_two_calls_make_different_cas_keys_and_serials);
    tcase_add_loop_test(tc, test_make_refuses_a_validity_outside_one_to_36500_days, 0,
                        N_OF(bad_days));
    tcase_add_test(tc, test_make_accepts_the_longest_validity);
    tcase_add_test(tc, test_client_refuses_a_missing_ca_or_an_empty_common_name);
    tcase_add_test(tc, test_free_accepts_null_zeroed_and_already_freed_structs);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(selfsigned_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
