/* SPDX-License-Identifier: MIT */
/* Pacing for bodies sent over a duration (/drip, /range?duration=, /sse):
 * unit i of 'total' is due at start + i * step. Deadlines are absolute, so
 * timer slack never adds up, and units that fall due together go out in
 * one write instead of a suspend per byte. */
#ifndef HB_PACER_H
#define HB_PACER_H

#include <stdint.h>

struct hb_pacer {
    uint64_t total, sent; /* units (bytes, events) */
    double step;          /* seconds between units */
    double start;         /* monotonic seconds of the first call; 0 before */
};

void hb_pacer_init(struct hb_pacer *p, uint64_t total, double step);
/* Units that may go now: at least 1 while any remain, at most 'max'. Call
 * hb_pacer_sent after writing them. */
uint64_t hb_pacer_due(struct hb_pacer *p, uint64_t max);
/* Records 'n' units sent; returns the pause before the next are due (0 when
 * late or done; never under a millisecond otherwise). */
double hb_pacer_sent(struct hb_pacer *p, uint64_t n);

#endif
