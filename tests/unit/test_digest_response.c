/* SPDX-License-Identifier: MIT */
/* The one Digest computation both sides use (lib/digest_response.h), against
 * RFC 7616 §3.9.1's examples and digests computed with Python's hashlib. */
#include <check.h>
#include <stdlib.h>

#include "lib/digest_response.h"

#define NONCE "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
#define CNONCE "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

struct response_case {
    const char *alg, *method, *qop, *nc, *body, *want;
};

static const struct response_case cases[] = {
    /* RFC 7616 §3.9.1 */
    { "MD5", "GET", "auth", "00000001", NULL, "8ca523f5e9506fed4657c9700eebdbec" },
    { "SHA-256", "GET", "auth", "00000001", NULL,
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1" },
    /* the algorithm name is case-insensitive; -SESS and auth-int hash more */
    { "sha-512-sess", "POST", "auth-int", "0000000a", "hello",
      "46bd4f4fd3c611b2a82a44e73914021e88df088ab05bfc364b973064ff266bba"
      "dcf1353886813531946d8e993bf8a191329f11809e384279b3c32fb819c1f218" },
    /* RFC 2069: no qop, no nc or cnonce in the hash */
    { "SHA", "GET", NULL, NULL, NULL, "63cc1a6df01325546a3af79112fd0a3ad5f23af9" },
};

START_TEST(test_digest_response_matches_the_rfc_and_hashlib)
{
    const struct response_case *c = &cases[_i];
    const struct hb_digest_alg *alg = hb_digest_alg_find(c->alg);
    ck_assert_ptr_nonnull(alg);
    struct hb_digest_input in = {
        .alg = alg,
        .username = "Mufasa",
        .realm = "http-auth@example.org",
        .password = "Circle of Life",
        .method = c->method,
        .uri = "/dir/index.html",
        .nonce = NONCE,
        .qop = c->qop,
        .nc = c->nc,
        .cnonce = c->qop ? CNONCE : NULL,
        .body = c->body,
        .body_len = c->body ? strlen(c->body) : 0,
    };
    char out[HB_HASH_HEX_MAX];
    ck_assert_int_eq(hb_digest_response(&in, out), 0);
    ck_assert_str_eq(out, c->want);
}
END_TEST

START_TEST(test_digest_alg_find_knows_rfc_names_and_defaults_to_md5)
{
    ck_assert_str_eq(hb_digest_alg_find(NULL)->name, "MD5");
    ck_assert(hb_digest_alg_find("md5-sess")->sess);
    ck_assert_int_eq(hb_digest_alg_find("SHA-256")->hash, HB_HASH_SHA256);
    ck_assert_ptr_null(hb_digest_alg_find("SHA-512-256"));
    ck_assert_ptr_null(hb_digest_alg_find(""));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("digest_response");
    TCase *tc = tcase_create("response");
    tcase_set_timeout(tc, 60); /* a hang guard, as in every unit test */
    tcase_add_loop_test(tc, test_digest_response_matches_the_rfc_and_hashlib, 0,
                        (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_digest_alg_find_knows_rfc_names_and_defaults_to_md5);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
