/* SPDX-License-Identifier: MIT */
/* How long an embedded server takes to start and to stop, and what 1000
 * start/request/stop cycles leave behind (descriptors, threads, resident
 * memory). Prints figures; a measurement, not a test. */
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <httpbin.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static int get(const char *base)
{
    char url[256];
    snprintf(url, sizeof(url), "%s/get", base);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status == 200;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void summary(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof(*ms), by_value);
    printf("%-22s median %.3f ms, p90 %.3f ms, max %.3f ms\n", what, ms[n / 2],
           ms[n * 9 / 10], ms[n - 1]);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n < 10)
        n = 10;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double *start_ms = calloc((size_t)n, sizeof(double));
    double *stop_ms = calloc((size_t)n, sizeof(double));
    double *tls_ms = calloc(20, sizeof(double));
    if (!start_ms || !stop_ms || !tls_ms)
        return 1;

    httpbin_server *s = httpbin_start(NULL, NULL); /* one-time library setup */
    get(httpbin_url(s));
    httpbin_stop(s);
    int fds = entries("/proc/self/fd"), threads = entries("/proc/self/task");
    long rss = rss_kib();

    double t0 = now();
    int failed = 0;
    for (int i = 0; i < n; i++) {
        double a = now();
        s = httpbin_start(NULL, NULL);
        double b = now();
        failed += !s || !get(httpbin_url(s));
        double c = now();
        httpbin_stop(s);
        stop_ms[i] = (now() - c) * 1000;
        start_ms[i] = (b - a) * 1000;
    }
    double total = now() - t0;
    for (int i = 0; i < 20; i++) {
        const char *tls[] = { "--tls-self-signed", NULL };
        double a = now();
        s = httpbin_start(tls, NULL);
        tls_ms[i] = (now() - a) * 1000;
        httpbin_stop(s);
    }

    printf("%d start/request/stop cycles in %.2f s (%.3f ms each), %d failed\n", n, total,
           total * 1000 / n, failed);
    summary("httpbin_start", start_ms, n);
    summary("httpbin_stop", stop_ms, n);
    summary("start --tls-self-signed", tls_ms, 20);
    printf("after the cycles: fds %d -> %d, threads %d -> %d, RSS %ld -> %ld KiB\n", fds,
           entries("/proc/self/fd"), threads, entries("/proc/self/task"), rss, rss_kib());
    free(start_ms);
    free(stop_ms);
    free(tls_ms);
    curl_global_cleanup();
    return failed != 0;
}
