/* SPDX-License-Identifier: MIT */
/* Session defaults: a deep copy of creq_opts that the session keeps, every
 * allocation of it on one list that is freed together. */
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "settings.h"

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
    if (src->data || src->body || src->body_reader || src->json || src->files ||
        !creq__http_version_ok(src->http_version))
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
    dst->http_version = src->http_version;
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
