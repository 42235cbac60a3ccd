/* SPDX-License-Identifier: MIT */
/* The redirect family: /redirect/{n}, /relative-redirect/{n},
 * /absolute-redirect/{n} and /redirect-to, with its bad input and the
 * --allowed-redirect-domains allow-list. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct redirect_case {
    const char *method, *path;
    long status;
    const char *location; /* NULL: none expected; "HOST" is 127.0.0.1:<port> */
};

static void check_case(const struct redirect_case *c)
{
    struct http_reply r = http_request(c->method, c->path, NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s %s: got %ld, want %ld: %s", c->method, c->path,
                  r.status, c->status, r.body);
    char *loc = http_reply_header(&r, "Location");
    if (c->location) {
        char want[256];
        const char *host = strstr(c->location, "HOST");
        if (host)
            snprintf(want, sizeof(want), "%.*s127.0.0.1:%u%s", (int)(host - c->location),
                     c->location, harness_port(), host + 4);
        else
            snprintf(want, sizeof(want), "%s", c->location);
        ck_assert_msg(loc && !strcmp(loc, want), "%s: Location %s, want %s", c->path, loc, want);
    } else {
        ck_assert_msg(!loc, "%s: unexpected Location %s", c->path, loc);
    }
    free(loc);
    if (c->status >= 400) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(json_integer_value(json_object_get(j, "status_code")) == c->status,
                      "%s: not a JSON error: %s", c->path, r.body);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}

static const struct redirect_case open_cases[] = {
    { "GET", "/redirect/1", 302, "/get" },
    { "GET", "/redirect/3", 302, "/relative-redirect/2" },
    { "GET", "/redirect/2?absolute=true", 302, "http://HOST/absolute-redirect/1" },
    { "GET", "/relative-redirect/2", 302, "/relative-redirect/1" },
    { "GET", "/relative-redirect/1", 302, "/get" },
    { "GET", "/absolute-redirect/2", 302, "http://HOST/absolute-redirect/1" },
    { "GET", "/absolute-redirect/1", 302, "http://HOST/get" },
    { "GET", "/redirect/0", 400, NULL },
    { "GET", "/redirect/-1", 400, NULL },
    { "GET", "/redirect/x", 400, NULL },
    { "GET", "/redirect/999999999999", 400, NULL },
    { "GET", "/redirect/10000", 302, "/relative-redirect/9999" }, /* --max-redirects */
    { "GET", "/redirect/10001", 400, NULL },
    { "GET", "/absolute-redirect/10001", 400, NULL },
    { "GET", "/redirect-to?url=/get", 302, "/get" },
    { "GET", "/redirect-to?url=http://example.com/x", 302, "http://example.com/x" },
    { "POST", "/redirect-to?url=/a&status_code=307", 307, "/a" },
    { "GET", "/redirect-to?url=/a&status_code=200", 302, "/a" },
    /* the first value wins, of any case of the name, as httpbin reads it */
    { "GET", "/redirect-to?url=/a&url=/b", 302, "/a" },
    { "GET", "/redirect-to?URL=/a&url=/b", 302, "/a" },
    { "GET", "/redirect-to", 400, NULL },
    { "GET", "/redirect-to?url=", 400, NULL },
    { "GET", "/redirect-to?url=/a%0d%0aX-Evil:%201", 400, NULL },
    { "GET", "/redirect-to?url=/a&status_code=abc", 400, NULL },
    { "GET", "/redirect-to?url=/a&status_code=-301", 400, NULL },
};

START_TEST(test_open_redirects)
{
    check_case(&open_cases[_i]);
}
END_TEST

static void start_with_allow_list(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.log_format = HB_LOG_OFF;
    strcpy(cfg.allowed_redirect_domains, "example.com, .example.org");
    harness_start_with(&cfg);
}

static const struct redirect_case allow_list_cases[] = {
    { "GET", "/redirect-to?url=/get", 302, "/get" },
    { "GET", "/redirect-to?url=http://example.com/x", 302, "http://example.com/x" },
    { "GET", "/redirect-to?url=HTTPS://EXAMPLE.COM:8443/x", 302, "HTTPS://EXAMPLE.COM:8443/x" },
    { "GET", "/redirect-to?url=https://a.example.org/", 302, "https://a.example.org/" },
    { "GET", "/redirect-to?url=http://evil.com/", 403, NULL },
    { "GET", "/redirect-to?url=http://example.com.evil.com/", 403, NULL },
    { "GET", "/redirect-to?url=http://example.com@evil.com/", 403, NULL },
    { "GET", "/redirect-to?url=//evil.com/", 403, NULL },
    { "GET", "/redirect-to?url=/%5Cevil.com", 403, NULL },
    { "GET", "/redirect-to?url=javascript:alert(1)", 403, NULL },
    { "GET", "/redirect-to?url=example.org", 403, NULL },
    /* the other redirects stay on this server and are unaffected */
    { "GET", "/redirect/1", 302, "/get" },
};

START_TEST(test_allow_listed_redirects)
{
    check_case(&allow_list_cases[_i]);
}
END_TEST

static Suite *redirect_suite(void)
{
    Suite *s = suite_create("redirect");
    TCase *open = tcase_create("open");
    tcase_add_unchecked_fixture(open, harness_start, harness_stop);
    tcase_set_timeout(open, 120);
    tcase_add_loop_test(open, test_open_redirects, 0,
                        sizeof(open_cases) / sizeof(open_cases[0]));
    suite_add_tcase(s, open);
    TCase *allow = tcase_create("allow-list");
    tcase_add_unchecked_fixture(allow, start_with_allow_list, harness_stop);
    tcase_set_timeout(allow, 120);
    tcase_add_loop_test(allow, test_allow_listed_redirects, 0,
                        sizeof(allow_list_cases) / sizeof(allow_list_cases[0]));
    suite_add_tcase(s, allow);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(redirect_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
