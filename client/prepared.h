/* SPDX-License-Identifier: MIT */
/* creq_prepared, the request as it goes on the wire: made by prepare.c,
 * copied for a redirect or a Digest answer, kept by its response. */
#ifndef CREQ_PREPARED_H
#define CREQ_PREPARED_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "headers.h"

struct creq_prepared {
    const char *method;    /* both in text[], allocated with the request */
    const char *url;
    struct creq__headers headers;
    char *body;            /* owned copy; NULL when none or streamed */
    size_t body_len;
    bool streamed;         /* body comes from files= or body_reader */
    char text[];           /* method and URL, each NUL-terminated */
};
creq_prepared *creq__prepared_new(const char *method, const char *url);
creq_prepared *creq__prepared_copy(const creq_prepared *p);
void creq__prepared_free(creq_prepared *p);
int creq__prepared_set_body(creq_prepared *p, const void *body, size_t len);

#endif
