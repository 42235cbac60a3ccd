/* SPDX-License-Identifier: MIT */
/* The record ring; see ring.h. A record is a 4-byte length, its bytes, and
 * padding to 8, so the space left at the end is always 0 or at least 8. A
 * record that does not fit before the end starts again at 0, behind a
 * WRAP length where there was room to write one. */
#include "ring.h"

#include <stdint.h>
#include <string.h>

#define HEADER 4u
#define WRAP UINT32_MAX

static size_t footprint(size_t len)
{
    return (HEADER + len + 7) & ~(size_t)7;
}

size_t hb_ring_size(size_t cap)
{
    return sizeof(struct hb_ring) + (cap & ~(size_t)7);
}

void hb_ring_init(struct hb_ring *r, size_t cap)
{
    r->cap = cap & ~(size_t)7;
    hb_ring_clear(r);
}

void hb_ring_clear(struct hb_ring *r)
{
    r->head = r->tail = r->count = 0;
}

static uint32_t length_at(const struct hb_ring *r, size_t pos)
{
    uint32_t len;
    memcpy(&len, r->data + pos, sizeof(len));
    return len;
}

/* Where the record at or after 'pos' really starts: past the end or a WRAP
 * length, the ring goes on at 0. */
static size_t record_start(const struct hb_ring *r, size_t pos)
{
    if (pos >= r->cap || length_at(r, pos) == WRAP)
        return 0;
    return pos;
}

static void drop_oldest(struct hb_ring *r)
{
    size_t pos = record_start(r, r->head);
    r->head = pos + footprint(length_at(r, pos));
    if (--r->count == 0)
        r->head = r->tail = 0;
    else
        r->head = record_start(r, r->head);
}

static void write_at(struct hb_ring *r, size_t pos, const void *data, size_t len)
{
    uint32_t n = (uint32_t)len;
    memcpy(r->data + pos, &n, sizeof(n));
    memcpy(r->data + pos + HEADER, data, len);
    r->tail = pos + footprint(len);
    r->count++;
}

long hb_ring_push(struct hb_ring *r, const void *data, size_t len, size_t max_count)
{
    size_t need = footprint(len);
    if (len >= WRAP || need > r->cap)
        return -1;
    long dropped = 0;
    while (r->count > 0 && r->count >= (max_count ? max_count : 1)) {
        drop_oldest(r);
        dropped++;
    }
    for (;;) {
        if (r->count == 0) {
            write_at(r, 0, data, len);
            return dropped;
        }
        if (r->tail > r->head) { /* one run [head, tail): room at the end, then before head */
            if (need <= r->cap - r->tail) {
                write_at(r, r->tail, data, len);
                return dropped;
            }
            if (need <= r->head) {
                if (r->tail < r->cap) {
                    uint32_t wrap = WRAP;
                    memcpy(r->data + r->tail, &wrap, sizeof(wrap));
                }
                write_at(r, 0, data, len);
                return dropped;
            }
        } else if (r->tail < r->head && r->tail + need <= r->head) { /* wrapped: the gap */
            write_at(r, r->tail, data, len);
            return dropped;
        }
        drop_oldest(r); /* tail == head with records: full */
        dropped++;
    }
}

void hb_ring_each(const struct hb_ring *r, void (*fn)(const void *data, size_t len, void *arg),
                  void *arg)
{
    size_t pos = r->head;
    for (size_t i = 0; i < r->count; i++) {
        pos = record_start(r, pos);
        uint32_t len = length_at(r, pos);
        fn(r->data + pos + HEADER, len, arg);
        pos += footprint(len);
    }
}
