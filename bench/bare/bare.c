/* SPDX-License-Identifier: MIT */
/* bare: the libmicrohttpd limit httpbin-c is measured against. The same
 * daemon setup as server/daemon.c (epoll, internal thread pool, the same
 * connection limit and timeout), but every request, whatever its method or
 * path, gets one fixed JSON body with the headers httpbin-c sends.
 *
 *   bare PORT THREADS [BODY_FILE]
 *
 * BODY_FILE holds the body (bench/run.sh writes httpbin-c's own answer to
 * the benchmark's GET /get there, so both send the same number of bytes);
 * without it a built-in body of that typical size is used. Listens on
 * 127.0.0.1 only; SIGINT or SIGTERM stop it. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* httpbin-c's answer to wrk's request (only a Host header), port included. */
static const char default_body[] =
    "{\"args\":{},\"headers\":{\"Host\":\"127.0.0.1:40000\"},"
    "\"origin\":\"127.0.0.1\",\"url\":\"http://127.0.0.1:40000/get\"}\n";

static char *body;
static size_t body_len;
static int seen; /* *req_cls == &seen: the request head has been handled */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536;
    char *buf = malloc(cap);
    *len = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    return buf;
}

/* Reads (and drops) any request body, then answers. A fresh response per
 * request, as any server that builds its answers must; the buffer itself
 * is shared, so no copy. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version,
                              const char *data, size_t *size, void **req_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)data;
    if (*req_cls == NULL) {
        *req_cls = &seen;
        return MHD_YES;
    }
    if (*size) {
        *size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(r, "Access-Control-Allow-Credentials", "true");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT THREADS [BODY_FILE]\n", argv[0]);
        return 2;
    }
    unsigned port = (unsigned)strtoul(argv[1], NULL, 10);
    unsigned threads = (unsigned)strtoul(argv[2], NULL, 10);
    if (port == 0 || port > 65535 || threads == 0 || threads > 256) {
        fprintf(stderr, "bare: bad PORT or THREADS\n");
        return 2;
    }
    body = (char *)default_body;
    body_len = sizeof(default_body) - 1;
    if (argc > 3 && !(body = read_file(argv[3], &body_len))) {
        perror(argv[3]);
        return 2;
    }

    /* Signals go to main's sigwait(), not to a worker thread. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    /* As server/daemon.c: no pool for one thread (MHD warns about it). */
    struct MHD_OptionItem pool[] = {
        { threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC, (uint16_t)port, NULL,
        NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_LIMIT, 20000u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_ARRAY, pool, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bare: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    if (body != default_body)
        free(body);
    return 0;
}
