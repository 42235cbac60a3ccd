/* SPDX-License-Identifier: MIT */
/* Unit tests for the request-body JSON reader. Each expected string was
 * printed by Python 3.11 for the input next to it, with
 *   json.dumps(json.loads(input), sort_keys=True, separators=(",", ":"),
 *              ensure_ascii=True)
 * and each refused input is one json.loads refuses too, apart from the
 * values jansson cannot hold (listed as such). */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json_load.h"
#include "lib/pyjson.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct loads {
    const char *name;
    const char *input;
    const char *expected;
};

static const struct loads accepted[] = {
    { "object with every scalar", "{\"payload\": \"aaaa\", \"n\": [1, -2.5e3, true, false, null]}",
      "{\"n\":[1,-2500.0,true,false,null],\"payload\":\"aaaa\"}" },
    { "whitespace and empty containers", "  {\"b\": {\"c\": [ ]}, \"a\": { } }\r\n",
      "{\"a\":{},\"b\":{\"c\":[]}}" },
    { "every escape",
      "\"caf\\u00e9 \\ud83d\\ude00 \\u0000 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
      "\"caf\\u00e9 \\ud83d\\ude00 \\u0000 \\\" \\\\ / \\b\\f\\n\\r\\t\"" },
    { "a repeated key keeps the last value", "{\"a\":1,\"a\":2}", "{\"a\":2}" },
    { "a key may hold NUL", "{\"a\\u0000b\": 1}", "{\"a\\u0000b\":1}" },
    { "escaped key", "{\"k\\u00e9\": {\"\\n\": 0}}", "{\"k\\u00e9\":{\"\\n\":0}}" },
    { "minus zero integer", "-0", "0" },
    { "minus zero real", "-0.0", "-0.0" },
    { "fraction", "0.1", "0.1" },
    { "exponent makes a real", "1E2", "100.0" },
    { "underflow is zero", "1e-400", "0.0" },
    { "largest integer", "9223372036854775807", "9223372036854775807" },
    { "smallest integer", "-9223372036854775808", "-9223372036854775808" },
    { "raw UTF-8", "\"\xc3\xa9\xe2\x82\xac\"", "\"\\u00e9\\u20ac\"" },
    { "big and long reals", "[1.5e300, 123456789012345678e-10]", "[1.5e+300,12345678.901234567]" },
};

static const char *const refused[] = {
    "", " ", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "1e", "-", "+1", "\"\\x\"",
    "\"a\x01\"", "[1 2]", "{\"a\" 1}", "{1:2}", "nul", "True", "[", "\"abc", "1 x",
    "\xef\xbb\xbf" "1", "\"\\u12\"", "\"\\", "{\"a\":}", "[1]]", "1\x00",
    /* Python takes these; json_t can hold none of them (as jansson). */
    "9223372036854775808", "1e400", "NaN", "Infinity", "-Infinity", "\"\\ud800\"",
    "\"\\udc00\"", "\"\\ud800\\u0041\"",
};

START_TEST(test_json_load_gives_what_python_reads)
{
    const struct loads *c = &accepted[_i];
    enum hb_json_load_status status;
    json_t *v = hb_json_load(c->input, strlen(c->input), 512, &status);
    ck_assert_msg(v != NULL, "%s: refused", c->name);
    ck_assert_int_eq(status, HB_JSON_LOADED);
    char *text = hb_pyjson_dump(v, NULL);
    ck_assert_str_eq(text, c->expected);
    free(text);
    json_decref(v);
}
END_TEST

START_TEST(test_json_load_refuses_what_is_not_json)
{
    const char *input = refused[_i];
    /* "1\0" is two bytes: the NUL is part of the text. */
    size_t len = strlen(input) + (strcmp(input, "1") == 0);
    enum hb_json_load_status status;
    json_t *v = hb_json_load(input, len, 512, &status);
    ck_assert_msg(v == NULL, "accepted [%s]", input);
    ck_assert_int_eq(status, HB_JSON_INVALID);
}
END_TEST

START_TEST(test_json_load_refuses_nesting_past_the_limit)
{
    enum hb_json_load_status status;
    json_t *v = hb_json_load("[[[1]]]", 7, 3, &status);
    ck_assert_ptr_nonnull(v);
    json_decref(v);
    ck_assert_ptr_null(hb_json_load("[[[[1]]]]", 9, 3, &status));
    ck_assert_int_eq(status, HB_JSON_TOO_DEEP);
    ck_assert_ptr_null(hb_json_load("{\"a\":{\"b\":[{}]}}", 16, 3, &status));
    ck_assert_int_eq(status, HB_JSON_TOO_DEEP);
    /* Too deep is told even when the text would fail later. */
    ck_assert_ptr_null(hb_json_load("[[[[[[", 6, 3, &status));
    ck_assert_int_eq(status, HB_JSON_TOO_DEEP);
    /* Brackets inside strings do not nest. */
    v = hb_json_load("[\"[[[[[[\"]", 10, 1, &status);
    ck_assert_ptr_nonnull(v);
    json_decref(v);
}
END_TEST

START_TEST(test_json_load_reads_a_body_that_is_not_terminated)
{
    /* Request bodies are bounded by length, not by a NUL. */
    char *buf = malloc(4);
    memcpy(buf, "[12]", 4);
    enum hb_json_load_status status;
    json_t *v = hb_json_load(buf, 3, 512, &status); /* "[12" */
    ck_assert_ptr_null(v);
    v = hb_json_load(buf + 1, 2, 512, &status); /* "12" */
    ck_assert_int_eq(json_integer_value(v), 12);
    json_decref(v);
    free(buf);
}
END_TEST

static Suite *json_load_suite(void)
{
    Suite *s = suite_create("json_load");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_json_load_gives_what_python_reads, 0, ARRAY_LEN(accepted));
    tcase_add_loop_test(tc, test_json_load_refuses_what_is_not_json, 0, ARRAY_LEN(refused));
    tcase_add_test(tc, test_json_load_refuses_nesting_past_the_limit);
    tcase_add_test(tc, test_json_load_reads_a_body_that_is_not_terminated);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(json_load_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
