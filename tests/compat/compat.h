/* SPDX-License-Identifier: MIT */
/* The compatibility test's case type and helpers, shared by its case tables
 * (test_compat.c: the request echo, auth, cookies, status, redirects;
 * cases_responses.c: formats, generated data, pages and images). */
#ifndef HB_COMPAT_H
#define HB_COMPAT_H

#include <stddef.h>

/* How a case's answers are compared (flags). */
enum {
    STRICT = 0,
    NO_FILES = 1u << 0,  /* several files in a field: all but files, then files[0] */
    UUID = 1u << 1,      /* the "uuid" value is random: check its form, then mask it */
    OWN_ERROR = 1u << 2, /* our JSON error answer: status and headers but Content-Type */
    NO_JSON = 1u << 3,   /* JSON jansson cannot hold: all but "json", ours must be null */
    DECODED = 1u << 4,   /* compressed bodies compare once decoded (Content-Encoding) */
    SAME_LENGTH = 1u << 5, /* random bodies: the same length only */
    VALIDATORS = 1u << 6,  /* ETag and Last-Modified are random: present on both only */
};

struct compat_case {
    const char *name;
    const char *method;
    const char *path;
    const char *const *headers; /* NULL-terminated, or NULL */
    const char *body;           /* NULL: no body at all */
    size_t body_len;
    unsigned flags;
    long ours; /* a deliberate difference: our status (a JSON error if >= 400); 0: none */
};

#define HDRS(...) ((const char *const[]){ __VA_ARGS__, NULL })
/* A literal body with its length: sizeof keeps embedded NUL bytes. */
#define BODY(s) (s), (sizeof(s) - 1)
#define NOBODY NULL, 0

#define CT_JSON "Content-Type: application/json"
#define CT_FORM "Content-Type: application/x-www-form-urlencoded"
#define CT_TEXT "Content-Type: text/plain"
/* libcurl adds a urlencoded Content-Type to any body; "Name:" removes it. */
#define CT_NONE "Content-Type:"

/* Multipart bodies with a fixed boundary, so both servers see the same bytes. */
#define BND "compat-boundary-8d1e"
#define CT_MULTIPART "Content-Type: multipart/form-data; boundary=" BND
#define CRLF "\r\n"
#define MP_FIELD(name, value)                                                                \
    "--" BND CRLF "Content-Disposition: form-data; name=\"" name "\"" CRLF CRLF value CRLF
#define MP_FILE(name, file, type_line, data)                                                 \
    "--" BND CRLF "Content-Disposition: form-data; name=\"" name "\"; filename=\"" file "\"" \
    CRLF type_line CRLF data CRLF
#define MP_TYPE(t) "Content-Type: " t CRLF
#define MP_END "--" BND "--" CRLF

/* The start of a PNG: high bytes and NULs, so not UTF-8. */
#define PNG_BYTES "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"
#define AUTH_OK "Authorization: Basic dXNlcjpwYXNzd2Q=" /* user:passwd */

extern const struct compat_case compat_response_cases[];
extern const size_t compat_response_case_count;

#endif
