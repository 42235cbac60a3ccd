/* SPDX-License-Identifier: MIT */
/* /basic-auth, /hidden-basic-auth and /bearer with right, wrong, missing and
 * malformed credentials. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct auth_case {
    const char *name, *path, *authorization;
    long status;
    const char *body;      /* exact, or NULL */
    const char *challenge; /* WWW-Authenticate, or NULL for none */
};

/* dXNlcjpwYXNzd2Q= is "user:passwd"; dXNlcjp3cm9uZw== "user:wrong";
 * b3RoZXI6cGFzc3dk "other:passwd"; dXNlcnBhc3N3ZA== "userpasswd". */
static const struct auth_case cases[] = {
    { "basic right", "/basic-auth/user/passwd", "Basic dXNlcjpwYXNzd2Q=", 200,
      "{\"authenticated\":true,\"user\":\"user\"}\n", NULL },
    { "basic scheme any case", "/basic-auth/user/passwd", "bAsIc dXNlcjpwYXNzd2Q=", 200, NULL, NULL },
    { "basic wrong password", "/basic-auth/user/passwd", "Basic dXNlcjp3cm9uZw==", 401, "",
      "Basic realm=\"Fake Realm\"" },
    { "basic wrong user", "/basic-auth/user/passwd", "Basic b3RoZXI6cGFzc3dk", 401, "",
      "Basic realm=\"Fake Realm\"" },
    { "basic missing", "/basic-auth/user/passwd", NULL, 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic no colon", "/basic-auth/user/passwd", "Basic dXNlcnBhc3N3ZA==", 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic bad base64", "/basic-auth/user/passwd", "Basic !!!!", 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic empty", "/basic-auth/user/passwd", "Basic", 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic other scheme", "/basic-auth/user/passwd", "Digest dXNlcjpwYXNzd2Q=", 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic prefix of password", "/basic-auth/user/passwdX", "Basic dXNlcjpwYXNzd2Q=", 401, "", "Basic realm=\"Fake Realm\"" },
    { "basic encoded path user", "/basic-auth/us%65r/passwd", "Basic dXNlcjpwYXNzd2Q=", 200, NULL, NULL },
    { "hidden right", "/hidden-basic-auth/user/passwd", "Basic dXNlcjpwYXNzd2Q=", 200,
      "{\"authenticated\":true,\"user\":\"user\"}\n", NULL },
    { "hidden wrong", "/hidden-basic-auth/user/passwd", "Basic dXNlcjp3cm9uZw==", 404, "", NULL },
    { "hidden missing", "/hidden-basic-auth/user/passwd", NULL, 404, "", NULL },
    { "bearer token", "/bearer", "Bearer abc123", 200,
      "{\"authenticated\":true,\"token\":\"abc123\"}\n", NULL },
    { "bearer missing", "/bearer", NULL, 401, "", "Bearer" },
    { "bearer empty token", "/bearer", "Bearer ", 401, "", "Bearer" },
    { "bearer other scheme", "/bearer", "Basic dXNlcjpwYXNzd2Q=", 401, "", "Bearer" },
    { "basic path missing passwd", "/basic-auth/user", NULL, 404, NULL, NULL },
};

START_TEST(test_auth_answers_each_case)
{
    const struct auth_case *c = &cases[_i];
    char line[256];
    const char *h[] = { line, NULL };
    if (c->authorization)
        snprintf(line, sizeof(line), "Authorization: %s", c->authorization);
    struct http_reply r = http_request("GET", c->path, c->authorization ? h : NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: got %ld, want %ld", c->name, r.status, c->status);
    if (c->body)
        ck_assert_msg(!strcmp(r.body, c->body), "%s: body '%s', want '%s'", c->name, r.body,
                      c->body);
    char *challenge = http_reply_header(&r, "WWW-Authenticate");
    if (c->challenge)
        ck_assert_msg(challenge && !strcmp(challenge, c->challenge), "%s: challenge '%s'",
                      c->name, challenge);
    else
        ck_assert_msg(!challenge, "%s: unexpected challenge '%s'", c->name, challenge);
    free(challenge);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *auth_suite(void)
{
    Suite *s = suite_create("auth");
    TCase *tc = tcase_create("basic and bearer");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_auth_answers_each_case, 0, sizeof(cases) / sizeof(cases[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(auth_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
