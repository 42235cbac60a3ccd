/* SPDX-License-Identifier: MIT */
/* The settings of one call: the request's options over the session's
 * defaults, resolved once (timeouts, redirects, TLS, proxies, the mounted
 * adapter) and borrowed by every hop of the call. */
#ifndef CREQ_SETTINGS_H
#define CREQ_SETTINGS_H

#include <stdbool.h>

#include "creq.h"

struct creq__mount;

/* The settings of one call, resolved. Borrowed from opts and defaults. */
struct creq__settings {
    unsigned flags;
    const creq_opts *req;        /* the caller's options (never NULL) */
    const creq_opts *def;        /* the session's defaults (never NULL) */
    const creq_auth *auth, *proxy_auth;
    double connect_timeout, read_timeout, total_timeout; /* <= 0: none */
    int max_redirects;
    creq_http_version http_version; /* never CREQ_HTTP_DEFAULT */
    const char *ca_bundle, *cert, *key;
    const creq_kv *proxies;
    const struct creq__mount *mount;
    bool follow;
    bool verify;
};
/* Whether v is one of enum creq_http_version. */
static inline bool creq__http_version_ok(creq_http_version v)
{
    return (unsigned)v <= CREQ_HTTP_2_PRIOR_KNOWLEDGE;
}
void creq__settings_resolve(struct creq__settings *st, creq_session *s, const char *method,
                            const char *url, const creq_opts *opts);

#endif
