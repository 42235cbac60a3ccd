/* SPDX-License-Identifier: MIT */
/* libcreq's Digest auth against our /digest-auth, through the public API
 * only: every qop and algorithm, bodies for auth-int, query strings,
 * cookies, reused sessions and stale nonces. */
#include <check.h>
#include <creq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_util.h"
#include "harness.h"

/* A 200 with {"authenticated": true, "user": user}. */
static void assert_authenticated(creq_response *r, const creq_error *err, const char *user,
                                 const char *what)
{
    ck_assert_msg(r != NULL, "%s: no response: %s", what, err->message);
    const char *challenge = creq_response_header(r, "WWW-Authenticate");
    ck_assert_msg(creq_response_status(r) == 200, "%s: status %d (challenge %s) %s", what,
                  creq_response_status(r), challenge ? challenge : "-",
                  creq_response_content(r, NULL));
    creq_error jerr;
    json_t *j = creq_response_json(r, &jerr);
    ck_assert_msg(j != NULL, "%s: not JSON: %s", what, jerr.message);
    ck_assert(json_is_true(json_object_get(j, "authenticated")));
    ck_assert_str_eq(json_string_value(json_object_get(j, "user")), user);
    json_decref(j);
}

struct live_case {
    const char *name, *qop, *algorithm;
};

static const struct live_case cases[] = {
    { "auth MD5", "auth", "MD5" },
    { "auth SHA-256", "auth", "SHA-256" },
    { "auth SHA-512", "auth", "SHA-512" },
    { "auth-int MD5", "auth-int", "MD5" },
    { "auth-int SHA-256", "auth-int", "SHA-256" },
    { "auth-int SHA-512", "auth-int", "SHA-512" },
    { "both offered MD5", "both", "MD5" },
    { "both offered SHA-256", "both", "SHA-256" },
    { "both offered SHA-512", "both", "SHA-512" },
};

START_TEST(test_creq_digest_authenticates_for_each_qop_and_algorithm)
{
    const struct live_case *t = &cases[_i];
    char path[128];
    snprintf(path, sizeof(path), "/digest-auth/%s/user/passwd/%s", t->qop, t->algorithm);
    creq_error err;
    creq_response *r = creq_get(NULL, client_url(path), CREQ_OPTS(.auth = CREQ_DIGEST("user", "passwd")),
                                &err);
    assert_authenticated(r, &err, "user", t->name);
    ck_assert_uint_eq(creq_response_history_len(r), 1); /* the 401 it answered */
    creq_response_free(r);
}
END_TEST

START_TEST(test_creq_digest_wrong_password_ends_in_401)
{
    const struct live_case *t = &cases[_i];
    char path[128];
    snprintf(path, sizeof(path), "/digest-auth/%s/user/passwd/%s", t->qop, t->algorithm);
    creq_error err;
    creq_response *r =
        creq_get(NULL, client_url(path), CREQ_OPTS(.auth = CREQ_DIGEST("user", "wrong")), &err);
    ck_assert_msg(r != NULL, "%s: %s", t->name, err.message);
    ck_assert_msg(creq_response_status(r) == 401, "%s: status %d", t->name,
                  creq_response_status(r));
    creq_response_free(r);
}
END_TEST

/* auth-int hashes the body: a GET that carries one. */
START_TEST(test_creq_digest_auth_int_protects_a_body)
{
    creq_error err;
    const char body[] = "name=ada&lang=c";
    creq_response *r = creq_request(NULL, "GET", client_url("/digest-auth/auth-int/user/passwd/SHA-256"),
                                    CREQ_OPTS(.auth = CREQ_DIGEST("user", "passwd"),
                                              .body = body, .body_len = sizeof(body) - 1),
                                    &err);
    assert_authenticated(r, &err, "user", "auth-int with a body");
    creq_response_free(r);
}
END_TEST

START_TEST(test_creq_digest_hashes_the_query_string)
{
    creq_error err;
    creq_response *r =
        creq_get(NULL, client_url("/digest-auth/auth/user/passwd/SHA-512?a=1&b=two%20words"),
                 CREQ_OPTS(.auth = CREQ_DIGEST("user", "passwd"),
                           .params = CREQ_KV({ "c", "3" })),
                 &err);
    assert_authenticated(r, &err, "user", "query string");
    creq_response_free(r);
}
END_TEST

/* The challenge sets the fake cookie; the answer must carry it back. */
START_TEST(test_creq_digest_sends_back_the_challenge_cookie)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/digest-auth/auth/user/passwd?require-cookie=1"),
                                CREQ_OPTS(.auth = CREQ_DIGEST("user", "passwd")), &err);
    assert_authenticated(r, &err, "user", "require-cookie");
    creq_response_free(r);
}
END_TEST

/* A session answers later requests from the nonce it has, with rising nc;
 * when stale_after runs out the server says stale=TRUE and libcreq answers
 * the new challenge without failing. */
START_TEST(test_creq_digest_session_survives_stale_nonces)
{
    creq_session *s = creq_session_new();
    ck_assert_ptr_nonnull(s);
    creq_error err;
    for (int i = 0; i < 4; i++) {
        char what[32];
        snprintf(what, sizeof(what), "request %d", i + 1);
        creq_response *r = creq_get(s, client_url("/digest-auth/auth/user/passwd/SHA-256/1"),
                                    CREQ_OPTS(.auth = CREQ_DIGEST("user", "passwd")), &err);
        assert_authenticated(r, &err, "user", what);
        /* The first answers a plain challenge; each later one sent the
         * nonce it had, which stale_after=1 made stale. */
        ck_assert_uint_eq(creq_response_history_len(r), 1);
        const char *challenge =
            creq_response_header(creq_response_history(r, 0), "WWW-Authenticate");
        ck_assert_ptr_nonnull(challenge);
        ck_assert_msg(strstr(challenge, i ? "stale=TRUE" : "stale=FALSE"), "%s: %s", what,
                      challenge);
        creq_response_free(r);
    }
    creq_session_free(s);
}
END_TEST

START_TEST(test_creq_digest_user_with_special_characters)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/digest-auth/auth/a%20%22b%22/p%40ss/SHA-256"),
                                CREQ_OPTS(.auth = CREQ_DIGEST("a \"b\"", "p@ss")), &err);
    assert_authenticated(r, &err, "a \"b\"", "quoted user");
    creq_response_free(r);
}
END_TEST

#define N(a) (sizeof(a) / sizeof((a)[0]))

static Suite *live_suite(void)
{
    Suite *s = suite_create("creq digest live");
    TCase *tc = tcase_create("digest against httpbin-c");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_creq_digest_authenticates_for_each_qop_and_algorithm, 0,
                        N(cases));
    tcase_add_loop_test(tc, test_creq_digest_wrong_password_ends_in_401, 0, N(cases));
    tcase_add_test(tc, test_creq_digest_auth_int_protects_a_body);
    tcase_add_test(tc, test_creq_digest_hashes_the_query_string);
    tcase_add_test(tc, test_creq_digest_sends_back_the_challenge_cookie);
    tcase_add_test(tc, test_creq_digest_session_survives_stale_nonces);
    tcase_add_test(tc, test_creq_digest_user_with_special_characters);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(live_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
