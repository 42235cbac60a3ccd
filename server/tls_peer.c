/* SPDX-License-Identifier: MIT */
/* What a client's TLS certificate says, for /client-cert: read from the
 * GnuTLS session libmicrohttpd keeps. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <time.h>

#include "exchange.h"

static const char *hex(struct hb_request *req, const unsigned char *b, size_t n)
{
    char *out = hb_alloc(req, 2 * n + 1);
    for (size_t i = 0; out && i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    return out;
}

static const char *iso_time(struct hb_request *req, time_t t)
{
    struct tm tm;
    char buf[32];
    if (t == (time_t)-1 || !gmtime_r(&t, &tm))
        return NULL;
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return hb_strdup(req, buf);
}

static const char *dn_text(struct hb_request *req, gnutls_x509_crt_t crt, int issuer)
{
    gnutls_datum_t dn = { NULL, 0 };
    int rc = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0)
                    : gnutls_x509_crt_get_dn3(crt, &dn, 0);
    const char *out = rc ? NULL : hb_memdup(req, dn.data, dn.size);
    gnutls_free(dn.data);
    return out;
}

int hb_request_client_cert(struct hb_request *req, struct hb_client_cert *out)
{
    if (!req->tls)
        return 0;
    gnutls_session_t session = req->tls_session;
    unsigned count = 0;
    const gnutls_datum_t *peers = session ? gnutls_certificate_get_peers(session, &count) : NULL;
    if (!peers || count == 0)
        return 0;

    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt))
        return -1;
    int rc = -1;
    if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER))
        goto out;
    unsigned status = 1;
    out->verified = gnutls_certificate_verify_peers2(session, &status) == 0 && status == 0;
    unsigned char serial[64], fingerprint[32];
    size_t serial_len = sizeof(serial), fp_len = sizeof(fingerprint);
    if (gnutls_x509_crt_get_serial(crt, serial, &serial_len) ||
        gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fingerprint, &fp_len))
        goto out;
    out->subject = dn_text(req, crt, 0);
    out->issuer = dn_text(req, crt, 1);
    out->serial = hex(req, serial, serial_len);
    out->sha256 = hex(req, fingerprint, fp_len);
    out->not_before = iso_time(req, gnutls_x509_crt_get_activation_time(crt));
    out->not_after = iso_time(req, gnutls_x509_crt_get_expiration_time(crt));
    rc = out->subject && out->issuer && out->serial && out->sha256 ? 1 : -1;
out:
    gnutls_x509_crt_deinit(crt);
    return rc;
}
