/* SPDX-License-Identifier: MIT */
/* server/pyrandom.c against Python 3.11 itself: every expected value below
 * was printed by /usr/bin/python3 (random.seed(n), then randint(0, 255) per
 * byte, getrandbits, randint, random), so a mismatch means our bytes differ
 * from Python httpbin's. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pyrandom.h"
#include "lib/random.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* Crosses the 624-word state refill more than once (each byte takes one or
 * more words). */
#define LONG_RUN (624 * 4 + 7)

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

/* A 4300-digit seed of nines: the longest decimal text int() accepts. */
static char *nines(size_t digits, int underscores)
{
    char *s = malloc(2 * digits + 1), *p = s;
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < digits; i++) {
        if (underscores && i)
            *p++ = '_';
        *p++ = '9';
    }
    *p = '\0';
    return s;
}

/* --- /bytes?seed= bodies ------------------------------------------------------ */

struct bytes_case {
    const char *seed;         /* "nines": 4300 nines */
    const char *first16, *last16; /* hex of bytes 0..15 and LONG_RUN-16.. */
    uint64_t fnv;             /* FNV-1a 64 of all LONG_RUN bytes */
};

/* python3: random.seed(int(seed)); bytes(random.randint(0,255) for _ in range(2503)) */
static const struct bytes_case bytes_cases[] = {
    { "0", "c5d71484f8cf9bf4b76f47904730804b", "22368f308aef84d6152648e71eb1aa82",
      UINT64_C(0xc1f06be8a77c06ae) },
    { "1", "4420823cfde6f1c26b30f90ec7dd01e4", "9d87b28893180e05e1156927a1e79b3a",
      UINT64_C(0x5c2ec656bca8e8ff) },
    { "-5", "82b70eee7f1a5039bef07ec2347f066e", "ed0cb35a3e53b5ca53d57d01eb887fd0",
      UINT64_C(0x2fd103f1c9149fb8) },
    { "4294967295", "686e95aec38fb5fed2206f46f4bb531f", "d2e5081f2b50807b70f038c0b2e1219c",
      UINT64_C(0x77fd1f8cf70f6686) },
    { "4294967296", "39b3d5080ba9e7074626dda0afc3f5ec", "f6bf5e3bb77d2e630fef1c67ff4dd549",
      UINT64_C(0x1111d1365c59d347) },
    { "999999999", "803f53c78d2282ef1d3dacdecefb878a", "e1b7ebe105a3a1f625bbfec97a965571",
      UINT64_C(0x8a309a7065d91de0) },
    { "1000000000", "3cdc82ed3160028b0c5b9208c8ae02ca", "05865b1b6b38ab1147aa30243e82cf68",
      UINT64_C(0x297b179fa7d9e1ee) },
    { "18446744073709551616", "be2fff4731dfbe0ce0719a7dbac5439d",
      "5612f4c65d1e827d2b6f68e0af069a2a", UINT64_C(0x136b1018b2fd0753) },
    { "18446744073709551619", "fe32ef0a6187019dc2f567fe6f065f12",
      "512a35f9548cc1dd30727b849d095dd6", UINT64_C(0x3656b503e9c05553) },
    { "3141592653589793238462643383279502884197169399375105820974944592307816406286"
      "208998628034825342117067",
      "7908b299a0efce78d3ead74d604190d1", "5486b4763af4c98e5d57ed226255f012",
      UINT64_C(0xac76ba3632c7d824) },
    { "-3141592653589793238462643383279502884197169399375105820974944592307816406286"
      "208998628034825342117067",
      "7908b299a0efce78d3ead74d604190d1", "5486b4763af4c98e5d57ed226255f012",
      UINT64_C(0xac76ba3632c7d824) },
    { "nines", "77802bc86a81cc5b29b989311e164f9d", "f7d287a10ef0be55a764a7468e7133ed",
      UINT64_C(0x4a41d789bfbf7737) },
};

static void seed_case(struct hb_pyrandom *r, const char *seed)
{
    char *owned = strcmp(seed, "nines") ? NULL : nines(HB_PYRANDOM_MAX_DIGITS, 0);
    ck_assert_int_eq(hb_pyrandom_seed_text(r, owned ? owned : seed), 0);
    free(owned);
}

static void check_run(const struct bytes_case *c, const unsigned char *buf)
{
    char got[33];
    hex(buf, 16, got);
    ck_assert_str_eq(got, c->first16);
    hex(buf + LONG_RUN - 16, 16, got);
    ck_assert_str_eq(got, c->last16);
    ck_assert_uint_eq(fnv1a64(buf, LONG_RUN), c->fnv);
}

START_TEST(test_bytes_match_python_httpbin_for_each_seed)
{
    const struct bytes_case *c = &bytes_cases[_i];
    struct hb_pyrandom *r = malloc(sizeof(*r));
    unsigned char buf[LONG_RUN];
    ck_assert_ptr_nonnull(r);
    seed_case(r, c->seed);
    hb_pyrandom_bytes(r, buf, LONG_RUN);
    check_run(c, buf);
    free(r);
}
END_TEST

START_TEST(test_bytes_zero_and_one_byte_draws)
{
    const struct bytes_case *c = &bytes_cases[_i];
    struct hb_pyrandom *r = malloc(sizeof(*r));
    unsigned char one = 0, buf[LONG_RUN];
    char got[3];
    ck_assert_ptr_nonnull(r);
    seed_case(r, c->seed);
    hb_pyrandom_bytes(r, buf, 0); /* draws nothing */
    hb_pyrandom_bytes(r, &one, 1);
    hex(&one, 1, got);
    ck_assert_int_eq(strncmp(got, c->first16, 2), 0);
    /* Re-seeding starts over: the seed is the whole state. */
    seed_case(r, c->seed);
    hb_pyrandom_bytes(r, buf, LONG_RUN);
    check_run(c, buf);
    free(r);
}
END_TEST

/* Bodies are made chunk by chunk: any cut gives the same sequence. */
START_TEST(test_bytes_are_the_same_however_they_are_chunked)
{
    static const size_t cuts[] = { 1, 7, 0, 623, 624, 625, 1, 16 };
    const struct bytes_case *c = &bytes_cases[_i];
    struct hb_pyrandom *r = malloc(sizeof(*r));
    unsigned char buf[LONG_RUN];
    size_t at = 0;
    ck_assert_ptr_nonnull(r);
    seed_case(r, c->seed);
    for (size_t i = 0; i < N_OF(cuts); i++) {
        hb_pyrandom_bytes(r, buf + at, cuts[i]);
        at += cuts[i];
    }
    hb_pyrandom_bytes(r, buf + at, LONG_RUN - at);
    check_run(c, buf);
    free(r);
}
END_TEST

/* --- seed texts: what int() takes ---------------------------------------------- */

struct text_case {
    const char *text;
    const char *same_as; /* NULL: refused */
};

static const struct text_case text_cases[] = {
    { "+1", "1" },
    { " 1\n", "1" },
    { "\t\v\f\r1 ", "1" },
    { "0001", "1" },
    { "-0", "0" },
    { "0_0", "0" },
    { "4_294_967_296", "4294967296" },
    { "-4294967296", "4294967296" },
    { "", NULL },
    { " ", NULL },
    { "+", NULL },
    { "-", NULL },
    { "+-1", NULL },
    { "- 1", NULL },
    { "_1", NULL },
    { "1_", NULL },
    { "1__0", NULL },
    { "+_1", NULL },
    { "1.5", NULL },
    { "1e3", NULL },
    { "0x10", NULL },
    { "1 2", NULL },
    { "12a", NULL },
    { "inf", NULL },
    { "nan", NULL },
    { "\x1c" "1", NULL },           /* int() strips only these six ASCII spaces */
    { "\xd9\xa1", NULL },          /* ARABIC-INDIC ONE: Python takes it, we do not */
    { "\xef\xbc\x91", NULL },      /* FULLWIDTH ONE */
};

START_TEST(test_seed_text_reads_integers_as_python_int_does)
{
    const struct text_case *c = &text_cases[_i];
    struct hb_pyrandom *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    memset(a, 0xab, sizeof(*a));
    memset(b, 0xab, sizeof(*b));
    int rc = hb_pyrandom_seed_text(a, c->text);
    if (!c->same_as) {
        ck_assert_msg(rc == -1, "'%s' was accepted", c->text);
        ck_assert_msg(memcmp(a, b, sizeof(*a)) == 0, "a refused seed changed the state");
    } else {
        ck_assert_msg(rc == 0, "'%s' was refused", c->text);
        ck_assert_int_eq(hb_pyrandom_seed_text(b, c->same_as), 0);
        ck_assert_uint_eq(hb_pyrandom_u32(a), hb_pyrandom_u32(b));
        ck_assert_mem_eq(a, b, sizeof(*a));
    }
    free(a);
    free(b);
}
END_TEST

START_TEST(test_seed_text_refuses_null)
{
    struct hb_pyrandom *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(hb_pyrandom_seed_text(r, NULL), -1);
    free(r);
}
END_TEST

/* A query value may hold a NUL (%00): int() refuses it, so do we. */
START_TEST(test_seed_textn_refuses_a_nul_inside)
{
    struct hb_pyrandom *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    ck_assert_int_eq(hb_pyrandom_seed_textn(a, "7\0", 2), -1);
    ck_assert_int_eq(hb_pyrandom_seed_textn(a, "\0" "7", 2), -1);
    ck_assert_int_eq(hb_pyrandom_seed_textn(a, "", 0), -1);
    /* Only 'len' bytes are read. */
    ck_assert_int_eq(hb_pyrandom_seed_textn(a, "12x", 2), 0);
    ck_assert_int_eq(hb_pyrandom_seed_text(b, "12"), 0);
    ck_assert_mem_eq(a, b, sizeof(*a));
    free(a);
    free(b);
}
END_TEST

/* Python refuses more than 4300 digits; underscores do not count. */
START_TEST(test_seed_text_takes_at_most_python_digit_limit)
{
    struct hb_pyrandom *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    char *plain = nines(HB_PYRANDOM_MAX_DIGITS, 0);
    char *spaced = nines(HB_PYRANDOM_MAX_DIGITS, 1);
    char *too_long = nines(HB_PYRANDOM_MAX_DIGITS + 1, 0);
    ck_assert_int_eq(hb_pyrandom_seed_text(a, plain), 0);
    ck_assert_int_eq(hb_pyrandom_seed_text(b, spaced), 0);
    ck_assert_mem_eq(a, b, sizeof(*a));
    ck_assert_int_eq(hb_pyrandom_seed_text(a, too_long), -1);
    /* Leading zeros count, as in Python. */
    too_long[0] = '0';
    ck_assert_int_eq(hb_pyrandom_seed_text(a, too_long), -1);
    free(plain);
    free(spaced);
    free(too_long);
    free(a);
    free(b);
}
END_TEST

/* --- words, getrandbits, randint, random ---------------------------------------- */

START_TEST(test_seed_words_ignores_high_zero_words)
{
    static const uint32_t one_word[] = { 0xffffffffU };
    static const uint32_t padded[] = { 0xffffffffU, 0, 0 };
    static const uint32_t zero[] = { 0 };
    struct hb_pyrandom *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    hb_pyrandom_seed_words(a, one_word, 1);
    hb_pyrandom_seed_words(b, padded, 3);
    ck_assert_mem_eq(a, b, sizeof(*a));
    /* python3: random.Random(2**32-1).getrandbits(32) x3 */
    ck_assert_uint_eq(hb_pyrandom_u32(a), 0xa2a6c909U);
    ck_assert_uint_eq(hb_pyrandom_u32(a), 0x9e9c04f4U);
    ck_assert_uint_eq(hb_pyrandom_u32(a), 0x3404e941U);
    /* No words and one zero word are both the integer 0. */
    hb_pyrandom_seed_words(a, zero, 0);
    hb_pyrandom_seed_words(b, zero, 1);
    ck_assert_mem_eq(a, b, sizeof(*a));
    free(a);
    free(b);
}
END_TEST

START_TEST(test_getrandbits_matches_python)
{
    /* python3: r = random.Random(42); [r.getrandbits(k) for k in ks] */
    static const struct { unsigned k; uint64_t want; } draws[] = {
        { 0, 0x0 }, { 1, 0x1 }, { 31, 0xe4018bf }, { 32, 0x6671ad1 }, { 33, 0xbdd640fb },
        { 63, UINT64_C(0x1c922b6f3eb13b90) }, { 64, UINT64_C(0xbc8960a923b8c1e9) }, { 9, 0x34 },
    };
    struct hb_pyrandom *r = malloc(sizeof(*r));
    ck_assert_int_eq(hb_pyrandom_seed_text(r, "42"), 0);
    for (size_t i = 0; i < N_OF(draws); i++)
        ck_assert_msg(hb_pyrandom_getrandbits(r, draws[i].k) == draws[i].want,
                      "getrandbits(%u), draw %zu", draws[i].k, i);
    free(r);
}
END_TEST

START_TEST(test_randint_matches_python)
{
    struct hb_pyrandom *r = malloc(sizeof(*r));
    ck_assert_int_eq(hb_pyrandom_seed_text(r, "7"), 0);
    /* python3: r = random.Random(7); five randint(1, 6), then the wide ones */
    static const int64_t dice[] = { 3, 2, 4, 6, 1 };
    for (size_t i = 0; i < N_OF(dice); i++)
        ck_assert_int_eq(hb_pyrandom_randint(r, 1, 6), dice[i]);
    ck_assert_int_eq(hb_pyrandom_randint(r, -1000000000000000000, 1000000000000000000),
                     893729575939813171);
    ck_assert_int_eq(hb_pyrandom_randint(r, INT64_MIN, INT64_MAX), -7486979218489765845);
    ck_assert_int_eq(hb_pyrandom_randint(r, 5, 5), 5);
    ck_assert_int_eq(hb_pyrandom_randint(r, 0, INT64_MAX), 691672907343361484);
    free(r);
}
END_TEST

START_TEST(test_randint_with_empty_range_draws_nothing)
{
    struct hb_pyrandom *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    hb_pyrandom_seed_text(a, "3");
    hb_pyrandom_seed_text(b, "3");
    ck_assert_int_eq(hb_pyrandom_randint(a, 2, 1), 2);
    ck_assert_uint_eq(hb_pyrandom_randbelow(a, 0), 0);
    ck_assert_mem_eq(a, b, sizeof(*a));
    free(a);
    free(b);
}
END_TEST

START_TEST(test_random_matches_python)
{
    /* python3: r = random.Random(1234567890); repr(r.random()) x3 */
    struct hb_pyrandom *r = malloc(sizeof(*r));
    char got[32];
    static const char *const want[] = { "0.9206826283274985", "0.6351002019693018",
                                        "0.4435211436398484" };
    ck_assert_int_eq(hb_pyrandom_seed_text(r, "1234567890"), 0);
    for (size_t i = 0; i < N_OF(want); i++) {
        snprintf(got, sizeof(got), "%.17g", hb_pyrandom_random(r));
        ck_assert_double_eq(strtod(got, NULL), strtod(want[i], NULL));
    }
    free(r);
}
END_TEST

START_TEST(test_unseeded_fill_gives_different_bytes_and_only_n)
{
    /* Unseeded /bytes use server/random.h instead of the Python generator. */
    unsigned char x[40], y[40];
    memset(x, 0xAA, sizeof(x));
    memset(y, 0xAA, sizeof(y));
    hb_random_fill(x, 29);
    hb_random_fill(y, 29);
    ck_assert_msg(memcmp(x, y, 29) != 0, "two fills gave the same bytes");
    for (size_t i = 29; i < sizeof(x); i++)
        ck_assert_int_eq(x[i], 0xAA);
}
END_TEST

static Suite *pyrandom_suite(void)
{
    Suite *s = suite_create("pyrandom");
    TCase *tc;

    tc = tcase_create("bytes");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_bytes_match_python_httpbin_for_each_seed, 0, N_OF(bytes_cases));
    tcase_add_loop_test(tc, test_bytes_zero_and_one_byte_draws, 0, N_OF(bytes_cases));
    tcase_add_loop_test(tc, test_bytes_are_the_same_however_they_are_chunked, 0,
                        N_OF(bytes_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("seed");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_seed_text_reads_integers_as_python_int_does, 0,
                        N_OF(text_cases));
    tcase_add_test(tc, test_seed_text_refuses_null);
    tcase_add_test(tc, test_seed_textn_refuses_a_nul_inside);
    tcase_add_test(tc, test_seed_text_takes_at_most_python_digit_limit);
    tcase_add_test(tc, test_seed_words_ignores_high_zero_words);
    tcase_add_test(tc, test_unseeded_fill_gives_different_bytes_and_only_n);
    suite_add_tcase(s, tc);

    tc = tcase_create("draws");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_getrandbits_matches_python);
    tcase_add_test(tc, test_randint_matches_python);
    tcase_add_test(tc, test_randint_with_empty_range_draws_nothing);
    tcase_add_test(tc, test_random_matches_python);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pyrandom_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
