/* SPDX-License-Identifier: MIT */
/* What one transfer holds: the easy handle and what it keeps across reuse
 * from the session's pool, then the state of one exchange. Shared by the
 * files that set up, feed, run and pool transfers (transfer*.c). */
#ifndef CREQ_TRANSFER_STATE_H
#define CREQ_TRANSFER_STATE_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "header_list.h"
#include "now.h"

struct creq__transfer {
    /* Kept, with the handle, while the transfer waits in the session's pool. */
    creq_session *s;
    CURL *easy;
    char *encoding;        /* what CURLOPT_ACCEPT_ENCODING holds on easy (owned) */
    char *url;             /* what CURLOPT_URL holds on a primed easy (owned) */
    size_t url_cap;
    long http_version;     /* what CURLOPT_HTTP_VERSION holds on easy (0: libcurl's) */
    bool pipewait;         /* what CURLOPT_PIPEWAIT holds on easy */
    struct creq__header_list list; /* its block is kept, reused */
    bool primed;           /* easy holds the constant options (pointing here) */
    /* The rest is this transfer's own, cleared for each (creq__pool_take). */
    creq_response *r;
    curl_mime *mime;
    creq_data_fn on_data;
    creq_progress_fn on_progress;
    creq_read_fn reader;
    void *userdata;
    double read_timeout;   /* seconds of silence allowed once the request is out */
    double deadline;       /* absolute creq__now() time, 0: none */
    double last_activity;
    bool sent;             /* the request is out: the read clock runs */
    bool headers_done;
    bool done;
    bool paused;
    bool proxied;
    bool aborted;          /* a callback asked to stop */
    bool fresh;            /* a new easy handle: its cookie engine is switched on */
    bool extra;            /* options beyond those: reset the handle before reuse */
    bool reusable;         /* the handle may skip its reset next time */
    char *cookie;          /* the Cookie line of this request's own cookies */
    CURLcode result;
    char errbuf[CURL_ERROR_SIZE];
};

/* The read timeout counts from the last sign of life; without one the
 * clock is not worth reading on every callback. */
static inline void creq__transfer_touch(struct creq__transfer *t)
{
    if (t->read_timeout > 0)
        t->last_activity = creq__now();
}

#endif
