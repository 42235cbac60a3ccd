/* SPDX-License-Identifier: MIT */
/* creq_session: defaults, mounted adapters, hooks, and the connection cache
 * that makes keep-alive work (its cookie jar: session_cookies.c). */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "digest.h"
#include "global.h"
#include "opts.h"
#include "transfer_pool.h"

creq_session *creq_session_new(void)
{
    if (creq__global_init())
        return NULL;
    creq_session *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->multi = curl_multi_init();
    s->share = curl_share_init();
    if (!s->multi || !s->share) {
        creq_session_free(s);
        return NULL;
    }
    /* One thread per session, so the share needs no locks. */
    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, 10L); /* requests' pool size */
    /* h2 transfers of the session share a connection (with CURLOPT_PIPEWAIT,
     * transfer_setup.c); HTTP/1.1 connections carry one request at a time. */
    curl_multi_setopt(s->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    creq__digest_init(&s->digest);
    /* Read once: only to tell a proxy's failure from the server's. */
    for (int tls = 0; tls < 2; tls++) {
        const char *vars[] = { tls ? "https_proxy" : "http_proxy", tls ? "HTTPS_PROXY" : "HTTP_PROXY",
                               "all_proxy", "ALL_PROXY" };
        for (size_t i = 0; i < 4; i++)
            if (getenv(vars[i]) && *getenv(vars[i]))
                s->env_proxy[tls] = true;
    }
    return s;
}

void creq_session_free(creq_session *s)
{
    if (!s)
        return;
    creq__pool_clear(&s->idle);
    if (s->multi)
        curl_multi_cleanup(s->multi);
    if (s->share)
        curl_share_cleanup(s->share);
    creq__blobs_free(s->defaults_mem);
    for (size_t i = 0; i < s->mount_count; i++) {
        free(s->mounts[i].prefix);
        free(s->mounts[i].forcelist);
        for (char **m = s->mounts[i].methods; m && *m; m++)
            free(*m);
        free(s->mounts[i].methods);
    }
    free(s->mounts);
    free(s->hooks);
    free(s->cookie_value);
    creq__digest_cleanup(&s->digest);
    free(s);
}

int creq_session_defaults(creq_session *s, const creq_opts *defaults)
{
    creq_opts copy;
    void *mem;
    int rc = creq__opts_copy(defaults ? defaults : &(creq_opts){ 0 }, &copy, &mem);
    if (rc)
        return rc;
    creq__blobs_free(s->defaults_mem);
    s->defaults = copy;
    s->defaults_mem = mem;
    return CREQ_OK;
}

int creq_session_mount(creq_session *s, const char *prefix, const creq_adapter *a)
{
    if (!prefix || !a)
        return CREQ_EINVAL;
    struct creq__mount *grown = realloc(s->mounts, (s->mount_count + 1) * sizeof(*grown));
    if (!grown)
        return CREQ_ENOMEM;
    s->mounts = grown;
    struct creq__mount *m = &s->mounts[s->mount_count];
    memset(m, 0, sizeof(*m));
    m->prefix = strdup(prefix);
    m->pool_maxsize = a->pool_maxsize;
    if (a->max_retries) {
        m->has_retry = true;
        m->retry = *a->max_retries;
        size_t n = 0;
        while (a->max_retries->status_forcelist && a->max_retries->status_forcelist[n])
            n++;
        m->forcelist = calloc(n + 1, sizeof(int));
        if (m->forcelist && n)
            memcpy(m->forcelist, a->max_retries->status_forcelist, n * sizeof(int));
        m->retry.status_forcelist = m->forcelist;
        if (a->max_retries->allowed_methods) {
            n = 0;
            while (a->max_retries->allowed_methods[n])
                n++;
            m->methods = calloc(n + 1, sizeof(char *));
            for (size_t i = 0; m->methods && i < n; i++)
                m->methods[i] = strdup(a->max_retries->allowed_methods[i]);
            m->retry.allowed_methods = (const char *const *)m->methods;
        }
    }
    if (!m->prefix || (a->max_retries && !m->forcelist)) {
        free(m->prefix);
        free(m->forcelist);
        return CREQ_ENOMEM;
    }
    s->mount_count++;
    if (a->pool_maxsize > 0)
        curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, (long)a->pool_maxsize);
    return CREQ_OK;
}

int creq_session_add_hook(creq_session *s, creq_hook_fn fn, void *userdata)
{
    if (!fn)
        return CREQ_EINVAL;
    void *grown = realloc(s->hooks, (s->hook_count + 1) * sizeof(*s->hooks));
    if (!grown)
        return CREQ_ENOMEM;
    s->hooks = grown;
    s->hooks[s->hook_count].fn = fn;
    s->hooks[s->hook_count].userdata = userdata;
    s->hook_count++;
    return CREQ_OK;
}
