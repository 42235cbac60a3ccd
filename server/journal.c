/* SPDX-License-Identifier: MIT */
/* The journal; see journal.h. Each request is one record of compact JSON in
 * a ring (lib/ring.h), which bounds the bytes and drops the oldest first.
 * The block is an anonymous shared mapping with a process-shared, robust
 * mutex: a forked child reads and clears the very journal the parent's
 * threads write, and one that dies holding the lock does not wedge it. */
#include "journal.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exchange.h"
#include "lib/base64.h"
#include "lib/ring.h"
#include "lib/utf8.h"
#include "log.h"
#include "server.h"

struct hb_journal {
    size_t map_size;
    pthread_mutex_t lock;
    uint64_t next_id;
    size_t dropped;      /* since the start or the last clear */
    size_t max_requests;
    size_t max_body;
};

/* The ring sits after the header, 8-aligned. */
#define RING_OFFSET ((sizeof(struct hb_journal) + 7) & ~(size_t)7)

static struct hb_ring *ring_of(struct hb_journal *j)
{
    return (struct hb_ring *)((char *)j + RING_OFFSET);
}

struct hb_journal *hb_journal_new(const struct hb_config *cfg)
{
    size_t size = RING_OFFSET + hb_ring_size(cfg->journal_max_bytes);
    /* Pages are only touched as records are written: a large limit costs
     * address space, not memory. */
    struct hb_journal *j = mmap(NULL, size, PROT_READ | PROT_WRITE,
                                MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (j == MAP_FAILED)
        return NULL;
    j->map_size = size;
    j->next_id = 1;
    j->max_requests = cfg->journal_max_requests;
    j->max_body = cfg->journal_max_body;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    int rc = pthread_mutex_init(&j->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    if (rc) {
        munmap(j, size);
        return NULL;
    }
    hb_ring_init(ring_of(j), cfg->journal_max_bytes);
    return j;
}

void hb_journal_free(struct hb_journal *j)
{
    if (!j)
        return;
    pthread_mutex_destroy(&j->lock);
    munmap(j, j->map_size);
}

/* A holder that died mid-update may have left the ring half written: it
 * starts again empty, and what it held counts as dropped. */
static void lock(struct hb_journal *j)
{
    if (pthread_mutex_lock(&j->lock) == EOWNERDEAD) {
        struct hb_ring *r = ring_of(j);
        j->dropped += r->count;
        hb_ring_clear(r);
        pthread_mutex_consistent(&j->lock);
    }
}

/* A header value as JSON text: UTF-8 as sent (jansson refuses anything
 * else), else its bytes read as Latin-1 (how HTTP/1.1 defines obs-text). */
static json_t *text_value(struct hb_request *req, const char *s, size_t len)
{
    json_t *text = json_stringn(s, len);
    if (text)
        return text;
    size_t out_len;
    const char *u = hb_latin1_to_utf8(&req->arena, s, len, &out_len);
    return u ? json_stringn(u, out_len) : NULL;
}

static json_t *header_list(struct hb_request *req)
{
    json_t *list = json_array();
    const struct hb_kvlist *h = hb_request_headers(req);
    for (size_t i = 0; list && i < h->count; i++) {
        json_t *pair = json_pack("[s,o]", h->items[i].name,
                                 text_value(req, h->items[i].value, h->items[i].len));
        if (json_array_append_new(list, pair)) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* "body" and its encoding: text as is, other bytes in base64. */
static int add_body(json_t *entry, const char *body, size_t len)
{
    json_t *text = json_stringn(body, len); /* NULL unless valid UTF-8 */
    if (text)
        return json_object_set_new(entry, "body", text) ||
               json_object_set_new(entry, "body_encoding", json_string("utf-8"));
    char *b64 = malloc(hb_base64_encoded_len(len) + 1);
    if (!b64)
        return -1;
    hb_base64_encode(body, len, b64);
    int rc = json_object_set_new(entry, "body", json_string(b64)) ||
             json_object_set_new(entry, "body_encoding", json_string("base64"));
    free(b64);
    return rc;
}

static json_t *entry_of(struct hb_journal *j, struct hb_request *req)
{
    char when[40];
    hb_log_time(&req->arrived, when, sizeof(when));

    /* The body a route reads is req->body; for the others the engine kept
     * the journal's share aside. */
    int route_read_it = req->route && (req->route->flags & HB_READS_BODY);
    const char *body = route_read_it ? req->body : req->journal_body;
    size_t kept = route_read_it ? req->body_len : req->journal_body_len;
    if (kept > j->max_body)
        kept = j->max_body;
    json_t *entry = json_pack("{s:s,s:{s:s,s:i},s:b,s:s,s:s,s:s,s:o,s:I,s:b,s:i}",
                              "time", when,
                              "client", "address", req->client_ip, "port", req->client_port,
                              "tls", req->tls,
                              "method", req->method ? req->method : "",
                              "target", req->target ? req->target : "",
                              "http_version", hb_request_version(req),
                              "headers", header_list(req),
                              "body_bytes", (json_int_t)req->body_seen,
                              "body_truncated", kept < req->body_seen,
                              "status", req->response.status);
    if (entry && add_body(entry, body ? body : "", body ? kept : 0)) {
        json_decref(entry);
        entry = NULL;
    }
    return entry;
}

/* The entry as one compact JSON record, numbered; a record too large for
 * the ring goes in without its body. */
static void push(struct hb_journal *j, json_t *entry)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        json_object_set_new(entry, "id", json_integer((json_int_t)j->next_id));
        char *text = json_dumps(entry, JSON_COMPACT);
        long dropped = text ? hb_ring_push(ring_of(j), text, strlen(text), j->max_requests) : -1;
        free(text);
        if (dropped >= 0) {
            j->dropped += (size_t)dropped;
            j->next_id++;
            return;
        }
        json_object_set_new(entry, "body", json_string(""));
        json_object_set_new(entry, "body_truncated", json_true());
    }
    j->dropped++;
    j->next_id++;
}

void hb_journal_record(struct hb_journal *j, struct hb_request *req)
{
    json_t *entry = entry_of(j, req);
    lock(j);
    if (entry)
        push(j, entry);
    else
        j->dropped++; /* out of memory: counted, not silently lost */
    pthread_mutex_unlock(&j->lock);
    json_decref(entry);
}

struct hb_journal *hb_request_journal(const struct hb_request *req)
{
    return req->server->journal;
}

/* Records copied out under the lock, parsed after it: recording threads
 * never wait for JSON parsing. */
struct copy {
    char *buf;
    size_t len, cap;
    int failed;
};

static void copy_record(const void *data, size_t len, void *arg)
{
    struct copy *c = arg;
    if (c->failed)
        return;
    if (c->len + sizeof(len) + len > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 65536;
        while (cap < c->len + sizeof(len) + len)
            cap *= 2;
        char *grown = realloc(c->buf, cap);
        if (!grown) {
            c->failed = 1;
            return;
        }
        c->buf = grown;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, &len, sizeof(len));
    memcpy(c->buf + c->len + sizeof(len), data, len);
    c->len += sizeof(len) + len;
}

json_t *hb_journal_requests(struct hb_journal *j, size_t *dropped)
{
    struct copy c = { 0 };
    lock(j);
    hb_ring_each(ring_of(j), copy_record, &c);
    if (dropped)
        *dropped = j->dropped;
    pthread_mutex_unlock(&j->lock);
    json_t *list = c.failed ? NULL : json_array();
    for (size_t pos = 0; list && pos < c.len;) {
        size_t len;
        memcpy(&len, c.buf + pos, sizeof(len));
        json_t *entry = json_loadb(c.buf + pos + sizeof(len), len, JSON_ALLOW_NUL, NULL);
        if (!entry || json_array_append_new(list, entry)) {
            json_decref(list);
            list = NULL;
        }
        pos += sizeof(len) + len;
    }
    free(c.buf);
    return list;
}

size_t hb_journal_dropped(struct hb_journal *j)
{
    lock(j);
    size_t dropped = j->dropped;
    pthread_mutex_unlock(&j->lock);
    return dropped;
}

size_t hb_journal_clear(struct hb_journal *j)
{
    lock(j);
    struct hb_ring *r = ring_of(j);
    size_t held = r->count;
    hb_ring_clear(r);
    j->dropped = 0;
    pthread_mutex_unlock(&j->lock);
    return held;
}
