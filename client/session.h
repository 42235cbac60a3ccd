/* SPDX-License-Identifier: MIT */
/* struct creq_session, what most of libcreq reads: the multi and share
 * handles, the defaults, mounted adapters, hooks and Digest state that
 * every request of a session goes through. */
#ifndef CREQ_SESSION_H
#define CREQ_SESSION_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "digest.h"
#include "transfer_pool.h"

/* A mounted adapter (creq_session_mount): its retry policy, deep-copied. */
struct creq__mount {
    char *prefix;
    creq_retry retry;      /* deep copy */
    int *forcelist;        /* owned copy of retry.status_forcelist */
    char **methods;        /* owned copy of retry.allowed_methods */
    bool has_retry;
    int pool_maxsize;
};

struct creq_session {
    CURLM *multi;          /* the connection cache */
    CURLSH *share;         /* cookies, DNS, TLS sessions */
    struct creq__pool idle; /* finished transfers, their easy handles kept */
    creq_opts defaults;    /* deep copy, see opts.c */
    void *defaults_mem;    /* everything defaults points into */
    struct creq__mount *mounts;
    size_t mount_count;
    struct { creq_hook_fn fn; void *userdata; } *hooks;
    size_t hook_count;
    struct creq__digest digest; /* nonce state, as requests' HTTPDigestAuth */
    char *cookie_value;    /* buffer behind creq_session_cookie() */
    long connects;         /* connections opened, for the reuse test */
    bool env_proxy[2];     /* http_proxy (0) / https_proxy (1) set at creation */
};

#endif
