/* SPDX-License-Identifier: MIT */
/* libcurl's callbacks of a transfer: each header line and body chunk into
 * its response (or to on_data), the upload from body_reader, and progress
 * to on_progress; any of them stops the transfer when asked to. */
#include "transfer_callbacks.h"

#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "response_data.h"
#include "transfer_state.h"

#define STREAM_BUFFER_MAX (256 * 1024) /* pause the transfer past this much unread */

/* The version the server answered in, as libcurl read it; NULL for one
 * libcreq never asks for. */
static const char *answered_version(CURL *easy)
{
    long v = CURL_HTTP_VERSION_NONE;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &v);
    return v == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0"
         : v == CURL_HTTP_VERSION_1_1 ? "HTTP/1.1"
         : v == CURL_HTTP_VERSION_2_0 ? "HTTP/2"
                                      : NULL;
}

/* Every header block arrives here (1xx interim answers too): keep the last. */
size_t creq__transfer_on_header(char *data, size_t size, size_t n, void *arg)
{
    struct creq__transfer *t = arg;
    creq_response *r = t->r;
    size_t len = size * n;
    creq__transfer_touch(t);
    if (len >= 5 && !memcmp(data, "HTTP/", 5)) {
        /* An interim answer's strings stay in the arena until r goes. */
        creq__headers_free(&r->headers);
        r->reason = NULL;
        size_t end = len;
        while (end && (data[end - 1] == '\r' || data[end - 1] == '\n'))
            end--;
        /* "HTTP/1.1 200 OK": the reason is everything after the code. */
        const char *sp = memchr(data, ' ', end);
        if (sp) {
            r->status = atoi(sp + 1);
            const char *rs = memchr(sp + 1, ' ', end - (size_t)(sp + 1 - data));
            r->reason = rs ? creq__arena_strndup(&r->arena, rs + 1, end - (size_t)(rs + 1 - data))
                           : creq__arena_strndup(&r->arena, "", 0);
        }
        return len;
    }
    if (len <= 2 && (data[0] == '\r' || data[0] == '\n')) {
        if (r->status >= 200) {
            t->headers_done = true;
            r->http_version = answered_version(t->easy);
        }
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len; /* a folded or broken line: ignored, as urllib3 does */
    const char *v = colon + 1, *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    int rc = creq__headers_addn_arena(&r->headers, &r->arena, data, (size_t)(colon - data), v,
                                      (size_t)(end - v));
    return rc ? 0 : len;
}

size_t creq__transfer_on_body(char *data, size_t size, size_t n, void *arg)
{
    struct creq__transfer *t = arg;
    size_t len = size * n;
    creq__transfer_touch(t);
    if (t->on_data) {
        if (t->on_data(t->userdata, data, len)) {
            t->aborted = true;
            return 0;
        }
        return len;
    }
    /* A streamed body waits for the reader once enough is buffered. */
    if (t->r->stream && t->r->len - t->r->read_pos > STREAM_BUFFER_MAX) {
        t->paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    return creq__response_append(t->r, data, len) ? 0 : len;
}

size_t creq__transfer_on_upload(char *buf, size_t size, size_t n, void *arg)
{
    struct creq__transfer *t = arg;
    creq__transfer_touch(t);
    ssize_t got = t->reader(t->userdata, buf, size * n);
    if (got < 0) {
        t->aborted = true;
        return CURL_READFUNC_ABORT;
    }
    return (size_t)got;
}

int creq__transfer_on_progress(void *arg, curl_off_t down_total, curl_off_t down,
                               curl_off_t up_total, curl_off_t up)
{
    struct creq__transfer *t = arg;
    if (t->on_progress(t->userdata, down, down_total, up, up_total)) {
        t->aborted = true;
        return 1;
    }
    return 0;
}
