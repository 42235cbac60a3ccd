/* SPDX-License-Identifier: MIT */
/* Two libhttpbin servers in one test program, each on a free port and with
 * its own options and journal: each journal holds exactly the requests sent
 * to that server, headers and body as sent. Exits 0 when all is as
 * expected, 1 otherwise; then nothing of the servers is left: no
 * descriptor, no thread. Uses only httpbin.h and libcurl. */
#include <curl/curl.h>
#include <dirent.h>
#include <httpbin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "two_servers_test: FAIL: %s\n", what);
        failures++;
    }
}

static size_t count_bytes(char *data, size_t size, size_t n, void *received)
{
    (void)data;
    *(size_t *)received += size * n;
    return size * n;
}

/* One request to base + path: a POST of body with the header line header
 * when they are not NULL, else a GET. Returns the status (-1 when no answer
 * came) and sets *received to the length of the body that came back. */
static long request(const char *base, const char *path, const char *header, const char *body,
                    size_t *received)
{
    char url[256];
    snprintf(url, sizeof(url), "%s%s", base, path);
    long status = -1;
    *received = 0;
    CURL *curl = curl_easy_init();
    if (!curl)
        return -1;
    struct curl_slist *headers = header ? curl_slist_append(NULL, header) : NULL;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); /* straight to the loopback server */
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (body)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, received);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return status;
}

/* Entries of /proc/self/fd or /proc/self/task: open descriptors, threads. */
static int count(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static int is(json_t *entry, const char *key, const char *want)
{
    const char *got = json_string_value(json_object_get(entry, key));
    return got && !strcmp(got, want);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int fds = count("/proc/self/fd"), threads = count("/proc/self/task");
    char *error = NULL;
    const char *const small[] = { "--max-bytes=10", NULL };
    httpbin_server *a = httpbin_start(NULL, &error);
    httpbin_server *b = a ? httpbin_start(small, &error) : NULL;
    if (!b) {
        fprintf(stderr, "two_servers_test: FAIL: httpbin_start: %s\n", error);
        free(error);
        httpbin_stop(a);
        return 1;
    }
    expect(httpbin_port(a) != httpbin_port(b), "the servers have ports of their own");

    /* A gets a POST with a header and a body, B a GET its option clamps. */
    size_t received;
    expect(request(httpbin_url(a), "/post", "X-Test-Case: two-servers", "hello from the test",
                   &received) == 200, "POST /post to A answers 200");
    expect(request(httpbin_url(b), "/bytes/100", NULL, NULL, &received) == 200,
           "GET /bytes/100 to B answers 200");
    expect(received == 10, "B's --max-bytes=10 clamps /bytes/100 to 10 bytes");

    /* Each journal holds its own server's one request, as it was sent. */
    json_t *ja = httpbin_requests(a), *jb = httpbin_requests(b);
    json_t *ra = json_array_get(ja, 0), *rb = json_array_get(jb, 0);
    expect(json_array_size(ja) == 1, "A's journal holds one request");
    expect(is(ra, "method", "POST") && is(ra, "target", "/post"), "A saw POST /post");
    const char *value = httpbin_header(ra, "X-Test-Case");
    expect(value && !strcmp(value, "two-servers"), "A saw the X-Test-Case header");
    expect(is(ra, "body", "hello from the test") && is(ra, "body_encoding", "utf-8"),
           "A saw the body");
    expect(json_array_size(jb) == 1, "B's journal holds one request");
    expect(is(rb, "method", "GET") && is(rb, "target", "/bytes/100"), "B saw GET /bytes/100");
    expect(!httpbin_header(rb, "X-Test-Case"), "B did not see A's header");
    json_decref(ja);
    json_decref(jb);

    httpbin_stop(a);
    httpbin_stop(b);
    expect(count("/proc/self/fd") == fds, "no descriptor is left open");
    expect(count("/proc/self/task") == threads, "no thread is left running");
    curl_global_cleanup();
    if (failures) {
        fprintf(stderr, "two_servers_test: %d failed\n", failures);
        return 1;
    }
    printf("two_servers_test: ok\n");
    return 0;
}
