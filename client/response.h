/* SPDX-License-Identifier: MIT */
/* struct creq_response: what one answer holds (status, headers, body, the
 * request that got it, its history), filled by the transfer as it arrives;
 * and the Set-Cookie reading behind creq_response_cookie(). */
#ifndef CREQ_RESPONSE_H
#define CREQ_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "headers.h"

struct creq__transfer;

struct creq_response {
    int status;
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
    struct creq__transfer *stream; /* open while a CREQ_STREAM body is read */
    size_t read_pos;             /* how much of content creq_response_read gave */
    char *line;                  /* readline's buffer */
    size_t line_cap;
    bool consumed;               /* read() used: content is not whole */
    creq_session *owned_session; /* the one-shot session a stream runs on */
};
creq_response *creq__response_new(void);
int creq__response_append(creq_response *r, const char *data, size_t len);
/* Parses the Set-Cookie headers into r->cookies. */
void creq__response_collect_cookies(creq_response *r);

#endif
