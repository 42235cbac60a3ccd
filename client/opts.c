/* SPDX-License-Identifier: MIT */
/* Session defaults (a deep copy of creq_opts) and the settings of one call:
 * request options over session defaults, as requests' merge_setting. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "creq-private.h"

/* Every allocation of a deep copy hangs off one list, freed together. */
struct blob {
    struct blob *next;
    _Alignas(16) char data[];
};

static void *grab(void **mem, size_t size)
{
    struct blob *b = malloc(sizeof(*b) + size);
    if (!b)
        return NULL;
    b->next = *mem;
    *mem = b;
    return b->data;
}

static const char *dup_str(void **mem, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *copy = grab(mem, strlen(s) + 1);
    if (!copy) {
        *oom = true;
        return NULL;
    }
    return strcpy(copy, s);
}

static const creq_kv *dup_kv(void **mem, const creq_kv *kv, bool *oom)
{
    if (!kv)
        return NULL;
    size_t n = 0;
    while (kv[n].name)
        n++;
    creq_kv *copy = grab(mem, (n + 1) * sizeof(*copy));
    if (!copy) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        copy[i].name = dup_str(mem, kv[i].name, oom);
        copy[i].value = dup_str(mem, kv[i].value, oom);
    }
    copy[n] = (creq_kv){ 0 };
    return copy;
}

static const creq_auth *dup_auth(void **mem, const creq_auth *a, bool *oom)
{
    if (!a)
        return NULL;
    creq_auth *copy = grab(mem, sizeof(*copy));
    if (!copy) {
        *oom = true;
        return NULL;
    }
    *copy = *a;
    copy->user = dup_str(mem, a->user, oom);
    copy->password = dup_str(mem, a->password, oom);
    return copy;
}

void creq__blobs_free(void *mem)
{
    while (mem) {
        struct blob *b = mem;
        mem = b->next;
        free(b);
    }
}

int creq__opts_copy(const creq_opts *src, creq_opts *dst, void **mem)
{
    bool oom = false;
    *mem = NULL;
    memset(dst, 0, sizeof(*dst));
    if (src->data || src->body || src->body_reader || src->json || src->files)
        return CREQ_EINVAL;
    dst->flags = src->flags;
    dst->params = dup_kv(mem, src->params, &oom);
    dst->params_raw = dup_str(mem, src->params_raw, &oom);
    dst->headers = dup_kv(mem, src->headers, &oom);
    dst->cookies = dup_kv(mem, src->cookies, &oom);
    dst->auth = dup_auth(mem, src->auth, &oom);
    dst->proxy_auth = dup_auth(mem, src->proxy_auth, &oom);
    dst->timeout = src->timeout;
    dst->connect_timeout = src->connect_timeout;
    dst->read_timeout = src->read_timeout;
    dst->total_timeout = src->total_timeout;
    dst->max_redirects = src->max_redirects;
    dst->proxies = dup_kv(mem, src->proxies, &oom);
    dst->ca_bundle = dup_str(mem, src->ca_bundle, &oom);
    dst->cert = dup_str(mem, src->cert, &oom);
    dst->key = dup_str(mem, src->key, &oom);
    dst->on_data = src->on_data;
    dst->on_progress = src->on_progress;
    dst->userdata = src->userdata;
    if (oom) {
        creq__blobs_free(*mem);
        *mem = NULL;
        memset(dst, 0, sizeof(*dst));
        return CREQ_ENOMEM;
    }
    return CREQ_OK;
}

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
