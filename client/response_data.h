/* SPDX-License-Identifier: MIT */
/* struct creq_response: what one answer holds (status, headers, body, the
 * request that got it, its history), and its memory: made empty for the
 * transfer to fill, the body appended as it arrives, freed at the end. */
#ifndef CREQ_RESPONSE_DATA_H
#define CREQ_RESPONSE_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "headers.h"

struct creq__transfer;

struct creq_response {
    int status;
    const char *http_version;    /* static: "HTTP/1.1"; NULL until the headers are in */
    char *reason;                /* in arena */
    char *url;                   /* in arena */
    struct creq__arena arena;    /* reason, url and the headers' strings */
    struct creq__headers headers;
    char *content;               /* malloc'd, or no_content while empty */
    char no_content[1];
    size_t len, cap;
    char *text;                  /* decoded lazily */
    char *encoding;
    creq_prepared *request;
    creq_response **history;
    size_t history_len;
    creq_prepared *next;         /* an unfollowed redirect */
    struct creq__headers joined; /* storage behind creq_response_header() */
    struct creq__headers cookies;/* name/value pairs of Set-Cookie */
    double elapsed;
    creq_timing timing;
    /* What a CREQ_STREAM response holds open while its body is read (set by
     * the transfer, and by creq_request() for a one-shot session); stream.c
     * ends both. */
    struct creq__transfer *stream; /* the transfer, until the body is complete */
    creq_session *owned_session;   /* the one-shot session it ran on, or NULL */
    size_t read_pos;             /* how much of content creq_response_read gave */
    char *line;                  /* readline's buffer */
    size_t line_cap;
    bool consumed;               /* read() used: content is not whole */
};

/* An empty response, or NULL. */
creq_response *creq__response_new(void);
/* Appends len bytes to the body (kept NUL-terminated). CREQ_OK or CREQ_ENOMEM. */
int creq__response_append(creq_response *r, const char *data, size_t len);
/* Frees r (NULL is fine) and all it holds but its history's responses and
 * what its stream holds open: creq_response_free() ends those first. */
void creq__response_destroy(creq_response *r);

#endif
