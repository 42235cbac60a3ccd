/* SPDX-License-Identifier: MIT */
/* Python 3's random.Random, bit for bit: MT19937 seeded as random.seed(int)
 * does, getrandbits, randint and random() as CPython 3.11 computes them. It
 * lets /bytes?seed= and /stream-bytes?seed= send Python httpbin's bytes. */
#ifndef HB_PYRANDOM_H
#define HB_PYRANDOM_H

#include <stddef.h>
#include <stdint.h>

#define HB_PYRANDOM_N 624

/* The generator: a plain struct the caller holds (about 2.5 KiB; hb_alloc it
 * per request rather than putting it on a small stack). No other memory. */
struct hb_pyrandom {
    uint32_t mt[HB_PYRANDOM_N];
    unsigned index;
};

/* Python's int() refuses longer decimal texts (sys.int_max_str_digits). */
#define HB_PYRANDOM_MAX_DIGITS 4300

/* random.seed(n) for the integer n >= 0 whose 32-bit words, least
 * significant first, are words[0..count). count 0 is n = 0; high zero words
 * are ignored, as CPython ignores them. */
void hb_pyrandom_seed_words(struct hb_pyrandom *r, const uint32_t *words, size_t count);
/* random.seed(int(text)) for a decimal text as Python's int() takes it:
 * optional ASCII whitespace around, an optional sign, ASCII digits with
 * single '_' between them, at most HB_PYRANDOM_MAX_DIGITS digits. The sign
 * does not matter (CPython seeds with abs(n)). 0, or -1 and 'r' untouched
 * when the text is not such an integer (the caller answers 400). Non-ASCII
 * digits and spaces, which Python also takes, are refused. */
int hb_pyrandom_seed_text(struct hb_pyrandom *r, const char *text);
/* The same for text[0..len), e.g. a query value (struct hb_kv's len): a NUL
 * inside ("?seed=7%00") is refused, as int() refuses it. */
int hb_pyrandom_seed_textn(struct hb_pyrandom *r, const char *text, size_t len);

/* The next 32-bit output (CPython's genrand_uint32). */
uint32_t hb_pyrandom_u32(struct hb_pyrandom *r);
/* getrandbits(k) for k <= 64 (k 0 gives 0 and draws nothing). */
uint64_t hb_pyrandom_getrandbits(struct hb_pyrandom *r, unsigned k);
/* _randbelow(n) for n >= 1 (n 0 gives 0): uniform in [0, n). */
uint64_t hb_pyrandom_randbelow(struct hb_pyrandom *r, uint64_t n);
/* randint(a, b) for a <= b (else a is returned and nothing drawn). */
int64_t hb_pyrandom_randint(struct hb_pyrandom *r, int64_t a, int64_t b);
/* random(): uniform in [0, 1) with 53 bits. */
double hb_pyrandom_random(struct hb_pyrandom *r);

/* The next n bytes of httpbin's /bytes and /stream-bytes body: each one is
 * random.randint(0, 255). Call it again for the following bytes: the
 * sequence is the same however it is cut into chunks. */
void hb_pyrandom_bytes(struct hb_pyrandom *r, unsigned char *out, size_t n);

#endif
