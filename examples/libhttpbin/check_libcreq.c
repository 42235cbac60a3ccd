/* SPDX-License-Identifier: MIT */
/* The same suite for a libcreq client: the embedded server's journal shows
 * the header libcreq sent, the form it encoded, and each try of a Retry.
 * See libhttpbin(3) and libcreq(3). */
#include <check.h>
#include <creq.h>
#include <string.h>

#include <httpbin.h>

static httpbin_server *server;
static char url[256];

static void start_server(void)
{
    server = httpbin_start(NULL, NULL);
    ck_assert_ptr_nonnull(server);
}

static void stop_server(void)
{
    httpbin_stop(server);
}

static const char *at(const char *path)
{
    snprintf(url, sizeof(url), "%s%s", httpbin_url(server), path);
    return url;
}

START_TEST(test_creq_sends_the_header_it_was_given)
{
    httpbin_clear(server);
    creq_error err;
    creq_response *r = creq_get(NULL, at("/get"),
                                CREQ_OPTS(.headers = CREQ_KV({ "X-Api-Key", "k-123" })), &err);
    ck_assert_ptr_nonnull(r);
    creq_response_free(r);
    json_t *sent = httpbin_requests(server);
    ck_assert_str_eq(httpbin_header(json_array_get(sent, 0), "X-Api-Key"), "k-123");
    json_decref(sent);
}
END_TEST

START_TEST(test_creq_encodes_a_form_as_requests_does)
{
    httpbin_clear(server);
    creq_error err;
    creq_response *r = creq_post(NULL, at("/post"),
                                 CREQ_OPTS(.data = CREQ_KV({ "name", "Ada L" }, { "x", "1&2" })),
                                 &err);
    ck_assert_ptr_nonnull(r);
    creq_response_free(r);
    json_t *sent = httpbin_requests(server);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sent, 0), "body")),
                     "name=Ada+L&x=1%262");
    json_decref(sent);
}
END_TEST

START_TEST(test_creq_retry_sends_each_try)
{
    httpbin_clear(server);
    creq_session *s = creq_session_new();
    const creq_retry retry = { .total = 2, .status_forcelist = (const int[]){ 503, 0 } };
    creq_session_mount(s, httpbin_url(server), &(creq_adapter){ .max_retries = &retry });
    creq_error err;
    ck_assert_ptr_null(creq_get(s, at("/status/503"), NULL, &err));
    ck_assert_int_eq(err.code, CREQ_ERETRY);
    creq_session_free(s);
    json_t *sent = httpbin_requests(server);
    ck_assert_uint_eq(json_array_size(sent), 3); /* the first try and two retries */
    json_decref(sent);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("my libcreq client");
    TCase *tc = tcase_create("against httpbin");
    tcase_add_unchecked_fixture(tc, start_server, stop_server);
    tcase_add_test(tc, test_creq_sends_the_header_it_was_given);
    tcase_add_test(tc, test_creq_encodes_a_form_as_requests_does);
    tcase_add_test(tc, test_creq_retry_sends_each_try);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
