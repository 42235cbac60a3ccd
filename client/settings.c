/* SPDX-License-Identifier: MIT */
/* The settings of one call, resolved: request options over session defaults,
 * as requests' merge_setting, and the mounted adapter for the URL. */
#include <string.h>
#include <strings.h>

#include "settings.h"
#include "session.h"

#define CREQ__DEFAULT_MAX_REDIRECTS 30

/* A timeout from the request, else the session; CREQ_NO_TIMEOUT (or any
 * negative value) means none. Returns 0 for none. */
static double pick_timeout(double req_specific, double req_all, double def_specific,
                           double def_all)
{
    double v = req_specific ? req_specific
             : req_all      ? req_all
             : def_specific ? def_specific
                            : def_all;
    return v > 0 ? v : 0;
}

static const struct creq__mount *find_mount(creq_session *s, const char *url)
{
    const struct creq__mount *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < s->mount_count; i++) {
        size_t n = strlen(s->mounts[i].prefix);
        /* requests matches prefixes case-insensitively, longest first. */
        if (n >= best_len && !strncasecmp(url, s->mounts[i].prefix, n)) {
            best = &s->mounts[i];
            best_len = n;
        }
    }
    return best;
}

void creq__settings_resolve(struct creq__settings *st, creq_session *s, const char *method,
                            const char *url, const creq_opts *opts)
{
    static const creq_opts none;
    const creq_opts *r = opts ? opts : &none, *d = &s->defaults;
    memset(st, 0, sizeof(*st));
    st->req = r;
    st->def = d;
    st->flags = r->flags | d->flags;
    st->auth = r->auth ? r->auth : d->auth;
    st->proxy_auth = r->proxy_auth ? r->proxy_auth : d->proxy_auth;
    /* A request timeout of CREQ_NO_TIMEOUT switches a session's off. */
    bool no_timeout = r->timeout < 0;
    st->connect_timeout = no_timeout ? 0 : pick_timeout(r->connect_timeout, r->timeout,
                                                        d->connect_timeout, d->timeout);
    st->read_timeout = no_timeout ? 0 : pick_timeout(r->read_timeout, r->timeout,
                                                     d->read_timeout, d->timeout);
    st->total_timeout = pick_timeout(r->total_timeout, 0, d->total_timeout, 0);
    st->max_redirects = r->max_redirects ? r->max_redirects
                      : d->max_redirects ? d->max_redirects
                                         : CREQ__DEFAULT_MAX_REDIRECTS;
    /* requests speaks HTTP/1.1 only: so does libcreq unless asked. */
    st->http_version = r->http_version ? r->http_version
                     : d->http_version ? d->http_version
                                       : CREQ_HTTP_1_1;
    st->ca_bundle = r->ca_bundle ? r->ca_bundle : d->ca_bundle;
    st->cert = r->cert ? r->cert : d->cert;
    st->key = r->cert ? r->key : d->key;
    st->proxies = r->proxies ? r->proxies : d->proxies;
    st->mount = find_mount(s, url);
    /* HEAD does not follow redirects unless asked, as requests.head(). */
    bool is_head = !strcmp(method, "HEAD");
    st->follow = (r->flags & CREQ_REDIRECTS) ||
                 (!(r->flags & CREQ_NO_REDIRECTS) && !is_head &&
                  !(d->flags & CREQ_NO_REDIRECTS));
    st->verify = (r->flags & CREQ_VERIFY) ||
                 !((r->flags | d->flags) & CREQ_NO_VERIFY);
}
