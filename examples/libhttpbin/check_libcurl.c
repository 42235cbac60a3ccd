/* SPDX-License-Identifier: MIT */
/* A Check suite that tests libcurl code against an embedded httpbin and
 * asserts on what the client actually sent: the header, the uploaded body,
 * and a retry that arrives as two requests. The server is started once, in
 * an unchecked fixture; each test (forked, in Check's default mode) clears
 * the journal first. See libhttpbin(3). */
#include <check.h>
#include <curl/curl.h>
#include <string.h>

#include <httpbin.h>

static httpbin_server *server;

static void start_server(void)
{
    server = httpbin_start(NULL, NULL); /* 127.0.0.1, a free port, journal on */
    ck_assert_ptr_nonnull(server);
}

static void stop_server(void)
{
    httpbin_stop(server);
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

/* The code under test: a request that is tried again once on a 5xx. */
static long get_with_one_retry(const char *url, const char *header, const char *body)
{
    long status = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        CURL *c = curl_easy_init();
        struct curl_slist *headers = header ? curl_slist_append(NULL, header) : NULL;
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
        if (body)
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        if (curl_easy_perform(c) == CURLE_OK)
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
        if (status && status < 500)
            break;
    }
    return status;
}

static char *url_of(const char *path)
{
    static char url[256];
    strcpy(url, httpbin_url(server));
    strcat(url, path);
    return url;
}

START_TEST(test_client_sends_its_header)
{
    httpbin_clear(server);
    ck_assert_int_eq(get_with_one_retry(url_of("/get"), "X-Api-Key: k-123", NULL), 200);
    json_t *sent = httpbin_requests(server);
    ck_assert_uint_eq(json_array_size(sent), 1);
    ck_assert_str_eq(httpbin_header(json_array_get(sent, 0), "X-Api-Key"), "k-123");
    json_decref(sent);
}
END_TEST

START_TEST(test_client_uploads_the_body)
{
    httpbin_clear(server);
    get_with_one_retry(url_of("/post"), NULL, "name=ada&lang=c");
    json_t *sent = httpbin_requests(server);
    json_t *e = json_array_get(sent, 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "method")), "POST");
    ck_assert_str_eq(json_string_value(json_object_get(e, "body")), "name=ada&lang=c");
    ck_assert_str_eq(httpbin_header(e, "Content-Type"), "application/x-www-form-urlencoded");
    json_decref(sent);
}
END_TEST

START_TEST(test_client_retries_a_503_once)
{
    httpbin_clear(server);
    ck_assert_int_eq(get_with_one_retry(url_of("/status/503"), NULL, NULL), 503);
    json_t *sent = httpbin_requests(server);
    ck_assert_uint_eq(json_array_size(sent), 2); /* the first try and the retry */
    for (size_t i = 0; i < 2; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sent, i), "target")),
                         "/status/503");
    json_decref(sent);
}
END_TEST

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Suite *s = suite_create("my libcurl client");
    TCase *tc = tcase_create("against httpbin");
    tcase_add_unchecked_fixture(tc, start_server, stop_server);
    tcase_add_test(tc, test_client_sends_its_header);
    tcase_add_test(tc, test_client_uploads_the_body);
    tcase_add_test(tc, test_client_retries_a_503_once);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
