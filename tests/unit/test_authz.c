/* SPDX-License-Identifier: MIT */
/* Authorization header parsing and secret comparison (authz.h) plus base64 (base64.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/authz.h"
#include "lib/base64.h"

/* --- hb_basic_auth_parse -----------------------------------------------------
 * Expectations are werkzeug.http.parse_authorization_header (Debian 12's
 * Werkzeug 2.2.2, what Flask's request.authorization and so httpbin's
 * /basic-auth use): NULL there is -1 here. */

struct basic_case {
    const char *name;
    const char *header;
    int rc;
    const char *user, *pass;
};

static const struct basic_case basic_cases[] = {
    { "plain", "Basic dXNlcjpwYXNz", 0, "user", "pass" },
    { "lowercase_scheme", "basic dXNlcjpwYXNz", 0, "user", "pass" },
    { "uppercase_scheme_and_extra_spaces", "BASIC   dXNlcjpwYXNz  ", 0, "user", "pass" },
    { "leading_spaces", "  Basic dXNlcjpwYXNz", 0, "user", "pass" },
    { "tab_after_scheme", "Basic\x09" "dXNlcjpwYXNz", 0, "user", "pass" },
    { "one_padding_char", "Basic dXNlcjpwYXM=", 0, "user", "pas" },
    { "extra_padding_ignored", "Basic dXNlcjpwYXNz==", 0, "user", "pass" },
    { "scheme_only", "Basic", -1, NULL, NULL },
    { "scheme_and_space_only", "Basic ", -1, NULL, NULL },
    { "empty_header", "", -1, NULL, NULL },
    { "only_padding", "Basic =", -1, NULL, NULL },
    { "empty_user_and_password", "Basic Og==", 0, "", "" },
    { "no_colon", "Basic dXNlcg==", -1, NULL, NULL },
    { "password_keeps_later_colons", "Basic YTpiOmM=", 0, "a", "b:c" },
    { "invalid_utf8_user", "Basic /zp4", -1, NULL, NULL },
    { "utf8_credentials", "Basic w6k6w7w=", 0, "\xc3\xa9", "\xc3\xbc" },
    { "not_base64_at_all", "Basic !!!!", -1, NULL, NULL },
    { "other_scheme", "Bearer dXNlcjpwYXNz", -1, NULL, NULL },
    { "scheme_prefix_only", "Basicx dTpw", -1, NULL, NULL },
    { "trailing_junk_word", "Basic dTpw junk", -1, NULL, NULL },
    { "std_alphabet_plus_and_slash", "Basic fn5+Oj8/Pw==", 0, "~~~", "???" },
    { "colon_in_base64_text", "Basic Zm9v:", -1, NULL, NULL },
    { "one_char_group", "Basic Zg", -1, NULL, NULL },
    { "surrogate_bytes", "Basic 7aCAOng=", -1, NULL, NULL },
    { "overlong_bytes", "Basic wK86eA==", -1, NULL, NULL },
    /* Werkzeug decodes with base64.b64decode(validate=False): padding is
     * required and characters outside the standard alphabet are dropped. */
    { "missing_padding_rejected", "Basic dXNlcjpwYXM", -1, NULL, NULL },
    { "spaces_inside_base64_ignored", "Basic dXNl cjpw YXNz", 0, "user", "pass" },
    { "url_safe_chars_discarded", "Basic dXNlcjpw-_", 0, "user", "p" },
};

START_TEST(test_basic_auth_parses_credentials_like_werkzeug)
{
    const struct basic_case *c = &basic_cases[_i];
    struct hb_arena a;
    const char *user = "untouched", *pass = "untouched";

    hb_arena_init(&a, 0);
    int rc = hb_basic_auth_parse(&a, c->header, &user, &pass);
    ck_assert_msg(rc == c->rc, "%s: returned %d, want %d (user '%s')", c->name, rc, c->rc,
                  rc == 0 ? user : "-");
    if (c->rc == 0) {
        ck_assert_msg(strcmp(user, c->user) == 0, "%s: user '%s', want '%s'", c->name, user,
                      c->user);
        ck_assert_msg(strcmp(pass, c->pass) == 0, "%s: password '%s', want '%s'", c->name, pass,
                      c->pass);
    }
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_basic_auth_rejects_a_nul_in_the_credentials)
{
    /* Werkzeug would give the user "a\0b"; a C string cannot carry it, and
     * a truncated name must never authenticate as "a". */
    struct hb_arena a;
    const char *user, *pass;
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_basic_auth_parse(&a, "Basic YQBiOmM=", &user, &pass), -1);
    ck_assert_int_eq(hb_basic_auth_parse(&a, "Basic dTpwAA==", &user, &pass), -1);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_basic_auth_handles_a_long_password)
{
    enum { N = 6000 };
    struct hb_arena a;
    const char *user, *pass;
    char *raw = malloc(N + 3);
    char *header = malloc(6 + hb_base64_encoded_len(N + 2) + 1);
    ck_assert_ptr_nonnull(raw);
    ck_assert_ptr_nonnull(header);
    memcpy(raw, "u:", 2);
    memset(raw + 2, 'p', N);
    memcpy(header, "Basic ", 6);
    hb_base64_encode(raw, N + 2, header + 6);

    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_basic_auth_parse(&a, header, &user, &pass), 0);
    ck_assert_str_eq(user, "u");
    ck_assert_uint_eq(strlen(pass), N);
    hb_arena_cleanup(&a);
    free(raw);
    free(header);
}
END_TEST

START_TEST(test_basic_auth_fails_cleanly_past_arena_limit)
{
    struct hb_arena a;
    const char *user = NULL, *pass = NULL;
    hb_arena_init(&a, 4);
    ck_assert_int_eq(hb_basic_auth_parse(&a, "Basic dXNlcjpwYXNz", &user, &pass), -1);
    ck_assert_ptr_null(user);
    hb_arena_cleanup(&a);
}
END_TEST

/* --- hb_bearer_parse ------------------------------------------------------------
 * The contract of authz.h: "Bearer <token>" with a non-empty token; the scheme
 * is matched case-insensitively as RFC 7235 says. */

struct bearer_case {
    const char *name;
    const char *header;
    int rc;
    const char *token;
};

static const struct bearer_case bearer_cases[] = {
    { "plain", "Bearer abc.def-ghi", 0, "abc.def-ghi" },
    { "lowercase_scheme", "bearer t", 0, "t" },
    { "spaces_before_token", "Bearer    t", 0, "t" },
    { "tab_after_scheme", "Bearer\tt", 0, "t" },
    { "token_keeps_inner_spaces", "Bearer a b", 0, "a b" },
    { "empty_header", "", -1, NULL },
    { "scheme_only", "Bearer", -1, NULL },
    { "scheme_and_spaces_only", "Bearer   ", -1, NULL },
    { "no_space_after_scheme", "Bearerabc", -1, NULL },
    { "other_scheme", "Basic dXNlcjpwYXNz", -1, NULL },
    { "scheme_prefix", "Bear abc", -1, NULL },
    { "utf8_token", "Bearer \xc3\xa9", 0, "\xc3\xa9" },
};

START_TEST(test_bearer_parse_returns_the_token)
{
    const struct bearer_case *c = &bearer_cases[_i];
    const char *token = "untouched";
    int rc = hb_bearer_parse(c->header, &token);
    ck_assert_msg(rc == c->rc, "%s: returned %d, want %d", c->name, rc, c->rc);
    if (c->rc == 0) {
        ck_assert_msg(strcmp(token, c->token) == 0, "%s: token '%s', want '%s'", c->name, token,
                      c->token);
        ck_assert_msg(token >= c->header && token < c->header + strlen(c->header),
                      "%s: token is not borrowed from the header", c->name);
    }
}
END_TEST

/* --- hb_secure_equal ------------------------------------------------------------ */

struct equal_case {
    const char *name;
    const char *a, *b;
    bool equal;
};

static const struct equal_case equal_cases[] = {
    { "same", "passwd", "passwd", true },
    { "both_empty", "", "", true },
    { "first_empty", "", "x", false },
    { "second_empty", "x", "", false },
    { "prefix_of_other", "pass", "passwd", false },
    { "other_is_prefix", "passwd", "pass", false },
    { "differs_in_last_byte", "passwd", "passwe", false },
    { "differs_in_first_byte", "xasswd", "passwd", false },
    { "case_matters", "Passwd", "passwd", false },
    { "high_bytes_equal", "\xff\xfe", "\xff\xfe", true },
    { "high_bytes_differ", "\xff\xfe", "\xff\xff", false },
    { "differs_only_in_high_bit", "a", "\xe1", false },
};

START_TEST(test_secure_equal_compares_whole_strings)
{
    const struct equal_case *c = &equal_cases[_i];
    ck_assert_msg(hb_secure_equal(c->a, c->b) == c->equal, "%s: got %d, want %d", c->name,
                  !c->equal, c->equal);
}
END_TEST

START_TEST(test_secure_equal_handles_long_strings)
{
    enum { N = 100000 };
    char *x = malloc(N + 1), *y = malloc(N + 1);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    memset(x, 'k', N);
    memset(y, 'k', N);
    x[N] = y[N] = '\0';
    ck_assert(hb_secure_equal(x, y));
    y[N - 1] = 'j';
    ck_assert(!hb_secure_equal(x, y));
    y[N - 1] = '\0';
    ck_assert(!hb_secure_equal(x, y));
    ck_assert(!hb_secure_equal(y, x));
    free(x);
    free(y);
}
END_TEST

/* --- base64 ---------------------------------------------------------------------
 * Encodings are Python's base64.b64encode (RFC 4648 section 10 vectors
 * included). */

struct encode_case {
    const char *name;
    const char *data;
    size_t len;
    const char *want;
};

static const struct encode_case encode_cases[] = {
    { "empty", "", 0, "" },
    { "f", "f", 1, "Zg==" },
    { "fo", "fo", 2, "Zm8=" },
    { "foo", "foo", 3, "Zm9v" },
    { "foob", "foob", 4, "Zm9vYg==" },
    { "fooba", "fooba", 5, "Zm9vYmE=" },
    { "foobar", "foobar", 6, "Zm9vYmFy" },
    { "nul_bytes", "\x00\x00\x00\x00", 4, "AAAAAA==" },
    { "high_bytes", "\xff\xfe\xfd", 3, "//79" },
    { "plus_and_slash", "\xfb\xff\xbf", 3, "+/+/" },
    { "one_nul", "\x00", 1, "AA==" },
    { "user_pass", "user:pass", 9, "dXNlcjpwYXNz" },
};

START_TEST(test_base64_encode_matches_rfc4648)
{
    const struct encode_case *c = &encode_cases[_i];
    char out[64];
    memset(out, '#', sizeof(out));
    ck_assert_msg(hb_base64_encoded_len(c->len) == strlen(c->want), "%s: encoded_len %zu, want %zu",
                  c->name, hb_base64_encoded_len(c->len), strlen(c->want));
    hb_base64_encode(c->data, c->len, out);
    ck_assert_msg(strcmp(out, c->want) == 0, "%s: '%s', want '%s'", c->name, out, c->want);
}
END_TEST

/* Decoding: Python's base64.b64decode(validate=True) after the promised
 * leniencies (missing padding, URL-safe '-' and '_'); anything else that is
 * not base64 gives -1. */

struct decode_case {
    const char *name;
    const char *input;
    size_t len;
    long want_len;
    const char *want;
};

static const struct decode_case decode_cases[] = {
    { "empty", "", 0, 0, "" },
    { "padded_one_byte", "Zg==", 4, 1, "f" },
    { "unpadded_one_byte", "Zg", 2, 1, "f" },
    { "padded_two_bytes", "Zm8=", 4, 2, "fo" },
    { "unpadded_two_bytes", "Zm8", 3, 2, "fo" },
    { "three_bytes", "Zm9v", 4, 3, "foo" },
    { "foobar", "Zm9vYmFy", 8, 6, "foobar" },
    { "nul_bytes", "AAAAAA==", 8, 4, "\x00\x00\x00\x00" },
    { "standard_alphabet", "+/+/", 4, 3, "\xfb\xff\xbf" },
    { "url_safe_alphabet", "-_-_", 4, 3, "\xfb\xff\xbf" },
    { "high_bytes", "//79", 4, 3, "\xff\xfe\xfd" },
    { "single_char_group", "Z", 1, -1, "" },
    { "five_chars", "Zm9vY", 5, -1, "" },
    { "only_padding", "====", 4, 0, "" },
    { "bad_char_star", "Zm9*", 4, -1, "" },
    { "space_inside", "Zm 9v", 5, -1, "" },
    { "padding_in_middle", "Zg==Zg==", 8, -1, "" },
    { "colon", "Zm9v:", 5, -1, "" },
    { "nul_char_inside", "Zm\x00v", 4, -1, "" },
    { "non_ascii", "Zm9v\xc3\xa9", 6, -1, "" },
    { "length_bounds_input", "Zm9vYmFy", 4, 3, "foo" },
};

START_TEST(test_base64_decode_accepts_both_alphabets_and_rejects_junk)
{
    const struct decode_case *c = &decode_cases[_i];
    unsigned char out[64];
    long n = hb_base64_decode(c->input, c->len, out);
    ck_assert_msg(n == c->want_len, "%s: length %ld, want %ld", c->name, n, c->want_len);
    if (n > 0)
        ck_assert_msg(memcmp(out, c->want, (size_t)n) == 0, "%s: wrong bytes", c->name);
}
END_TEST

START_TEST(test_base64_round_trips_every_length_and_byte)
{
    unsigned char data[300], back[300 + 3];
    char enc[404];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof(data); len++) {
        ck_assert_uint_eq(hb_base64_encoded_len(len), (len + 2) / 3 * 4);
        hb_base64_encode(data, len, enc);
        ck_assert_uint_eq(strlen(enc), hb_base64_encoded_len(len));
        long n = hb_base64_decode(enc, strlen(enc), back);
        ck_assert_msg(n == (long)len, "len %zu: decoded %ld bytes", len, n);
        ck_assert_msg(len == 0 || memcmp(back, data, len) == 0, "len %zu: bytes differ", len);
    }
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *authz_suite(void)
{
    Suite *s = suite_create("authz");
    TCase *tc;

    tc = tcase_create("basic");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_basic_auth_parses_credentials_like_werkzeug, 0, N_OF(basic_cases));
    tcase_add_test(tc, test_basic_auth_rejects_a_nul_in_the_credentials);
    tcase_add_test(tc, test_basic_auth_handles_a_long_password);
    tcase_add_test(tc, test_basic_auth_fails_cleanly_past_arena_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("bearer");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_bearer_parse_returns_the_token, 0, N_OF(bearer_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("secure_equal");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_secure_equal_compares_whole_strings, 0, N_OF(equal_cases));
    tcase_add_test(tc, test_secure_equal_handles_long_strings);
    suite_add_tcase(s, tc);

    tc = tcase_create("base64");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_base64_encode_matches_rfc4648, 0, N_OF(encode_cases));
    tcase_add_loop_test(tc, test_base64_decode_accepts_both_alphabets_and_rejects_junk, 0,
                        N_OF(decode_cases));
    tcase_add_test(tc, test_base64_round_trips_every_length_and_byte);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(authz_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
