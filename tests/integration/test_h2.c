/* SPDX-License-Identifier: MIT */
/* HTTP/2 on the same ports as HTTP/1.1: h2c with prior knowledge on the
 * HTTP port, h2 by ALPN on the HTTPS port, answered by the same handlers
 * (bodies identical to HTTP/1.1's), with request bodies past the flow
 * control window, waits and paced bodies without a thread, and many
 * streams on one connection. libcurl is the client. */
#include <check.h>
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAX_BODY (1024 * 1024)

static void start(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.tls_port = 0;
    cfg.tls_self_signed = 1;
    cfg.shutdown_grace = 2;
    cfg.max_body = MAX_BODY;
    cfg.journal = 1;
    harness_start_with(&cfg);
}

struct answer {
    long status, version;
    char *body, *head;
    size_t len, head_len;
    double took;
};

struct sink {
    char *data;
    size_t len;
};

static size_t keep(char *p, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    char *grown = realloc(s->data, s->len + size * n + 1);
    if (!grown)
        return 0;
    memcpy(grown + s->len, p, size * n);
    s->len += size * n;
    grown[s->len] = '\0';
    s->data = grown;
    return size * n;
}

/* One request; 'version' is a CURL_HTTP_VERSION_*; 'body' may be NULL. */
static struct answer fetch(long version, bool tls, const char *method, const char *path,
                           const char *body, size_t body_len)
{
    size_t size = strlen(path) + 64; /* any length: the limits are tested */
    char *url = malloc(size);
    snprintf(url, size, "%s://127.0.0.1:%u%s", tls ? "https" : "http",
             tls ? harness_tls_port() : harness_port(), path);
    struct sink b = { 0 }, h = { 0 };
    struct answer a = { 0 };
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, version);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    struct curl_slist *type = curl_slist_append(NULL, "Content-Type: application/octet-stream");
    if (body) {
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, type); /* not a form: httpbin's "data" */
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)HARNESS_PATIENCE);
    double t0 = harness_now();
    CURLcode rc = curl_easy_perform(c);
    a.took = harness_now() - t0;
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &a.version);
    curl_easy_cleanup(c);
    curl_slist_free_all(type);
    free(url);
    a.body = b.data ? b.data : strdup("");
    a.len = b.len;
    a.head = h.data ? h.data : strdup("");
    a.head_len = h.len;
    return a;
}

static void answer_free(struct answer *a)
{
    free(a->body);
    free(a->head);
}

#define H2C CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
#define H2 CURL_HTTP_VERSION_2TLS
#define H1 CURL_HTTP_VERSION_1_1

/* The same request over HTTP/1.1 and over h2 (on one port) gets the same
 * status and body. */
static const struct { const char *method, *path; } same[] = {
    { "GET", "/get?a=1&a=2&b=%C3%A9" },
    { "GET", "/headers" },
    { "GET", "/status/418" },
    { "GET", "/nope" },
    { "DELETE", "/get" },
    { "GET", "/base64/aGVsbG8=" },
    { "GET", "/bytes/70000?seed=3" },
    { "GET", "/stream/3" },
    { "GET", "/range/100?duration=0" },
    { "GET", "/json" },
    { "GET", "/response-headers?X-A=1&X-A=2" },
    { "GET", "/cookies/set?k=v" },
    { "GET", "/basic-auth/u/p" },
};

START_TEST(test_every_family_answers_the_same_over_h2c_and_http1)
{
    for (int tls = 0; tls < 2; tls++) {
        struct answer one = fetch(H1, tls, same[_i].method, same[_i].path, NULL, 0);
        struct answer two = fetch(tls ? H2 : H2C, tls, same[_i].method, same[_i].path, NULL, 0);
        ck_assert_int_eq(two.version, CURL_HTTP_VERSION_2_0);
        ck_assert_int_eq(one.version, CURL_HTTP_VERSION_1_1);
        ck_assert_int_eq(two.status, one.status);
        ck_assert_msg(two.len == one.len && !memcmp(two.body, one.body, one.len),
                      "%s %s differs over h2:\n%.300s\nvs\n%.300s", same[_i].method,
                      same[_i].path, two.body, one.body);
        answer_free(&one);
        answer_free(&two);
    }
}
END_TEST

START_TEST(test_h2_answers_carry_no_connection_headers)
{
    struct answer a = fetch(H2C, false, "GET", "/response-headers?X-Kept=yes", NULL, 0);
    ck_assert_int_eq(a.status, 200);
    ck_assert_ptr_null(strcasestr(a.head, "\nconnection:"));
    ck_assert_ptr_null(strcasestr(a.head, "\ntransfer-encoding:"));
    ck_assert_ptr_nonnull(strcasestr(a.head, "\nx-kept: yes"));
    ck_assert_ptr_nonnull(strcasestr(a.head, "\ncontent-length: "));
    ck_assert_ptr_nonnull(strcasestr(a.head, "\ndate: "));
    answer_free(&a);
}
END_TEST

START_TEST(test_authority_is_shown_as_the_host_header)
{
    struct answer a = fetch(H2C, false, "GET", "/headers", NULL, 0);
    char want[64];
    snprintf(want, sizeof(want), "\"Host\":\"127.0.0.1:%u\"", harness_port());
    ck_assert_msg(strstr(a.body, want) != NULL, "%s", a.body);
    answer_free(&a);
}
END_TEST

START_TEST(test_dump_request_shows_the_header_list_with_its_pseudo_headers)
{
    struct answer a = fetch(H2C, false, "GET", "/dump/request?x=1", NULL, 0);
    char want[256];
    snprintf(want, sizeof(want), ":method: GET\r\n:path: /dump/request?x=1\r\n:scheme: http\r\n"
             ":authority: 127.0.0.1:%u\r\naccept: */*\r\n\r\n", harness_port());
    ck_assert_msg(!strncmp(a.body, want, strlen(want)), "%s", a.body);
    ck_assert_ptr_null(strstr(a.body, "HTTP/2.0")); /* no made-up request line */
    ck_assert_msg(a.len >= 4 && !strcmp(a.body + a.len - 4, "\r\n\r\n"), "%s", a.body);
    answer_free(&a);
}
END_TEST

START_TEST(test_request_limits_hold_over_h2)
{
    char path[10000] = "/get?a=";
    memset(path + 7, 'x', 9000); /* past --max-url-bytes (8K) */
    struct answer a = fetch(H2C, false, "GET", path, NULL, 0);
    ck_assert_int_eq(a.status, 414);
    ck_assert_ptr_nonnull(strstr(a.body, "\"status_code\":414"));
    answer_free(&a);

    char args[2000] = "/get?";
    for (int i = 0; i < 300; i++) /* past --max-query-args (256) */
        strcat(args, "a=1&");
    a = fetch(H2C, false, "GET", args, NULL, 0);
    ck_assert_int_eq(a.status, 414);
    answer_free(&a);
}
END_TEST

START_TEST(test_the_journal_records_h2_requests_with_their_version)
{
    struct answer sent = fetch(H2, true, "PUT", "/anything/journal-h2", "hello", 5);
    ck_assert_int_eq(sent.status, 200);
    struct answer a = fetch(H1, false, "GET", "/journal", NULL, 0);
    json_t *j = json_loads(a.body, 0, NULL), *entry, *found = NULL;
    size_t i;
    json_array_foreach(json_object_get(j, "requests"), i, entry) {
        const char *target = json_string_value(json_object_get(entry, "target"));
        if (target && !strcmp(target, "/anything/journal-h2"))
            found = entry;
    }
    ck_assert_msg(found != NULL, "not in the journal: %.500s", a.body);
    ck_assert_str_eq(json_string_value(json_object_get(found, "http_version")), "HTTP/2.0");
    ck_assert_str_eq(json_string_value(json_object_get(found, "method")), "PUT");
    ck_assert_str_eq(json_string_value(json_object_get(found, "body")), "hello");
    ck_assert(json_is_true(json_object_get(found, "tls")));
    json_decref(j);
    answer_free(&a);
    answer_free(&sent);
}
END_TEST

START_TEST(test_a_body_past_the_flow_control_window_is_echoed_whole)
{
    size_t len = 300 * 1000; /* the initial window is 64 KiB */
    char *body = malloc(len);
    for (size_t i = 0; i < len; i++)
        body[i] = (char)('a' + i % 26);
    struct answer a = fetch(H2, true, "POST", "/anything", body, len);
    ck_assert_int_eq(a.status, 200);
    json_error_t e;
    json_t *j = json_loads(a.body, 0, &e);
    ck_assert_ptr_nonnull(j);
    const char *data = json_string_value(json_object_get(j, "data"));
    ck_assert_msg(data && strlen(data) == len && !memcmp(data, body, len), "data differs");
    json_decref(j);
    answer_free(&a);
    free(body);
}
END_TEST

START_TEST(test_a_body_past_max_body_gets_413)
{
    size_t len = 2 * MAX_BODY;
    char *body = calloc(1, len);
    struct answer a = fetch(H2C, false, "POST", "/post", body, len);
    ck_assert_int_eq(a.status, 413);
    ck_assert_ptr_nonnull(strstr(a.body, "\"status_code\":413"));
    answer_free(&a);
    free(body);
}
END_TEST

START_TEST(test_delay_and_drip_wait_on_the_timer)
{
    struct answer d = fetch(H2C, false, "GET", "/delay/1", NULL, 0);
    ck_assert_int_eq(d.status, 200);
    ck_assert_msg(d.took >= 1.0, "/delay/1 took %.2f s", d.took);
    struct answer p = fetch(H2, true, "GET", "/drip?numbytes=5&duration=1&delay=0", NULL, 0);
    ck_assert_str_eq(p.body, "*****");
    ck_assert_msg(p.took >= 0.8, "/drip took %.2f s", p.took);
    answer_free(&d);
    answer_free(&p);
}
END_TEST

START_TEST(test_head_has_the_length_and_no_body)
{
    struct answer get = fetch(H2C, false, "GET", "/json", NULL, 0);
    struct answer head = fetch(H2C, false, "HEAD", "/json", NULL, 0);
    ck_assert_int_eq(head.status, 200);
    ck_assert_uint_eq(head.len, 0);
    char want[64];
    snprintf(want, sizeof(want), "\ncontent-length: %zu", get.len);
    ck_assert_msg(strcasestr(head.head, want) != NULL, "%s", head.head);
    answer_free(&get);
    answer_free(&head);
}
END_TEST

/* Fifty /delay/1 streams multiplexed on one TLS connection all finish in
 * about a second: no stream waits for another, none holds a thread. */
START_TEST(test_fifty_streams_on_one_connection_wait_together)
{
    enum { N = 50 };
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    CURL *e[N];
    struct sink sinks[N] = { 0 };
    char url[128];
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/delay/1", harness_tls_port());
    for (int i = 0; i < N; i++) {
        e[i] = curl_easy_init();
        curl_easy_setopt(e[i], CURLOPT_URL, url);
        curl_easy_setopt(e[i], CURLOPT_HTTP_VERSION, H2);
        curl_easy_setopt(e[i], CURLOPT_PIPEWAIT, 1L);
        curl_easy_setopt(e[i], CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e[i], CURLOPT_SSL_VERIFYHOST, 0L);
        curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, keep);
        curl_easy_setopt(e[i], CURLOPT_WRITEDATA, &sinks[i]);
        curl_easy_setopt(e[i], CURLOPT_TIMEOUT, (long)HARNESS_PATIENCE);
        curl_multi_add_handle(m, e[i]);
    }
    double t0 = harness_now();
    int running = 1;
    while (running) {
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double took = harness_now() - t0;
    long connects = 0;
    int ok = 0;
    for (int i = 0; i < N; i++) {
        long status = 0, n = 0;
        curl_easy_getinfo(e[i], CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e[i], CURLINFO_NUM_CONNECTS, &n);
        ok += status == 200;
        connects += n;
        curl_multi_remove_handle(m, e[i]);
        curl_easy_cleanup(e[i]);
        free(sinks[i].data);
    }
    curl_multi_cleanup(m);
    ck_assert_int_eq(ok, N);
    ck_assert_int_eq(connects, 1);
    ck_assert_msg(took >= 1.0 && took < 1.0 + 2 * HARNESS_SLACK, "took %.2f s", took);
}
END_TEST

static Suite *h2_suite(void)
{
    Suite *s = suite_create("h2");
    TCase *tc = tcase_create("h2");
    tcase_add_unchecked_fixture(tc, start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_every_family_answers_the_same_over_h2c_and_http1, 0,
                        sizeof(same) / sizeof(same[0]));
    tcase_add_test(tc, test_h2_answers_carry_no_connection_headers);
    tcase_add_test(tc, test_authority_is_shown_as_the_host_header);
    tcase_add_test(tc, test_dump_request_shows_the_header_list_with_its_pseudo_headers);
    tcase_add_test(tc, test_request_limits_hold_over_h2);
    tcase_add_test(tc, test_the_journal_records_h2_requests_with_their_version);
    tcase_add_test(tc, test_a_body_past_the_flow_control_window_is_echoed_whole);
    tcase_add_test(tc, test_a_body_past_max_body_gets_413);
    tcase_add_test(tc, test_delay_and_drip_wait_on_the_timer);
    tcase_add_test(tc, test_head_has_the_length_and_no_body);
    tcase_add_test(tc, test_fifty_streams_on_one_connection_wait_together);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    SRunner *sr = srunner_create(h2_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
