/* SPDX-License-Identifier: MIT */
/* The header list libcurl sends for one request, built from the prepared
 * headers (less what libcurl must write itself) in one block of ours that
 * is kept for the next request: no allocation per header, mostly none. */
#ifndef CREQ_HEADER_LIST_H
#define CREQ_HEADER_LIST_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "creq.h"

struct creq__header_list {
    struct curl_slist *head; /* for CURLOPT_HTTPHEADER; in mem, NULL when empty */
    void *mem;               /* nodes and lines (owned; libcurl only reads them) */
    size_t cap;
};

/* Fills l for p, reusing its block when large enough. multipart: libcurl
 * writes the Content-Type (with the boundary); reader: the body comes from
 * a read callback. *encoding gets the Accept-Encoding value (for
 * CURLOPT_ACCEPT_ENCODING), NULL when none. CREQ_OK or CREQ_ENOMEM. */
int creq__header_list_build(struct creq__header_list *l, const creq_prepared *p, bool multipart,
                            bool reader, const char **encoding);
void creq__header_list_free(struct creq__header_list *l);

#endif
