/* SPDX-License-Identifier: MIT */
/* The test harness; see harness.h. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <signal.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "routes/table.h"
#include "server/server.h"

/* The server runs in a child process of the test program: Check's forked
 * tests then share no threads with it, and its own exit status says whether
 * the sanitizers found a leak or an error while it served. */
static pid_t server_pid;
static unsigned server_port, server_tls_port;

static void serve(const struct hb_config *cfg, int report)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct hb_server server;
    if (hb_server_start(&server, cfg, hb_routes, hb_route_count)) {
        fprintf(stderr, "harness: %s\n", server.error);
        _exit(3);
    }
    unsigned ports[2] = { server.port, server.tls_daemon ? server.tls_port : 0 };
    if (write(report, ports, sizeof(ports)) != (ssize_t)sizeof(ports))
        _exit(4);
    close(report);
    int sig;
    sigwait(&stop, &sig);
    hb_server_stop(&server);
    if (cfg->log_stream)
        fclose(cfg->log_stream);
    exit(0); /* exit, not _exit: LeakSanitizer runs at exit */
}

void harness_start_on(const char *host, const struct hb_config *cfg)
{
    struct hb_config c = *cfg;
    snprintf(c.host, sizeof(c.host), "%s", host);
    c.port = 0;
    if (c.tls_port >= 0)
        c.tls_port = 0;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int fds[2];
    if (pipe(fds)) {
        perror("harness: pipe");
        exit(1);
    }
    fflush(NULL);
    server_pid = fork();
    if (server_pid == 0) {
        close(fds[0]);
        serve(&c, fds[1]);
    }
    close(fds[1]);
    if (c.log_stream)
        fclose(c.log_stream); /* the child's copy is the one that writes */
    unsigned ports[2];
    if (server_pid < 0 || read(fds[0], ports, sizeof(ports)) != (ssize_t)sizeof(ports)) {
        fprintf(stderr, "harness: the server did not start\n");
        exit(1);
    }
    close(fds[0]);
    server_port = ports[0];
    server_tls_port = ports[1];
}

void harness_start_with(const struct hb_config *cfg)
{
    harness_start_on("127.0.0.1", cfg);
}

void harness_start(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    harness_start_with(&cfg);
}

void harness_stop(void)
{
    int status = 0;
    kill(server_pid, SIGTERM);
    waitpid(server_pid, &status, 0);
    curl_global_cleanup();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "harness: the server exited badly (status %d): a leak or a crash\n",
                status);
        exit(1);
    }
}

unsigned harness_port(void)
{
    return server_port;
}

unsigned harness_tls_port(void)
{
    return server_tls_port;
}

int harness_server_pid(void)
{
    return (int)server_pid;
}

struct buffer {
    char *p;
    size_t len;
};

static size_t append(char *data, size_t size, size_t n, void *arg)
{
    struct buffer *b = arg;
    size_t add = size * n;
    char *grown = realloc(b->p, b->len + add + 1);
    if (!grown)
        return 0;
    memcpy(grown + b->len, data, add);
    b->p = grown;
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}

int harness_server_threads(void)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", harness_server_pid());
    FILE *f = fopen(path, "r");
    int threads = -1;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "Threads: %d", &threads) == 1)
            break;
    if (f)
        fclose(f);
    return threads;
}

int harness_raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)server_port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

struct http_reply http_request_to(const char *base, const char *method, const char *path,
                                  const char *const *headers, const char *body,
                                  size_t body_len)
{
    struct http_reply r = { 0 };
    struct buffer content = { calloc(1, 1), 0 }, head = { calloc(1, 1), 0 };
    struct curl_slist *list = NULL;
    /* Any length: tests of the server's URL limits send long ones. */
    char *url = malloc(strlen(base) + strlen(path) + 1);
    if (url)
        strcat(strcpy(url, base), path);

    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    /* HARNESS_HTTP2=1: our own server is asked in h2c (prior knowledge),
     * so a suite can be run again over HTTP/2. */
    char ours[64];
    snprintf(ours, sizeof(ours), "http://127.0.0.1:%u/", server_port);
    const char *h2 = getenv("HARNESS_HTTP2");
    int want_h2 = h2 && *h2 == '1' && url && !strncmp(url, ours, strlen(ours));
    if (want_h2)
        curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &content);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, r.error);
    /* Server tests over HTTPS check the server, not certificates: the
     * client tests prove verification. */
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    for (const char *const *h = headers; h && *h; h++)
        list = curl_slist_append(list, *h);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        /* libcurl would add "Expect: 100-continue" past 1 KiB: keep it simple. */
        list = curl_slist_append(list, "Expect:");
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    long version = 0;
    if (curl_easy_perform(curl) == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
        curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &version);
    }
    if (want_h2 && r.status && version != CURL_HTTP_VERSION_2_0) {
        r.status = 0; /* asked for h2 and got something else: a failure */
        snprintf(r.error, sizeof(r.error), "answered in HTTP version %ld, not HTTP/2", version);
    }
    curl_easy_cleanup(curl);
    curl_slist_free_all(list);
    free(url);
    r.body = content.p;
    r.len = content.len;
    r.headers = head.p;
    return r;
}

struct http_reply http_request(const char *method, const char *path,
                               const char *const *headers, const char *body,
                               size_t body_len)
{
    char base[64];
    snprintf(base, sizeof(base), "http://127.0.0.1:%u", server_port);
    return http_request_to(base, method, path, headers, body, body_len);
}

/* Walks the header lines of the last response in the block. */
static const char *last_block(const char *headers)
{
    const char *start = headers, *p = headers;
    while ((p = strstr(p, "\r\nHTTP/")))
        start = p += 2;
    return start;
}

char *http_reply_header(const struct http_reply *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = last_block(r->headers); line && *line;) {
        const char *end = strstr(line, "\r\n");
        if (!end)
            break;
        if (!strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            return strndup(v, (size_t)(end - v));
        }
        line = end + 2;
    }
    return NULL;
}

int http_reply_header_count(const struct http_reply *r, const char *name)
{
    size_t n = strlen(name);
    int count = 0;
    for (const char *line = last_block(r->headers); line && *line;) {
        const char *end = strstr(line, "\r\n");
        if (!end)
            break;
        count += !strncasecmp(line, name, n) && line[n] == ':';
        line = end + 2;
    }
    return count;
}

json_t *http_reply_json(const struct http_reply *r)
{
    return json_loadb(r->body, r->len, JSON_DECODE_ANY, NULL);
}

void http_reply_cleanup(struct http_reply *r)
{
    free(r->body);
    free(r->headers);
    r->body = r->headers = NULL;
}

double harness_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void harness_nap_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

int harness_wait_until(int (*done)(void *arg), void *arg, double seconds)
{
    double deadline = harness_now() + seconds;
    while (harness_now() < deadline) {
        if (done(arg))
            return 1;
        harness_nap_ms(5);
    }
    return done(arg) ? 1 : 0;
}

double harness_wait_closed(int fd, double seconds, size_t *received)
{
    double start = harness_now(), left;
    if (received)
        *received = 0;
    while ((left = start + seconds - harness_now()) > 0) {
        struct pollfd p = { fd, POLLIN, 0 };
        int ready = poll(&p, 1, (int)(left * 1000) + 1);
        if (ready < 0 && errno != EINTR)
            return -1;
        if (ready <= 0)
            continue;
        char buf[4096];
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0 && received)
            *received += (size_t)n;
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return harness_now() - start;
    }
    return -1;
}

int harness_wait_readable(int fd, double seconds)
{
    double start = harness_now(), left;
    while ((left = start + seconds - harness_now()) > 0) {
        struct pollfd p = { fd, POLLIN, 0 };
        int ready = poll(&p, 1, (int)(left * 1000) + 1);
        if (ready > 0)
            return 1;
        if (ready < 0 && errno != EINTR)
            return 0;
    }
    return 0;
}

int harness_peer_closed(int fd)
{
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}
