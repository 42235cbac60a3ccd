/* SPDX-License-Identifier: MIT */
/* xorshift64* per thread, seeded once from the kernel; see random.h. */
#include "random.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>

static _Thread_local uint64_t state;

uint64_t hb_random_u64(void)
{
    if (state == 0) {
        if (getrandom(&state, sizeof(state), 0) != (ssize_t)sizeof(state) || state == 0)
            state = (uint64_t)time(NULL) | 1;
    }
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

double hb_random_unit(void)
{
    return (double)(hb_random_u64() >> 11) * 0x1.0p-53;
}

void hb_random_fill(void *buf, size_t n)
{
    unsigned char *p = buf;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v = hb_random_u64();
        memcpy(p, &v, 8);
    }
    if (n) {
        uint64_t v = hb_random_u64();
        memcpy(p, &v, n);
    }
}
