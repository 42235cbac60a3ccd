/* SPDX-License-Identifier: MIT */
/* A ring of variable-length records in one block of memory, the oldest
 * dropped first to make room. It holds offsets, never pointers, so the block
 * may be shared with forked children (the journal's is). Not locked: its
 * owner locks. */
#ifndef HB_RING_H
#define HB_RING_H

#include <stddef.h>

struct hb_ring {
    size_t cap;          /* bytes of data[], a multiple of 8 */
    size_t head, tail;   /* offsets of the oldest record and of the next write */
    size_t count;        /* records held */
    unsigned char data[];
};

/* The bytes a ring of 'cap' data bytes takes (cap is rounded down to 8). */
size_t hb_ring_size(size_t cap);
/* Makes the block at r (hb_ring_size(cap) bytes) an empty ring. */
void hb_ring_init(struct hb_ring *r, size_t cap);
/* Appends a copy of len bytes, first dropping the oldest records until it
 * fits and at most max_count - 1 others remain. The number dropped, or -1
 * (nothing changed) when the record is larger than the whole ring. */
long hb_ring_push(struct hb_ring *r, const void *data, size_t len, size_t max_count);
/* Calls fn on each record, oldest first. */
void hb_ring_each(const struct hb_ring *r, void (*fn)(const void *data, size_t len, void *arg),
                  void *arg);
/* Drops every record. */
void hb_ring_clear(struct hb_ring *r);

#endif
