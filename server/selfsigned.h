/* SPDX-License-Identifier: MIT */
/* --tls-self-signed: a throwaway certificate authority made at start-up, the
 * localhost server certificate it signs, and client certificates for tests. */
#ifndef HB_SELFSIGNED_H
#define HB_SELFSIGNED_H

#include <stddef.h>

/* All PEM text, malloc'd and NUL-terminated; free with hb_selfsigned_free. */
struct hb_selfsigned {
    char *ca_cert_pem;     /* what clients trust (written to --tls-ca-out) */
    char *server_cert_pem; /* the chain to serve: server cert then CA cert */
    char *server_key_pem;  /* unencrypted PKCS#8 ("BEGIN PRIVATE KEY") */
    /* Opaque: the CA's gnutls_x509_privkey_t and gnutls_x509_crt_t, kept so
     * hb_selfsigned_client can sign later. */
    void *ca_key_priv;
    void *ca_crt_priv;
};

/* Generates both with GnuTLS (ECDSA P-256 keys, SHA-256 signatures): the CA
 * (basicConstraints CA:TRUE pathlen 0, keyCertSign|cRLSign, CN "httpbin-c
 * test CA"), and the server certificate for DNS "localhost" and IP addresses
 * 127.0.0.1 and ::1, CN "localhost", serverAuth purpose, digitalSignature key
 * usage. Both are valid from 1 hour ago (clock skew) for 'days' days (1 to
 * 36500) and have random 16-byte positive serials. Returns 0, or -1 with a
 * one-line reason in err (size errlen) and *out zeroed. */
int hb_selfsigned_make(struct hb_selfsigned *out, unsigned days, char *err, size_t errlen);

/* Frees everything in 's' and zeroes it; NULL and zeroed structs are fine. */
void hb_selfsigned_free(struct hb_selfsigned *s);

/* A client certificate (subject CN 'cn', clientAuth purpose, digitalSignature
 * key usage, the CA's validity period) signed by the CA in 'ca', which must
 * come from hb_selfsigned_make. *cert_pem is the certificate alone, *key_pem
 * its PKCS#8 key; both malloc'd. Returns 0, or -1 with a reason in err and
 * both set to NULL. */
int hb_selfsigned_client(struct hb_selfsigned *ca, const char *cn, char **cert_pem,
                         char **key_pem, char *err, size_t errlen);

#endif
