/* SPDX-License-Identifier: MIT */
/* What libcreq puts on the wire, read from an embedded server's journal
 * instead of inferred from echoes: its default headers, a Digest
 * exchange as two requests, a redirect chain, cookies kept by a session,
 * one connection reused, and a chunked upload. Runs without forking
 * (CK_NOFORK below): the server and the client share one process. */
#include <check.h>
#include <creq.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <httpbin.h>

static httpbin_server *server;
static char url_buf[512];

static void start(void)
{
    char *error = NULL;
    server = httpbin_start(NULL, &error);
    ck_assert_msg(server, "%s", error);
}

static void stop(void)
{
    httpbin_stop(server);
}

static const char *url(const char *path)
{
    snprintf(url_buf, sizeof(url_buf), "%s%s", httpbin_url(server), path);
    return url_buf;
}

/* The journal after clearing it and running what the test does. */
static json_t *sent(void)
{
    json_t *list = httpbin_requests(server);
    ck_assert_ptr_nonnull(list);
    return list;
}

static const char *field(json_t *list, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(list, i), key));
}

/* requests' defaults and nothing else, Host first. (The order of the rest
 * differs from requests', which sends User-Agent before Accept-Encoding:
 * libcurl places the Accept-Encoding it manages itself.) */
START_TEST(test_wire_default_headers_are_requests_and_no_more)
{
    httpbin_clear(server);
    creq_response *r = creq_get(NULL, url("/get"), NULL, NULL);
    ck_assert_ptr_nonnull(r);
    creq_response_free(r);
    json_t *list = sent();
    json_t *e = json_array_get(list, 0), *headers = json_object_get(e, "headers");
    ck_assert_uint_eq(json_array_size(headers), 5);
    ck_assert_str_eq(json_string_value(json_array_get(json_array_get(headers, 0), 0)), "Host");
    ck_assert(!strncmp(httpbin_header(e, "User-Agent"), "libcreq/", 8));
    ck_assert_ptr_nonnull(strstr(httpbin_header(e, "Accept-Encoding"), "gzip"));
    ck_assert_str_eq(httpbin_header(e, "Accept"), "*/*");
    ck_assert_str_eq(httpbin_header(e, "Connection"), "keep-alive");
    json_decref(list);
}
END_TEST

START_TEST(test_wire_digest_is_a_challenge_and_an_answer)
{
    httpbin_clear(server);
    creq_response *r = creq_get(NULL, url("/digest-auth/auth/ada/secret"),
                                CREQ_OPTS(.auth = CREQ_DIGEST("ada", "secret")), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    json_t *list = sent();
    ck_assert_uint_eq(json_array_size(list), 2);
    ck_assert_ptr_null(httpbin_header(json_array_get(list, 0), "Authorization"));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(list, 0), "status")), 401);
    const char *auth = httpbin_header(json_array_get(list, 1), "Authorization");
    ck_assert_ptr_nonnull(auth);
    ck_assert(!strncmp(auth, "Digest ", 7));
    ck_assert_ptr_nonnull(strstr(auth, "username=\"ada\""));
    json_decref(list);
}
END_TEST

START_TEST(test_wire_a_303_after_a_post_is_followed_with_a_get)
{
    httpbin_clear(server);
    creq_response *r = creq_post(NULL, url("/redirect-to?url=/get&status_code=303"),
                                 CREQ_OPTS(.data = CREQ_KV({ "a", "1" })), NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    json_t *list = sent();
    ck_assert_uint_eq(json_array_size(list), 2);
    ck_assert_str_eq(field(list, 0, "method"), "POST");
    ck_assert_str_eq(field(list, 0, "body"), "a=1");
    ck_assert_str_eq(field(list, 1, "method"), "GET");
    ck_assert_str_eq(field(list, 1, "target"), "/get");
    ck_assert_str_eq(field(list, 1, "body"), "");
    ck_assert_ptr_null(httpbin_header(json_array_get(list, 1), "Content-Type"));
    json_decref(list);
}
END_TEST

START_TEST(test_wire_session_sends_the_cookie_it_was_set_on_one_connection)
{
    creq_session *s = creq_session_new();
    httpbin_clear(server);
    creq_response_free(creq_get(s, url("/cookies/set?flavour=oat"), NULL, NULL));
    creq_response_free(creq_get(s, url("/headers"), NULL, NULL));
    creq_session_free(s);
    json_t *list = sent();
    ck_assert_uint_eq(json_array_size(list), 3); /* set, its redirect, /headers */
    ck_assert_ptr_null(httpbin_header(json_array_get(list, 0), "Cookie"));
    ck_assert_str_eq(httpbin_header(json_array_get(list, 2), "Cookie"), "flavour=oat");
    json_int_t port = json_integer_value(
        json_object_get(json_object_get(json_array_get(list, 0), "client"), "port"));
    for (size_t i = 1; i < 3; i++)
        ck_assert_int_eq(json_integer_value(json_object_get(
                             json_object_get(json_array_get(list, i), "client"), "port")),
                         port);
    json_decref(list);
}
END_TEST

static ssize_t two_chunks(void *userdata, char *buf, size_t len)
{
    int *calls = userdata;
    const char *parts[] = { "hello, ", "world" };
    if (*calls >= 2 || len < 8)
        return 0;
    size_t n = strlen(parts[*calls]);
    memcpy(buf, parts[(*calls)++], n);
    return (ssize_t)n;
}

START_TEST(test_wire_a_reader_of_unknown_size_is_sent_chunked)
{
    httpbin_clear(server);
    int calls = 0;
    creq_response *r = creq_post(NULL, url("/post"),
                                 CREQ_OPTS(.body_reader = two_chunks, .body_size = -1,
                                           .userdata = &calls),
                                 NULL);
    ck_assert_int_eq(creq_response_status(r), 200);
    creq_response_free(r);
    json_t *list = sent();
    json_t *e = json_array_get(list, 0);
    ck_assert_str_eq(httpbin_header(e, "Transfer-Encoding"), "chunked");
    ck_assert_ptr_null(httpbin_header(e, "Content-Length"));
    ck_assert_str_eq(field(list, 0, "body"), "hello, world");
    json_decref(list);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("creq on the wire");
    TCase *tc = tcase_create("journal");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start, stop);
    tcase_add_test(tc, test_wire_default_headers_are_requests_and_no_more);
    tcase_add_test(tc, test_wire_digest_is_a_challenge_and_an_answer);
    tcase_add_test(tc, test_wire_a_303_after_a_post_is_followed_with_a_get);
    tcase_add_test(tc, test_wire_session_sends_the_cookie_it_was_set_on_one_connection);
    tcase_add_test(tc, test_wire_a_reader_of_unknown_size_is_sent_chunked);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
