/* SPDX-License-Identifier: MIT */
/* Raw libcurl baseline for creq_bench: one easy handle reused for N
 * curl_easy_perform() calls (kept-alive connection), the body appended to a
 * reused buffer. The same request headers as libcreq, so the server does the
 * same work and the response is as long. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buf {
    char *data;
    size_t len, cap;
};

static size_t append(char *data, size_t size, size_t nmemb, void *arg)
{
    struct buf *b = arg;
    size_t len = size * nmemb;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            return 0; /* libcurl fails the transfer with CURLE_WRITE_ERROR */
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

static double clock_us(clockid_t which)
{
    struct timespec ts;
    clock_gettime(which, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double now_us(void)
{
    return clock_us(CLOCK_MONOTONIC);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int one(CURL *e, struct buf *b, size_t *bytes, long *conns)
{
    b->len = 0; /* the buffer is kept: no allocation per request */
    CURLcode rc = curl_easy_perform(e);
    long status = 0, opened = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &opened);
    *conns += opened;
    if (rc != CURLE_OK || status != 200 || b->len == 0 || b->data[b->len - 1] != '\n') {
        fprintf(stderr, "raw_curl_bench: %s, status %ld, %zu bytes\n", curl_easy_strerror(rc),
                status, b->len);
        return 1;
    }
    *bytes += b->len;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s BASE_URL [N]   (GETs BASE_URL/get N times, default 10000)\n",
                argv[0]);
        return 2;
    }
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    if (n < 1 || n > 10000000) {
        fprintf(stderr, "raw_curl_bench: N must be 1..10000000\n");
        return 2;
    }
    char url[512];
    int blen = (int)strlen(argv[1]);
    if (blen && argv[1][blen - 1] == '/')
        blen--; /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    snprintf(url, sizeof(url), "%.*s/get", blen, argv[1]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *e = curl_easy_init();
    double *lat = malloc((size_t)n * sizeof(*lat));
    struct buf b = { 0 };
    if (!e || !lat)
        return 1;
    /* What libcreq sends by default (User-Agent aside, same length). */
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Accept: */*");
    headers = curl_slist_append(headers, "Connection: keep-alive");
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "rawcurl/0.1.0");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate, br");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);

    size_t bytes = 0;
    long conns = 0;
    for (long i = 0; i < 100; i++) /* warm-up, as creq_bench */
        if (one(e, &b, &bytes, &conns))
            return 1;

    bytes = 0;
    /* CPU time is the client's own cost, apart from the server's and the
     * kernel's round trip that wall-clock latency also holds. */
    double cpu_start = clock_us(CLOCK_PROCESS_CPUTIME_ID);
    double start = now_us();
    for (long i = 0; i < n; i++) {
        double t0 = now_us();
        if (one(e, &b, &bytes, &conns))
            return 1;
        lat[i] = now_us() - t0;
    }
    double total = now_us() - start;
    double cpu = clock_us(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

    qsort(lat, (size_t)n, sizeof(*lat), by_value);
    printf("client=raw-libcurl n=%ld rps=%.1f p50_us=%.1f p99_us=%.1f cpu_us=%.1f conns=%ld "
           "bytes=%zu\n",
           n, (double)n / (total / 1e6), lat[(n - 1) / 2], lat[(size_t)((double)(n - 1) * 0.99)],
           cpu / (double)n, conns, bytes);
    curl_slist_free_all(headers);
    curl_easy_cleanup(e);
    curl_global_cleanup();
    free(b.data);
    free(lat);
    return 0;
}
