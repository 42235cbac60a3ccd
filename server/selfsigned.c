/* SPDX-License-Identifier: MIT */
/* A throwaway CA and the certificates it signs, made with GnuTLS so that
 * --tls-self-signed needs no openssl command and no files on disk. */
#include "selfsigned.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CA_CN "httpbin-c test CA"
#define SERVER_CN "localhost"
#define MAX_DAYS 36500u
#define SERIAL_LEN 16
#define KEY_ID_MAX 64

enum leaf_kind { LEAF_SERVER, LEAF_CLIENT };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Each step records its name so a failure says which call refused; 'rc' and
 * 'what' must be in scope and 'fail' is the one cleanup label. */
#define TRY(step, call)                                                                            \
    do {                                                                                           \
        if ((rc = (call)) < 0) {                                                                   \
            *what = (step);                                                                        \
            goto fail;                                                                             \
        }                                                                                          \
    } while (0)

static char *datum_to_str(const gnutls_datum_t *d)
{
    char *s = malloc((size_t)d->size + 1);
    if (s) {
        memcpy(s, d->data, d->size);
        s[d->size] = '\0';
    }
    return s;
}

static int export_crt(gnutls_x509_crt_t crt, char **pem)
{
    gnutls_datum_t d = { NULL, 0 };
    int rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &d);
    if (rc < 0)
        return rc;
    *pem = datum_to_str(&d);
    gnutls_free(d.data);
    return *pem ? 0 : GNUTLS_E_MEMORY_ERROR;
}

/* PKCS#8 rather than SEC1 ("BEGIN EC PRIVATE KEY"): every TLS stack and tool
 * reads it. GNUTLS_PKCS_PLAIN means unencrypted. */
static int export_key(gnutls_x509_privkey_t key, char **pem)
{
    gnutls_datum_t d = { NULL, 0 };
    int rc = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN,
                                               &d);
    if (rc < 0)
        return rc;
    *pem = datum_to_str(&d);
    gnutls_free(d.data);
    return *pem ? 0 : GNUTLS_E_MEMORY_ERROR;
}

static int new_key(gnutls_x509_privkey_t *key)
{
    int rc = gnutls_x509_privkey_init(key);
    if (rc < 0) {
        *key = NULL;
        return rc;
    }
    unsigned bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1);
    rc = gnutls_x509_privkey_generate2(*key, GNUTLS_PK_ECDSA, bits, 0, NULL, 0);
    if (rc < 0) {
        gnutls_x509_privkey_deinit(*key);
        *key = NULL;
    }
    return rc;
}

/* RFC 5280 wants serials positive and unique per CA; 16 random bytes make
 * collisions (and browsers' "same issuer and serial" errors across runs)
 * practically impossible. The top bit is cleared so DER needs no sign byte,
 * and the first byte is non-zero so the encoding stays exactly 16 bytes. */
static int set_serial(gnutls_x509_crt_t crt)
{
    unsigned char serial[SERIAL_LEN];
    int rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
    if (rc < 0)
        return rc;
    serial[0] &= 0x7f;
    if (serial[0] == 0)
        serial[0] = 0x01;
    return gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
}

/* What every certificate here shares: v3, serial, validity, subject CN, the
 * public key and its subject key identifier. */
static int fill_common(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *cn,
                       time_t from, time_t until, const char **what)
{
    int rc;
    unsigned char id[KEY_ID_MAX];
    size_t id_len = sizeof(id);
    TRY("set version", gnutls_x509_crt_set_version(crt, 3));
    TRY("set serial", set_serial(crt));
    TRY("set activation time", gnutls_x509_crt_set_activation_time(crt, from));
    TRY("set expiration time", gnutls_x509_crt_set_expiration_time(crt, until));
    TRY("set subject CN", gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
                                                        (unsigned)strlen(cn)));
    TRY("set public key", gnutls_x509_crt_set_key(crt, key));
    TRY("get key id", gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA1, id, &id_len));
    TRY("set subject key id", gnutls_x509_crt_set_subject_key_id(crt, id, id_len));
    return 0;
fail:
    return rc;
}

static int make_ca(gnutls_x509_crt_t *crt_out, gnutls_x509_privkey_t *key_out, time_t from,
                   time_t until, const char **what)
{
    int rc;
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    unsigned char id[KEY_ID_MAX];
    size_t id_len = sizeof(id);

    TRY("generate CA key", new_key(&key));
    TRY("create CA certificate", gnutls_x509_crt_init(&crt));
    if ((rc = fill_common(crt, key, CA_CN, from, until, what)) < 0)
        goto fail;
    /* pathlen 0: this CA only ever signs end-entity certificates. */
    TRY("set CA basic constraints", gnutls_x509_crt_set_basic_constraints(crt, 1, 0));
    TRY("set CA key usage",
        gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN));
    TRY("get CA key id", gnutls_x509_crt_get_subject_key_id(crt, id, &id_len, NULL));
    TRY("set CA authority key id", gnutls_x509_crt_set_authority_key_id(crt, id, id_len));
    TRY("sign CA certificate", gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0));
    *crt_out = crt;
    *key_out = key;
    return 0;
fail:
    if (crt)
        gnutls_x509_crt_deinit(crt);
    if (key)
        gnutls_x509_privkey_deinit(key);
    return rc;
}

/* Names the server answers to locally; IP SANs take the binary address. */
static int add_server_names(gnutls_x509_crt_t crt)
{
    static const unsigned char v4[4] = { 127, 0, 0, 1 };
    static const unsigned char v6[16] = { [15] = 1 };
    int rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, SERVER_CN,
                                                  (unsigned)strlen(SERVER_CN), GNUTLS_FSAN_SET);
    if (rc >= 0)
        rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v4, sizeof(v4),
                                                  GNUTLS_FSAN_APPEND);
    if (rc >= 0)
        rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v6, sizeof(v6),
                                                  GNUTLS_FSAN_APPEND);
    return rc;
}

/* An end-entity certificate with a fresh key, signed by the CA. */
static int issue_leaf(gnutls_x509_crt_t ca_crt, gnutls_x509_privkey_t ca_key, enum leaf_kind kind,
                      const char *cn, time_t from, time_t until, char **cert_pem, char **key_pem,
                      const char **what)
{
    int rc;
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    unsigned char id[KEY_ID_MAX];
    size_t id_len = sizeof(id);
    *cert_pem = *key_pem = NULL;

    TRY("generate key", new_key(&key));
    TRY("create certificate", gnutls_x509_crt_init(&crt));
    if ((rc = fill_common(crt, key, cn, from, until, what)) < 0)
        goto fail;
    TRY("set basic constraints", gnutls_x509_crt_set_basic_constraints(crt, 0, -1));
    TRY("set key usage", gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
    if (kind == LEAF_SERVER) {
        TRY("set key purpose",
            gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
        TRY("set subject alt names", add_server_names(crt));
    } else {
        TRY("set key purpose",
            gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_CLIENT, 0));
    }
    /* The authority key id lets verifiers pick the right CA when a trust
     * store holds several with the same name (e.g. from earlier runs). */
    TRY("get CA key id", gnutls_x509_crt_get_subject_key_id(ca_crt, id, &id_len, NULL));
    TRY("set authority key id", gnutls_x509_crt_set_authority_key_id(crt, id, id_len));
    TRY("sign certificate", gnutls_x509_crt_sign2(crt, ca_crt, ca_key, GNUTLS_DIG_SHA256, 0));
    TRY("export certificate", export_crt(crt, cert_pem));
    TRY("export key", export_key(key, key_pem));
    gnutls_x509_crt_deinit(crt);
    gnutls_x509_privkey_deinit(key);
    return 0;
fail:
    free(*cert_pem);
    free(*key_pem);
    *cert_pem = *key_pem = NULL;
    if (crt)
        gnutls_x509_crt_deinit(crt);
    if (key)
        gnutls_x509_privkey_deinit(key);
    return rc;
}

#undef TRY

int hb_selfsigned_make(struct hb_selfsigned *out, unsigned days, char *err, size_t errlen)
{
    if (!out) {
        set_err(err, errlen, "self-signed certificate: no output");
        return -1;
    }
    memset(out, 0, sizeof(*out));
    /* The upper bound keeps from + days fit comfortably in a 64-bit time_t
     * and in X.509's GeneralizedTime (year 9999). */
    if (days == 0 || days > MAX_DAYS) {
        set_err(err, errlen, "self-signed certificate: validity of %u days is not in 1..%u", days,
                MAX_DAYS);
        return -1;
    }

    const char *what = "?";
    gnutls_x509_crt_t ca_crt = NULL;
    gnutls_x509_privkey_t ca_key = NULL;
    char *leaf_pem = NULL, *key_pem = NULL, *ca_pem = NULL, *chain = NULL;
    /* Backdated an hour so clients with a slightly slow clock accept it. */
    time_t from = time(NULL) - 3600;
    time_t until = from + (time_t)days * 86400;

    int rc = make_ca(&ca_crt, &ca_key, from, until, &what);
    if (rc < 0)
        goto fail;
    what = "export CA certificate";
    if ((rc = export_crt(ca_crt, &ca_pem)) < 0)
        goto fail;
    if ((rc = issue_leaf(ca_crt, ca_key, LEAF_SERVER, SERVER_CN, from, until, &leaf_pem, &key_pem,
                         &what)) < 0)
        goto fail;

    /* The CA is served too (though clients already trust it) so that tools
     * which save the served chain, e.g. openssl s_client -showcerts, get it. */
    size_t leaf_len = strlen(leaf_pem), ca_len = strlen(ca_pem);
    chain = malloc(leaf_len + ca_len + 1);
    if (!chain) {
        what = "build chain";
        rc = GNUTLS_E_MEMORY_ERROR;
        goto fail;
    }
    memcpy(chain, leaf_pem, leaf_len);
    memcpy(chain + leaf_len, ca_pem, ca_len + 1);
    free(leaf_pem);

    out->ca_cert_pem = ca_pem;
    out->server_cert_pem = chain;
    out->server_key_pem = key_pem;
    out->ca_key_priv = ca_key;
    out->ca_crt_priv = ca_crt;
    return 0;

fail:
    set_err(err, errlen, "self-signed certificate: %s: %s", what, gnutls_strerror(rc));
    free(chain);
    free(leaf_pem);
    free(key_pem);
    free(ca_pem);
    if (ca_crt)
        gnutls_x509_crt_deinit(ca_crt);
    if (ca_key)
        gnutls_x509_privkey_deinit(ca_key);
    return -1;
}

void hb_selfsigned_free(struct hb_selfsigned *s)
{
    if (!s)
        return;
    free(s->ca_cert_pem);
    free(s->server_cert_pem);
    /* The key is a secret: do not leave it in freed heap memory. */
    if (s->server_key_pem) {
        size_t n = strlen(s->server_key_pem);
        volatile char *p = s->server_key_pem;
        while (n--)
            *p++ = 0;
        free(s->server_key_pem);
    }
    if (s->ca_crt_priv)
        gnutls_x509_crt_deinit((gnutls_x509_crt_t)s->ca_crt_priv);
    if (s->ca_key_priv)
        gnutls_x509_privkey_deinit((gnutls_x509_privkey_t)s->ca_key_priv);
    memset(s, 0, sizeof(*s));
}

int hb_selfsigned_client(struct hb_selfsigned *ca, const char *cn, char **cert_pem, char **key_pem,
                         char *err, size_t errlen)
{
    if (cert_pem)
        *cert_pem = NULL;
    if (key_pem)
        *key_pem = NULL;
    if (!cert_pem || !key_pem) {
        set_err(err, errlen, "client certificate: no output");
        return -1;
    }
    if (!ca || !ca->ca_crt_priv || !ca->ca_key_priv) {
        set_err(err, errlen, "client certificate: no CA (call hb_selfsigned_make first)");
        return -1;
    }
    if (!cn || !*cn) {
        set_err(err, errlen, "client certificate: empty common name");
        return -1;
    }

    gnutls_x509_crt_t ca_crt = ca->ca_crt_priv;
    /* Living exactly as long as the CA keeps the client from outliving it. */
    time_t from = gnutls_x509_crt_get_activation_time(ca_crt);
    time_t until = gnutls_x509_crt_get_expiration_time(ca_crt);
    if (from == (time_t)-1 || until == (time_t)-1) {
        set_err(err, errlen, "client certificate: cannot read the CA's validity");
        return -1;
    }
    const char *what = "?";
    int rc = issue_leaf(ca_crt, ca->ca_key_priv, LEAF_CLIENT, cn, from, until, cert_pem, key_pem,
                        &what);
    if (rc < 0) {
        set_err(err, errlen, "client certificate: %s: %s", what, gnutls_strerror(rc));
        return -1;
    }
    return 0;
}
