/* SPDX-License-Identifier: MIT */
/* The per-request arena (arena.h): chunks, alignment, the limit, deferred cleanups, copies. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

#define ALIGNED(p) (((uintptr_t)(p) & 15u) == 0)

/* --- allocation ----------------------------------------------------------------- */

struct align_case {
    const char *name;
    size_t before; /* bytes allocated first, to misalign a naive bump pointer */
    size_t size;
};

static const struct align_case align_cases[] = {
    { "zero_bytes", 0, 0 },
    { "one_byte_first", 0, 1 },
    { "one_byte_after_one", 1, 1 },
    { "fifteen_after_three", 3, 15 },
    { "sixteen_after_seventeen", 17, 16 },
    { "odd_after_odd", 31, 33 },
    { "fills_the_inline_buffer", 0, 2048 },
    { "just_past_inline_buffer", 1, 2048 },
    { "one_chunk", 5, 8192 },
    { "past_one_chunk", 5, 8193 },
    { "large", 7, 1u << 20 },
};

START_TEST(test_arena_alloc_is_aligned_to_16_and_writable)
{
    const struct align_case *c = &align_cases[_i];
    struct hb_arena a;
    hb_arena_init(&a, 0);
    unsigned char *first = NULL;
    if (c->before) {
        first = hb_arena_alloc(&a, c->before);
        ck_assert_msg(first != NULL, "%s: first allocation failed", c->name);
        memset(first, 0xAB, c->before);
    }
    unsigned char *p = hb_arena_alloc(&a, c->size);
    ck_assert_msg(p != NULL, "%s: NULL", c->name);
    ck_assert_msg(ALIGNED(p), "%s: %p is not 16-byte aligned", c->name, (void *)p);
    memset(p, 0xCD, c->size ? c->size : 1);
    size_t i = 0;
    while (i < c->before && first[i] == 0xAB)
        i++;
    ck_assert_msg(i == c->before, "%s: second allocation overwrote the first at byte %zu",
                  c->name, i);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_keeps_many_allocations_across_chunks_intact)
{
    enum { N = 20000 };
    struct hb_arena a;
    unsigned char **ptrs = malloc(N * sizeof(*ptrs));
    ck_assert_ptr_nonnull(ptrs);
    hb_arena_init(&a, 0);
    size_t total = 0;
    for (size_t i = 0; i < N; i++) {
        size_t size = i % 97 + 1;
        ptrs[i] = hb_arena_alloc(&a, size);
        ck_assert_ptr_nonnull(ptrs[i]);
        ck_assert(ALIGNED(ptrs[i]));
        memset(ptrs[i], (int)(i & 0xff), size);
        total += size;
    }
    ck_assert_uint_eq(a.used, total);
    /* One assertion per allocation, not per byte: each passing ck_assert
     * costs Check a write(), and a million of them under ASan on a loaded
     * machine outran the timeout. */
    for (size_t i = 0; i < N; i++) {
        size_t size = i % 97 + 1, j = 0;
        while (j < size && ptrs[i][j] == (i & 0xff))
            j++;
        if (j < size)
            ck_abort_msg("allocation %zu byte %zu overwritten", i, j);
    }
    hb_arena_cleanup(&a);
    free(ptrs);
}
END_TEST

START_TEST(test_arena_mixes_large_and_small_allocations)
{
    struct hb_arena a;
    hb_arena_init(&a, 0);
    char *small1 = hb_arena_strdup(&a, "small one");
    char *big1 = hb_arena_alloc(&a, 3u << 20);
    char *small2 = hb_arena_strdup(&a, "small two");
    char *big2 = hb_arena_alloc(&a, 100000);
    char *small3 = hb_arena_strdup(&a, "small three");
    ck_assert_ptr_nonnull(big1);
    ck_assert_ptr_nonnull(big2);
    ck_assert(ALIGNED(big1) && ALIGNED(big2));
    memset(big1, 1, 3u << 20);
    memset(big2, 2, 100000);
    ck_assert_str_eq(small1, "small one");
    ck_assert_str_eq(small2, "small two");
    ck_assert_str_eq(small3, "small three");
    ck_assert_int_eq(big1[(3u << 20) - 1], 1);
    ck_assert_int_eq(big2[0], 2);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_can_be_used_again_after_cleanup)
{
    struct hb_arena a;
    hb_arena_init(&a, 500);
    for (int round = 0; round < 3; round++) {
        ck_assert_uint_eq(a.used, 0);
        ck_assert_ptr_nonnull(hb_arena_alloc(&a, 300));
        ck_assert_ptr_nonnull(hb_arena_alloc(&a, 200));
        ck_assert_ptr_null(hb_arena_alloc(&a, 1));
        hb_arena_cleanup(&a);
        ck_assert_uint_eq(a.limit, 500);
    }
    hb_arena_cleanup(&a); /* cleaning an empty arena is harmless */
}
END_TEST

/* --- the limit ------------------------------------------------------------------- */

struct limit_case {
    const char *name;
    size_t limit;
    size_t n;
    size_t sizes[5];
    int ok[5]; /* 1: the allocation must succeed, 0: must be NULL */
};

static const struct limit_case limit_cases[] = {
    { "exact_fit_then_refusal", 1000, 3, { 600, 400, 1 }, { 1, 1, 0 } },
    { "single_allocation_over_limit", 1000, 1, { 1001 }, { 0 } },
    { "refusal_leaves_room_for_smaller", 100, 3, { 90, 20, 10 }, { 1, 0, 1 } },
    { "zero_size_counts_as_one_byte", 2, 3, { 0, 0, 0 }, { 1, 1, 0 } },
    { "unlimited_takes_big_sizes", 0, 3, { 100000, 200000, 1 }, { 1, 1, 1 } },
    { "size_max_refused", 0, 2, { SIZE_MAX, 1 }, { 0, 1 } },
    { "half_size_max_plus_one_refused", 0, 1, { SIZE_MAX / 2 + 1 }, { 0 } },
    { "size_max_refused_under_huge_limit", SIZE_MAX, 2, { SIZE_MAX, 8 }, { 0, 1 } },
    { "no_overflow_near_limit", SIZE_MAX / 2, 2, { 16, SIZE_MAX / 2 }, { 1, 0 } },
    { "limit_of_one_byte", 1, 3, { 1, 1, 0 }, { 1, 0, 0 } },
};

START_TEST(test_arena_limit_caps_bytes_handed_out)
{
    const struct limit_case *c = &limit_cases[_i];
    struct hb_arena a;
    hb_arena_init(&a, c->limit);
    for (size_t i = 0; i < c->n; i++) {
        void *p = hb_arena_alloc(&a, c->sizes[i]);
        ck_assert_msg((p != NULL) == c->ok[i], "%s: allocation %zu of %zu bytes %s", c->name, i,
                      c->sizes[i], p ? "succeeded" : "failed");
        if (p)
            memset(p, 0, c->sizes[i] ? c->sizes[i] : 1);
    }
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_limit_also_caps_copies)
{
    struct hb_arena a;
    hb_arena_init(&a, 10);
    ck_assert_ptr_nonnull(hb_arena_strdup(&a, "123456789")); /* 10 bytes with the NUL */
    ck_assert_ptr_null(hb_arena_strdup(&a, ""));
    ck_assert_ptr_null(hb_arena_memdup(&a, "x", 0));
    ck_assert_ptr_null(hb_arena_printf(&a, "%s", ""));
    hb_arena_cleanup(&a);
}
END_TEST

/* --- deferred cleanups -------------------------------------------------------------- */

static int calls[64];
static int order[64];
static int n_order;

static void record(void *arg)
{
    int id = (int)(intptr_t)arg;
    calls[id]++;
    order[n_order++] = id;
}

struct defer_case {
    const char *name;
    int deferred;    /* cleanups registered */
    size_t between;  /* bytes allocated between registrations */
    size_t limit;
};

static const struct defer_case defer_cases[] = {
    { "none", 0, 0, 0 },
    { "one", 1, 0, 0 },
    { "five_in_the_inline_buffer", 5, 0, 0 },
    { "across_chunks", 40, 3000, 0 },
    { "with_large_allocations_between", 8, 50000, 0 },
    { "exempt_from_a_full_limit", 20, 0, 1 },
    { "many", 64, 7, 0 },
};

START_TEST(test_arena_runs_deferred_cleanups_newest_first_exactly_once)
{
    const struct defer_case *c = &defer_cases[_i];
    struct hb_arena a;
    memset(calls, 0, sizeof(calls));
    n_order = 0;

    hb_arena_init(&a, c->limit);
    if (c->limit)
        ck_assert_ptr_nonnull(hb_arena_alloc(&a, c->limit)); /* the limit is now reached */
    for (int i = 0; i < c->deferred; i++) {
        ck_assert_msg(hb_arena_defer(&a, record, (void *)(intptr_t)i) == 0, "%s: defer %d failed",
                      c->name, i);
        if (c->between)
            ck_assert_ptr_nonnull(hb_arena_alloc(&a, c->between));
    }
    ck_assert_msg(n_order == 0, "%s: a cleanup ran before hb_arena_cleanup", c->name);
    hb_arena_cleanup(&a);
    ck_assert_msg(n_order == c->deferred, "%s: %d calls, want %d", c->name, n_order,
                  c->deferred);
    for (int i = 0; i < c->deferred; i++) {
        ck_assert_msg(order[i] == c->deferred - 1 - i, "%s: call %d ran cleanup %d, want %d",
                      c->name, i, order[i], c->deferred - 1 - i);
        ck_assert_msg(calls[i] == 1, "%s: cleanup %d ran %d times", c->name, i, calls[i]);
    }
    hb_arena_cleanup(&a); /* a second cleanup runs nothing again */
    ck_assert_msg(n_order == c->deferred, "%s: cleanups ran again", c->name);
}
END_TEST

struct owned {
    char *text;  /* arena memory */
    int *seen;   /* where to report what the cleanup read */
};

static void read_arena_text(void *arg)
{
    struct owned *o = arg;
    *o->seen = strcmp(o->text, "still here") == 0;
}

START_TEST(test_arena_cleanups_run_before_memory_is_freed)
{
    struct hb_arena a;
    int seen = 0;
    hb_arena_init(&a, 0);
    struct owned *o = hb_arena_alloc(&a, sizeof(*o));
    ck_assert_ptr_nonnull(o);
    o->text = hb_arena_strdup(&a, "still here");
    o->seen = &seen;
    ck_assert_int_eq(hb_arena_defer(&a, read_arena_text, o), 0);
    for (int i = 0; i < 10; i++) /* push the record and the text into older chunks */
        ck_assert_ptr_nonnull(hb_arena_alloc(&a, 9000));
    hb_arena_cleanup(&a);
    ck_assert_int_eq(seen, 1);
}
END_TEST

static void free_heap(void *p)
{
    free(p);
}

START_TEST(test_arena_defer_frees_heap_memory_without_leaks)
{
    /* LeakSanitizer fails the run if any of these is not freed. */
    struct hb_arena a;
    hb_arena_init(&a, 0);
    for (int i = 0; i < 100; i++) {
        void *p = malloc(64);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(hb_arena_defer(&a, free_heap, p), 0);
    }
    hb_arena_cleanup(&a);
}
END_TEST

/* --- copies and printf ------------------------------------------------------------------ */

struct dup_case {
    const char *name;
    const char *src;
    size_t len;
};

static const struct dup_case dup_cases[] = {
    { "empty", "", 0 },
    { "text", "hello", 5 },
    { "prefix_only", "hello", 2 },
    { "embedded_nuls", "a\0b\0c", 5 },
    { "only_nuls", "\0\0\0", 3 },
    { "high_bytes", "\xff\xfe\x80", 3 },
};

START_TEST(test_arena_memdup_copies_bytes_and_terminates)
{
    const struct dup_case *c = &dup_cases[_i];
    struct hb_arena a;
    hb_arena_init(&a, 0);
    char *p = hb_arena_memdup(&a, c->src, c->len);
    ck_assert_msg(p != NULL, "%s: NULL", c->name);
    ck_assert_msg(p != c->src, "%s: not a copy", c->name);
    ck_assert_msg(memcmp(p, c->src, c->len) == 0, "%s: bytes differ", c->name);
    ck_assert_msg(p[c->len] == '\0', "%s: not NUL-terminated", c->name);
    ck_assert_msg(ALIGNED(p), "%s: not aligned", c->name);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_memdup_refuses_impossible_lengths)
{
    struct hb_arena a;
    hb_arena_init(&a, 0);
    ck_assert_ptr_null(hb_arena_memdup(&a, "x", SIZE_MAX));
    ck_assert_ptr_null(hb_arena_memdup(&a, "x", SIZE_MAX - 1));
    /* NULL with length 0 is a valid empty range. */
    char *e = hb_arena_memdup(&a, NULL, 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e, "");
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_strdup_copies_a_long_string)
{
    enum { N = 50000 };
    struct hb_arena a;
    char *s = malloc(N + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, 'q', N);
    s[N] = '\0';
    hb_arena_init(&a, 0);
    char *p = hb_arena_strdup(&a, s);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, s);
    hb_arena_cleanup(&a);
    free(s);
}
END_TEST

START_TEST(test_arena_printf_formats_into_arena_memory)
{
    struct hb_arena a;
    hb_arena_init(&a, 0);
    ck_assert_str_eq(hb_arena_printf(&a, "%d-%s-%zu", -42, "x", (size_t)7), "-42-x-7");
    ck_assert_str_eq(hb_arena_printf(&a, "%s", ""), "");
    ck_assert_str_eq(hb_arena_printf(&a, "%.3f", 1.5), "1.500");
    char *long_one = hb_arena_printf(&a, "%20000d|", 1);
    ck_assert_ptr_nonnull(long_one);
    ck_assert_uint_eq(strlen(long_one), 20001);
    ck_assert_int_eq(long_one[19999], '1');
    ck_assert_int_eq(long_one[20000], '|');
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_arena_printf_returns_null_past_the_limit)
{
    struct hb_arena a;
    hb_arena_init(&a, 8);
    ck_assert_ptr_null(hb_arena_printf(&a, "%s", "123456789"));
    ck_assert_str_eq(hb_arena_printf(&a, "%d", 1234567), "1234567"); /* 8 bytes fit */
    hb_arena_cleanup(&a);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *arena_suite(void)
{
    Suite *s = suite_create("arena");
    TCase *tc;

    tc = tcase_create("alloc");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_arena_alloc_is_aligned_to_16_and_writable, 0, N_OF(align_cases));
    tcase_add_test(tc, test_arena_keeps_many_allocations_across_chunks_intact);
    tcase_add_test(tc, test_arena_mixes_large_and_small_allocations);
    tcase_add_test(tc, test_arena_can_be_used_again_after_cleanup);
    suite_add_tcase(s, tc);

    tc = tcase_create("limit");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_arena_limit_caps_bytes_handed_out, 0, N_OF(limit_cases));
    tcase_add_test(tc, test_arena_limit_also_caps_copies);
    suite_add_tcase(s, tc);

    tc = tcase_create("defer");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_arena_runs_deferred_cleanups_newest_first_exactly_once, 0,
                        N_OF(defer_cases));
    tcase_add_test(tc, test_arena_cleanups_run_before_memory_is_freed);
    tcase_add_test(tc, test_arena_defer_frees_heap_memory_without_leaks);
    suite_add_tcase(s, tc);

    tc = tcase_create("copies");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_arena_memdup_copies_bytes_and_terminates, 0, N_OF(dup_cases));
    tcase_add_test(tc, test_arena_memdup_refuses_impossible_lengths);
    tcase_add_test(tc, test_arena_strdup_copies_a_long_string);
    tcase_add_test(tc, test_arena_printf_formats_into_arena_memory);
    tcase_add_test(tc, test_arena_printf_returns_null_past_the_limit);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(arena_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
