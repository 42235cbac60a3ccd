/* SPDX-License-Identifier: MIT */
/* libcreq client benchmark: N sequential GETs of BASE/get on one session
 * (one kept-alive connection), body read; prints req/s and p50/p99 latency. */
#include <creq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* One request, body read to the end; 0, or 1 after saying why. */
static int one(creq_session *s, const char *url, size_t *bytes, long *conns)
{
    creq_error err;
    creq_response *r = creq_get(s, url, NULL, &err);
    if (!r) {
        fprintf(stderr, "creq_bench: %s: %s\n", creq_strerror(err.code), err.message);
        return 1;
    }
    size_t len;
    const char *body = creq_response_content(r, &len);
    creq_timing t;
    creq_response_timing(r, &t);
    *conns += t.new_conns;
    int bad = creq_response_status(r) != 200 || len == 0 || body[len - 1] != '\n';
    if (bad)
        fprintf(stderr, "creq_bench: status %d, %zu bytes\n", creq_response_status(r), len);
    *bytes += len;
    creq_response_free(r);
    return bad;
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
        fprintf(stderr, "creq_bench: N must be 1..10000000\n");
        return 2;
    }
    char url[512];
    int blen = (int)strlen(argv[1]);
    if (blen && argv[1][blen - 1] == '/')
        blen--; /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    snprintf(url, sizeof(url), "%.*s/get", blen, argv[1]);

    double *lat = malloc((size_t)n * sizeof(*lat));
    creq_session *s = creq_session_new();
    if (!lat || !s)
        return 1;
    size_t bytes = 0;
    long conns = 0;
    /* Warm-up, not timed: the connection, libcurl's caches, the allocator. */
    for (long i = 0; i < 100; i++)
        if (one(s, url, &bytes, &conns))
            return 1;

    bytes = 0;
    /* CPU time is the client's own cost, apart from the server's and the
     * kernel's round trip that wall-clock latency also holds. */
    double cpu_start = clock_us(CLOCK_PROCESS_CPUTIME_ID);
    double start = now_us();
    for (long i = 0; i < n; i++) {
        double t0 = now_us();
        if (one(s, url, &bytes, &conns))
            return 1;
        lat[i] = now_us() - t0;
    }
    double total = now_us() - start;
    double cpu = clock_us(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

    qsort(lat, (size_t)n, sizeof(*lat), by_value);
    printf("client=libcreq n=%ld rps=%.1f p50_us=%.1f p99_us=%.1f cpu_us=%.1f conns=%ld "
           "bytes=%zu\n",
           n, (double)n / (total / 1e6), lat[(n - 1) / 2], lat[(size_t)((double)(n - 1) * 0.99)],
           cpu / (double)n, conns, bytes);
    creq_session_free(s);
    free(lat);
    creq_global_cleanup();
    return 0;
}
