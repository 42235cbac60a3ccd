/* SPDX-License-Identifier: MIT */
/* The clock that deadlines, read timeouts and retry waits are measured on:
 * monotonic seconds, never set back by a change of the wall clock. */
#ifndef CREQ_NOW_H
#define CREQ_NOW_H

#include <time.h>

static inline double creq__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
