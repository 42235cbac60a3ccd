/* SPDX-License-Identifier: MIT */
/* libcreq against our server: verbs, params, headers, bodies, auth,
 * redirects, errors and what a response tells. */
#include <check.h>
#include <creq.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client_util.h"
#include "harness.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_get_sends_params_in_order_after_the_urls_own)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/get?first=0"),
                                CREQ_OPTS(.params = CREQ_KV({ "q", "c lang" }, { "q", "two" },
                                                            { "skip", NULL }, { "x", "a/b&c" })),
                                &err);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "args", "first"), "0");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_object_get(j, "args"),
                                                                       "q"), 1)), "two");
    ck_assert_str_eq(client_jstr(j, "args", "x"), "a/b&c");
    ck_assert_ptr_null(json_object_get(json_object_get(j, "args"), "skip"));
    ck_assert_ptr_nonnull(strstr(creq_response_url(r), "first=0&q=c+lang&q=two&x=a%2Fb%26c"));
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_default_and_custom_headers_are_sent)
{
    creq_response *r = creq_get(NULL, client_url("/headers"),
                                CREQ_OPTS(.headers = CREQ_KV({ "X-One", "1" }, { "x-one", "2" },
                                                             { "X-Empty", "" })),
                                NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "headers", "X-One"), "2"); /* case-insensitive: one header */
    ck_assert_str_eq(client_jstr(j, "headers", "X-Empty"), "");
    ck_assert_str_eq(client_jstr(j, "headers", "User-Agent"), "libcreq/" CREQ_VERSION);
    ck_assert_str_eq(client_jstr(j, "headers", "Accept"), "*/*");
    ck_assert_str_eq(creq_prepared_header(creq_response_request(r), "x-ONE"), "2");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_form_body_is_urlencoded)
{
    creq_response *r = creq_post(NULL, client_url("/post"),
                                 CREQ_OPTS(.data = CREQ_KV({ "k", "v w" }, { "k", "2" })), NULL);
    json_t *j = client_json_of(r);
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(j, "form"), "k")), 2);
    ck_assert_str_eq(client_jstr(j, "headers", "Content-Type"), "application/x-www-form-urlencoded");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_json_body_is_dumped_with_its_type)
{
    json_t *payload = json_pack("{s:i,s:[s,b]}", "n", 5, "list", "\xC3\xA9", 1);
    creq_response *r = creq_put(NULL, client_url("/put"), CREQ_OPTS(.json = payload), NULL);
    json_t *j = client_json_of(r);
    ck_assert(json_equal(json_object_get(j, "json"), payload));
    ck_assert_str_eq(client_jstr(j, "headers", "Content-Type"), "application/json");
    json_decref(j);
    json_decref(payload);
    creq_response_free(r);
}
END_TEST

START_TEST(test_json_body_is_written_as_python_json_dumps)
{
    json_t *payload = json_loads("{\"pi\": 3.14159, \"big\": 1e20, \"small\": 1e-5, "
                                 "\"e\": \"\\u00e9\", \"list\": [1, null]}", 0, NULL);
    creq_response *r = creq_post(NULL, client_url("/post"), CREQ_OPTS(.json = payload), NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "data", NULL), "{\"pi\": 3.14159, \"big\": 1e+20, \"small\": "
                                            "1e-05, \"e\": \"\\u00e9\", \"list\": [1, null]}");
    json_decref(j);
    json_decref(payload);
    creq_response_free(r);
}
END_TEST

START_TEST(test_raw_body_keeps_binary_bytes)
{
    const char bytes[] = { 'a', 0, (char)0xff, 'z' };
    creq_response *r = creq_patch(NULL, client_url("/patch"),
                                  CREQ_OPTS(.body = bytes, .body_len = sizeof(bytes)), NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "data", NULL), "data:application/octet-stream;base64,YQD/eg==");
    ck_assert_str_eq(client_jstr(j, "headers", "Content-Length"), "4");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_body_less_post_sends_content_length_zero)
{
    creq_response *r = creq_post(NULL, client_url("/post"), NULL, NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "headers", "Content-Length"), "0");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_multipart_files_stream_from_disk_and_memory)
{
    char path[] = "/tmp/creq-upload-XXXXXX";
    int fd = mkstemp(path);
    ck_assert(write(fd, "from disk\n", 10) == 10);
    close(fd);
    const creq_file files[] = {
        { .field = "disk", .path = path, .content_type = "text/plain" },
        { .field = "mem", .filename = "m.bin", .data = "\xff\x01", .len = 2,
          .content_type = "application/x-thing", .headers = CREQ_KV({ "X-Part", "p" }) },
        { 0 },
    };
    creq_response *r = creq_post(NULL, client_url("/post"),
                                 CREQ_OPTS(.data = CREQ_KV({ "field", "value" }), .files = files),
                                 NULL);
    unlink(path);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "form", "field"), "value");
    ck_assert_str_eq(client_jstr(j, "files", "disk"), "from disk\n");
    ck_assert_str_eq(client_jstr(j, "files", "mem"), "data:application/x-thing;base64,/wE=");
    ck_assert_ptr_nonnull(strstr(client_jstr(j, "headers", "Content-Type"), "multipart/form-data; boundary="));
    json_decref(j);
    creq_response_free(r);
}
END_TEST

struct reader_state {
    const char *text;
    size_t pos, step;
};

static ssize_t read_some(void *ud, char *buf, size_t len)
{
    struct reader_state *s = ud;
    size_t left = strlen(s->text) - s->pos;
    size_t n = left < s->step ? left : s->step;
    if (n > len)
        n = len;
    memcpy(buf, s->text + s->pos, n);
    s->pos += n;
    return (ssize_t)n;
}

START_TEST(test_streamed_upload_is_chunked_when_its_size_is_unknown)
{
    struct reader_state st = { "streamed in small pieces", 0, 3 };
    creq_response *r = creq_post(NULL, client_url("/post"),
                                 CREQ_OPTS(.body_reader = read_some, .body_size = -1,
                                           .userdata = &st),
                                 NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "data", NULL), "streamed in small pieces");
    ck_assert_str_eq(client_jstr(j, "headers", "Transfer-Encoding"), "chunked");
    json_decref(j);
    creq_response_free(r);

    struct reader_state sized = { "known size", 0, 4 };
    r = creq_put(NULL, client_url("/put"),
                 CREQ_OPTS(.body_reader = read_some, .body_size = 10, .userdata = &sized), NULL);
    j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "data", NULL), "known size");
    ck_assert_str_eq(client_jstr(j, "headers", "Content-Length"), "10");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

static const char *const verbs[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND" };

START_TEST(test_every_verb_reaches_anything)
{
    creq_response *r = creq_request(NULL, verbs[_i], client_url("/anything/v"), NULL, NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "method", NULL), verbs[_i]);
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_head_and_options_answer_without_body)
{
    creq_response *r = creq_head(NULL, client_url("/get"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    size_t len = 1;
    creq_response_content(r, &len);
    ck_assert_int_eq(len, 0);
    ck_assert_str_eq(creq_response_header(r, "content-type"), "application/json");
    creq_response_free(r);
    r = creq_options(NULL, client_url("/get"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_str_eq(creq_response_header(r, "Allow"), "GET, HEAD, OPTIONS");
    creq_response_free(r);
}
END_TEST

START_TEST(test_cookies_for_one_request_are_sent)
{
    creq_response *r = creq_get(NULL, client_url("/cookies"),
                                CREQ_OPTS(.cookies = CREQ_KV({ "a", "1" }, { "b", "two" })), NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "cookies", "b"), "two");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_response_tells_status_reason_headers_and_cookies)
{
    creq_response *r = creq_get(NULL, client_url("/cookies/set?a=1&b=2"),
                                CREQ_OPTS(.flags = CREQ_NO_REDIRECTS), NULL);
    ck_assert_int_eq(creq_response_status(r), 302);
    ck_assert_str_eq(creq_response_reason(r), "Found");
    ck_assert(creq_response_ok(r));
    ck_assert(creq_response_is_redirect(r));
    ck_assert(!creq_response_is_permanent_redirect(r));
    ck_assert_str_eq(creq_response_header(r, "set-cookie"), "a=1; Path=/, b=2; Path=/");
    ck_assert_str_eq(creq_response_cookie(r, "b"), "2");
    ck_assert_str_eq(creq_prepared_url(creq_response_next(r)), client_url("/cookies"));
    const char *name, *value;
    size_t n = 0;
    while (creq_response_header_at(r, n, &name, &value))
        n++;
    ck_assert_int_eq(n, creq_response_header_count(r));
    ck_assert(creq_response_elapsed(r) > 0);
    ck_assert_ptr_nonnull(strstr(creq_response_text(r), "Redirecting"));
    creq_response_free(r);
}
END_TEST

START_TEST(test_raise_for_status_uses_requests_message)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/status/404"), NULL, &err);
    ck_assert(!creq_response_ok(r));
    ck_assert_int_eq(creq_raise_for_status(r, &err), CREQ_EHTTP);
    char want[256];
    snprintf(want, sizeof(want), "404 Client Error: Not Found for url: %s", client_url("/status/404"));
    ck_assert_str_eq(err.message, want);
    ck_assert_int_eq(err.status, 404);
    creq_response_free(r);
    r = creq_get(NULL, client_url("/status/503"), NULL, &err);
    ck_assert_int_eq(creq_raise_for_status(r, &err), CREQ_EHTTP);
    ck_assert_ptr_nonnull(strstr(err.message, "503 Server Error: "));
    creq_response_free(r);
    r = creq_get(NULL, client_url("/status/204"), NULL, &err);
    ck_assert_int_eq(creq_raise_for_status(r, &err), CREQ_OK);
    ck_assert_ptr_null(creq_response_json(r, &err));
    ck_assert_int_eq(err.code, CREQ_EJSON_DECODE);
    creq_response_free(r);
}
END_TEST

START_TEST(test_redirects_are_followed_with_history)
{
    creq_response *r = creq_get(NULL, client_url("/redirect/3"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    ck_assert_str_eq(creq_response_url(r), client_url("/get"));
    ck_assert_int_eq(creq_response_history_len(r), 3);
    ck_assert_int_eq(creq_response_status(creq_response_history(r, 0)), 302);
    ck_assert_str_eq(creq_response_url(creq_response_history(r, 1)), client_url("/relative-redirect/2"));
    creq_response_free(r);
}
END_TEST

START_TEST(test_too_many_redirects_is_an_error)
{
    creq_error err;
    creq_response *r = creq_get(NULL, client_url("/redirect/5"), CREQ_OPTS(.max_redirects = 3), &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_ETOO_MANY_REDIRECTS);
    ck_assert_str_eq(err.message, "Exceeded 3 redirects.");
    ck_assert_str_eq(creq_strerror(err.code), "TooManyRedirects");
}
END_TEST

struct rewrite_case {
    const char *name;
    const char *method;
    int code;
    const char *want_method;
    bool keeps_body;
};

static const struct rewrite_case rewrites[] = {
    { "303 turns POST into GET", "POST", 303, "GET", false },
    { "302 turns PUT into GET", "PUT", 302, "GET", false },
    { "301 turns POST into GET", "POST", 301, "GET", false },
    { "301 keeps PUT", "PUT", 301, "PUT", false },
    { "307 keeps POST and body", "POST", 307, "POST", true },
    { "308 keeps PATCH and body", "PATCH", 308, "PATCH", true },
};

START_TEST(test_redirect_rewrites_method_as_requests)
{
    const struct rewrite_case *c = &rewrites[_i];
    char path[128];
    snprintf(path, sizeof(path), "/redirect-to?url=/anything&status_code=%d", c->code);
    creq_response *r = creq_request(NULL, c->method, client_url(path),
                                    CREQ_OPTS(.data = CREQ_KV({ "k", "v" })), NULL);
    json_t *j = client_json_of(r);
    ck_assert_msg(!strcmp(client_jstr(j, "method", NULL), c->want_method), "%s: method %s", c->name,
                  client_jstr(j, "method", NULL));
    const char *form_k = client_jstr(j, "form", "k");
    ck_assert_msg(c->keeps_body ? form_k && !strcmp(form_k, "v") : form_k == NULL,
                  "%s: body %s", c->name, form_k ? "kept" : "dropped");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_authorization_is_dropped_when_the_host_changes)
{
    char target[256], path[320];
    snprintf(target, sizeof(target), "http://localhost:%u/headers", harness_port());
    snprintf(path, sizeof(path), "/redirect-to?url=%s", target);
    creq_response *r = creq_get(NULL, client_url(path), CREQ_OPTS(.auth = CREQ_BASIC("u", "p")), NULL);
    json_t *j = client_json_of(r);
    ck_assert_ptr_null(client_jstr(j, "headers", "Authorization"));
    json_decref(j);
    creq_response_free(r);
    r = creq_get(NULL, client_url("/redirect-to?url=/headers"), CREQ_OPTS(.auth = CREQ_BASIC("u", "p")),
                 NULL);
    j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "headers", "Authorization"), "Basic dTpw");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

START_TEST(test_head_does_not_follow_unless_asked)
{
    creq_response *r = creq_head(NULL, client_url("/redirect/1"), NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 302);
    creq_response_free(r);
    r = creq_head(NULL, client_url("/redirect/1"), CREQ_OPTS(.flags = CREQ_REDIRECTS), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
}
END_TEST

static int token_auth(creq_prepared *p, void *ud)
{
    return creq_prepared_set_header(p, "X-TokenAuth", ud);
}

START_TEST(test_auth_schemes_reach_the_server)
{
    creq_response *r = creq_get(NULL, client_url("/basic-auth/user/passwd"),
                                CREQ_OPTS(.auth = CREQ_BASIC("user", "passwd")), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    r = creq_get(NULL, client_url("/basic-auth/user/passwd"),
                 CREQ_OPTS(.auth = CREQ_BASIC("user", "nope")), NULL);
    ck_assert_int_eq(creq_response_status(r), 401);
    creq_response_free(r);
    char with_userinfo[128];
    snprintf(with_userinfo, sizeof(with_userinfo), "http://user:passwd@127.0.0.1:%u/basic-auth/user/passwd",
             harness_port());
    r = creq_get(NULL, with_userinfo, NULL, NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    r = creq_get(NULL, client_url("/bearer"), CREQ_OPTS(.auth = CREQ_BEARER("tok123")), NULL);
    json_t *j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "token", NULL), "tok123");
    json_decref(j);
    creq_response_free(r);
    r = creq_get(NULL, client_url("/headers"), CREQ_OPTS(.auth = CREQ_AUTH_FN(token_auth, "secret")),
                 NULL);
    j = client_json_of(r);
    ck_assert_str_eq(client_jstr(j, "headers", "X-Tokenauth"), "secret");
    json_decref(j);
    creq_response_free(r);
}
END_TEST

struct error_case {
    const char *name, *url;
    const creq_kv *headers;
    creq_code code;
};

START_TEST(test_bad_requests_fail_with_requests_exceptions)
{
    char refused[64];
    /* Port 1 on loopback: nothing listens there. */
    snprintf(refused, sizeof(refused), "http://127.0.0.1:1/get");
    const struct error_case cases[] = {
        { "missing schema", "127.0.0.1/get", NULL, CREQ_EMISSING_SCHEMA },
        { "invalid schema", "ftp://127.0.0.1/x", NULL, CREQ_EINVALID_SCHEMA },
        { "empty url", "", NULL, CREQ_EURL_REQUIRED },
        { "no host", "http://", NULL, CREQ_EINVALID_URL },
        { "header with newline", client_url("/get"), CREQ_KV({ "X-A", "1\r\nX-B: 2" }), CREQ_EINVALID_HEADER },
        { "header name with colon", client_url("/get"), CREQ_KV({ "X:A", "1" }), CREQ_EINVALID_HEADER },
        { "connection refused", refused, NULL, CREQ_ECONNECTION },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        creq_error err;
        creq_response *r = creq_get(NULL, cases[i].url, CREQ_OPTS(.headers = cases[i].headers), &err);
        ck_assert_msg(r == NULL && err.code == cases[i].code, "%s: got %s (%s)", cases[i].name,
                      creq_strerror(err.code), err.message);
        ck_assert(creq_is_connection_error(err.code) == (cases[i].code == CREQ_ECONNECTION));
    }
}
END_TEST

START_TEST(test_read_timeout_fires_on_a_slow_answer)
{
    creq_error err;
    double t0 = now();
    /* The answer would take 10 s: far more than the timeout and the slack a
     * loaded machine adds to it. */
    creq_response *r = creq_get(NULL, client_url("/delay/10"), CREQ_OPTS(.read_timeout = 0.3), &err);
    double took = now() - t0;
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, CREQ_EREAD_TIMEOUT);
    ck_assert(creq_is_timeout(err.code) && !creq_is_connection_error(err.code));
    ck_assert_msg(took >= 0.29 && took < 0.3 + HARNESS_SLACK, "took %.3f s", took);

    t0 = now();
    r = creq_get(NULL, client_url("/delay/10"), CREQ_OPTS(.total_timeout = 0.4), &err);
    took = now() - t0;
    ck_assert_ptr_null(r);
    ck_assert_msg(creq_is_timeout(err.code), "got %s", creq_strerror(err.code));
    ck_assert_msg(took >= 0.39 && took < 0.4 + HARNESS_SLACK, "took %.3f s", took);

    r = creq_get(NULL, client_url("/delay/0.2"), CREQ_OPTS(.timeout = HARNESS_PATIENCE), &err);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
}
END_TEST

START_TEST(test_status_code_helpers_map_both_ways)
{
    ck_assert_int_eq(creq_code_of("teapot"), 418);
    ck_assert_int_eq(creq_code_of("OK"), 200);
    ck_assert_int_eq(creq_code_of("not_found"), 404);
    ck_assert_int_eq(creq_code_of("no such name"), -1);
    ck_assert_str_eq(creq_code_name(418), "im_a_teapot");
    ck_assert_str_eq(creq_reason(404), "Not Found");
    char *q = creq_urlencode(CREQ_KV({ "a b", "c&d" }, { "e", "~f" }));
    ck_assert_str_eq(q, "a+b=c%26d&e=~f");
    creq_free(q);
}
END_TEST

static Suite *request_suite(void)
{
    Suite *s = suite_create("creq_request");
    TCase *tc = tcase_create("against httpbin-c");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_get_sends_params_in_order_after_the_urls_own);
    tcase_add_test(tc, test_default_and_custom_headers_are_sent);
    tcase_add_test(tc, test_form_body_is_urlencoded);
    tcase_add_test(tc, test_json_body_is_dumped_with_its_type);
    tcase_add_test(tc, test_json_body_is_written_as_python_json_dumps);
    tcase_add_test(tc, test_raw_body_keeps_binary_bytes);
    tcase_add_test(tc, test_body_less_post_sends_content_length_zero);
    tcase_add_test(tc, test_multipart_files_stream_from_disk_and_memory);
    tcase_add_test(tc, test_streamed_upload_is_chunked_when_its_size_is_unknown);
    tcase_add_loop_test(tc, test_every_verb_reaches_anything, 0, sizeof(verbs) / sizeof(verbs[0]));
    tcase_add_test(tc, test_head_and_options_answer_without_body);
    tcase_add_test(tc, test_cookies_for_one_request_are_sent);
    tcase_add_test(tc, test_response_tells_status_reason_headers_and_cookies);
    tcase_add_test(tc, test_raise_for_status_uses_requests_message);
    tcase_add_test(tc, test_redirects_are_followed_with_history);
    tcase_add_test(tc, test_too_many_redirects_is_an_error);
    tcase_add_loop_test(tc, test_redirect_rewrites_method_as_requests, 0,
                        sizeof(rewrites) / sizeof(rewrites[0]));
    tcase_add_test(tc, test_authorization_is_dropped_when_the_host_changes);
    tcase_add_test(tc, test_head_does_not_follow_unless_asked);
    tcase_add_test(tc, test_auth_schemes_reach_the_server);
    tcase_add_test(tc, test_bad_requests_fail_with_requests_exceptions);
    tcase_add_test(tc, test_read_timeout_fires_on_a_slow_answer);
    tcase_add_test(tc, test_status_code_helpers_map_both_ways);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(request_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
