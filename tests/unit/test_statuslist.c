/* SPDX-License-Identifier: MIT */
/* /status code lists (statuslist.h): parsing and httpbin's weighted pick. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/statuslist.h"

/* --- hb_status_list_parse ------------------------------------------------------ */

struct parse_case {
    const char *name;
    const char *text;
    int count; /* -1: rejected */
    struct hb_status_choice want[3];
};

static const struct parse_case parse_cases[] = {
    { "single_code", "418", 1, { { 418, 1 } } },
    { "two_codes", "200,500", 2, { { 200, 1 }, { 500, 1 } } },
    { "weighted", "200:0.9,500:0.1", 2, { { 200, 0.9 }, { 500, 0.1 } } },
    { "weight_on_one_only", "200:3,500", 2, { { 200, 3 }, { 500, 1 } } },
    { "lowest_code", "200", 1, { { 200, 1 } } },
    { "interim_code", "100", -1, { { 0, 0 } } },
    { "interim_code_in_a_list", "200,103", -1, { { 0, 0 } } },
    { "highest_code", "999", 1, { { 999, 1 } } },
    { "zero_weight_beside_positive", "200:0,500:1", 2, { { 200, 0 }, { 500, 1 } } },
    { "exponent_weight", "200:1e-3,500", 2, { { 200, 0.001 }, { 500, 1 } } },
    { "integer_weight", "201:7,500", 2, { { 201, 7 }, { 500, 1 } } },
    { "weight_without_a_list", "200:1", -1, { { 0, 0 } } },
    { "python_int_forms", " +0201 ", 1, { { 201, 1 } } },
    { "underscore_between_digits", "2_01", 1, { { 201, 1 } } },
    { "hex_weight", "200:0x10,500", -1, { { 0, 0 } } },
    { "three_codes", "200,300,400", 3, { { 200, 1 }, { 300, 1 }, { 400, 1 } } },
    { "empty", "", -1, { { 0, 0 } } },
    { "code_below_100", "99", -1, { { 0, 0 } } },
    { "code_zero", "0", -1, { { 0, 0 } } },
    { "code_above_999", "1000", -1, { { 0, 0 } } },
    { "huge_code", "99999999999999999999", -1, { { 0, 0 } } },
    { "letters", "abc", -1, { { 0, 0 } } },
    { "letter_inside_code", "2x0", -1, { { 0, 0 } } },
    { "negative_code", "-200", -1, { { 0, 0 } } },
    { "decimal_code", "20.0", -1, { { 0, 0 } } },
    { "trailing_comma", "200,", -1, { { 0, 0 } } },
    { "leading_comma", ",200", -1, { { 0, 0 } } },
    { "only_comma", ",", -1, { { 0, 0 } } },
    { "double_comma", "200,,500", -1, { { 0, 0 } } },
    { "empty_weight", "200:", -1, { { 0, 0 } } },
    { "empty_code_with_weight", ":1", -1, { { 0, 0 } } },
    { "word_weight", "200:abc", -1, { { 0, 0 } } },
    { "two_colons", "200:1:2", -1, { { 0, 0 } } },
    { "negative_weight", "200:-1,500:1", -1, { { 0, 0 } } },
    { "nan_weight", "200:nan", -1, { { 0, 0 } } },
    { "infinite_weight", "200:inf", -1, { { 0, 0 } } },
    { "overflowing_weight", "200:1e999", -1, { { 0, 0 } } },
    { "trailing_junk_in_weight", "200:1x", -1, { { 0, 0 } } },
    { "very_long_weight",
      "200:1.00000000000000000000000000000000000000000000000000000000000000000000000000000001",
      -1, { { 0, 0 } } },
    { "only_zero_weight", "200:0", -1, { { 0, 0 } } },
    { "all_zero_weights", "200:0,500:0", -1, { { 0, 0 } } },
};

START_TEST(test_status_list_parse_reads_codes_and_weights)
{
    const struct parse_case *c = &parse_cases[_i];
    struct hb_status_choice out[HB_STATUS_MAX_CHOICES];
    int n = hb_status_list_parse(c->text, out);
    ck_assert_msg(n == c->count, "%s: count %d, want %d", c->name, n, c->count);
    for (int i = 0; i < c->count; i++) {
        ck_assert_msg(out[i].code == c->want[i].code, "%s: choice %d code %d, want %d", c->name,
                      i, out[i].code, c->want[i].code);
        ck_assert_msg(out[i].weight == c->want[i].weight, "%s: choice %d weight %g, want %g",
                      c->name, i, out[i].weight, c->want[i].weight);
    }
}
END_TEST

/* n comma-separated codes, e.g. "200,201,...". */
static char *code_list(int n)
{
    char *s = malloc((size_t)n * 4 + 1);
    ck_assert_ptr_nonnull(s);
    size_t len = 0;
    s[0] = '\0';
    for (int i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "%s%d", i ? "," : "", 200 + i % 800);
    return s;
}

struct count_case {
    const char *name;
    int choices;
    int want;
};

static const struct count_case count_cases[] = {
    { "exactly_the_maximum", HB_STATUS_MAX_CHOICES, HB_STATUS_MAX_CHOICES },
    { "one_past_the_maximum", HB_STATUS_MAX_CHOICES + 1, -1 },
    { "huge_list", 100000, -1 },
};

START_TEST(test_status_list_parse_caps_the_number_of_choices)
{
    const struct count_case *c = &count_cases[_i];
    /* Exactly the maximum on the heap: a write past it trips ASan. */
    struct hb_status_choice *out = malloc(HB_STATUS_MAX_CHOICES * sizeof(*out));
    ck_assert_ptr_nonnull(out);
    char *text = code_list(c->choices);
    int n = hb_status_list_parse(text, out);
    ck_assert_msg(n == c->want, "%s: count %d, want %d", c->name, n, c->want);
    if (n > 0)
        ck_assert_msg(out[n - 1].code == 200 + (n - 1) % 800, "%s: last code %d", c->name,
                      out[n - 1].code);
    free(text);
    free(out);
}
END_TEST

/* --- hb_status_list_pick ---------------------------------------------------------
 * Expected codes come from httpbin's weighted_choice: cum_weights summed in
 * order, x = random.uniform(0, total) = total * u, code = values[bisect.bisect
 * (cum_weights, x)], computed in Python with the same doubles. */

#define BELOW_ONE 0x1.fffffffffffffp-1
#define BELOW_HALF 0x1.fffffffffffffp-2

struct pick_case {
    const char *name;
    int n;
    struct hb_status_choice choices[3];
    double u;
    int want;
};

static const struct pick_case pick_cases[] = {
    { "single_choice_u_zero", 1, { { 418, 1 } }, 0.0, 418 },
    { "single_choice_u_below_one", 1, { { 418, 1 } }, BELOW_ONE, 418 },
    { "two_equal_u_zero", 2, { { 200, 1 }, { 500, 1 } }, 0.0, 200 },
    { "two_equal_u_half_goes_right", 2, { { 200, 1 }, { 500, 1 } }, 0.5, 500 },
    { "two_equal_u_below_half", 2, { { 200, 1 }, { 500, 1 } }, BELOW_HALF, 200 },
    { "two_equal_u_below_one", 2, { { 200, 1 }, { 500, 1 } }, BELOW_ONE, 500 },
    { "zero_weight_first_never_picked", 2, { { 200, 0 }, { 500, 1 } }, 0.0, 500 },
    { "zero_weight_last_never_picked", 2, { { 200, 1 }, { 500, 0 } }, BELOW_ONE, 200 },
    { "zero_weight_middle_skipped", 3, { { 200, 1 }, { 500, 0 }, { 404, 1 } }, 0.5, 404 },
    { "zero_weight_middle_u_below_half", 3, { { 200, 1 }, { 500, 0 }, { 404, 1 } }, BELOW_HALF,
      200 },
    { "leading_zero_weights", 3, { { 200, 0 }, { 201, 0 }, { 202, 1 } }, 0.0, 202 },
    { "ninety_ten_at_boundary", 2, { { 200, 0.9 }, { 500, 0.1 } }, 0.9, 500 },
    { "ninety_ten_below_boundary", 2, { { 200, 0.9 }, { 500, 0.1 } }, 0x1.cccccccccccccp-1, 200 },
    { "tiny_weight_last", 2, { { 200, 1 }, { 500, 1e-9 } }, BELOW_ONE, 500 },
    { "three_thirds_u_two_thirds", 3, { { 200, 1 }, { 300, 1 }, { 400, 1 } }, 2.0 / 3.0, 400 },
};

START_TEST(test_status_list_pick_follows_httpbin_weighted_choice)
{
    const struct pick_case *c = &pick_cases[_i];
    int code = hb_status_list_pick(c->choices, c->n, c->u);
    ck_assert_msg(code == c->want, "%s: picked %d, want %d (u=%a)", c->name, code, c->want, c->u);
}
END_TEST

START_TEST(test_status_list_pick_spreads_by_weight)
{
    struct hb_status_choice c[HB_STATUS_MAX_CHOICES];
    ck_assert_int_eq(hb_status_list_parse("200:0.9,500:0.1", c), 2);
    int n200 = 0;
    for (int i = 0; i < 1000; i++)
        n200 += hb_status_list_pick(c, 2, i / 1000.0) == 200;
    ck_assert_int_eq(n200, 900);
}
END_TEST

START_TEST(test_status_list_pick_covers_every_choice_of_a_full_list)
{
    struct hb_status_choice c[HB_STATUS_MAX_CHOICES];
    char *text = code_list(HB_STATUS_MAX_CHOICES);
    ck_assert_int_eq(hb_status_list_parse(text, c), HB_STATUS_MAX_CHOICES);
    for (int i = 0; i < HB_STATUS_MAX_CHOICES; i++) {
        double u = (i + 0.5) / HB_STATUS_MAX_CHOICES;
        ck_assert_int_eq(hb_status_list_pick(c, HB_STATUS_MAX_CHOICES, u), 200 + i);
    }
    ck_assert_int_eq(hb_status_list_pick(c, HB_STATUS_MAX_CHOICES, 0.0), 200);
    ck_assert_int_eq(hb_status_list_pick(c, HB_STATUS_MAX_CHOICES, BELOW_ONE),
                     200 + HB_STATUS_MAX_CHOICES - 1);
    free(text);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *statuslist_suite(void)
{
    Suite *s = suite_create("statuslist");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_status_list_parse_reads_codes_and_weights, 0, N_OF(parse_cases));
    tcase_add_loop_test(tc, test_status_list_parse_caps_the_number_of_choices, 0,
                        N_OF(count_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("pick");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_status_list_pick_follows_httpbin_weighted_choice, 0,
                        N_OF(pick_cases));
    tcase_add_test(tc, test_status_list_pick_spreads_by_weight);
    tcase_add_test(tc, test_status_list_pick_covers_every_choice_of_a_full_list);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(statuslist_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
