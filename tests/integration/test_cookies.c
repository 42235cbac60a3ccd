/* SPDX-License-Identifier: MIT */
/* /cookies, /cookies/set, /cookies/set/{name}/{value}, /cookies/delete. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

START_TEST(test_cookies_echoes_what_the_client_sent)
{
    const char *h[] = { "Cookie: a=1; b=\"x y\"; c; a=9; __utma=hidden; e=\"q\\\"w\"", NULL };
    struct http_reply r = http_request("GET", "/cookies", h, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "{\"cookies\":{\"a\":\"1\",\"b\":\"x y\",\"c\":\"\",\"e\":\"q\\\"w\"}}\n");
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cookies_shows_tracking_cookies_with_show_env)
{
    const char *h[] = { "Cookie: __utma=1", NULL };
    struct http_reply r = http_request("GET", "/cookies?show_env=1", h, NULL, 0);
    ck_assert_str_eq(r.body, "{\"cookies\":{\"__utma\":\"1\"}}\n");
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cookies_without_header_is_empty)
{
    struct http_reply r = http_get("/cookies");
    ck_assert_str_eq(r.body, "{\"cookies\":{}}\n");
    http_reply_cleanup(&r);
}
END_TEST

/* The n-th Set-Cookie line of the last response, malloc'd. */
static char *set_cookie(const struct http_reply *r, int n)
{
    const char *p = r->headers;
    while ((p = strcasestr(p, "\r\nSet-Cookie: "))) {
        p += 14;
        if (n-- == 0)
            return strndup(p, strcspn(p, "\r"));
    }
    return NULL;
}

START_TEST(test_cookies_set_quotes_values_and_redirects)
{
    struct http_reply r = http_get("/cookies/set?a=1&b=x%20y&c=%C3%A9&a=2&d=%22q%22");
    ck_assert_int_eq(r.status, 302);
    char *loc = http_reply_header(&r, "Location");
    ck_assert_str_eq(loc, "/cookies");
    const char *want[] = { "a=1; Path=/", "b=\"x y\"; Path=/", "c=\"\\303\\251\"; Path=/",
                           "d=\"\\\"q\\\"\"; Path=/" };
    ck_assert_int_eq(http_reply_header_count(&r, "Set-Cookie"), 4);
    for (int i = 0; i < 4; i++) {
        char *line = set_cookie(&r, i);
        ck_assert_msg(line && !strcmp(line, want[i]), "cookie %d: '%s', want '%s'", i, line,
                      want[i]);
        free(line);
    }
    free(loc);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cookies_set_by_path_sets_one)
{
    struct http_reply r = http_get("/cookies/set/n%20m/v%3Bx");
    ck_assert_int_eq(r.status, 302);
    char *line = set_cookie(&r, 0);
    ck_assert_str_eq(line, "n m=\"v\\073x\"; Path=/");
    free(line);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cookies_delete_expires_each)
{
    struct http_reply r = http_get("/cookies/delete?a&b=1");
    ck_assert_int_eq(r.status, 302);
    char *line = set_cookie(&r, 1);
    ck_assert_str_eq(line, "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
    free(line);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_cookies_set_rejects_line_breaks)
{
    struct http_reply r = http_get("/cookies/set/a%0D%0AX-Evil:%201/v");
    ck_assert_int_eq(r.status, 400);
    ck_assert_int_eq(http_reply_header_count(&r, "X-Evil"), 0);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *cookies_suite(void)
{
    Suite *s = suite_create("cookies");
    TCase *tc = tcase_create("cookies");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_cookies_echoes_what_the_client_sent);
    tcase_add_test(tc, test_cookies_shows_tracking_cookies_with_show_env);
    tcase_add_test(tc, test_cookies_without_header_is_empty);
    tcase_add_test(tc, test_cookies_set_quotes_values_and_redirects);
    tcase_add_test(tc, test_cookies_set_by_path_sets_one);
    tcase_add_test(tc, test_cookies_delete_expires_each);
    tcase_add_test(tc, test_cookies_set_rejects_line_breaks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cookies_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
