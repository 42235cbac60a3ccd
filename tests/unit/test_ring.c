/* SPDX-License-Identifier: MIT */
/* The record ring (lib/ring.h) behind the request journal. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ring.h"

static struct hb_ring *new_ring(size_t cap)
{
    struct hb_ring *r = malloc(hb_ring_size(cap));
    ck_assert_ptr_nonnull(r);
    hb_ring_init(r, cap);
    return r;
}

/* A record's bytes say which record it is: its number, then a pattern. */
static size_t make_record(unsigned char *buf, uint32_t id, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (unsigned char)(id * 31 + i);
    if (len >= sizeof(id))
        memcpy(buf, &id, sizeof(id));
    return len;
}

struct seen {
    uint32_t ids[4096];
    size_t lens[4096];
    size_t count, bytes;
    int corrupt;
};

static void collect(const void *data, size_t len, void *arg)
{
    struct seen *s = arg;
    uint32_t id = 0;
    unsigned char want[4096];
    if (len > sizeof(want) || s->count == sizeof(s->ids) / sizeof(s->ids[0])) {
        s->corrupt = 1; /* a length no record had: the ring is broken */
        return;
    }
    if (len >= sizeof(id))
        memcpy(&id, data, sizeof(id));
    make_record(want, id, len);
    if (memcmp(want, data, len))
        s->corrupt = 1;
    s->ids[s->count] = id;
    s->lens[s->count++] = len;
    s->bytes += (4 + len + 7) & ~(size_t)7;
}

START_TEST(test_ring_keeps_records_in_order_with_their_bytes)
{
    struct hb_ring *r = new_ring(256);
    const char *words[] = { "one", "two", "three" };
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(hb_ring_push(r, words[i], strlen(words[i]), 10), 0);
    struct seen s = { 0 };
    hb_ring_each(r, collect, &s);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_eq(s.lens[2], 5);
    free(r);
}
END_TEST

START_TEST(test_ring_drops_the_oldest_at_its_count_limit)
{
    struct hb_ring *r = new_ring(1024);
    unsigned char buf[64];
    for (uint32_t id = 1; id <= 5; id++)
        hb_ring_push(r, buf, make_record(buf, id, 16), 3);
    struct seen s = { 0 };
    hb_ring_each(r, collect, &s);
    ck_assert_uint_eq(s.count, 3);
    ck_assert_uint_eq(s.ids[0], 3);
    ck_assert_uint_eq(s.ids[2], 5);
    free(r);
}
END_TEST

START_TEST(test_ring_drops_the_oldest_to_make_room)
{
    struct hb_ring *r = new_ring(64); /* room for two 24-byte footprints, not three */
    unsigned char buf[64];
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 1, 20), 100), 0);
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 2, 20), 100), 0);
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 3, 20), 100), 1);
    struct seen s = { 0 };
    hb_ring_each(r, collect, &s);
    ck_assert_uint_eq(s.count, 2);
    ck_assert_uint_eq(s.ids[0], 2);
    ck_assert_uint_eq(s.ids[1], 3);
    ck_assert(!s.corrupt);
    free(r);
}
END_TEST

START_TEST(test_ring_refuses_a_record_larger_than_itself_and_keeps_the_rest)
{
    struct hb_ring *r = new_ring(64);
    unsigned char buf[128];
    hb_ring_push(r, buf, make_record(buf, 1, 8), 100);
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 2, 61), 100), -1);
    struct seen s = { 0 };
    hb_ring_each(r, collect, &s);
    ck_assert_uint_eq(s.count, 1);
    ck_assert_uint_eq(s.ids[0], 1);
    /* 60 bytes + the 4-byte length fill it exactly. */
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 3, 60), 100), 1);
    free(r);
}
END_TEST

START_TEST(test_ring_is_empty_after_clear)
{
    struct hb_ring *r = new_ring(128);
    unsigned char buf[32];
    hb_ring_push(r, buf, make_record(buf, 1, 30), 10);
    hb_ring_clear(r);
    struct seen s = { 0 };
    hb_ring_each(r, collect, &s);
    ck_assert_uint_eq(s.count, 0);
    ck_assert_int_eq(hb_ring_push(r, buf, make_record(buf, 2, 30), 10), 0);
    free(r);
}
END_TEST

/* Thousands of pushes of random sizes and limits: after each, the newest
 * record is last, the ids run without a gap (only the oldest are dropped),
 * every byte is intact, and the limits hold. */
START_TEST(test_ring_survives_random_pushes_across_its_wrap)
{
    srand(7 + (unsigned)_i);
    size_t cap = 64 + (size_t)(rand() % 2000);
    struct hb_ring *r = new_ring(cap);
    unsigned char buf[4096];
    uint32_t oldest_expected = 1;
    for (uint32_t id = 1; id <= 5000; id++) {
        size_t len = (size_t)rand() % (cap / 3 + 1);
        size_t max_count = 1 + (size_t)(rand() % 20);
        long dropped = hb_ring_push(r, buf, make_record(buf, id, len < 4 ? 4 : len), max_count);
        ck_assert_int_ge(dropped, 0);
        struct seen s = { 0 };
        hb_ring_each(r, collect, &s);
        ck_assert_msg(!s.corrupt, "record bytes changed (push %u)", id);
        ck_assert_uint_ge(s.count, 1);
        ck_assert_uint_le(s.count, max_count);
        ck_assert_uint_le(s.bytes, r->cap);
        ck_assert_uint_eq(s.ids[s.count - 1], id);
        for (size_t i = 1; i < s.count; i++)
            ck_assert_uint_eq(s.ids[i], s.ids[i - 1] + 1);
        oldest_expected += (uint32_t)dropped;
        ck_assert_uint_eq(s.ids[0], oldest_expected);
    }
    free(r);
}
END_TEST

static Suite *ring_suite(void)
{
    Suite *s = suite_create("ring");
    TCase *tc = tcase_create("ring");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ring_keeps_records_in_order_with_their_bytes);
    tcase_add_test(tc, test_ring_drops_the_oldest_at_its_count_limit);
    tcase_add_test(tc, test_ring_drops_the_oldest_to_make_room);
    tcase_add_test(tc, test_ring_refuses_a_record_larger_than_itself_and_keeps_the_rest);
    tcase_add_test(tc, test_ring_is_empty_after_clear);
    tcase_add_loop_test(tc, test_ring_survives_random_pushes_across_its_wrap, 0, 8);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ring_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
