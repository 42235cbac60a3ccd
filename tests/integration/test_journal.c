/* SPDX-License-Identifier: MIT */
/* The journal over HTTP (--journal): GET /journal lists what arrived, in
 * order and as sent, within its limits; DELETE /journal empties it; off by
 * default. */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* GET /journal's "requests" (a new reference), with *dropped. */
static json_t *journal(size_t *dropped)
{
    struct http_reply r = http_get("/journal");
    ck_assert_int_eq(r.status, 200);
    json_t *j = http_reply_json(&r);
    http_reply_cleanup(&r);
    ck_assert_ptr_nonnull(j);
    if (dropped)
        *dropped = (size_t)json_integer_value(json_object_get(j, "dropped"));
    json_t *requests = json_incref(json_object_get(j, "requests"));
    json_decref(j);
    ck_assert(json_is_array(requests));
    return requests;
}

static void clear(void)
{
    struct http_reply r = http_request("DELETE", "/journal", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}

static const char *str(json_t *entry, const char *key)
{
    const char *s = json_string_value(json_object_get(entry, key));
    ck_assert_msg(s, "no string \"%s\"", key);
    return s;
}

/* The value of the first header named exactly 'name' (case as sent). */
static const char *sent_header(json_t *entry, const char *name)
{
    size_t i;
    json_t *pair;
    json_array_foreach(json_object_get(entry, "headers"), i, pair)
        if (!strcmp(json_string_value(json_array_get(pair, 0)), name))
            return json_string_value(json_array_get(pair, 1));
    return NULL;
}

static void start_journal(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.log_format = HB_LOG_OFF;
    cfg.journal = 1;
    cfg.journal_max_requests = 5;
    cfg.journal_max_body = 10;
    cfg.max_body = 32;
    harness_start_with(&cfg);
}

START_TEST(test_journal_records_method_target_headers_and_body_as_sent)
{
    clear();
    const char *headers[] = { "X-Mixed-CASE: Value One", "content-type: text/plain", NULL };
    struct http_reply r = http_request("POST", "/post?b=2&a=1", headers, "hello", 5);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);

    json_t *list = journal(NULL);
    ck_assert_uint_eq(json_array_size(list), 1);
    json_t *e = json_array_get(list, 0);
    ck_assert_str_eq(str(e, "method"), "POST");
    ck_assert_str_eq(str(e, "target"), "/post?b=2&a=1");
    ck_assert_str_eq(str(e, "http_version"), "HTTP/1.1");
    ck_assert_str_eq(sent_header(e, "X-Mixed-CASE"), "Value One");
    ck_assert_str_eq(sent_header(e, "content-type"), "text/plain");
    ck_assert_ptr_null(sent_header(e, "Content-Type")); /* the case as sent, not normalised */
    ck_assert_str_eq(str(e, "body"), "hello");
    ck_assert_str_eq(str(e, "body_encoding"), "utf-8");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "body_bytes")), 5);
    ck_assert(json_is_false(json_object_get(e, "body_truncated")));
    ck_assert_int_eq(json_integer_value(json_object_get(e, "status")), 200);
    ck_assert_str_eq(str(json_object_get(e, "client"), "address"), "127.0.0.1");
    ck_assert_int_gt(json_integer_value(json_object_get(json_object_get(e, "client"), "port")), 0);
    ck_assert(json_is_false(json_object_get(e, "tls")));
    ck_assert_int_eq(strlen(str(e, "time")), strlen("2026-12-07T20:05:21.123Z"));
    json_decref(list);
}
END_TEST

START_TEST(test_journal_keeps_the_order_and_the_status_of_each_answer)
{
    clear();
    const char *paths[] = { "/status/418", "/get", "/nowhere" };
    for (int i = 0; i < 3; i++) {
        struct http_reply r = http_get(paths[i]);
        http_reply_cleanup(&r);
    }
    json_t *list = journal(NULL);
    ck_assert_uint_eq(json_array_size(list), 3);
    const int status[] = { 418, 200, 404 };
    for (size_t i = 0; i < 3; i++) {
        json_t *e = json_array_get(list, i);
        ck_assert_str_eq(str(e, "target"), paths[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(e, "status")), status[i]);
        if (i)
            ck_assert_int_eq(json_integer_value(json_object_get(e, "id")),
                             json_integer_value(json_object_get(json_array_get(list, i - 1), "id")) + 1);
    }
    json_decref(list);
}
END_TEST

START_TEST(test_journal_cuts_bodies_at_its_limit_and_counts_the_rest)
{
    clear();
    /* /get does not read bodies; the journal still keeps its share. */
    struct http_reply r = http_request("GET", "/get", NULL, "0123456789abcdef", 16);
    http_reply_cleanup(&r);
    json_t *list = journal(NULL);
    json_t *e = json_array_get(list, 0);
    ck_assert_str_eq(str(e, "body"), "0123456789");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "body_bytes")), 16);
    ck_assert(json_is_true(json_object_get(e, "body_truncated")));
    json_decref(list);
}
END_TEST

/* A chunked body over --max-body is a 413, and the journal still has the
 * first bytes of it (it once lost the whole chunk that crossed the limit). */
START_TEST(test_journal_keeps_the_start_of_a_body_over_max_body)
{
    clear();
    const char *headers[] = { "Transfer-Encoding: chunked", NULL };
    const char body[] = "0123456789012345678901234567890123456789"; /* 40 > 32 */
    struct http_reply r = http_request("POST", "/post", headers, body, sizeof(body) - 1);
    ck_assert_int_eq(r.status, 413);
    http_reply_cleanup(&r);
    json_t *list = journal(NULL);
    json_t *e = json_array_get(list, 0);
    ck_assert_int_eq(json_integer_value(json_object_get(e, "status")), 413);
    ck_assert_str_eq(str(e, "body"), "0123456789");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "body_bytes")), 40);
    ck_assert(json_is_true(json_object_get(e, "body_truncated")));
    ck_assert_str_eq(sent_header(e, "Transfer-Encoding"), "chunked");
    json_decref(list);
}
END_TEST

START_TEST(test_journal_gives_bytes_that_are_not_text_in_base64)
{
    clear();
    const char bytes[] = { 'a', '\xff', '\0', 'b' };
    struct http_reply r = http_request("POST", "/post", NULL, bytes, sizeof(bytes));
    http_reply_cleanup(&r);
    json_t *list = journal(NULL);
    json_t *e = json_array_get(list, 0);
    ck_assert_str_eq(str(e, "body_encoding"), "base64");
    ck_assert_str_eq(str(e, "body"), "Yf8AYg==");
    json_decref(list);
}
END_TEST

START_TEST(test_journal_drops_the_oldest_past_its_count_and_says_how_many)
{
    clear();
    for (int i = 0; i < 8; i++) {
        char path[32];
        snprintf(path, sizeof(path), "/status/%d", 200 + i);
        struct http_reply r = http_get(path);
        http_reply_cleanup(&r);
    }
    size_t dropped = 0;
    json_t *list = journal(&dropped);
    ck_assert_uint_eq(json_array_size(list), 5);
    ck_assert_uint_eq(dropped, 3);
    ck_assert_str_eq(str(json_array_get(list, 0), "target"), "/status/203");
    ck_assert_str_eq(str(json_array_get(list, 4), "target"), "/status/207");
    json_decref(list);
}
END_TEST

START_TEST(test_journal_does_not_record_its_own_endpoints)
{
    clear();
    json_decref(journal(NULL));
    json_decref(journal(NULL));
    json_t *list = journal(NULL);
    ck_assert_uint_eq(json_array_size(list), 0);
    json_decref(list);
}
END_TEST

START_TEST(test_journal_delete_empties_it_and_says_how_many_it_held)
{
    clear();
    struct http_reply r = http_get("/get");
    http_reply_cleanup(&r);
    r = http_request("DELETE", "/journal", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    json_t *j = http_reply_json(&r);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "cleared")), 1);
    json_decref(j);
    http_reply_cleanup(&r);
    json_t *list = journal(NULL);
    ck_assert_uint_eq(json_array_size(list), 0);
    json_decref(list);
}
END_TEST

/* Requests from many threads at once: each is recorded once, whole. */
#define WRITERS 8
#define EACH 10

static void *send_some(void *arg)
{
    long n = (long)(intptr_t)arg;
    for (int i = 0; i < EACH; i++) {
        char path[48];
        snprintf(path, sizeof(path), "/anything/%ld/%d", n, i);
        struct http_reply r = http_request("PUT", path, NULL, path, strlen(path));
        http_reply_cleanup(&r);
    }
    return NULL;
}

START_TEST(test_journal_records_concurrent_requests_each_once)
{
    clear();
    pthread_t t[WRITERS];
    for (long i = 0; i < WRITERS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, send_some, (void *)(intptr_t)i), 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(t[i], NULL);
    size_t dropped = 0;
    json_t *list = journal(&dropped);
    /* This server keeps 5: the other 75 are counted as dropped. */
    ck_assert_uint_eq(json_array_size(list) + dropped, WRITERS * EACH);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        ck_assert_str_eq(str(e, "method"), "PUT");
        ck_assert(!strncmp(str(e, "body"), str(e, "target"), 10));
    }
    json_decref(list);
}
END_TEST

START_TEST(test_journal_is_off_unless_asked_for)
{
    struct http_reply r = http_get("/journal");
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(r.body, "--journal"));
    http_reply_cleanup(&r);
    r = http_request("DELETE", "/journal", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 404);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *journal_suite(void)
{
    Suite *s = suite_create("journal");
    TCase *tc = tcase_create("on");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start_journal, harness_stop);
    tcase_add_test(tc, test_journal_records_method_target_headers_and_body_as_sent);
    tcase_add_test(tc, test_journal_keeps_the_order_and_the_status_of_each_answer);
    tcase_add_test(tc, test_journal_cuts_bodies_at_its_limit_and_counts_the_rest);
    tcase_add_test(tc, test_journal_gives_bytes_that_are_not_text_in_base64);
    tcase_add_test(tc, test_journal_keeps_the_start_of_a_body_over_max_body);
    tcase_add_test(tc, test_journal_drops_the_oldest_past_its_count_and_says_how_many);
    tcase_add_test(tc, test_journal_does_not_record_its_own_endpoints);
    tcase_add_test(tc, test_journal_delete_empties_it_and_says_how_many_it_held);
    tcase_add_test(tc, test_journal_records_concurrent_requests_each_once);
    suite_add_tcase(s, tc);

    tc = tcase_create("off");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_add_test(tc, test_journal_is_off_unless_asked_for);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(journal_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
