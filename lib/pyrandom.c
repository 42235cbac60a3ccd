/* SPDX-License-Identifier: MIT */
/* Python 3's random.Random: MT19937 as CPython's _randommodule.c runs it,
 * and the few Lib/random.py steps httpbin's /bytes goes through. Any change
 * here changes seeded bodies: tests/unit/test_pyrandom.c holds Python's
 * own outputs. */
#include "pyrandom.h"

#include <stdbool.h>
#include <string.h>


#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

/* Enough 32-bit words for HB_PYRANDOM_MAX_DIGITS decimal digits:
 * 4300 * log2(10) = 14284.3 bits. */
#define MAX_SEED_WORDS 448

static void init_genrand(struct hb_pyrandom *r, uint32_t s)
{
    uint32_t *mt = r->mt;
    mt[0] = s;
    for (unsigned i = 1; i < HB_PYRANDOM_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i;
    r->index = HB_PYRANDOM_N;
}

static void init_by_array(struct hb_pyrandom *r, const uint32_t *key, size_t len)
{
    uint32_t *mt = r->mt;
    size_t i = 1, j = 0;
    init_genrand(r, 19650218U);
    for (size_t k = HB_PYRANDOM_N > len ? HB_PYRANDOM_N : len; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= HB_PYRANDOM_N) {
            mt[0] = mt[HB_PYRANDOM_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = HB_PYRANDOM_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i;
        i++;
        if (i >= HB_PYRANDOM_N) {
            mt[0] = mt[HB_PYRANDOM_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U; /* MSB is 1, assuring a non-zero initial array */
}

void hb_pyrandom_seed_words(struct hb_pyrandom *r, const uint32_t *words, size_t count)
{
    static const uint32_t zero = 0;
    /* CPython sizes the key from the bit length: high zero words vanish,
     * and 0 is one zero word. */
    while (count > 0 && words[count - 1] == 0)
        count--;
    if (count == 0)
        init_by_array(r, &zero, 1);
    else
        init_by_array(r, words, count);
}

static bool is_py_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The digits of text[0..len) as int() reads them: [start, end) holds digits
 * and single underscores between digits. false when it is not an integer
 * (a NUL inside included). */
static bool split_decimal(const char *text, size_t len, const char **start, const char **end)
{
    const char *p = text, *stop = text + len;
    while (p < stop && is_py_space(*p))
        p++;
    if (p < stop && (*p == '+' || *p == '-'))
        p++;
    *start = p;
    size_t digits = 0;
    for (;;) {
        if (p == stop || !is_digit(*p))
            return false; /* empty, a stray or trailing '_', or a non-digit */
        while (p < stop && is_digit(*p)) {
            p++;
            digits++;
        }
        if (p == stop || *p != '_')
            break;
        p++;
    }
    *end = p;
    while (p < stop && is_py_space(*p))
        p++;
    return p == stop && digits <= HB_PYRANDOM_MAX_DIGITS;
}

/* words = words * mul + add over 'count' words; the new count. */
static size_t words_mul_add(uint32_t *words, size_t count, uint32_t mul, uint32_t add)
{
    uint64_t carry = add;
    for (size_t i = 0; i < count; i++) {
        uint64_t v = (uint64_t)words[i] * mul + carry;
        words[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry && count < MAX_SEED_WORDS)
        words[count++] = (uint32_t)carry;
    return count;
}

int hb_pyrandom_seed_text(struct hb_pyrandom *r, const char *text)
{
    return text ? hb_pyrandom_seed_textn(r, text, strlen(text)) : -1;
}

int hb_pyrandom_seed_textn(struct hb_pyrandom *r, const char *text, size_t len)
{
    const char *p, *end;
    if (!text || !split_decimal(text, len, &p, &end))
        return -1;
    uint32_t words[MAX_SEED_WORDS];
    size_t count = 0;
    /* Nine digits at a time fit a word: words = words * 10^n + chunk. */
    while (p < end) {
        uint32_t chunk = 0, mul = 1;
        for (int n = 0; n < 9 && p < end; p++) {
            if (*p == '_')
                continue;
            chunk = chunk * 10 + (uint32_t)(*p - '0');
            mul *= 10;
            n++;
        }
        count = words_mul_add(words, count, mul, chunk);
    }
    hb_pyrandom_seed_words(r, words, count);
    return 0;
}

/* Makes the next 624 words of state. */
static void twist(struct hb_pyrandom *r)
{
    static const uint32_t mag01[2] = { 0U, MATRIX_A };
    uint32_t *mt = r->mt, y;
    unsigned kk;
    for (kk = 0; kk < HB_PYRANDOM_N - MT_M; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1U];
    }
    for (; kk < HB_PYRANDOM_N - 1; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + MT_M - HB_PYRANDOM_N] ^ (y >> 1) ^ mag01[y & 1U];
    }
    y = (mt[HB_PYRANDOM_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[HB_PYRANDOM_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1U];
    r->index = 0;
}

uint32_t hb_pyrandom_u32(struct hb_pyrandom *r)
{
    if (r->index >= HB_PYRANDOM_N)
        twist(r);
    uint32_t y = r->mt[r->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
}

uint64_t hb_pyrandom_getrandbits(struct hb_pyrandom *r, unsigned k)
{
    if (k == 0)
        return 0;
    if (k <= 32)
        return hb_pyrandom_u32(r) >> (32 - k);
    if (k > 64)
        k = 64;
    /* Least significant word first; the last one keeps its top bits. */
    uint64_t low = hb_pyrandom_u32(r);
    uint64_t high = hb_pyrandom_u32(r) >> (64 - k);
    return low | high << 32;
}

static unsigned bit_length(uint64_t n)
{
    unsigned k = 0;
    while (n) {
        k++;
        n >>= 1;
    }
    return k;
}

/* Lib/random.py's _randbelow_with_getrandbits: k = n.bit_length() bits,
 * drawn again until below n. */
uint64_t hb_pyrandom_randbelow(struct hb_pyrandom *r, uint64_t n)
{
    if (n == 0)
        return 0;
    unsigned k = bit_length(n);
    uint64_t v = hb_pyrandom_getrandbits(r, k);
    while (v >= n)
        v = hb_pyrandom_getrandbits(r, k);
    return v;
}

/* _randbelow(2**64): getrandbits(65), whose third word keeps one bit. */
static uint64_t randbelow_2_64(struct hb_pyrandom *r)
{
    for (;;) {
        uint64_t low = hb_pyrandom_u32(r);
        uint64_t high = hb_pyrandom_u32(r);
        if ((hb_pyrandom_u32(r) >> 31) == 0)
            return low | high << 32;
    }
}

int64_t hb_pyrandom_randint(struct hb_pyrandom *r, int64_t a, int64_t b)
{
    if (a > b)
        return a;
    uint64_t width = (uint64_t)b - (uint64_t)a + 1; /* 0: all 2**64 values */
    uint64_t u = (uint64_t)a + (width ? hb_pyrandom_randbelow(r, width) : randbelow_2_64(r));
    /* Back to signed without implementation-defined conversion. */
    return u <= INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
}

double hb_pyrandom_random(struct hb_pyrandom *r)
{
    uint32_t a = hb_pyrandom_u32(r) >> 5, b = hb_pyrandom_u32(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

void hb_pyrandom_bytes(struct hb_pyrandom *r, unsigned char *out, size_t n)
{
    /* randint(0, 255) is _randbelow(256): getrandbits(9) until below 256. */
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        do
            v = hb_pyrandom_u32(r) >> 23;
        while (v >= 256);
        out[i] = (unsigned char)v;
    }
}
