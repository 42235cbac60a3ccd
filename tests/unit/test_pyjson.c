/* SPDX-License-Identifier: MIT */
/* Unit tests for pyjson: our bytes must equal Flask jsonify's. Each expected
 * string was printed by Python 3.11 for the input next to it, with
 *   json.dumps(json.loads(input), sort_keys=True, separators=(",", ":"),
 *              ensure_ascii=True)
 * so a failure here is a difference from python3-httpbin, not a style choice. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pyjson.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct pycase {
    const char *name;
    const char *input;    /* JSON text for json_loads */
    const char *expected; /* Python's output */
};

/* Python's repr of the index-th finite double the test's xorshift yields. */
struct pysample {
    int index;
    uint64_t bits;
    const char *expected;
};

static const struct pycase object_cases[] = {
    {"flat keys sort",
     "{\"b\":1,\"a\":2,\"c\":3}",
     "{\"a\":2,\"b\":1,\"c\":3}"},
    {"nested keys sort at every level",
     "{\"z\":{\"b\":{\"d\":1,\"c\":2},\"a\":[{\"y\":1,\"x\":2}]},\"a\":0,\"m\":{\"n\":null}}",
     "{\"a\":0,\"m\":{\"n\":null},\"z\":{\"a\":[{\"x\":2,\"y\":1}],\"b\":{\"c\":2,\"d\":1}}}"},
    {"keys sort by code point",
     "{\"b\":1,\"B\":2,\"a\":3,\"_\":4,\"aa\":5,\"\":6,\"\\u00e9\":7,\"\\u20ac\":8,\"\\ud83d\\ude00\":9,\"\\uffff\":10,\"\\ue000\":11,\"~\":12}",
     "{\"\":6,\"B\":2,\"_\":4,\"a\":3,\"aa\":5,\"b\":1,\"~\":12,\"\\u00e9\":7,\"\\u20ac\":8,\"\\ue000\":11,\"\\uffff\":10,\"\\ud83d\\ude00\":9}"},
    {"raw UTF-8 keys sort and escape",
     "{\"\\u20ac\": \"euro\", \"\303\251\": \"e-acute\", \"z\": \"z\"}",
     "{\"z\":\"z\",\"\\u00e9\":\"e-acute\",\"\\u20ac\":\"euro\"}"},
    {"keys are escaped like strings",
     "{\"a\\\"b\":1,\"c\\\\d\":2,\"e\\nf\":3,\"g/h\":4,\"\\u0001\":5}",
     "{\"\\u0001\":5,\"a\\\"b\":1,\"c\\\\d\":2,\"e\\nf\":3,\"g/h\":4}"},
    {"more keys than the stack array holds",
     "{\"k39\":39,\"k38\":38,\"k37\":37,\"k36\":36,\"k35\":35,\"k34\":34,\"k33\":33,\"k32\":32,\"k31\":31,\"k30\":30,\"k29\":29,\"k28\":28,\"k27\":27,\"k26\":26,\"k25\":25,\"k24\":24,\"k23\":23,\"k22\":22,\"k21\":21,\"k20\":20,\"k19\":19,\"k18\":18,\"k17\":17,\"k16\":16,\"k15\":15,\"k14\":14,\"k13\":13,\"k12\":12,\"k11\":11,\"k10\":10,\"k09\":9,\"k08\":8,\"k07\":7,\"k06\":6,\"k05\":5,\"k04\":4,\"k03\":3,\"k02\":2,\"k01\":1,\"k00\":0}",
     "{\"k00\":0,\"k01\":1,\"k02\":2,\"k03\":3,\"k04\":4,\"k05\":5,\"k06\":6,\"k07\":7,\"k08\":8,\"k09\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":20,\"k21\":21,\"k22\":22,\"k23\":23,\"k24\":24,\"k25\":25,\"k26\":26,\"k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,\"k31\":31,\"k32\":32,\"k33\":33,\"k34\":34,\"k35\":35,\"k36\":36,\"k37\":37,\"k38\":38,\"k39\":39}"},
    {"empty object",
     "{}",
     "{}"},
    {"empty array",
     "[]",
     "[]"},
    {"empty containers nest",
     "[{},[],{\"a\":[],\"b\":{}},[[]]]",
     "[{},[],{\"a\":[],\"b\":{}},[[]]]"},
    {"array keeps its order",
     "[3,1,2,\"b\",\"a\"]",
     "[3,1,2,\"b\",\"a\"]"},
    {"whitespace is dropped",
     "{ \"b\" : [ 1 , 2 ] ,\012 \"a\" : { } }",
     "{\"a\":{},\"b\":[1,2]}"},
    {"duplicate key keeps the last",
     "{\"a\":1,\"a\":2}",
     "{\"a\":2}"},
    {"mixed document",
     "{\"url\":\"http://example.com/get?x=1\",\"args\":{\"x\":\"1\"},\"headers\":{\"Host\":\"example.com\",\"Accept\":\"*/*\"},\"origin\":\"127.0.0.1\",\"json\":null}",
     "{\"args\":{\"x\":\"1\"},\"headers\":{\"Accept\":\"*/*\",\"Host\":\"example.com\"},\"json\":null,\"origin\":\"127.0.0.1\",\"url\":\"http://example.com/get?x=1\"}"},
};

static const struct pycase string_cases[] = {
    {"plain ASCII",
     "\"hello world\"",
     "\"hello world\""},
    {"e-acute",
     "\"caf\\u00e9\"",
     "\"caf\\u00e9\""},
    {"raw UTF-8 e-acute",
     "\"caf\303\251\"",
     "\"caf\\u00e9\""},
    {"euro sign",
     "\"\\u20ac5\"",
     "\"\\u20ac5\""},
    {"emoji becomes a surrogate pair",
     "\"\\ud83d\\ude00\"",
     "\"\\ud83d\\ude00\""},
    {"raw UTF-8 emoji",
     "\"\360\237\230\200!\"",
     "\"\\ud83d\\ude00!\""},
    {"last code point",
     "\"\\udbff\\udfff\"",
     "\"\\udbff\\udfff\""},
    {"BMP edges",
     "\"\\u0080\\u07ff\\u0800\\uffff\\ufffd\"",
     "\"\\u0080\\u07ff\\u0800\\uffff\\ufffd\""},
    {"line separator",
     "\"\\u2028\\u2029\"",
     "\"\\u2028\\u2029\""},
    {"NUL",
     "\"\\u0000\"",
     "\"\\u0000\""},
    {"NUL inside",
     "\"a\\u0000b\\u0000\"",
     "\"a\\u0000b\\u0000\""},
    {"short escapes",
     "\"\\b\\f\\n\\r\\t\"",
     "\"\\b\\f\\n\\r\\t\""},
    {"other control characters",
     "\"\\u0001\\u0002\\u000b\\u000e\\u001b\\u001f\"",
     "\"\\u0001\\u0002\\u000b\\u000e\\u001b\\u001f\""},
    {"DEL",
     "\"\\u007f\"",
     "\"\\u007f\""},
    {"slash stays raw",
     "\"a/b\\/c\"",
     "\"a/b/c\""},
    {"quote and backslash",
     "\"\\\"\\\\\"",
     "\"\\\"\\\\\""},
    {"space and tilde stay raw",
     "\" ~\"",
     "\" ~\""},
    {"empty string",
     "\"\"",
     "\"\""},
};

static const struct pycase real_cases[] = {
    {"0.1",
     "0.1",
     "0.1"},
    {"1.5",
     "1.5",
     "1.5"},
    {"-1.5",
     "-1.5",
     "-1.5"},
    {"1.0",
     "1.0",
     "1.0"},
    {"200000.0",
     "200000.0",
     "200000.0"},
    {"1e100",
     "1e100",
     "1e+100"},
    {"1e16",
     "1e16",
     "1e+16"},
    {"1e15",
     "1e15",
     "1000000000000000.0"},
    {"9999999999999998.0",
     "9999999999999998.0",
     "9999999999999998.0"},
    {"1e-5",
     "1e-5",
     "1e-05"},
    {"0.0001",
     "0.0001",
     "0.0001"},
    {"0.00012345",
     "0.00012345",
     "0.00012345"},
    {"0.0",
     "0.0",
     "0.0"},
    {"-0.0",
     "-0.0",
     "-0.0"},
    {"123456789.123456789",
     "123456789.123456789",
     "123456789.12345679"},
    {"5e-324",
     "5e-324",
     "5e-324"},
    {"2.2250738585072014e-308",
     "2.2250738585072014e-308",
     "2.2250738585072014e-308"},
    {"1.7976931348623157e308",
     "1.7976931348623157e308",
     "1.7976931348623157e+308"},
    {"2.5e-7",
     "2.5e-7",
     "2.5e-07"},
    {"-2.5e-300",
     "-2.5e-300",
     "-2.5e-300"},
    {"12345678901234567890.0",
     "12345678901234567890.0",
     "1.2345678901234567e+19"},
    {"1E2",
     "1E2",
     "100.0"},
    {"0.1 + 0.2",
     "0.30000000000000004",
     "0.30000000000000004"},
    {"1/3",
     "0.3333333333333333",
     "0.3333333333333333"},
    {"2**-1017: shortest digits lie above a power of two",
     "7.120236347223045e-307",
     "7.120236347223045e-307"},
    {"2**-1007: shortest digits lie above a power of two",
     "7.291122019556398e-304",
     "7.291122019556398e-304"},
    {"-2**-958: shortest digits lie above a power of two",
     "-8.209073602596753e-289",
     "-8.209073602596753e-289"},
    {"reals in an array",
     "[1.0,0.5,-0.0,1e22]",
     "[1.0,0.5,-0.0,1e+22]"},
};

static const struct pycase scalar_cases[] = {
    {"0",
     "0",
     "0"},
    {"-1",
     "-1",
     "-1"},
    {"-0 is an integer",
     "-0",
     "0"},
    {"max int64",
     "9223372036854775807",
     "9223372036854775807"},
    {"min int64",
     "-9223372036854775808",
     "-9223372036854775808"},
    {"true",
     "true",
     "true"},
    {"false",
     "false",
     "false"},
    {"null",
     "null",
     "null"},
    {"literals in an object",
     "{\"t\":true,\"f\":false,\"n\":null,\"i\":42}",
     "{\"f\":false,\"i\":42,\"n\":null,\"t\":true}"},
};

static const struct pysample random_samples[] = {
    {   0, UINT64_C(0xdc1b77ae0bf34dad), "-4.9911105725155504e+135"},
    { 100, UINT64_C(0x107db970f61ec64b), "3.063346448760151e-229"},
    { 200, UINT64_C(0x16ba1d39f25cae7d), "3.4116072635664438e-199"},
    { 300, UINT64_C(0x462e4081e78fa2e7), "1.1984044805017534e+30"},
    { 400, UINT64_C(0xc6faf1e6587d3e3f), "-8.7441268062409e+33"},
    { 500, UINT64_C(0x2eaa5d555d5d6c79), "6.785660674745272e-84"},
    { 600, UINT64_C(0x961e08dd122d2fa4), "-3.8318201020485495e-202"},
    { 700, UINT64_C(0x24b2f82b3a2fd8e0), "6.681219222762084e-132"},
    { 800, UINT64_C(0xc00786a950f4e488), "-2.9407526325927087"},
    { 900, UINT64_C(0x269eccf65bc42793), "1.1648270186626139e-122"},
    {1000, UINT64_C(0x733c75ed334879c4), "1.24371618519318e+247"},
    {1100, UINT64_C(0x903b6ffb42ded79a), "-1.7672855361824246e-230"},
    {1200, UINT64_C(0xc6a8a94b56d75cf8), "-2.500953531564658e+32"},
    {1300, UINT64_C(0xae54d526f669e819), "-1.6755803265319007e-85"},
    {1400, UINT64_C(0x6f8f30ade5b7d50a), "2.3644178492476098e+229"},
    {1500, UINT64_C(0xf17cf647232ac987), "-4.7148239055260236e+238"},
    {1600, UINT64_C(0x6b99e83a6d738c30), "2.12929820761332e+210"},
    {1700, UINT64_C(0x3aee79a165127829), "7.877633609976948e-25"},
    {1800, UINT64_C(0x166b2e3f790210b0), "1.1096674198066023e-200"},
    {1900, UINT64_C(0x4839e479e91fb13c), "8.810756152294667e+39"},
};

#define XORSHIFT_SEED UINT64_C(0x9e3779b97f4a7c15)
#define RANDOM_DOUBLES 2000

/* The same generator produced random_samples in Python; keep them in step. */
static uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static double double_from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* Digits from the first to the last non-zero one of the mantissa: "0.00012"
 * and "1.2e-04" both have 2, "200000.0" has 1, "0.0" counts as 1. */
static int significant_digits(const char *s)
{
    int count = 0, pending = 0, started = 0;

    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (*s == '0') {
            pending += started;
        } else {
            count += pending + 1;
            pending = 0;
            started = 1;
        }
    }
    return count ? count : 1;
}

static char *dump_or_fail(const json_t *v, const char *what)
{
    size_t len = (size_t)-1;
    char *out = hb_pyjson_dump(v, &len);

    ck_assert_msg(out != NULL, "%s: hb_pyjson_dump failed", what);
    ck_assert_msg(len == strlen(out), "%s: length %zu but strlen %zu", what, len, strlen(out));
    return out;
}

static void check_case(const struct pycase *c)
{
    json_error_t err;
    json_t *v = json_loads(c->input, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

    ck_assert_msg(v != NULL, "%s: jansson cannot parse the input: %s", c->name, err.text);
    char *out = dump_or_fail(v, c->name);
    ck_assert_msg(strcmp(out, c->expected) == 0, "%s:\n got  %s\n want %s", c->name, out,
                  c->expected);
    free(out);
    json_decref(v);
}

START_TEST(test_pyjson_sorts_object_keys)
{
    check_case(&object_cases[_i]);
}
END_TEST

START_TEST(test_pyjson_escapes_strings_like_python)
{
    check_case(&string_cases[_i]);
}
END_TEST

START_TEST(test_pyjson_formats_reals_like_python_repr)
{
    check_case(&real_cases[_i]);
}
END_TEST

START_TEST(test_pyjson_writes_integers_and_literals)
{
    check_case(&scalar_cases[_i]);
}
END_TEST

START_TEST(test_pyjson_matches_python_repr_for_sampled_random_doubles)
{
    const struct pysample *s = &random_samples[_i];
    json_t *v = json_real(double_from_bits(s->bits));

    ck_assert_ptr_nonnull(v);
    char *out = dump_or_fail(v, s->expected);
    ck_assert_msg(strcmp(out, s->expected) == 0, "double #%d (0x%016llx): got %s, want %s",
                  s->index, (unsigned long long)s->bits, out, s->expected);
    free(out);
    json_decref(v);
}
END_TEST

START_TEST(test_pyjson_round_trips_random_doubles_in_at_most_17_digits)
{
    uint64_t state = XORSHIFT_SEED;
    size_t sample = 0;

    for (int n = 0; n < RANDOM_DOUBLES;) {
        uint64_t bits = xorshift64(&state);
        double d = double_from_bits(bits);
        char g17[32];

        if (!isfinite(d))
            continue;
        json_t *v = json_real(d);
        ck_assert_ptr_nonnull(v);
        char *out = dump_or_fail(v, "random double");
        double back = strtod(out, NULL);
        ck_assert_msg(back == d && signbit(back) == signbit(d),
                      "0x%016llx printed as %s, which reads back as %.17g",
                      (unsigned long long)bits, out, back);
        snprintf(g17, sizeof(g17), "%.17g", d);
        ck_assert_msg(significant_digits(out) <= significant_digits(g17),
                      "0x%016llx printed as %s, longer than %%.17g's %s",
                      (unsigned long long)bits, out, g17);
        if (sample < ARRAY_LEN(random_samples) && random_samples[sample].index == n) {
            ck_assert_msg(random_samples[sample].bits == bits,
                          "random_samples[%zu] is out of step with the generator", sample);
            sample++;
        }
        free(out);
        json_decref(v);
        n++;
    }
    ck_assert_uint_eq(sample, ARRAY_LEN(random_samples));
}
END_TEST

/* Python itself stops near 1000 levels (RecursionError); 800 it printed back
 * unchanged, as it does any compact, sorted input. */
START_TEST(test_pyjson_writes_deep_nesting_unchanged)
{
    const char open[] = "{\"a\":[", close[] = "]}";
    const int levels = 400; /* two containers each */
    size_t n = levels * (sizeof(open) - 1 + sizeof(close) - 1);
    char *text = malloc(n + 1), *p = text;

    ck_assert_ptr_nonnull(text);
    for (int i = 0; i < levels; i++, p += sizeof(open) - 1)
        memcpy(p, open, sizeof(open) - 1);
    for (int i = 0; i < levels; i++, p += sizeof(close) - 1)
        memcpy(p, close, sizeof(close) - 1);
    *p = '\0';

    struct pycase c = { "800 levels", text, text };
    check_case(&c);
    free(text);
}
END_TEST

static char *nested_arrays(int depth)
{
    char *text = malloc(2 * (size_t)depth + 1);

    ck_assert_ptr_nonnull(text);
    memset(text, '[', (size_t)depth);
    memset(text + depth, ']', (size_t)depth);
    text[2 * depth] = '\0';
    return text;
}

START_TEST(test_pyjson_writes_anything_jansson_can_parse_however_deep)
{
    char *text = nested_arrays(HB_PYJSON_MAX_DEPTH);
    struct pycase c = { "jansson's deepest", text, text };

    check_case(&c);
    free(text);
}
END_TEST

START_TEST(test_pyjson_refuses_nesting_past_the_limit)
{
    char *text = nested_arrays(HB_PYJSON_MAX_DEPTH);
    json_t *inner = json_loads(text, 0, NULL), *outer = json_array();
    char *buf = NULL;
    size_t len = 0, cap = 0;

    ck_assert_ptr_nonnull(inner);
    ck_assert_int_eq(json_array_append_new(outer, inner), 0);
    ck_assert_ptr_null(hb_pyjson_dump(outer, NULL));
    ck_assert_int_eq(hb_pyjson_append(outer, &buf, &len, &cap), -1);
    ck_assert_uint_eq(len, 0);
    free(buf);
    json_decref(outer);
    free(text);
}
END_TEST

START_TEST(test_pyjson_refuses_a_cycle)
{
    json_t *a = json_array(), *b = json_array();

    ck_assert_int_eq(json_array_append(a, b), 0);
    ck_assert_int_eq(json_array_append(b, a), 0);
    ck_assert_ptr_null(hb_pyjson_dump(a, NULL));
    json_array_clear(b); /* break the cycle so that both can be freed */
    json_decref(b);
    json_decref(a);
}
END_TEST

/* jansson's parser refuses NUL in keys, but json_object_setn makes them; the
 * sort must then compare lengths, not stop at the NUL. */
START_TEST(test_pyjson_sorts_and_escapes_keys_with_nul)
{
    json_t *v = json_object();

    json_object_setn_new(v, "a\0c", 3, json_integer(3));
    json_object_setn_new(v, "a\0b", 3, json_integer(1));
    json_object_setn_new(v, "b", 1, json_integer(4));
    json_object_setn_new(v, "a", 1, json_integer(2));
    char *out = dump_or_fail(v, "NUL keys");
    ck_assert_str_eq(out, "{\"a\":2,\"a\\u0000b\":1,\"a\\u0000c\":3,\"b\":4}");
    free(out);
    json_decref(v);
}
END_TEST

START_TEST(test_pyjson_appends_after_what_the_buffer_holds)
{
    json_t *v = json_loads("{\"b\":[1,\"\\u00e9\"],\"a\":0.5}", 0, NULL);
    const char one[] = "{\"a\":0.5,\"b\":[1,\"\\u00e9\"]}";
    size_t n = sizeof(one) - 1, len = 7, cap = 8;
    char *buf = malloc(cap);

    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, "prefix:", 8);
    ck_assert_int_eq(hb_pyjson_append(v, &buf, &len, &cap), 0);
    ck_assert_uint_eq(len, 7 + n);
    ck_assert_uint_gt(cap, len);
    ck_assert_str_eq(buf, "prefix:{\"a\":0.5,\"b\":[1,\"\\u00e9\"]}");

    /* Many appends: the buffer keeps growing and every copy lands intact. */
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(hb_pyjson_append(v, &buf, &len, &cap), 0);
    ck_assert_uint_eq(len, 7 + 1001 * n);
    ck_assert_uint_eq(strlen(buf), len);
    for (size_t i = 0; i < 1001; i++)
        ck_assert_int_eq(memcmp(buf + 7 + i * n, one, n), 0);
    free(buf);

    /* A NULL buffer is a valid empty one. */
    buf = NULL;
    len = cap = 0;
    ck_assert_int_eq(hb_pyjson_append(v, &buf, &len, &cap), 0);
    ck_assert_str_eq(buf, one);
    free(buf);
    json_decref(v);
}
END_TEST

START_TEST(test_pyjson_dump_takes_a_null_length)
{
    json_t *v = json_pack("{s:i}", "x", 1);
    char *out = hb_pyjson_dump(v, NULL);

    ck_assert_str_eq(out, "{\"x\":1}");
    free(out);
    json_decref(v);
}
END_TEST

/* json.dumps() with indent=4 and ensure_ascii=False, as the creq CLI shows
 * JSON; each expected string printed by Python 3.11 from the input with the
 * json.dumps() arguments named in the case. */
struct flagcase {
    const char *name;
    const char *input;
    unsigned flags;
    const char *expected;
};

#define SHOWN (HB_PYJSON_INDENT4 | HB_PYJSON_SPACED | HB_PYJSON_UNICODE)

static const struct flagcase flag_cases[] = {
    {"indent=4, ensure_ascii=False, sort_keys=True: nesting, empties, escapes",
     "{\"b\":[1,2.5,{\"y\":null,\"x\":true}],\"a\":{},\"c\":[],"
     "\"d\":\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\n\\\"\\\\/\"}",
     SHOWN,
     "{\n    \"a\": {},\n    \"b\": [\n        1,\n        2.5,\n        {\n"
     "            \"x\": true,\n            \"y\": null\n        }\n    ],\n    \"c\": [],\n"
     "    \"d\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\\u0001\\n\\\"\\\\/\"\n}"},
    {"indent=4: empty containers stay on their line",
     "[[[]],{\"k\":[{}]}]",
     SHOWN,
     "[\n    [\n        []\n    ],\n    {\n        \"k\": [\n            {}\n        ]\n    }\n]"},
    {"indent=4: a bare empty array", "[]", SHOWN, "[]"},
    {"indent=4: a bare empty object", "{}", SHOWN, "{}"},
    {"indent=4: a scalar", "\"plain\"", SHOWN, "\"plain\""},
    {"indent=4, sort_keys=False: keys as inserted",
     "{\"z\":1,\"a\":{\"y\":2,\"b\":3}}",
     SHOWN | HB_PYJSON_INSERTION_ORDER,
     "{\n    \"z\": 1,\n    \"a\": {\n        \"y\": 2,\n        \"b\": 3\n    }\n}"},
    {"indent=4, separators=(',', ':'), sort_keys=True",
     "{\"b\":[1,{}],\"a\":2}",
     HB_PYJSON_INDENT4,
     "{\n    \"a\":2,\n    \"b\":[\n        1,\n        {}\n    ]\n}"},
    {"ensure_ascii=False alone, sort_keys=False",
     "{\"b\":\"\\u00e9\\u007f\"}",
     HB_PYJSON_SPACED | HB_PYJSON_INSERTION_ORDER | HB_PYJSON_UNICODE,
     "{\"b\": \"\xc3\xa9\x7f\"}"},
};

START_TEST(test_pyjson_writes_indent_and_unicode_like_python)
{
    const struct flagcase *c = &flag_cases[_i];
    json_error_t err;
    json_t *v = json_loads(c->input, JSON_DECODE_ANY, &err);
    char *out = NULL;
    size_t len = 0, cap = 0;

    ck_assert_msg(v != NULL, "%s: jansson cannot parse the input: %s", c->name, err.text);
    ck_assert_int_eq(hb_pyjson_append_flags(v, &out, &len, &cap, c->flags), 0);
    ck_assert_uint_eq(len, strlen(out));
    ck_assert_msg(strcmp(out, c->expected) == 0, "%s:\n got  %s\n want %s", c->name, out,
                  c->expected);
    free(out);
    json_decref(v);
}
END_TEST

START_TEST(test_pyjson_unicode_replaces_invalid_utf8_with_the_character)
{
    /* b'a\xff\x80b'.decode('utf-8', 'replace') == 'a\ufffd\ufffdb' */
    json_t *v = json_stringn_nocheck("a\xff\x80" "b", 4);
    char *out = NULL;
    size_t len = 0, cap = 0;

    ck_assert_int_eq(hb_pyjson_append_flags(v, &out, &len, &cap, HB_PYJSON_UNICODE), 0);
    ck_assert_str_eq(out, "\"a\xef\xbf\xbd\xef\xbf\xbd" "b\"");
    free(out);
    json_decref(v);
}
END_TEST

static TCase *tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 60);
    return tc;
}

static Suite *pyjson_suite(void)
{
    Suite *s = suite_create("pyjson");
    TCase *tc;

    tc = tcase("python cases");
    tcase_add_loop_test(tc, test_pyjson_sorts_object_keys, 0, ARRAY_LEN(object_cases));
    tcase_add_loop_test(tc, test_pyjson_escapes_strings_like_python, 0, ARRAY_LEN(string_cases));
    tcase_add_loop_test(tc, test_pyjson_formats_reals_like_python_repr, 0, ARRAY_LEN(real_cases));
    tcase_add_loop_test(tc, test_pyjson_writes_integers_and_literals, 0, ARRAY_LEN(scalar_cases));
    tcase_add_loop_test(tc, test_pyjson_matches_python_repr_for_sampled_random_doubles, 0,
                        ARRAY_LEN(random_samples));
    suite_add_tcase(s, tc);

    tc = tcase("random doubles");
    tcase_add_test(tc, test_pyjson_round_trips_random_doubles_in_at_most_17_digits);
    suite_add_tcase(s, tc);

    tc = tcase("nesting");
    tcase_add_test(tc, test_pyjson_writes_deep_nesting_unchanged);
    tcase_add_test(tc, test_pyjson_writes_anything_jansson_can_parse_however_deep);
    tcase_add_test(tc, test_pyjson_refuses_nesting_past_the_limit);
    tcase_add_test(tc, test_pyjson_refuses_a_cycle);
    suite_add_tcase(s, tc);

    tc = tcase("api");
    tcase_add_test(tc, test_pyjson_sorts_and_escapes_keys_with_nul);
    tcase_add_test(tc, test_pyjson_appends_after_what_the_buffer_holds);
    tcase_add_test(tc, test_pyjson_dump_takes_a_null_length);
    suite_add_tcase(s, tc);

    tc = tcase("indent and unicode");
    tcase_add_loop_test(tc, test_pyjson_writes_indent_and_unicode_like_python, 0,
                        ARRAY_LEN(flag_cases));
    tcase_add_test(tc, test_pyjson_unicode_replaces_invalid_utf8_with_the_character);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pyjson_suite());

    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
