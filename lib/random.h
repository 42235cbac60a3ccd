/* SPDX-License-Identifier: MIT */
/* Fast per-thread random numbers for /status choices and the like (not for
 * secrets: those use getrandom() directly). */
#ifndef HB_RANDOM_H
#define HB_RANDOM_H

#include <stddef.h>
#include <stdint.h>

uint64_t hb_random_u64(void);
/* Uniform in [0, 1). */
double hb_random_unit(void);
/* n random bytes (unseeded /bytes: eight per step, not Python's one). */
void hb_random_fill(void *buf, size_t n);

#endif
