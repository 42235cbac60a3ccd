/* SPDX-License-Identifier: MIT */
/* The Cookie header parser and Set-Cookie quoting (cookie_header.h) against Werkzeug 2.2. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/cookie_header.h"
#include "lib/kvlist.h"

/* Prints bytes as C escapes so a failure shows what differed. */
static const char *show(char *buf, size_t size, const char *s, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < len && o + 5 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127 && c != '\\')
            buf[o++] = (char)c;
        else
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
    }
    buf[o] = '\0';
    return buf;
}

/* --- hb_cookie_parse ---------------------------------------------------------
 * Every expected list is list(werkzeug.http.parse_cookie(header, cls=list))
 * from Debian 12's Werkzeug 2.2.2, the header given as bytes (what WSGI's
 * latin-1 HTTP_COOKIE encodes back to). */

struct pair {
    const char *name;
    const char *value;
    size_t len;
};

struct parse_case {
    const char *name;
    const char *header;
    size_t count;
    struct pair pairs[4];
};

static const struct parse_case parse_cases[] = {
    { "single", "a=1", 1, { { "a", "1", 1 } } },
    { "two_pairs", "a=1; b=2", 2, { { "a", "1", 1 }, { "b", "2", 1 } } },
    { "repeated_name_all_kept_in_order", "a=1; a=2; b=3; a=4", 4, { { "a", "1", 1 }, { "a", "2", 1 }, { "b", "3", 1 }, { "a", "4", 1 } } },
    { "empty_header", "", 0, { { NULL, NULL, 0 } } },
    { "only_semicolons", ";;; ;", 0, { { NULL, NULL, 0 } } },
    { "only_spaces", "   ", 0, { { NULL, NULL, 0 } } },
    { "no_space_after_semicolon", "a=1;b=2", 2, { { "a", "1", 1 }, { "b", "2", 1 } } },
    { "spaces_around_equals", " a = 1 ; b\x09=\x09" "2 ", 2, { { "a", "1", 1 }, { "b", "2", 1 } } },
    { "name_without_value", "a; b=2", 2, { { "a", "", 0 }, { "b", "2", 1 } } },
    { "name_with_equals_no_value", "a=; b=", 2, { { "a", "", 0 }, { "b", "", 0 } } },
    { "empty_name_skipped", "=1; =; b=2", 1, { { "b", "2", 1 } } },
    { "value_with_equals", "a=b=c", 1, { { "a", "b=c", 3 } } },
    { "quoted_value", "a=\"x\"", 1, { { "a", "x", 1 } } },
    { "quoted_octal_comma", "a=\"x\\054y\"", 1, { { "a", "x,y", 3 } } },
    { "quoted_octal_semicolon_and_escaped_quote", "a=\"x\\073\\\"y\\\\z\"", 1, { { "a", "x;\"y\\z", 6 } } },
    { "quoted_semicolon_inside", "a=\"x;y\"; b=2", 2, { { "a", "x;y", 3 }, { "b", "2", 1 } } },
    { "unterminated_quote", "a=\"x;y", 2, { { "a", "\"x", 2 }, { "y", "", 0 } } },
    { "quote_then_junk", "a=\"x\"y; b=1", 2, { { "a", "\"x\"y", 4 }, { "b", "1", 1 } } },
    { "lone_quote", "a=\"", 1, { { "a", "\"", 1 } } },
    { "empty_quotes", "a=\"\"", 1, { { "a", "", 0 } } },
    { "quoted_spaces_kept", "a=\" x \"", 1, { { "a", " x ", 3 } } },
    { "backslash_at_end_of_quoted", "a=\"\\\"; b=2", 2, { { "a", "\\", 1 }, { "b", "2", 1 } } },
    { "escaped_quote_spans_semicolon", "a=\"\\\"; b=\"; c=1", 2, { { "a", "\"; b=", 5 }, { "c", "1", 1 } } },
    { "octal_out_of_range_is_plain_escape", "a=\"\\400\\8\"", 1, { { "a", "4008", 4 } } },
    { "truncated_octal", "a=\"\\05\"", 1, { { "a", "05", 2 } } },
    { "octal_nul", "a=\"x\\000y\"", 1, { { "a", "x\x00y", 3 } } },
    { "octal_high_byte_invalid_utf8", "a=\"\\377\"", 1, { { "a", "\xef\xbf\xbd", 3 } } },
    { "octal_utf8_sequence", "a=\"\\303\\251\"", 1, { { "a", "\xc3\xa9", 2 } } },
    { "raw_utf8", "caf\xc3\xa9=cr\xc3\xa8me", 1, { { "caf\xc3\xa9", "cr\xc3\xa8me", 6 } } },
    { "raw_invalid_bytes", "\xff=\xfe\xfd", 1, { { "\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd", 6 } } },
    { "unquoted_value_keeps_inner_quote", "a=x\"y", 1, { { "a", "x\"y", 3 } } },
    { "value_inner_spaces_kept", "a=x y  ; b=2", 2, { { "a", "x y", 3 }, { "b", "2", 1 } } },
    { "comma_is_not_a_separator", "a=1, b=2", 1, { { "a", "1, b=2", 6 } } },
    { "trailing_semicolon", "a=1;", 1, { { "a", "1", 1 } } },
    { "tabs_and_formfeeds", "\x09" "a\x0c=\x0b" "1\x09;", 1, { { "a", "1", 1 } } },
    { "key_with_spaces_inside", "a b=1", 1, { { "a b", "1", 1 } } },
    { "percent_not_decoded", "a=%41+", 1, { { "a", "%41+", 4 } } },
    { "newline_inside_key_kept", "a\x0a" "b=1", 1, { { "a\x0a" "b", "1", 1 } } },
    { "quoted_value_may_hold_newline", "a=\"x\x0ay\"; b=2", 2, { { "a", "x\x0ay", 3 }, { "b", "2", 1 } } },
    { "newline_before_semicolon_is_whitespace", "a=1\x0a; b=2", 2, { { "a", "1", 1 }, { "b", "2", 1 } } },
    { "spaces_after_closing_quote", "a=\"x\" ; b=1", 2, { { "a", "x", 1 }, { "b", "1", 1 } } },
    { "junk_after_quote_and_spaces", "a=\"x\"  y", 1, { { "a", "\"x\"  y", 6 } } },
    { "key_then_equals_only", "a =", 1, { { "a", "", 0 } } },
    { "spaces_around_lone_equals", " = ", 0, { { NULL, NULL, 0 } } },
    { "backslash_before_closing_quote", "a=\"x\\\"", 1, { { "a", "x\\", 2 } } },
    { "newline_inside_unquoted_value_stops_parsing", "a=x\x0ay; b=2", 0, { { NULL, NULL, 0 } } },
    { "escaped_newline_in_quotes_stops_parsing", "a=\"x\\\x0ay\"; b=2", 0, { { NULL, NULL, 0 } } },
};

START_TEST(test_cookie_parse_returns_every_pair_like_werkzeug)
{
    const struct parse_case *c = &parse_cases[_i];
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    char got[256], want[256];

    hb_arena_init(&a, 0);
    int rc = hb_cookie_parse(&a, c->header, &list);
    ck_assert_msg(rc == 0, "%s: returned %d", c->name, rc);
    ck_assert_msg(list.count == c->count, "%s: %zu pairs, want %zu", c->name, list.count,
                  c->count);
    for (size_t i = 0; i < c->count; i++) {
        const struct hb_kv *kv = &list.items[i];
        const struct pair *p = &c->pairs[i];
        ck_assert_msg(strcmp(kv->name, p->name) == 0, "%s: pair %zu name '%s', want '%s'",
                      c->name, i, show(got, sizeof(got), kv->name, strlen(kv->name)),
                      show(want, sizeof(want), p->name, strlen(p->name)));
        ck_assert_msg(kv->len == p->len && memcmp(kv->value, p->value, p->len) == 0,
                      "%s: pair %zu value '%s' (%zu bytes), want '%s' (%zu bytes)", c->name, i,
                      show(got, sizeof(got), kv->value, kv->len), kv->len,
                      show(want, sizeof(want), p->value, p->len), p->len);
        ck_assert_msg(kv->value[kv->len] == '\0', "%s: pair %zu value not NUL-terminated",
                      c->name, i);
    }
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_cookie_parse_lets_the_first_value_win_on_lookup)
{
    /* httpbin's /cookies keeps MultiDict's first value per name. */
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_cookie_parse(&a, "a=1; b=2; a=3", &list), 0);
    ck_assert_str_eq(hb_kvlist_get(&list, "a"), "1");
    ck_assert_str_eq(hb_kvlist_get(&list, "b"), "2");
    ck_assert_ptr_null(hb_kvlist_get(&list, "c"));
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_cookie_parse_handles_a_huge_header)
{
    enum { N = 10000 };
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    char *h = malloc(N * 24);
    ck_assert_ptr_nonnull(h);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)sprintf(h + len, "%sc%d=\"v\\054%d\"", i ? "; " : "", i, i);

    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_cookie_parse(&a, h, &list), 0);
    ck_assert_uint_eq(list.count, N);
    ck_assert_str_eq(list.items[0].name, "c0");
    ck_assert_str_eq(list.items[0].value, "v,0");
    ck_assert_str_eq(list.items[N - 1].name, "c9999");
    ck_assert_str_eq(list.items[N - 1].value, "v,9999");
    hb_arena_cleanup(&a);
    free(h);
}
END_TEST

START_TEST(test_cookie_parse_handles_one_huge_value)
{
    enum { N = 100000 };
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    char *h = malloc(N + 8);
    ck_assert_ptr_nonnull(h);
    memcpy(h, "big=\"", 5);
    memset(h + 5, 'x', N);
    memcpy(h + 5 + N, "\"", 2);

    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_cookie_parse(&a, h, &list), 0);
    ck_assert_uint_eq(list.count, 1);
    ck_assert_uint_eq(list.items[0].len, N);
    ck_assert_uint_eq(strlen(list.items[0].value), N);
    hb_arena_cleanup(&a);
    free(h);
}
END_TEST

START_TEST(test_cookie_parse_reports_out_of_memory)
{
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 64);
    ck_assert_int_eq(hb_cookie_parse(&a, "a=1; b=2", &list), -1);
    hb_arena_cleanup(&a);
}
END_TEST

/* --- hb_cookie_quote ---------------------------------------------------------
 * 'want' is the value part of werkzeug.http.dump_cookie("k", value) (for
 * all_high: werkzeug._internal._cookie_quote on the raw bytes, since
 * dump_cookie takes text). 'quoted' = 0 when the value goes out unchanged. */

struct quote_case {
    const char *name;
    const char *value;
    const char *want;
    int quoted;
};

static const struct quote_case quote_cases[] = {
    { "empty", "", "", 0 },
    { "legal_chars_bare", "abcXYZ019/=!#$%&'*+-.^_`|~:", "abcXYZ019/=!#$%&'*+-.^_`|~:", 0 },
    { "space_quoted", "x y", "\"x y\"", 1 },
    { "brief_example", "x y;z", "\"x y\\073z\"", 1 },
    { "comma", "a,b", "\"a\\054b\"", 1 },
    { "semicolon", ";", "\"\\073\"", 1 },
    { "double_quote", "a\"b", "\"a\\\"b\"", 1 },
    { "backslash", "a\\b", "\"a\\\\b\"", 1 },
    { "control_chars", "\x01\x1f\x09\x0a", "\"\\001\\037\\011\\012\"", 1 },
    { "del", "\x7f", "\"\\177\"", 1 },
    { "utf8_bytes", "\xc3\xa9", "\"\\303\\251\"", 1 },
    { "parens_and_brackets", "()[]{}<>@?", "\"()[]{}<>@?\"", 1 },
    { "only_quotes", "\"\"", "\"\\\"\\\"\"", 1 },
    { "all_high", "\x80\xff", "\"\\200\\377\"", 1 },
    { "tab", "\x09", "\"\\011\"", 1 },
};

START_TEST(test_cookie_quote_matches_werkzeug_dump_cookie)
{
    const struct quote_case *c = &quote_cases[_i];
    struct hb_arena a;
    char got[256], want[256];

    hb_arena_init(&a, 0);
    char *out = hb_cookie_quote(&a, c->value);
    ck_assert_msg(out != NULL, "%s: NULL", c->name);
    ck_assert_msg(strcmp(out, c->want) == 0, "%s: '%s', want '%s'", c->name,
                  show(got, sizeof(got), out, strlen(out)),
                  show(want, sizeof(want), c->want, strlen(c->want)));
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_cookie_quote_round_trips_through_parse)
{
    const struct quote_case *c = &quote_cases[_i];
    struct hb_arena a;
    struct hb_kvlist list = { 0 };

    /* Werkzeug's parse_cookie(dump_cookie(v)) gives v back when v is UTF-8
     * without leading/trailing spaces or control bytes. */
    if (strcmp(c->name, "all_high") == 0 || strcmp(c->name, "control_chars") == 0 ||
        strcmp(c->name, "del") == 0 || strcmp(c->name, "tab") == 0)
        return;
    hb_arena_init(&a, 0);
    const char *quoted = hb_cookie_quote(&a, c->value);
    ck_assert_ptr_nonnull(quoted);
    char *header = hb_arena_printf(&a, "k=%s", quoted);
    ck_assert_int_eq(hb_cookie_parse(&a, header, &list), 0);
    ck_assert_msg(list.count == 1, "%s: %zu pairs", c->name, list.count);
    ck_assert_msg(strcmp(list.items[0].value, c->value) == 0, "%s: '%s' came back as '%s'",
                  c->name, c->value, list.items[0].value);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_cookie_quote_leaves_legal_values_untouched)
{
    struct hb_arena a;
    hb_arena_init(&a, 0);
    const char *v = "abc123";
    ck_assert_ptr_eq(hb_cookie_quote(&a, v), v);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_cookie_quote_handles_worst_case_growth)
{
    enum { N = 4096 };
    struct hb_arena a;
    char *v = malloc(N + 1);
    ck_assert_ptr_nonnull(v);
    memset(v, 0xff, N);
    v[N] = '\0';
    hb_arena_init(&a, 0);
    char *out = hb_cookie_quote(&a, v);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(strlen(out), 4 * N + 2);
    ck_assert(strncmp(out, "\"\\377\\377", 9) == 0);
    ck_assert(strcmp(out + 4 * N - 2, "377\"") == 0);
    hb_arena_cleanup(&a);
    free(v);
}
END_TEST

START_TEST(test_cookie_quote_returns_null_past_arena_limit)
{
    struct hb_arena a;
    hb_arena_init(&a, 16);
    ck_assert_ptr_null(hb_cookie_quote(&a, "a value with spaces"));
    hb_arena_cleanup(&a);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *cookie_header_suite(void)
{
    Suite *s = suite_create("cookie_header");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_cookie_parse_returns_every_pair_like_werkzeug, 0,
                        N_OF(parse_cases));
    tcase_add_test(tc, test_cookie_parse_lets_the_first_value_win_on_lookup);
    suite_add_tcase(s, tc);

    tc = tcase_create("parse_limits");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cookie_parse_handles_a_huge_header);
    tcase_add_test(tc, test_cookie_parse_handles_one_huge_value);
    tcase_add_test(tc, test_cookie_parse_reports_out_of_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("quote");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_cookie_quote_matches_werkzeug_dump_cookie, 0, N_OF(quote_cases));
    tcase_add_loop_test(tc, test_cookie_quote_round_trips_through_parse, 0, N_OF(quote_cases));
    tcase_add_test(tc, test_cookie_quote_leaves_legal_values_untouched);
    tcase_add_test(tc, test_cookie_quote_handles_worst_case_growth);
    tcase_add_test(tc, test_cookie_quote_returns_null_past_arena_limit);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cookie_header_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
