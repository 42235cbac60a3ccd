/* SPDX-License-Identifier: MIT */
/* Route lookup (server/router.h) against the real table in routes/table.def,
 * and the table's own rules. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/kvlist.h"
#include "routes/route.h"
#include "routes/table.h"
#include "server/router.h"

/* The router the engine builds from httpbin's table. */
static const struct hb_route *find(const char *path, unsigned method, struct hb_arena *a,
                                   struct hb_kvlist *params, unsigned *allowed)
{
    const struct hb_router router = { hb_routes, hb_route_count };
    return hb_router_find(&router, path, method, a, params, allowed);
}

/* --- hb_route_find ---------------------------------------------------------------- */

struct param {
    const char *name, *value;
};

struct find_case {
    const char *name;
    const char *path;
    unsigned method;
    const char *pattern; /* NULL: no route */
    unsigned allowed;    /* *allowed when pattern is NULL */
    struct param params[3];
};

#define GET_HEAD (HB_GET | HB_HEAD)
#define HTTPBIN_HEAD (HB_HTTPBIN_METHODS | HB_HEAD)

static const struct find_case find_cases[] = {
    { "get_on_get_route", "/get", HB_GET, "/get", 0, { { NULL, NULL } } },
    { "head_on_get_route", "/get", HB_HEAD, "/get", 0, { { NULL, NULL } } },
    { "post_on_get_route_is_405", "/get", HB_POST, NULL, GET_HEAD, { { NULL, NULL } } },
    { "options_left_to_the_dispatcher", "/get", HB_OPTIONS, NULL, GET_HEAD, { { NULL, NULL } } },
    { "other_method_on_get_route", "/get", HB_OTHER, NULL, GET_HEAD, { { NULL, NULL } } },
    { "post_on_post_route", "/post", HB_POST, "/post", 0, { { NULL, NULL } } },
    { "get_on_post_route_is_405", "/post", HB_GET, NULL, HB_POST, { { NULL, NULL } } },
    { "head_on_post_route_is_405", "/post", HB_HEAD, NULL, HB_POST, { { NULL, NULL } } },
    { "delete_route", "/delete", HB_DELETE, "/delete", 0, { { NULL, NULL } } },
    { "unknown_path_is_404", "/nope", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "empty_path_is_404", "", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "no_leading_slash_is_404", "get", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "trailing_slash_is_404", "/get/", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "paths_are_case_sensitive", "/GET", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "longer_literal_is_404", "/gets", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "shorter_literal_is_404", "/ge", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "double_slash_is_404", "//get", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "anything_get", "/anything", HB_GET, "/anything", 0, { { NULL, NULL } } },
    { "anything_other_method", "/anything", HB_OTHER, "/anything", 0, { { NULL, NULL } } },
    { "anything_options", "/anything", HB_OPTIONS, "/anything", 0, { { NULL, NULL } } },
    { "anything_rest_of_path", "/anything/a/b/c", HB_OTHER, "/anything/{*}", 0,
      { { "*", "a/b/c" } } },
    { "anything_rest_keeps_trailing_slash", "/anything/a/", HB_PUT, "/anything/{*}", 0,
      { { "*", "a/" } } },
    { "anything_empty_rest_is_404", "/anything/", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "anything_prefix_is_not_a_segment", "/anythingelse", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "status_code_param", "/status/418", HB_GET, "/status/{codes}", 0,
      { { "codes", "418" } } },
    { "status_head_implied", "/status/418", HB_HEAD, "/status/{codes}", 0,
      { { "codes", "418" } } },
    { "status_weighted_list_param", "/status/200:0.9,500:0.1", HB_TRACE, "/status/{codes}", 0,
      { { "codes", "200:0.9,500:0.1" } } },
    { "status_other_method_is_405", "/status/418", HB_OTHER, NULL, HTTPBIN_HEAD,
      { { NULL, NULL } } },
    { "status_empty_param_is_404", "/status/", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "status_param_is_one_segment", "/status/200/500", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "status_without_param_is_404", "/status", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "cookies_literal", "/cookies", HB_GET, "/cookies", 0, { { NULL, NULL } } },
    { "cookies_set_literal_before_params", "/cookies/set", HB_GET, "/cookies/set", 0,
      { { NULL, NULL } } },
    { "cookies_set_two_params", "/cookies/set/k/v", HB_GET, "/cookies/set/{name}/{value}", 0,
      { { "name", "k" }, { "value", "v" } } },
    { "cookies_set_missing_param_is_404", "/cookies/set/k", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "cookies_set_extra_segment_is_404", "/cookies/set/k/v/w", HB_GET, NULL, 0,
      { { NULL, NULL } } },
    { "cookies_set_post_is_405", "/cookies/set/k/v", HB_POST, NULL, GET_HEAD, { { NULL, NULL } } },
    { "basic_auth_params", "/basic-auth/user/passwd", HB_GET, "/basic-auth/{user}/{passwd}", 0,
      { { "user", "user" }, { "passwd", "passwd" } } },
    { "basic_auth_decoded_params", "/basic-auth/\xc3\xa9 x/p%41", HB_GET,
      "/basic-auth/{user}/{passwd}", 0, { { "user", "\xc3\xa9 x" }, { "passwd", "p%41" } } },
    { "basic_auth_empty_user_is_404", "/basic-auth//passwd", HB_GET, NULL, 0, { { NULL, NULL } } },
    { "basic_auth_empty_passwd_is_404", "/basic-auth/user/", HB_GET, NULL, 0,
      { { NULL, NULL } } },
    { "hidden_basic_auth_params", "/hidden-basic-auth/u/p", HB_GET,
      "/hidden-basic-auth/{user}/{passwd}", 0, { { "user", "u" }, { "passwd", "p" } } },
    { "delay_post", "/delay/3", HB_POST, "/delay/{n}", 0, { { "n", "3" } } },
    { "bearer_get", "/bearer", HB_GET, "/bearer", 0, { { NULL, NULL } } },
};

START_TEST(test_route_find_matches_the_table)
{
    const struct find_case *c = &find_cases[_i];
    struct hb_arena a;
    struct hb_kvlist params = { 0 };
    unsigned allowed = 0xdead;

    hb_arena_init(&a, 0);
    const struct hb_route *r = find(c->path, c->method, &a, &params, &allowed);
    if (!c->pattern) {
        ck_assert_msg(r == NULL, "%s: matched '%s', want none", c->name, r ? r->pattern : "");
        ck_assert_msg(allowed == c->allowed, "%s: allowed 0x%x, want 0x%x", c->name, allowed,
                      c->allowed);
        ck_assert_msg(params.count == 0, "%s: %zu params left behind", c->name, params.count);
    } else {
        ck_assert_msg(r != NULL, "%s: no route (allowed 0x%x), want '%s'", c->name, allowed,
                      c->pattern);
        ck_assert_msg(strcmp(r->pattern, c->pattern) == 0, "%s: matched '%s', want '%s'",
                      c->name, r->pattern, c->pattern);
        size_t want = 0;
        while (want < 3 && c->params[want].name)
            want++;
        ck_assert_msg(params.count == want, "%s: %zu params, want %zu", c->name, params.count,
                      want);
        for (size_t i = 0; i < want; i++) {
            ck_assert_msg(strcmp(params.items[i].name, c->params[i].name) == 0,
                          "%s: param %zu named '%s', want '%s'", c->name, i,
                          params.items[i].name, c->params[i].name);
            ck_assert_msg(strcmp(params.items[i].value, c->params[i].value) == 0 &&
                              params.items[i].len == strlen(c->params[i].value),
                          "%s: param %s = '%s', want '%s'", c->name, c->params[i].name,
                          params.items[i].value, c->params[i].value);
        }
    }
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_route_find_keeps_params_already_in_the_list)
{
    struct hb_arena a;
    struct hb_kvlist params = { 0 };
    unsigned allowed;
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_kvlist_add(&a, &params, "pre", "existing", 8), 0);

    ck_assert_ptr_null(find("/cookies/set/k", HB_GET, &a, &params, &allowed));
    ck_assert_uint_eq(params.count, 1);
    ck_assert_ptr_null(find("/status/418", HB_OTHER, &a, &params, &allowed));
    ck_assert_uint_eq(params.count, 1);
    ck_assert_ptr_nonnull(find("/status/418", HB_GET, &a, &params, &allowed));
    ck_assert_uint_eq(params.count, 2);
    ck_assert_str_eq(params.items[0].value, "existing");
    ck_assert_str_eq(hb_kvlist_get(&params, "codes"), "418");
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_route_find_handles_a_very_long_path)
{
    enum { N = 100000 };
    struct hb_arena a;
    struct hb_kvlist params = { 0 };
    unsigned allowed;
    char *path = malloc(N + 16);
    ck_assert_ptr_nonnull(path);
    strcpy(path, "/anything/");
    memset(path + 10, 'x', N);
    path[10 + N] = '\0';

    hb_arena_init(&a, 0);
    const struct hb_route *r = find(path, HB_GET, &a, &params, &allowed);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->pattern, "/anything/{*}");
    ck_assert_uint_eq(params.items[0].len, N);

    /* The same length under a one-segment parameter. */
    memcpy(path, "/status/", 8);
    memset(path + 8, '2', N + 2);
    struct hb_kvlist p2 = { 0 };
    r = find(path, HB_GET, &a, &p2, &allowed);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(p2.items[0].len, N + 2);
    hb_arena_cleanup(&a);
    free(path);
}
END_TEST

START_TEST(test_route_find_fails_cleanly_when_the_arena_is_full)
{
    struct hb_arena a;
    struct hb_kvlist params = { 0 };
    unsigned allowed = 0xdead;
    hb_arena_init(&a, 1);
    ck_assert_ptr_null(find("/status/418", HB_GET, &a, &params, &allowed));
    ck_assert_uint_eq(params.count, 0);
    /* Literal routes need no memory. */
    ck_assert_ptr_nonnull(find("/get", HB_GET, &a, &params, &allowed));
    hb_arena_cleanup(&a);
}
END_TEST

/* --- hb_method_bit ------------------------------------------------------------------- */

struct bit_case {
    const char *name;
    const char *method;
    unsigned bit;
};

static const struct bit_case bit_cases[] = {
    { "get", "GET", HB_GET },
    { "head", "HEAD", HB_HEAD },
    { "post", "POST", HB_POST },
    { "put", "PUT", HB_PUT },
    { "patch", "PATCH", HB_PATCH },
    { "delete", "DELETE", HB_DELETE },
    { "options", "OPTIONS", HB_OPTIONS },
    { "trace", "TRACE", HB_TRACE },
    { "methods_are_case_sensitive", "get", HB_OTHER },
    { "webdav_method", "PROPFIND", HB_OTHER },
    { "connect", "CONNECT", HB_OTHER },
    { "empty", "", HB_OTHER },
    { "known_prefix", "GE", HB_OTHER },
    { "known_with_suffix", "GETX", HB_OTHER },
    { "trailing_space", "GET ", HB_OTHER },
};

START_TEST(test_method_bit_names_the_known_methods)
{
    const struct bit_case *c = &bit_cases[_i];
    unsigned bit = hb_method_bit(c->method);
    ck_assert_msg(bit == c->bit, "%s: 0x%x, want 0x%x", c->name, bit, c->bit);
}
END_TEST

/* --- hb_method_list ------------------------------------------------------------------ */

struct list_case {
    const char *name;
    unsigned methods;
    size_t size;
    const char *want;
};

static const struct list_case list_cases[] = {
    { "get_adds_head_and_options", HB_GET, 64, "GET, HEAD, OPTIONS" },
    { "post_adds_options_only", HB_POST, 64, "POST, OPTIONS" },
    { "none_is_options", 0, 64, "OPTIONS" },
    { "other_is_not_listed", HB_OTHER, 64, "OPTIONS" },
    { "head_alone", HB_HEAD, 64, "HEAD, OPTIONS" },
    { "options_not_doubled", HB_GET | HB_OPTIONS, 64, "GET, HEAD, OPTIONS" },
    { "httpbin_methods", HB_HTTPBIN_METHODS, 64,
      "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE" },
    { "any_method", HB_ANY_METHOD, 64, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE" },
    { "exact_fit", HB_GET, sizeof("GET, HEAD, OPTIONS"), "GET, HEAD, OPTIONS" },
    { "truncated_mid_name", HB_GET, 6, "GET, " },
    { "truncated_to_one_char", HB_GET, 2, "G" },
    { "room_for_nul_only", HB_GET, 1, "" },
    { "truncated_long_list", HB_ANY_METHOD, 20, "GET, HEAD, POST, PU" },
};

START_TEST(test_method_list_writes_the_allow_header)
{
    const struct list_case *c = &list_cases[_i];
    char buf[80];
    memset(buf, '#', sizeof(buf));
    hb_method_list(c->methods, buf, c->size);
    ck_assert_msg(strcmp(buf, c->want) == 0, "%s: '%s', want '%s'", c->name, buf, c->want);
    for (size_t i = c->size; i < sizeof(buf); i++)
        ck_assert_msg(buf[i] == '#', "%s: wrote past size at %zu", c->name, i);
}
END_TEST

/* --- the table itself ------------------------------------------------------------------ */

START_TEST(test_route_table_patterns_start_with_a_slash)
{
    ck_assert_uint_gt(hb_route_count, 0);
    for (size_t i = 0; i < hb_route_count; i++)
        ck_assert_msg(hb_routes[i].pattern && hb_routes[i].pattern[0] == '/',
                      "row %zu: pattern '%s'", i,
                      hb_routes[i].pattern ? hb_routes[i].pattern : "(null)");
}
END_TEST

START_TEST(test_route_table_has_no_two_rows_with_one_pattern_and_method)
{
    for (size_t i = 0; i < hb_route_count; i++)
        for (size_t j = i + 1; j < hb_route_count; j++)
            ck_assert_msg(strcmp(hb_routes[i].pattern, hb_routes[j].pattern) != 0 ||
                              (hb_routes[i].methods & hb_routes[j].methods) == 0,
                          "rows %zu and %zu: '%s' twice with methods 0x%x", i, j,
                          hb_routes[i].pattern, hb_routes[i].methods & hb_routes[j].methods);
}
END_TEST

START_TEST(test_route_table_rows_have_handlers_summaries_and_methods)
{
    for (size_t i = 0; i < hb_route_count; i++) {
        const struct hb_route *r = &hb_routes[i];
        ck_assert_msg(r->handler != NULL, "%s: no handler", r->pattern);
        ck_assert_msg(r->doc && r->doc->summary && r->doc->summary[0] != '\0', "%s: no summary",
                      r->pattern);
        ck_assert_msg(r->doc->section < HB_SECTION_COUNT, "%s: section %d", r->pattern,
                      (int)r->doc->section);
        ck_assert_msg(r->methods != 0 && (r->methods & ~HB_ANY_METHOD) == 0,
                      "%s: methods 0x%x", r->pattern, r->methods);
    }
}
END_TEST

START_TEST(test_route_table_placeholders_are_well_formed)
{
    for (size_t i = 0; i < hb_route_count; i++) {
        const char *p = hb_routes[i].pattern;
        for (const char *open = strchr(p, '{'); open; open = strchr(open + 1, '{')) {
            const char *close = strchr(open, '}');
            ck_assert_msg(close != NULL, "%s: '{' without '}'", p);
            ck_assert_msg(close > open + 1, "%s: empty placeholder", p);
            ck_assert_msg(memchr(open + 1, '{', (size_t)(close - open - 1)) == NULL &&
                              memchr(open + 1, '/', (size_t)(close - open - 1)) == NULL,
                          "%s: nested or slashed placeholder", p);
            ck_assert_msg(open[-1] == '/', "%s: placeholder does not start a segment", p);
            ck_assert_msg(close[1] == '\0' || close[1] == '/',
                          "%s: placeholder does not end a segment", p);
            if (close == open + 2 && open[1] == '*')
                ck_assert_msg(close[1] == '\0', "%s: {*} is not last", p);
        }
    }
}
END_TEST

START_TEST(test_route_table_every_row_is_reachable)
{
    /* Each pattern, with its placeholders filled, finds its own row for
     * each of its methods: no earlier row shadows it. */
    struct hb_arena a;
    hb_arena_init(&a, 0);
    for (size_t i = 0; i < hb_route_count; i++) {
        const struct hb_route *r = &hb_routes[i];
        if (r->flags & HB_MERGE_SLASHES)
            continue; /* never matched directly: see the merge-slashes test */
        char path[512];
        size_t o = 0;
        for (const char *p = r->pattern; *p && o < sizeof(path) - 8;) {
            if (*p == '{') {
                memcpy(path + o, "x1", 2);
                o += 2;
                p = strchr(p, '}') + 1;
            } else {
                path[o++] = *p++;
            }
        }
        path[o] = '\0';
        for (unsigned bit = 1; bit <= HB_OTHER; bit <<= 1) {
            if (!(r->methods & bit))
                continue;
            struct hb_kvlist params = { 0 };
            unsigned allowed;
            const struct hb_route *got = find(path, bit, &a, &params, &allowed);
            ck_assert_msg(got == r, "%s: %s with method 0x%x finds '%s'", r->pattern, path, bit,
                          got ? got->pattern : "nothing");
        }
    }
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_router_route_sends_doubled_slashes_to_the_merge_row)
{
    const struct hb_router router = { hb_routes, hb_route_count };
    struct hb_arena a;
    struct hb_kvlist params = { 0 };
    unsigned allowed;
    hb_arena_init(&a, 0);

    const struct hb_route *r = hb_router_route(&router, "/status//418", HB_GET, &a, &params,
                                               &allowed);
    ck_assert_ptr_nonnull(r);
    ck_assert(r->flags & HB_MERGE_SLASHES);
    ck_assert_str_eq(hb_kvlist_get(&params, "path"), "/status/418");

    /* A path that matches as it is keeps its own row. */
    params.count = 0;
    r = hb_router_route(&router, "/anything/a//b", HB_GET, &a, &params, &allowed);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->pattern, "/anything/{*}");

    /* Collapsed, it matches nothing, or only another method: no redirect. */
    params.count = 0;
    ck_assert_ptr_null(hb_router_route(&router, "/nope//x", HB_GET, &a, &params, &allowed));
    ck_assert_ptr_null(hb_router_route(&router, "//get//", HB_GET, &a, &params, &allowed));
    ck_assert_ptr_null(hb_router_route(&router, "/ip//", HB_POST, &a, &params, &allowed));
    ck_assert_uint_eq(params.count, 0);
    hb_arena_cleanup(&a);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *route_match_suite(void)
{
    Suite *s = suite_create("route_match");
    TCase *tc;

    tc = tcase_create("find");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_route_find_matches_the_table, 0, N_OF(find_cases));
    tcase_add_test(tc, test_route_find_keeps_params_already_in_the_list);
    tcase_add_test(tc, test_route_find_handles_a_very_long_path);
    tcase_add_test(tc, test_route_find_fails_cleanly_when_the_arena_is_full);
    tcase_add_test(tc, test_router_route_sends_doubled_slashes_to_the_merge_row);
    suite_add_tcase(s, tc);

    tc = tcase_create("methods");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_method_bit_names_the_known_methods, 0, N_OF(bit_cases));
    tcase_add_loop_test(tc, test_method_list_writes_the_allow_header, 0, N_OF(list_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("table");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_route_table_patterns_start_with_a_slash);
    tcase_add_test(tc, test_route_table_has_no_two_rows_with_one_pattern_and_method);
    tcase_add_test(tc, test_route_table_rows_have_handlers_summaries_and_methods);
    tcase_add_test(tc, test_route_table_placeholders_are_well_formed);
    tcase_add_test(tc, test_route_table_every_row_is_reachable);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(route_match_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
