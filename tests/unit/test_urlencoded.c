/* SPDX-License-Identifier: MIT */
/* Query/form decoding (urlencoded.h) and UTF-8 repair (utf8.h) against Werkzeug 2.2 and Python. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/kvlist.h"
#include "lib/urlencoded.h"
#include "lib/utf8.h"

#define REPLACEMENT "\xef\xbf\xbd"

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

/* --- hb_urlencoded_parse ---------------------------------------------------
 * Every expected list is url_decode(s, cls=list) from Debian 12's Werkzeug
 * 2.2.2 with the input given as bytes, as request.args and request.form see
 * them. */

struct pair {
    const char *name;
    const char *value;
    size_t len;
};

struct parse_case {
    const char *name;
    const char *input;
    size_t len;
    size_t count;
    struct pair pairs[4];
};

static const struct parse_case parse_cases[] = {
    { "single_pair", "a=1", 3, 1, { { "a", "1", 1 } } },
    { "repeated_names_in_order", "a=1&b=2&a=3", 11, 3, { { "a", "1", 1 }, { "b", "2", 1 }, { "a", "3", 1 } } },
    { "empty_string", "", 0, 0, { { NULL, NULL, 0 } } },
    { "only_separators", "&&&", 3, 0, { { NULL, NULL, 0 } } },
    { "empty_pieces_skipped", "&a=1&&b=2&", 10, 2, { { "a", "1", 1 }, { "b", "2", 1 } } },
    { "name_without_equals", "a", 1, 1, { { "a", "", 0 } } },
    { "name_without_equals_then_pair", "d&a=1", 5, 2, { { "d", "", 0 }, { "a", "1", 1 } } },
    { "lone_equals", "=", 1, 1, { { "", "", 0 } } },
    { "empty_name", "=x", 2, 1, { { "", "x", 1 } } },
    { "second_equals_in_value", "a==b=c", 6, 1, { { "a", "=b=c", 4 } } },
    { "plus_is_space", "a+b=c+d", 7, 1, { { "a b", "c d", 3 } } },
    { "lone_plus", "+", 1, 1, { { " ", "", 0 } } },
    { "encoded_plus_stays_plus", "%2B=%2b", 7, 1, { { "+", "+", 1 } } },
    { "encoded_separators", "a%3Db=c%26d", 11, 1, { { "a=b", "c&d", 3 } } },
    { "semicolon_is_not_a_separator", "a=1;b=2", 7, 1, { { "a", "1;b=2", 5 } } },
    { "utf8_escapes", "%C3%A9=%e2%82%ac", 16, 1, { { "\xc3\xa9", "\xe2\x82\xac", 3 } } },
    { "raw_utf8", "\xc3\xa9=\xe2\x82\xac", 6, 1, { { "\xc3\xa9", "\xe2\x82\xac", 3 } } },
    { "bad_byte_escape", "a=%FF&b+c=1&&d", 14, 3, { { "a", "\xef\xbf\xbd", 3 }, { "b c", "1", 1 }, { "d", "", 0 } } },
    { "raw_invalid_bytes", "a=\xff\xfe", 4, 1, { { "a", "\xef\xbf\xbd\xef\xbf\xbd", 6 } } },
    { "truncated_utf8_escape", "a=%e2%82", 8, 1, { { "a", "\xef\xbf\xbd", 3 } } },
    { "overlong_escape", "a=%C0%AF", 8, 1, { { "a", "\xef\xbf\xbd\xef\xbf\xbd", 6 } } },
    { "surrogate_escape", "a=%ED%A0%80", 11, 1, { { "a", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 } } },
    { "lone_percent", "a=%", 3, 1, { { "a", "%", 1 } } },
    { "percent_one_digit", "a=%4", 4, 1, { { "a", "%4", 2 } } },
    { "percent_at_name_end", "a%2=1", 5, 1, { { "a%2", "1", 1 } } },
    { "percent_bad_hex", "a=%4g%g4%zz", 11, 1, { { "a", "%4g%g4%zz", 9 } } },
    { "double_percent", "a=%%41", 6, 1, { { "a", "%A", 2 } } },
    { "percent_percent", "%%=%%%", 6, 1, { { "%%", "%%%", 3 } } },
    { "encoded_nul", "a=%00b", 6, 1, { { "a", "\x00" "b", 2 } } },
    { "raw_nul_in_value", "a=x\x00y", 5, 1, { { "a", "x\x00y", 3 } } },
    { "escaped_mixed_case", "a=%4a%4A%aA", 11, 1, { { "a", "JJ\xef\xbf\xbd", 5 } } },
    { "plus_then_escape", "a=+%20+", 7, 1, { { "a", "   ", 3 } } },
    { "value_with_spaces_kept", " a = b ", 7, 1, { { " a ", " b ", 3 } } },
    /* Only s[0..len) is read. */
    { "length_bounds_input", "a=1&b=2", 3, 1, { { "a", "1", 1 } } },
    { "length_cuts_escape", "a=%41", 4, 1, { { "a", "%4", 2 } } },
    { "length_cuts_before_nul", "a=1\0b=2", 3, 1, { { "a", "1", 1 } } },
};

START_TEST(test_urlencoded_decodes_like_werkzeug)
{
    const struct parse_case *c = &parse_cases[_i];
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    char got[256], want[256];

    hb_arena_init(&a, 0);
    int rc = hb_urlencoded_parse(&a, c->input, c->len, 100, &list);
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

START_TEST(test_urlencoded_keeps_repeated_names_in_order)
{
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 0);
    const char *s = "x=3&y=1&x=1&x=2";
    ck_assert_int_eq(hb_urlencoded_parse(&a, s, strlen(s), 10, &list), 0);
    ck_assert_uint_eq(list.count, 4);
    const char *names[] = { "x", "y", "x", "x" }, *values[] = { "3", "1", "1", "2" };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(list.items[i].name, names[i]);
        ck_assert_str_eq(list.items[i].value, values[i]);
    }
    ck_assert_str_eq(hb_kvlist_get(&list, "x"), "3");
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_urlencoded_appends_to_a_list_that_has_items)
{
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_urlencoded_parse(&a, "a=1", 3, 10, &list), 0);
    ck_assert_int_eq(hb_urlencoded_parse(&a, "b=2", 3, 10, &list), 0);
    ck_assert_uint_eq(list.count, 2);
    ck_assert_str_eq(list.items[0].name, "a");
    ck_assert_str_eq(list.items[1].name, "b");
    hb_arena_cleanup(&a);
}
END_TEST

/* --- max_pairs -------------------------------------------------------------- */

struct limit_case {
    const char *name;
    const char *input;
    size_t max_pairs;
    int rc;
    size_t count; /* pairs in the list when rc == 0 */
};

static const struct limit_case limit_cases[] = {
    { "exactly_at_limit", "a&b&c", 3, 0, 3 },
    { "one_past_limit", "a&b&c", 2, -2, 0 },
    { "empty_pieces_do_not_count", "a&&&b&", 2, 0, 2 },
    { "zero_limit_empty_input", "", 0, 0, 0 },
    { "zero_limit_only_separators", "&&&&", 0, 0, 0 },
    { "zero_limit_one_pair", "a=1", 0, -2, 0 },
    { "huge_limit", "a=1&b=2", SIZE_MAX, 0, 2 },
    { "pairs_without_values_count", "a&b=&=c", 2, -2, 0 },
};

START_TEST(test_urlencoded_enforces_max_pairs)
{
    const struct limit_case *c = &limit_cases[_i];
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 0);
    int rc = hb_urlencoded_parse(&a, c->input, strlen(c->input), c->max_pairs, &list);
    ck_assert_msg(rc == c->rc, "%s: returned %d, want %d", c->name, rc, c->rc);
    if (c->rc == 0)
        ck_assert_msg(list.count == c->count, "%s: %zu pairs, want %zu", c->name, list.count,
                      c->count);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_urlencoded_handles_many_pairs)
{
    enum { N = 20000 };
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    char *s = malloc(N * 16);
    ck_assert_ptr_nonnull(s);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)sprintf(s + len, "%sk%d=%d", i ? "&" : "", i, i);

    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_urlencoded_parse(&a, s, len, N, &list), 0);
    ck_assert_uint_eq(list.count, N);
    for (int i = 0; i < N; i += 997) {
        char k[16], v[16];
        snprintf(k, sizeof(k), "k%d", i);
        snprintf(v, sizeof(v), "%d", i);
        ck_assert_str_eq(list.items[i].name, k);
        ck_assert_str_eq(list.items[i].value, v);
    }
    ck_assert_str_eq(list.items[N - 1].value, "19999");
    hb_arena_cleanup(&a);

    struct hb_kvlist again = { 0 };
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_urlencoded_parse(&a, s, len, N - 1, &again), -2);
    hb_arena_cleanup(&a);
    free(s);
}
END_TEST

START_TEST(test_urlencoded_reports_out_of_memory)
{
    struct hb_arena a;
    struct hb_kvlist list = { 0 };
    hb_arena_init(&a, 64); /* too small for the list's first array */
    ck_assert_int_eq(hb_urlencoded_parse(&a, "a=1&b=2", 7, 10, &list), -1);
    hb_arena_cleanup(&a);

    /* A long value that cannot be copied. */
    char big[512];
    memset(big, 'v', sizeof(big));
    big[0] = 'k';
    big[1] = '=';
    struct hb_kvlist list2 = { 0 };
    hb_arena_init(&a, 256);
    ck_assert_int_eq(hb_urlencoded_parse(&a, big, sizeof(big), 10, &list2), -1);
    hb_arena_cleanup(&a);
}
END_TEST

/* --- hb_percent_decode ------------------------------------------------------
 * Expected bytes are werkzeug.urls._unquote_to_bytes (after '+' -> ' ' when
 * plus_is_space), which is what url_unquote_plus decodes. */

struct percent_case {
    const char *name;
    const char *input;
    size_t len;
    int plus_is_space;
    const char *want;
    size_t want_len;
};

static const struct percent_case percent_cases[] = {
    { "empty", "", 0, 1, "", 0 },
    { "plain", "abc", 3, 1, "abc", 3 },
    { "one_escape", "%41", 3, 1, "A", 1 },
    { "escape_at_end", "x%41", 4, 1, "xA", 2 },
    { "lone_percent", "%", 1, 1, "%", 1 },
    { "percent_then_one_hex_digit", "%4", 2, 1, "%4", 2 },
    { "percent_at_end_after_text", "ab%", 3, 1, "ab%", 3 },
    { "truncated_after_escape", "%41%4", 5, 1, "A%4", 3 },
    { "bad_hex_digits", "%G1%1G%-1", 9, 1, "%G1%1G%-1", 9 },
    { "space_is_not_hex", "% 1%1 ", 6, 1, "% 1%1 ", 6 },
    { "double_percent", "%%41", 4, 1, "%A", 2 },
    { "lower_and_upper_hex", "%ff%FF%fF", 9, 1, "\xff\xff\xff", 3 },
    { "encoded_nul", "%00", 3, 1, "\x00", 1 },
    { "raw_nul_kept", "a\x00" "b", 3, 1, "a\x00" "b", 3 },
    { "plus_is_space", "a+b", 3, 1, "a b", 3 },
    { "plus_kept_without_flag", "a+b", 3, 0, "a+b", 3 },
    { "encoded_plus_not_space", "%2B+", 4, 1, "+ ", 2 },
    { "encoded_percent_not_rescanned", "%2541", 5, 1, "%41", 3 },
    { "high_bytes_kept", "\xff\x80", 2, 1, "\xff\x80", 2 },
    { "invalid_utf8_not_repaired", "%e2%82", 6, 0, "\xe2\x82", 2 },
    { "escape_cut_by_length", "%41", 2, 1, "%4", 2 },
    { "nothing_read_past_length", "ab%41", 2, 1, "ab", 2 },
};

START_TEST(test_percent_decode_matches_werkzeug_unquote)
{
    const struct percent_case *c = &percent_cases[_i];
    struct hb_arena a;
    char got[128], want[128];
    size_t n = 12345;

    hb_arena_init(&a, 0);
    char *out = hb_percent_decode(&a, c->input, c->len, c->plus_is_space, &n);
    ck_assert_msg(out != NULL, "%s: NULL", c->name);
    ck_assert_msg(n == c->want_len && memcmp(out, c->want, n) == 0,
                  "%s: '%s' (%zu bytes), want '%s' (%zu bytes)", c->name,
                  show(got, sizeof(got), out, n), n, show(want, sizeof(want), c->want, c->want_len),
                  c->want_len);
    ck_assert_msg(out[n] == '\0', "%s: not NUL-terminated", c->name);
    /* out_len is optional. */
    ck_assert_ptr_nonnull(hb_percent_decode(&a, c->input, c->len, c->plus_is_space, NULL));
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_percent_decode_decodes_every_byte)
{
    struct hb_arena a;
    char in[256 * 3 + 1];
    hb_arena_init(&a, 0);
    for (int b = 0; b < 256; b++)
        snprintf(in + b * 3, 4, "%%%02X", b);
    size_t n = 0;
    char *out = hb_percent_decode(&a, in, 256 * 3, 0, &n);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(n, 256);
    for (int b = 0; b < 256; b++)
        ck_assert_int_eq((unsigned char)out[b], b);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_percent_decode_returns_null_past_arena_limit)
{
    struct hb_arena a;
    char big[4096];
    memset(big, 'x', sizeof(big));
    hb_arena_init(&a, 1024);
    ck_assert_ptr_null(hb_percent_decode(&a, big, sizeof(big), 1, NULL));
    hb_arena_cleanup(&a);
}
END_TEST

/* --- hb_utf8_valid / hb_utf8_sanitize ---------------------------------------
 * 'want' is bytes.decode('utf-8', 'replace').encode() from Python 3.11;
 * 'valid' says whether the strict decode succeeds. */

struct utf8_case {
    const char *name;
    const char *input;
    size_t len;
    bool valid;
    const char *want;
    size_t want_len;
};

static const struct utf8_case utf8_cases[] = {
    { "empty", "", 0, true, "", 0 },
    { "ascii", "abc", 3, true, "abc", 3 },
    { "nul_byte", "\x00", 1, true, "\x00", 1 },
    { "nul_between_bad_bytes", "a\x00\xff\x00", 4, false, "a\x00\xef\xbf\xbd\x00", 6 },
    { "two_byte_min", "\xc2\x80", 2, true, "\xc2\x80", 2 },
    { "two_byte_max", "\xdf\xbf", 2, true, "\xdf\xbf", 2 },
    { "three_byte_euro", "\xe2\x82\xac", 3, true, "\xe2\x82\xac", 3 },
    { "truncated_three_byte", "\xe2\x82", 2, false, "\xef\xbf\xbd", 3 },
    { "truncated_three_byte_then_ascii", "\xe2\x82" "A", 3, false, "\xef\xbf\xbd" "A", 4 },
    { "lead_then_bad_second", "\xe2(\xa1", 3, false, "\xef\xbf\xbd(\xef\xbf\xbd", 7 },
    { "overlong_slash_c0", "\xc0\xaf", 2, false, "\xef\xbf\xbd\xef\xbf\xbd", 6 },
    { "overlong_c1", "\xc1\xbf", 2, false, "\xef\xbf\xbd\xef\xbf\xbd", 6 },
    { "overlong_three_byte", "\xe0\x80\x80", 3, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 },
    { "three_byte_min", "\xe0\xa0\x80", 3, true, "\xe0\xa0\x80", 3 },
    { "overlong_four_byte", "\xf0\x80\x80\x80", 4, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12 },
    { "four_byte_min", "\xf0\x90\x80\x80", 4, true, "\xf0\x90\x80\x80", 4 },
    { "four_byte_max", "\xf4\x8f\xbf\xbf", 4, true, "\xf4\x8f\xbf\xbf", 4 },
    { "past_max_code_point", "\xf4\x90\x80\x80", 4, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12 },
    { "lead_f5", "\xf5\x80\x80\x80", 4, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12 },
    { "lead_ff", "\xff", 1, false, "\xef\xbf\xbd", 3 },
    { "lone_continuation", "\x80", 1, false, "\xef\xbf\xbd", 3 },
    { "continuations_run", "\x80\xbf\x80", 3, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 },
    { "high_surrogate", "\xed\xa0\x80", 3, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 },
    { "low_surrogate", "\xed\xbf\xbf", 3, false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9 },
    { "last_before_surrogates", "\xed\x9f\xbf", 3, true, "\xed\x9f\xbf", 3 },
    { "first_after_surrogates", "\xee\x80\x80", 3, true, "\xee\x80\x80", 3 },
    { "bmp_max", "\xef\xbf\xbf", 3, true, "\xef\xbf\xbf", 3 },
    { "replacement_char_itself", "\xef\xbf\xbd", 3, true, "\xef\xbf\xbd", 3 },
    { "truncated_four_byte", "\xf0\x9f\x98", 3, false, "\xef\xbf\xbd", 3 },
    { "truncated_four_byte_then_ascii", "\xf0\x9f\x98" "A", 4, false, "\xef\xbf\xbd" "A", 4 },
    { "four_byte_emoji", "\xf0\x9f\x98\x80", 4, true, "\xf0\x9f\x98\x80", 4 },
    { "lone_two_byte_lead", "\xc2", 1, false, "\xef\xbf\xbd", 3 },
    { "two_byte_lead_then_lead", "\xc2\xc2\x80", 3, false, "\xef\xbf\xbd\xc2\x80", 5 },
    { "mixed_good_and_bad", "a\xe2\x82\xac" "b\xe2\x82", 7, false, "a\xe2\x82\xac" "b\xef\xbf\xbd", 8 },
    { "latin1_text", "caf\xe9 cr\xe8me", 10, false, "caf\xef\xbf\xbd cr\xef\xbf\xbdme", 14 },
    /* Past eight bytes ASCII is checked a word at a time: bad bytes at
     * the edges of and inside the words. */
    { "long_ascii", "abcdefghijklmnop", 16, true, "abcdefghijklmnop", 16 },
    { "bad_after_a_word", "abcdefgh\xff", 9, false, "abcdefgh\xef\xbf\xbd", 11 },
    { "bad_last_of_two_words", "abcdefghijklmno\x80", 16, false,
      "abcdefghijklmno\xef\xbf\xbd", 18 },
    { "bad_first_of_second_word", "abcdefgh\x80ijklmno", 16, false,
      "abcdefgh\xef\xbf\xbdijklmno", 18 },
    { "multibyte_between_words", "abcdefgh\xe2\x82\xac" "abcdefgh", 19, true,
      "abcdefgh\xe2\x82\xac" "abcdefgh", 19 },
    { "cut_multibyte_after_words", "abcdefghijklmnop\xe2\x82", 18, false,
      "abcdefghijklmnop\xef\xbf\xbd", 19 },
};

START_TEST(test_utf8_valid_agrees_with_python_strict_decode)
{
    const struct utf8_case *c = &utf8_cases[_i];
    ck_assert_msg(hb_utf8_valid(c->input, c->len) == c->valid, "%s: valid is %d, want %d",
                  c->name, !c->valid, c->valid);
}
END_TEST

START_TEST(test_utf8_sanitize_replaces_maximal_subparts_like_python)
{
    const struct utf8_case *c = &utf8_cases[_i];
    struct hb_arena a;
    char got[256], want[256];
    size_t n = 12345;

    hb_arena_init(&a, 0);
    /* A NUL-terminated copy: sanitize may hand back its input. */
    char *in = hb_arena_memdup(&a, c->input, c->len);
    char *out = hb_utf8_sanitize(&a, in, c->len, &n);
    ck_assert_msg(out != NULL, "%s: NULL", c->name);
    ck_assert_msg(n == c->want_len && memcmp(out, c->want, n) == 0,
                  "%s: '%s' (%zu bytes), want '%s' (%zu bytes)", c->name,
                  show(got, sizeof(got), out, n), n, show(want, sizeof(want), c->want, c->want_len),
                  c->want_len);
    ck_assert_msg(out[n] == '\0', "%s: not NUL-terminated", c->name);
    ck_assert_msg(hb_utf8_valid(out, n), "%s: output is not valid UTF-8", c->name);
    if (c->valid)
        ck_assert_msg(out == in, "%s: valid input was copied", c->name);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_utf8_valid_reads_only_len_bytes)
{
    /* The bad byte is past the length. */
    ck_assert(hb_utf8_valid("ab\xff", 2));
    /* A sequence cut by the length is invalid even if the buffer completes it. */
    ck_assert(!hb_utf8_valid("\xe2\x82\xac", 2));
    ck_assert(hb_utf8_valid("\xff", 0));
}
END_TEST

START_TEST(test_utf8_sanitize_handles_worst_case_growth)
{
    enum { N = 5000 };
    struct hb_arena a;
    char *in = malloc(N + 1);
    ck_assert_ptr_nonnull(in);
    memset(in, 0x80, N);
    in[N] = '\0';
    hb_arena_init(&a, 0);
    size_t n = 0;
    char *out = hb_utf8_sanitize(&a, in, N, &n);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(n, 3 * N);
    for (size_t i = 0; i < N; i++)
        ck_assert(memcmp(out + 3 * i, REPLACEMENT, 3) == 0);
    ck_assert_int_eq(out[n], '\0');
    hb_arena_cleanup(&a);
    free(in);
}
END_TEST

START_TEST(test_utf8_sanitize_returns_null_past_arena_limit)
{
    struct hb_arena a;
    char in[1000];
    memset(in, 0xff, sizeof(in));
    hb_arena_init(&a, 1000); /* needs 3001 */
    ck_assert_ptr_null(hb_utf8_sanitize(&a, in, sizeof(in), NULL));
    hb_arena_cleanup(&a);
}
END_TEST

struct seq_case {
    const char *name;
    const char *input;
    size_t avail;
    size_t want;
};

static const struct seq_case seq_cases[] = {
    { "ascii", "a", 1, 1 },
    { "nul", "\0", 1, 1 },
    { "two_byte", "\xc3\xa9", 2, 2 },
    { "three_byte", "\xe2\x82\xac", 3, 3 },
    { "four_byte", "\xf0\x9f\x98\x80", 4, 4 },
    { "three_byte_cut_by_avail", "\xe2\x82\xac", 2, 0 },
    { "continuation_byte", "\x80", 1, 0 },
    { "overlong", "\xc0\xaf", 2, 0 },
    { "surrogate", "\xed\xa0\x80", 3, 0 },
    { "past_max", "\xf4\x90\x80\x80", 4, 0 },
    { "lead_ff", "\xff", 1, 0 },
};

START_TEST(test_utf8_seq_len_measures_one_sequence)
{
    const struct seq_case *c = &seq_cases[_i];
    size_t n = hb_utf8_seq_len((const unsigned char *)c->input, c->avail);
    ck_assert_msg(n == c->want, "%s: %zu, want %zu", c->name, n, c->want);
}
END_TEST

/* --- hb_latin1_to_utf8 ------------------------------------------------------
 * 'want' is bytes.decode('latin-1').encode('utf-8'). */

struct latin1_case {
    const char *name;
    const char *input;
    size_t len;
    const char *want;
    size_t want_len;
};

static const struct latin1_case latin1_cases[] = {
    { "empty", "", 0, "", 0 },
    { "ascii", "abc", 3, "abc", 3 },
    { "e_acute", "\xe9", 1, "\xc3\xa9", 2 },
    { "all_high", "\x80\xff", 2, "\xc2\x80\xc3\xbf", 4 },
    { "nul_inside", "a\x00\xe9", 3, "a\x00\xc3\xa9", 4 },
    { "c1_controls", "\x85\x9f", 2, "\xc2\x85\xc2\x9f", 4 },
    { "mixed", "caf\xe9 \xa3", 6, "caf\xc3\xa9 \xc2\xa3", 8 },
};

START_TEST(test_latin1_to_utf8_decodes_every_byte_as_a_code_point)
{
    const struct latin1_case *c = &latin1_cases[_i];
    struct hb_arena a;
    char got[128], want[128];

    hb_arena_init(&a, 0);
    char *out = hb_latin1_to_utf8(&a, c->input, c->len, NULL);
    ck_assert_msg(out != NULL, "%s: NULL", c->name);
    ck_assert_msg(memcmp(out, c->want, c->want_len) == 0 && out[c->want_len] == '\0',
                  "%s: '%s', want '%s'", c->name, show(got, sizeof(got), out, c->want_len),
                  show(want, sizeof(want), c->want, c->want_len));
    ck_assert_msg(hb_utf8_valid(out, c->want_len), "%s: output is not valid UTF-8", c->name);
    if (c->len == c->want_len)
        ck_assert_msg(out == c->input, "%s: ASCII input was copied", c->name);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_latin1_to_utf8_covers_all_256_bytes)
{
    struct hb_arena a;
    char in[256];
    for (int i = 0; i < 256; i++)
        in[i] = (char)(255 - i);
    hb_arena_init(&a, 0);
    char *out = hb_latin1_to_utf8(&a, in, sizeof(in), NULL);
    ck_assert_ptr_nonnull(out);
    /* 128 ASCII bytes (one of them NUL) plus 128 two-byte sequences. */
    ck_assert(hb_utf8_valid(out, 384));
    ck_assert_int_eq(out[384], '\0');
    ck_assert(memcmp(out, "\xc3\xbf\xc3\xbe", 4) == 0);
    ck_assert(memcmp(out + 254, "\xc2\x80\x7f", 3) == 0);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_latin1_to_utf8_returns_null_past_arena_limit)
{
    struct hb_arena a;
    char in[600];
    memset(in, 0xe9, sizeof(in));
    hb_arena_init(&a, 1000); /* needs 1201 */
    ck_assert_ptr_null(hb_latin1_to_utf8(&a, in, sizeof(in), NULL));
    hb_arena_cleanup(&a);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *urlencoded_suite(void)
{
    Suite *s = suite_create("urlencoded");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_urlencoded_decodes_like_werkzeug, 0, N_OF(parse_cases));
    tcase_add_test(tc, test_urlencoded_keeps_repeated_names_in_order);
    tcase_add_test(tc, test_urlencoded_appends_to_a_list_that_has_items);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_urlencoded_enforces_max_pairs, 0, N_OF(limit_cases));
    tcase_add_test(tc, test_urlencoded_handles_many_pairs);
    tcase_add_test(tc, test_urlencoded_reports_out_of_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("percent_decode");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_percent_decode_matches_werkzeug_unquote, 0, N_OF(percent_cases));
    tcase_add_test(tc, test_percent_decode_decodes_every_byte);
    tcase_add_test(tc, test_percent_decode_returns_null_past_arena_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_utf8_valid_agrees_with_python_strict_decode, 0, N_OF(utf8_cases));
    tcase_add_loop_test(tc, test_utf8_sanitize_replaces_maximal_subparts_like_python, 0,
                        N_OF(utf8_cases));
    tcase_add_test(tc, test_utf8_valid_reads_only_len_bytes);
    tcase_add_test(tc, test_utf8_sanitize_handles_worst_case_growth);
    tcase_add_test(tc, test_utf8_sanitize_returns_null_past_arena_limit);
    tcase_add_loop_test(tc, test_utf8_seq_len_measures_one_sequence, 0, N_OF(seq_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("latin1");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_latin1_to_utf8_decodes_every_byte_as_a_code_point, 0,
                        N_OF(latin1_cases));
    tcase_add_test(tc, test_latin1_to_utf8_covers_all_256_bytes);
    tcase_add_test(tc, test_latin1_to_utf8_returns_null_past_arena_limit);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(urlencoded_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
