/* SPDX-License-Identifier: MIT */
/* /status/{codes}: single codes, lists, weights, httpbin's special answers
 * and bad input. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct status_case {
    const char *name, *method, *path;
    long status;
    const char *header, *value; /* a header that must be present (value may be NULL) */
    const char *body;           /* exact body, or NULL not to check */
};

static const struct status_case cases[] = {
    { "plain 200", "GET", "/status/200", 200, "Content-Type", "text/html; charset=utf-8", "" },
    { "201 on post", "POST", "/status/201", 201, NULL, NULL, "" },
    { "204", "GET", "/status/204", 204, NULL, NULL, "" },
    { "redirect 302", "GET", "/status/302", 302, "Location", "/redirect/1", "" },
    { "redirect 307 on put", "PUT", "/status/307", 307, "Location", "/redirect/1", "" },
    { "401 challenge", "GET", "/status/401", 401, "WWW-Authenticate", "Basic realm=\"Fake Realm\"", "" },
    { "402 body", "GET", "/status/402", 402, "x-more-info", "http://vimeo.com/22053820", "Fuck you, pay me!" },
    { "406 json", "DELETE", "/status/406", 406, "Content-Type", "application/json", NULL },
    { "407 proxy challenge", "GET", "/status/407", 407, "Proxy-Authenticate", "Basic realm=\"Fake Realm\"", "" },
    { "418 teapot", "PATCH", "/status/418", 418, "x-more-info", "http://tools.ietf.org/html/rfc2324", NULL },
    { "500", "GET", "/status/500", 500, NULL, NULL, "" },
    { "599", "GET", "/status/599", 599, NULL, NULL, "" },
    { "list of one twice", "GET", "/status/503,503", 503, NULL, NULL, "" },
    { "weighted all on one", "GET", "/status/200:0,404:1", 404, NULL, NULL, "" },
    { "encoded comma", "GET", "/status/202%2C202", 202, NULL, NULL, "" },
    { "not a number", "GET", "/status/abc", 400, "Content-Type", "application/json", NULL },
    { "negative", "GET", "/status/-1", 400, NULL, NULL, NULL },
    { "too small", "GET", "/status/99", 400, NULL, NULL, NULL },
    { "interim 100 is refused", "GET", "/status/100", 400, NULL, NULL, NULL },
    { "interim 199 is refused", "GET", "/status/199", 400, NULL, NULL, NULL },
    { "too large", "GET", "/status/1000", 400, NULL, NULL, NULL },
    { "overflow", "GET", "/status/99999999999999999999", 400, NULL, NULL, NULL },
    { "float code", "GET", "/status/200.5", 400, NULL, NULL, NULL },
    { "bad weight", "GET", "/status/200:x,500:1", 400, NULL, NULL, NULL },
    { "negative weight", "GET", "/status/200:-1,500:1", 400, NULL, NULL, NULL },
    { "weight without a list", "GET", "/status/200:1", 400, NULL, NULL, NULL },
    { "leading zero as python int", "GET", "/status/0201", 201, NULL, NULL, "" },
    { "plus sign as python int", "GET", "/status/+202", 202, NULL, NULL, "" },
    { "304 has no content type", "GET", "/status/304", 304, NULL, NULL, "" },
    { "zero weights", "GET", "/status/200:0,500:0", 400, NULL, NULL, NULL },
    { "empty entry", "GET", "/status/200,,500", 400, NULL, NULL, NULL },
    { "trailing comma", "GET", "/status/200,", 400, NULL, NULL, NULL },
    { "nan weight", "GET", "/status/200:nan,500:1", 400, NULL, NULL, NULL },
    { "hex weight", "GET", "/status/200:0x10,500:1", 400, NULL, NULL, NULL },
    { "missing code", "GET", "/status/", 404, NULL, NULL, NULL },
    { "options preflight", "OPTIONS", "/status/500", 200, "Allow", NULL, "" },
};

START_TEST(test_status_answers_each_case)
{
    const struct status_case *c = &cases[_i];
    struct http_reply r = http_request(c->method, c->path, NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: got %ld, want %ld", c->name, r.status, c->status);
    if (c->header) {
        char *v = http_reply_header(&r, c->header);
        ck_assert_msg(v != NULL, "%s: no %s header", c->name, c->header);
        if (c->value)
            ck_assert_msg(!strcmp(v, c->value), "%s: %s is '%s', want '%s'", c->name,
                          c->header, v, c->value);
        free(v);
    }
    if (c->body)
        ck_assert_msg(r.len == strlen(c->body) && !memcmp(r.body, c->body, r.len),
                      "%s: body '%s', want '%s'", c->name, r.body, c->body);
    if (c->status == 400) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(json_integer_value(json_object_get(j, "status_code")) == 400,
                      "%s: not a JSON error: %s", c->name, r.body);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_status_list_picks_each_code_over_many_tries)
{
    int seen200 = 0, seen500 = 0;
    for (int i = 0; i < 200; i++) {
        struct http_reply r = http_get("/status/200:0.5,500:0.5");
        seen200 += r.status == 200;
        seen500 += r.status == 500;
        ck_assert_msg(r.status == 200 || r.status == 500, "got %ld", r.status);
        http_reply_cleanup(&r);
    }
    /* Each has p = 0.5; fewer than 40 of 200 happens with p < 1e-17. */
    ck_assert_msg(seen200 > 40 && seen500 > 40, "200: %d, 500: %d", seen200, seen500);
}
END_TEST

START_TEST(test_teapot_and_special_answers_have_no_content_type)
{
    struct http_reply r = http_get("/status/418");
    ck_assert_int_eq(http_reply_header_count(&r, "Content-Type"), 0);
    ck_assert_msg(strstr(r.body, "-=[ teapot ]=-") != NULL, "%s", r.body);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("codes");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_status_answers_each_case, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_status_list_picks_each_code_over_many_tries);
    tcase_add_test(tc, test_teapot_and_special_answers_have_no_content_type);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(status_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
