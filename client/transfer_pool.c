/* SPDX-License-Identifier: MIT */
/* Reusing easy handles: a session keeps its finished transfers, and the
 * next transfer starts from one of them, reset to libcurl's defaults or
 * still primed, rather than from a new handle. */
#include "transfer_pool.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "header_list.h"
#include "transfer_state.h"

#define IDLE_EASY_MAX 16 /* easy handles kept for reuse */

/* A new transfer, with a new easy handle. */
static struct creq__transfer *new_transfer(creq_session *s)
{
    /* malloc and clear: glibc's calloc skips its fast per-thread cache. */
    struct creq__transfer *t = malloc(sizeof(*t));
    CURL *easy = t ? curl_easy_init() : NULL;
    if (!easy) {
        free(t);
        return NULL;
    }
    *t = (struct creq__transfer){ .s = s, .easy = easy, .fresh = true };
    return t;
}

static void destroy_transfer(struct creq__transfer *t)
{
    curl_easy_cleanup(t->easy);
    free(t->encoding);
    free(t->url);
    creq__header_list_free(&t->list);
    free(t);
}

/* The handle is back to libcurl's defaults (connections, DNS, TLS sessions
 * and cookies stay on the session) or, when the last transfer left it
 * plain, primed; everything else of the last transfer is cleared. */
struct creq__transfer *creq__pool_take(struct creq__pool *pool, creq_session *s)
{
    struct creq__transfer *t = pool->count ? pool->idle[--pool->count] : NULL;
    if (!t)
        return new_transfer(s);
    struct creq__transfer kept = { .s = s, .easy = t->easy, .encoding = t->encoding,
                                   .url = t->url, .url_cap = t->url_cap,
                                   .http_version = t->http_version, .pipewait = t->pipewait,
                                   .list = { .mem = t->list.mem, .cap = t->list.cap },
                                   .primed = t->reusable };
    if (!kept.primed) {
        curl_easy_reset(kept.easy);
        free(kept.encoding);
        kept.encoding = NULL;
        kept.http_version = CURL_HTTP_VERSION_NONE;
        kept.pipewait = false;
    }
    *t = kept;
    return t;
}

void creq__pool_give(struct creq__pool *pool, struct creq__transfer *t)
{
    if (pool->count == pool->cap && pool->cap < IDLE_EASY_MAX) {
        size_t cap = pool->cap ? pool->cap * 2 : 4;
        struct creq__transfer **grown = realloc(pool->idle, cap * sizeof(*grown));
        if (grown) {
            pool->idle = grown;
            pool->cap = cap;
        }
    }
    if (pool->count < pool->cap)
        pool->idle[pool->count++] = t;
    else
        destroy_transfer(t);
}

void creq__pool_clear(struct creq__pool *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        destroy_transfer(pool->idle[i]);
    free(pool->idle);
    *pool = (struct creq__pool){ NULL, 0, 0 };
}
