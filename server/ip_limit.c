/* SPDX-License-Identifier: MIT */
/* Connections per client address, in a small chained hash table under one
 * mutex; see ip_limit.h. A v4-mapped IPv6 address counts as its IPv4 one. */
#include "ip_limit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 1024

struct entry {
    unsigned char key[16]; /* the address, IPv4 in the first 4 bytes */
    unsigned char len;
    unsigned count;
    struct entry *next;
};

struct hb_ip_limit {
    unsigned max;
    pthread_mutex_t lock;
    struct entry *buckets[BUCKETS];
};

struct hb_ip_limit *hb_ip_limit_new(unsigned max)
{
    struct hb_ip_limit *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    l->max = max;
    pthread_mutex_init(&l->lock, NULL);
    return l;
}

void hb_ip_limit_free(struct hb_ip_limit *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < BUCKETS; i++)
        for (struct entry *e = l->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* The address's bytes; 0 for an address family that is not IP. */
static size_t key_of(const struct sockaddr *addr, unsigned char key[16])
{
    if (addr->sa_family == AF_INET) {
        memcpy(key, &((const struct sockaddr_in *)addr)->sin_addr, 4);
        return 4;
    }
    if (addr->sa_family != AF_INET6)
        return 0;
    const struct in6_addr *a6 = &((const struct sockaddr_in6 *)addr)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(a6)) {
        memcpy(key, &a6->s6_addr[12], 4);
        return 4;
    }
    memcpy(key, a6, 16);
    return 16;
}

static struct entry **find(struct hb_ip_limit *l, const unsigned char *key, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ key[i]) * 16777619u;
    struct entry **at = &l->buckets[h % BUCKETS];
    while (*at && ((*at)->len != len || memcmp((*at)->key, key, len)))
        at = &(*at)->next;
    return at;
}

bool hb_ip_limit_take(struct hb_ip_limit *l, const struct sockaddr *addr)
{
    unsigned char key[16];
    size_t len = l && l->max ? key_of(addr, key) : 0;
    if (len == 0)
        return true;
    bool ok = true;
    pthread_mutex_lock(&l->lock);
    struct entry **at = find(l, key, len);
    if (!*at && (*at = calloc(1, sizeof(**at)))) {
        memcpy((*at)->key, key, len);
        (*at)->len = (unsigned char)len;
    }
    if (!*at || (*at)->count >= l->max)
        ok = false;
    else
        (*at)->count++;
    pthread_mutex_unlock(&l->lock);
    return ok;
}

void hb_ip_limit_give(struct hb_ip_limit *l, const struct sockaddr *addr)
{
    unsigned char key[16];
    size_t len = l && l->max ? key_of(addr, key) : 0;
    if (len == 0)
        return;
    pthread_mutex_lock(&l->lock);
    struct entry **at = find(l, key, len);
    if (*at && --(*at)->count == 0) {
        struct entry *gone = *at;
        *at = gone->next;
        free(gone);
    }
    pthread_mutex_unlock(&l->lock);
}
