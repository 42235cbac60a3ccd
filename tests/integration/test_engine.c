/* SPDX-License-Identifier: MIT */
/* The engine alone: linked without routes/ (no httpbin endpoint is in this
 * program), started with a small table of its own, it answers from that
 * table and nothing else. Two servers with different tables run at once. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/http.h"
#include "server/server.h"

static int handle_hello(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return hb_reply_text(res, 200, "text/plain", "hello\n");
}

static int handle_say(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_text(res, 200, "text/plain", hb_request_param(req, "word"));
}

static int handle_count(struct hb_request *req, struct hb_response *res)
{
    size_t len;
    hb_request_body(req, &len);
    return hb_reply_text(res, 200, "text/plain", hb_printf(req, "%zu bytes", len));
}

static int handle_rows(struct hb_request *req, struct hb_response *res)
{
    size_t n;
    hb_request_routes(req, &n);
    return hb_reply_text(res, 200, "text/plain", hb_printf(req, "%zu rows", n));
}

static int handle_merged(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_redirect(res, 308, hb_request_param(req, "path"));
}

static const struct hb_route small_table[] = {
    { "/hello", HB_GET, handle_hello, 0, NULL },
    { "/say/{word}", HB_GET | HB_POST, handle_say, 0, NULL },
    { "/count", HB_POST, handle_count, HB_READS_BODY, NULL },
    { "/rows", HB_GET, handle_rows, 0, NULL },
};
#define SMALL_ROWS (sizeof(small_table) / sizeof(small_table[0]))

/* Another application: one row, and a merge-slashes row. */
static const struct hb_route merging_table[] = {
    { "/say/{word}", HB_GET, handle_say, 0, NULL },
    { "/{*}", HB_ANY_METHOD, handle_merged, HB_MERGE_SLASHES, NULL },
};

struct answer {
    long status;
    char body[512];
    size_t len;
    char allow[128];
    char location[256];
};

static size_t take_body(char *data, size_t size, size_t n, void *arg)
{
    struct answer *a = arg;
    size_t add = size * n;
    size_t room = sizeof(a->body) - 1 - a->len;
    memcpy(a->body + a->len, data, add < room ? add : room);
    a->len += add < room ? add : room;
    a->body[a->len] = '\0';
    return add;
}

static size_t take_header(char *data, size_t size, size_t n, void *arg)
{
    struct answer *a = arg;
    size_t len = size * n;
    const char *names[] = { "Allow: ", "Location: " };
    char *outs[] = { a->allow, a->location };
    for (int i = 0; i < 2; i++) {
        size_t k = strlen(names[i]);
        if (len > k && !strncasecmp(data, names[i], k)) {
            size_t v = len - k;
            while (v && (data[k + v - 1] == '\r' || data[k + v - 1] == '\n'))
                v--;
            snprintf(outs[i], 128, "%.*s", (int)v, data + k);
        }
    }
    return len;
}

static struct answer ask(const struct hb_server *s, const char *method, const char *path,
                         const char *body)
{
    struct answer a = { 0 };
    char url[512];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", s->port, path);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, take_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
    CURLcode rc = curl_easy_perform(c);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    curl_easy_cleanup(c);
    return a;
}

static void start(struct hb_server *s, const struct hb_route *rows, size_t n)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    snprintf(cfg.host, sizeof(cfg.host), "127.0.0.1");
    cfg.port = 0;
    cfg.threads = 1;
    cfg.log_format = HB_LOG_OFF;
    ck_assert_msg(hb_server_start(s, &cfg, rows, n) == 0, "%s", s->error);
}

START_TEST(test_engine_answers_from_the_table_it_was_given)
{
    struct hb_server s;
    start(&s, small_table, SMALL_ROWS);
    struct answer a = ask(&s, "GET", "/hello", NULL);
    ck_assert_int_eq(a.status, 200);
    ck_assert_str_eq(a.body, "hello\n");
    a = ask(&s, "GET", "/say/ada", NULL);
    ck_assert_int_eq(a.status, 200);
    ck_assert_str_eq(a.body, "ada");
    a = ask(&s, "POST", "/count", "twelve bytes");
    ck_assert_str_eq(a.body, "12 bytes");
    a = ask(&s, "GET", "/rows", NULL);
    ck_assert_str_eq(a.body, "4 rows");
    /* httpbin's own endpoints are not in this program. */
    a = ask(&s, "GET", "/get", NULL);
    ck_assert_int_eq(a.status, 404);
    ck_assert_ptr_nonnull(strstr(a.body, "\"status_code\":404"));
    hb_server_stop(&s);
}
END_TEST

START_TEST(test_engine_decides_405_allow_head_and_options_from_the_rows)
{
    struct hb_server s;
    start(&s, small_table, SMALL_ROWS);
    struct answer a = ask(&s, "PUT", "/say/x", NULL);
    ck_assert_int_eq(a.status, 405);
    ck_assert_str_eq(a.allow, "GET, HEAD, POST, OPTIONS");
    a = ask(&s, "HEAD", "/hello", NULL);
    ck_assert_int_eq(a.status, 200);
    a = ask(&s, "OPTIONS", "/count", NULL);
    ck_assert_int_eq(a.status, 200);
    ck_assert_str_eq(a.allow, "POST, OPTIONS");
    hb_server_stop(&s);
}
END_TEST

START_TEST(test_engine_runs_two_servers_each_with_its_own_table)
{
    struct hb_server plain, merging;
    start(&plain, small_table, SMALL_ROWS);
    start(&merging, merging_table, 2);
    struct answer a = ask(&plain, "GET", "/rows", NULL);
    ck_assert_str_eq(a.body, "4 rows");
    a = ask(&merging, "GET", "/rows", NULL);
    ck_assert_int_eq(a.status, 404);
    /* Only a table with an HB_MERGE_SLASHES row redirects a doubled slash. */
    a = ask(&plain, "GET", "/say//ada", NULL);
    ck_assert_int_eq(a.status, 404);
    a = ask(&merging, "GET", "/say//ada", NULL);
    ck_assert_int_eq(a.status, 308);
    ck_assert_str_eq(a.location, "/say/ada");
    /* Leading slashes are one, as in Werkzeug: no redirect. */
    a = ask(&merging, "GET", "//say/ada", NULL);
    ck_assert_int_eq(a.status, 200);
    ck_assert_str_eq(a.body, "ada");
    hb_server_stop(&plain);
    hb_server_stop(&merging);
}
END_TEST

static Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("table");
    tcase_set_timeout(tc, 120); /* a hang guard */
    tcase_add_test(tc, test_engine_answers_from_the_table_it_was_given);
    tcase_add_test(tc, test_engine_decides_405_allow_head_and_options_from_the_rows);
    tcase_add_test(tc, test_engine_runs_two_servers_each_with_its_own_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    SRunner *sr = srunner_create(engine_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
