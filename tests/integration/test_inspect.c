/* SPDX-License-Identifier: MIT */
/* /get /post /put /patch /delete /anything /headers /ip /user-agent /uuid over
 * real sockets against the in-process server. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* GETs 'path' (with optional headers) and returns the parsed JSON body. */
static json_t *get_json(const char *method, const char *path, const char *const *headers,
                        const char *body, size_t len, long want_status)
{
    struct http_reply r = http_request(method, path, headers, body, len);
    ck_assert_msg(r.status == want_status, "%s %s: status %ld, want %ld (%s)", method, path,
                  r.status, want_status, r.error);
    json_t *j = http_reply_json(&r);
    ck_assert_msg(j != NULL, "%s %s: body is not JSON: %s", method, path, r.body);
    http_reply_cleanup(&r);
    return j;
}

static const char *str(json_t *obj, const char *path1, const char *path2)
{
    json_t *v = json_object_get(obj, path1);
    if (path2)
        v = json_object_get(v, path2);
    return json_string_value(v);
}

START_TEST(test_get_echoes_args_headers_origin_and_url)
{
    const char *h[] = { "X-Test: yes", NULL };
    json_t *j = get_json("GET", "/get?a=1&b=two", h, NULL, 0, 200);
    ck_assert_str_eq(str(j, "args", "a"), "1");
    ck_assert_str_eq(str(j, "args", "b"), "two");
    ck_assert_str_eq(str(j, "headers", "X-Test"), "yes");
    ck_assert_str_eq(str(j, "origin", NULL), "127.0.0.1");
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/get?a=1&b=two", harness_port());
    ck_assert_str_eq(str(j, "url", NULL), url);
    ck_assert_int_eq(json_object_size(j), 4);
    json_decref(j);
}
END_TEST

START_TEST(test_get_echoes_repeated_args_as_list)
{
    json_t *j = get_json("GET", "/get?a=1&a=2&b=3", NULL, NULL, 0, 200);
    json_t *a = json_object_get(json_object_get(j, "args"), "a");
    ck_assert(json_is_array(a));
    ck_assert_int_eq(json_array_size(a), 2);
    ck_assert_str_eq(json_string_value(json_array_get(a, 1)), "2");
    ck_assert_str_eq(str(j, "args", "b"), "3");
    json_decref(j);
}
END_TEST

START_TEST(test_get_decodes_args_like_werkzeug)
{
    json_t *j = get_json("GET", "/get?q=a%20b+c&bad=%FF&e=&k", NULL, NULL, 0, 200);
    ck_assert_str_eq(str(j, "args", "q"), "a b c");
    ck_assert_str_eq(str(j, "args", "bad"), "\xEF\xBF\xBD");
    ck_assert_str_eq(str(j, "args", "e"), "");
    ck_assert_str_eq(str(j, "args", "k"), "");
    json_decref(j);
}
END_TEST

START_TEST(test_get_honours_forwarded_headers)
{
    const char *h[] = { "X-Forwarded-For: 1.2.3.4, 5.6.7.8", "X-Forwarded-Proto: https", NULL };
    json_t *j = get_json("GET", "/get", h, NULL, 0, 200);
    ck_assert_str_eq(str(j, "origin", NULL), "1.2.3.4, 5.6.7.8");
    ck_assert(strncmp(str(j, "url", NULL), "https://", 8) == 0);
    /* Proxy headers are hidden unless show_env is given. */
    ck_assert_ptr_null(json_object_get(json_object_get(j, "headers"), "X-Forwarded-For"));
    json_decref(j);
    j = get_json("GET", "/get?show_env=1", h, NULL, 0, 200);
    ck_assert_str_eq(str(j, "headers", "X-Forwarded-For"), "1.2.3.4, 5.6.7.8");
    json_decref(j);
}
END_TEST

START_TEST(test_headers_are_title_cased_and_repeats_joined)
{
    const char *h[] = { "x-lower-case: a", "X-Md5hash: b", "x_under: c", "X-Rep: 1", "X-Rep: 2",
                        NULL };
    json_t *j = get_json("GET", "/headers", h, NULL, 0, 200);
    ck_assert_str_eq(str(j, "headers", "X-Lower-Case"), "a");
    ck_assert_str_eq(str(j, "headers", "X-Md5Hash"), "b");
    ck_assert_str_eq(str(j, "headers", "X-Under"), "c");
    ck_assert_str_eq(str(j, "headers", "X-Rep"), "1,2");
    ck_assert_int_eq(json_object_size(j), 1);
    json_decref(j);
}
END_TEST

START_TEST(test_post_echoes_urlencoded_form)
{
    const char *h[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
    const char body[] = "f=1&f=2&g=%C3%A9";
    json_t *j = get_json("POST", "/post?q=1", h, body, strlen(body), 200);
    ck_assert(json_is_array(json_object_get(json_object_get(j, "form"), "f")));
    ck_assert_str_eq(str(j, "form", "g"), "\xC3\xA9");
    ck_assert_str_eq(str(j, "data", NULL), "");
    ck_assert(json_is_null(json_object_get(j, "json")));
    ck_assert_str_eq(str(j, "args", "q"), "1");
    ck_assert_ptr_null(json_object_get(j, "method"));
    json_decref(j);
}
END_TEST

START_TEST(test_post_parses_json_body)
{
    const char *h[] = { "Content-Type: application/json", NULL };
    const char body[] = "{\"x\": [1, 2.5, \"\xC3\xA9\"], \"y\": null}";
    json_t *j = get_json("POST", "/post", h, body, strlen(body), 200);
    ck_assert_str_eq(str(j, "data", NULL), body);
    json_t *x = json_object_get(json_object_get(j, "json"), "x");
    ck_assert_int_eq(json_array_size(x), 3);
    ck_assert(json_real_value(json_array_get(x, 1)) == 2.5);
    json_decref(j);
}
END_TEST

START_TEST(test_post_turns_binary_body_into_data_url)
{
    const char *h[] = { "Content-Type: text/plain", NULL };
    const char body[] = "\xFF\xFE" "abc";
    json_t *j = get_json("POST", "/post", h, body, 5, 200);
    ck_assert_str_eq(str(j, "data", NULL), "data:application/octet-stream;base64,//5hYmM=");
    json_decref(j);
}
END_TEST

START_TEST(test_post_echoes_every_multipart_file_of_a_field)
{
    const char *h[] = { "Content-Type: multipart/form-data; boundary=XyZ", NULL };
    const char body[] =
        "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nhello\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\nfirst\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"b.bin\"\r\n"
        "Content-Type: application/x-thing\r\n\r\n\xFF\x00\x01\r\n"
        "--XyZ--\r\n";
    json_t *j = get_json("POST", "/post", h, body, sizeof(body) - 1, 200);
    ck_assert_str_eq(str(j, "form", "t"), "hello");
    json_t *up = json_object_get(json_object_get(j, "files"), "up");
    ck_assert_msg(json_is_array(up) && json_array_size(up) == 2, "files.up should list 2 files");
    ck_assert_str_eq(json_string_value(json_array_get(up, 0)), "first");
    ck_assert_str_eq(json_string_value(json_array_get(up, 1)),
                     "data:application/x-thing;base64,/wAB");
    json_decref(j);
}
END_TEST

START_TEST(test_post_rejects_malformed_multipart_with_400)
{
    const char *h[] = { "Content-Type: multipart/form-data; boundary=XyZ", NULL };
    const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nno end";
    struct http_reply r = http_request("POST", "/post", h, body, sizeof(body) - 1);
    ck_assert_int_eq(r.status, 400);
    json_t *j = http_reply_json(&r);
    ck_assert_ptr_nonnull(json_object_get(j, "error"));
    json_decref(j);
    http_reply_cleanup(&r);

    const char *nob[] = { "Content-Type: multipart/form-data", NULL };
    r = http_request("POST", "/post", nob, "x", 1);
    ck_assert_int_eq(r.status, 400);
    http_reply_cleanup(&r);
}
END_TEST

/* 'depth' arrays nested in one another: [[[...]]] */
static struct http_reply post_nested(int depth)
{
    char *body = malloc((size_t)depth * 2 + 1);
    memset(body, '[', (size_t)depth);
    memset(body + depth, ']', (size_t)depth);
    const char *const headers[] = { "Content-Type: application/json", NULL };
    struct http_reply r = http_request("POST", "/post", headers, body, (size_t)depth * 2);
    free(body);
    return r;
}

START_TEST(test_post_refuses_json_nested_past_the_limit)
{
    struct http_reply r = post_nested(512); /* --max-json-depth's default */
    ck_assert_int_eq(r.status, 200);
    json_t *j = http_reply_json(&r);
    ck_assert_msg(json_is_array(json_object_get(j, "json")), "%.200s", r.body);
    json_decref(j);
    http_reply_cleanup(&r);
    r = post_nested(513);
    ck_assert_int_eq(r.status, 400);
    ck_assert_msg(strstr(r.body, "--max-json-depth") != NULL, "%s", r.body);
    http_reply_cleanup(&r);
    r = post_nested(100000);
    ck_assert_int_eq(r.status, 400);
    http_reply_cleanup(&r);
    /* brackets inside strings are text, not nesting */
    const char *const headers[] = { "Content-Type: application/json", NULL };
    char body[2100] = "\"";
    memset(body + 1, '[', 2000);
    strcpy(body + 2001, "\"");
    r = http_request("POST", "/post", headers, body, strlen(body));
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_post_accepts_chunked_upload)
{
    const char *h[] = { "Transfer-Encoding: chunked", "Content-Type: text/plain", NULL };
    json_t *j = get_json("POST", "/post", h, "chunky body", 11, 200);
    ck_assert_str_eq(str(j, "data", NULL), "chunky body");
    ck_assert_str_eq(str(j, "headers", "Transfer-Encoding"), "chunked");
    json_decref(j);
}
END_TEST

struct method_case {
    const char *name, *method, *path;
    long status;
};

static const struct method_case method_cases[] = {
    { "get on /get", "GET", "/get", 200 },
    { "head on /get", "HEAD", "/get", 200 },
    { "post on /get", "POST", "/get", 405 },
    { "post on /post", "POST", "/post", 200 },
    { "get on /post", "GET", "/post", 405 },
    { "put on /put", "PUT", "/put", 200 },
    { "patch on /patch", "PATCH", "/patch", 200 },
    { "delete on /delete", "DELETE", "/delete", 200 },
    { "put on /delete", "PUT", "/delete", 405 },
    { "trace on /anything", "TRACE", "/anything", 200 },
    { "custom verb on /anything", "PROPFIND", "/anything/x", 200 },
    { "delete on /anything path", "DELETE", "/anything/a/b", 200 },
    { "post on /headers", "POST", "/headers", 405 },
    { "get on /ip", "GET", "/ip", 200 },
    { "get on /uuid", "GET", "/uuid", 200 },
    { "get on /user-agent", "GET", "/user-agent", 200 },
    { "unknown path", "GET", "/no/such/thing", 404 },
};

START_TEST(test_methods_are_routed_as_httpbin_does)
{
    const struct method_case *c = &method_cases[_i];
    struct http_reply r = http_request(c->method, c->path, NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: got %ld, want %ld", c->name, r.status, c->status);
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_anything_reports_method_and_path)
{
    json_t *j = get_json("PROPFIND", "/anything/a%20b/c", NULL, NULL, 0, 200);
    ck_assert_str_eq(str(j, "method", NULL), "PROPFIND");
    const char *url = str(j, "url", NULL);
    ck_assert_msg(strstr(url, "/anything/a%20b/c") != NULL, "url %s", url);
    json_decref(j);
}
END_TEST

START_TEST(test_user_agent_is_null_when_absent)
{
    const char *h[] = { "User-Agent:", NULL };
    json_t *j = get_json("GET", "/user-agent", h, NULL, 0, 200);
    ck_assert(json_is_null(json_object_get(j, "user-agent")));
    json_decref(j);
    const char *h2[] = { "User-Agent: tester/1", NULL };
    j = get_json("GET", "/user-agent", h2, NULL, 0, 200);
    ck_assert_str_eq(str(j, "user-agent", NULL), "tester/1");
    json_decref(j);
}
END_TEST

START_TEST(test_uuid_is_a_fresh_version_4_uuid)
{
    json_t *a = get_json("GET", "/uuid", NULL, NULL, 0, 200);
    json_t *b = get_json("GET", "/uuid", NULL, NULL, 0, 200);
    const char *u = str(a, "uuid", NULL);
    ck_assert_int_eq(strlen(u), 36);
    ck_assert_int_eq(u[14], '4');
    ck_assert_msg(strchr("89ab", u[19]) != NULL, "variant %c", u[19]);
    ck_assert_str_ne(u, str(b, "uuid", NULL));
    json_decref(a);
    json_decref(b);
}
END_TEST

START_TEST(test_ip_is_peer_or_forwarded_for)
{
    json_t *j = get_json("GET", "/ip", NULL, NULL, 0, 200);
    ck_assert_str_eq(str(j, "origin", NULL), "127.0.0.1");
    json_decref(j);
    const char *h[] = { "X-Forwarded-For: 9.9.9.9", NULL };
    j = get_json("GET", "/ip", h, NULL, 0, 200);
    ck_assert_str_eq(str(j, "origin", NULL), "9.9.9.9");
    json_decref(j);
}
END_TEST

START_TEST(test_json_is_compact_sorted_ascii_with_newline)
{
    struct http_reply r = http_request("GET", "/get?z=1&a=%C3%A9", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    const char *prefix = "{\"args\":{\"a\":\"\\u00e9\",\"z\":\"1\"},\"headers\":{";
    ck_assert_msg(strncmp(r.body, prefix, strlen(prefix)) == 0, "body: %s", r.body);
    ck_assert_int_eq(r.body[r.len - 1], '\n');
    char *ct = http_reply_header(&r, "Content-Type");
    ck_assert_str_eq(ct, "application/json");
    free(ct);
    http_reply_cleanup(&r);
}
END_TEST

static Suite *inspect_suite(void)
{
    Suite *s = suite_create("inspect");
    TCase *tc = tcase_create("echo");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_get_echoes_args_headers_origin_and_url);
    tcase_add_test(tc, test_get_echoes_repeated_args_as_list);
    tcase_add_test(tc, test_get_decodes_args_like_werkzeug);
    tcase_add_test(tc, test_get_honours_forwarded_headers);
    tcase_add_test(tc, test_headers_are_title_cased_and_repeats_joined);
    tcase_add_test(tc, test_post_echoes_urlencoded_form);
    tcase_add_test(tc, test_post_parses_json_body);
    tcase_add_test(tc, test_post_turns_binary_body_into_data_url);
    tcase_add_test(tc, test_post_echoes_every_multipart_file_of_a_field);
    tcase_add_test(tc, test_post_rejects_malformed_multipart_with_400);
    tcase_add_test(tc, test_post_accepts_chunked_upload);
    tcase_add_test(tc, test_post_refuses_json_nested_past_the_limit);
    tcase_add_loop_test(tc, test_methods_are_routed_as_httpbin_does, 0,
                        sizeof(method_cases) / sizeof(method_cases[0]));
    tcase_add_test(tc, test_anything_reports_method_and_path);
    tcase_add_test(tc, test_user_agent_is_null_when_absent);
    tcase_add_test(tc, test_uuid_is_a_fresh_version_4_uuid);
    tcase_add_test(tc, test_ip_is_peer_or_forwarded_for);
    tcase_add_test(tc, test_json_is_compact_sorted_ascii_with_newline);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(inspect_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
