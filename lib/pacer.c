/* SPDX-License-Identifier: MIT */
/* Absolute-deadline pacing; see pacer.h. */
#include "pacer.h"

#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void hb_pacer_init(struct hb_pacer *p, uint64_t total, double step)
{
    p->total = total;
    p->sent = 0;
    p->step = step > 0 ? step : 0;
    p->start = 0;
}

uint64_t hb_pacer_due(struct hb_pacer *p, uint64_t max)
{
    if (p->sent >= p->total || max == 0)
        return 0;
    double now = now_seconds();
    if (p->start == 0)
        p->start = now;
    uint64_t due = p->total;
    if (p->step > 0) {
        double elapsed = (now - p->start) / p->step + 1;
        if (elapsed < (double)p->total)
            due = (uint64_t)elapsed;
    }
    uint64_t n = due > p->sent ? due - p->sent : 1;
    return n < max ? n : max;
}

/* Shorter waits cost more in suspends than they buy in smoothness. */
#define MIN_WAIT 0.001

double hb_pacer_sent(struct hb_pacer *p, uint64_t n)
{
    p->sent += n;
    if (p->sent >= p->total || p->step <= 0)
        return 0;
    double wait = p->start + (double)p->sent * p->step - now_seconds();
    if (wait <= 0)
        return 0;
    return wait < MIN_WAIT ? MIN_WAIT : wait;
}
