/* SPDX-License-Identifier: MIT */
/* libmicrohttpd's daemon: epoll with one worker thread per core, the timer,
 * graceful stop. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dispatch.h"
#include "log.h"
#include "server.h"
#include "timer.h"

/* MHD unescapes the path in place by default; httpbin echoes the path as
 * sent, so we keep it raw and decode it ourselves. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static int resolve(const char *host, unsigned port, struct sockaddr_storage *out,
                   socklen_t *len)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
                              .ai_socktype = SOCK_STREAM };
    struct addrinfo *res;
    char service[8];
    snprintf(service, sizeof(service), "%u", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc) {
        hb_log_error("cannot use host '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int hb_server_start(struct hb_server *s, const struct hb_config *cfg)
{
    struct sockaddr_storage addr;
    socklen_t addr_len;

    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    atomic_init(&s->inflight, 0);
    if (resolve(cfg->host, cfg->port, &addr, &addr_len))
        return -1;
    s->timer = hb_timer_new();
    if (!s->timer) {
        hb_log_error("cannot start the timer thread");
        return -1;
    }

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem opts[16];
    size_t n = 0;
#define OPT(o, v, p) (opts[n++] = (struct MHD_OptionItem){ (o), (intptr_t)(v), (p) })
    OPT(MHD_OPTION_SOCK_ADDR, 0, &addr);
    /* One thread needs no pool; MHD warns when asked for a pool of one. */
    if (cfg->threads > 1)
        OPT(MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL);
    OPT(MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, NULL);
    OPT(MHD_OPTION_CONNECTION_TIMEOUT, cfg->connection_timeout, NULL);
    OPT(MHD_OPTION_URI_LOG_CALLBACK, hb_dispatch_begin, s);
    OPT(MHD_OPTION_NOTIFY_COMPLETED, hb_dispatch_end, s);
    OPT(MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL);
    OPT(MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL);
    OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
    s->daemon = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, hb_dispatch_request, s,
                                 MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!s->daemon) {
        hb_log_error("cannot listen on %s port %u (in use, or not an address of this host?)",
                     cfg->host, cfg->port);
        hb_timer_free(s->timer);
        s->timer = NULL;
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    return 0;
}

void hb_server_stop(struct hb_server *s)
{
    if (!s->daemon)
        return;
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);

    struct timespec start, now, nap = { 0, 10 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double waited = (double)(now.tv_sec - start.tv_sec) +
                        (double)(now.tv_nsec - start.tv_nsec) / 1e9;
        if (atomic_load(&s->inflight) == 0 || waited >= s->cfg.shutdown_grace)
            break;
        nanosleep(&nap, NULL);
    }
    /* Resume whatever still waits before MHD frees its connections. */
    hb_timer_free(s->timer);
    s->timer = NULL;
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
}
