/* SPDX-License-Identifier: MIT */
/* Starting and stopping a server: the listening sockets and the front door
 * that owns them, libmicrohttpd's daemons (HTTP, and HTTPS beside it; epoll
 * with one worker thread per core) that the door hands HTTP/1.x to, the
 * timer, graceful stop. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <microhttpd.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dispatch.h"
#include "door.h"
#include "h2.h"
#include "ip_limit.h"
#include "journal.h"
#include "listener.h"
#include "lib/file.h"
#include "lib/hash.h"
#include "lib/random.h"
#include "log.h"
#include "server.h"
#include "selfsigned.h"
#include "timer.h"

/* MHD unescapes the path in place by default; httpbin echoes the path as
 * sent, so we keep it raw and decode it ourselves. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

/* Says why the start failed, in s->error (the first reason wins). */
static void start_error(struct hb_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void start_error(struct hb_server *s, const char *fmt, ...)
{
    if (s->error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof(s->error), fmt, ap);
    va_end(ap);
}

/* A listening socket on cfg.host (its fallback to IPv4 said once, in
 * the server's copy of the config for the listening line). */
static int open_listener(struct hb_server *s, unsigned port, unsigned *bound)
{
    char err[sizeof(s->error)];
    int fell_back;
    int fd = hb_listener_open(s->cfg.host, sizeof(s->cfg.host), port, bound, &fell_back, err,
                              sizeof(err));
    if (fd < 0)
        start_error(s, "%s", err);
    else if (fell_back)
        hb_log_error(&s->cfg, "no IPv6 on this machine: listening on IPv4 only");
    return fd;
}

/* The certificate and key for HTTPS: from files, or made up on the spot. */
static int load_tls(struct hb_server *s, const struct hb_config *cfg)
{
    if (*cfg->tls_client_ca) {
        s->tls_trust_pem = hb_file_read(cfg->tls_client_ca, NULL);
        if (!s->tls_trust_pem) {
            start_error(s, "--tls-client-ca: cannot read %s", cfg->tls_client_ca);
            return -1;
        }
    }
    if (cfg->tls_self_signed && (*cfg->tls_cert || *cfg->tls_key)) {
        start_error(s, "--tls-self-signed makes its own certificate: give it or "
                       "--tls-cert and --tls-key, not both");
        return -1;
    }
    if (cfg->tls_self_signed) {
        struct hb_selfsigned made;
        char err[256];
        if (hb_selfsigned_make(&made, 30, err, sizeof(err))) {
            start_error(s, "--tls-self-signed: %s", err);
            return -1;
        }
        if (*cfg->tls_ca_out && hb_file_write(cfg->tls_ca_out, made.ca_cert_pem)) {
            start_error(s, "--tls-ca-out: cannot write %s", cfg->tls_ca_out);
            hb_selfsigned_free(&made);
            return -1;
        }
        s->tls_cert_pem = made.server_cert_pem;
        s->tls_key_pem = made.server_key_pem;
        s->tls_ca_pem = made.ca_cert_pem;
        made.server_cert_pem = made.server_key_pem = made.ca_cert_pem = NULL; /* ours now */
        hb_selfsigned_free(&made);
        return 0;
    }
    if (!*cfg->tls_cert || !*cfg->tls_key) {
        start_error(s, "HTTPS needs --tls-cert and --tls-key, or --tls-self-signed");
        return -1;
    }
    s->tls_cert_pem = hb_file_read(cfg->tls_cert, NULL);
    s->tls_key_pem = hb_file_read(cfg->tls_key, NULL);
    if (!s->tls_cert_pem || !s->tls_key_pem) {
        start_error(s, "cannot read %s", !s->tls_cert_pem ? cfg->tls_cert : cfg->tls_key);
        return -1;
    }
    return 0;
}

static void free_tls(struct hb_server *s)
{
    free(s->tls_cert_pem);
    free(s->tls_key_pem);
    free(s->tls_trust_pem);
    free(s->tls_ca_pem);
    s->tls_cert_pem = s->tls_key_pem = s->tls_trust_pem = s->tls_ca_pem = NULL;
}

static void close_log_file(struct hb_server *s)
{
    if (!s->log_file)
        return;
    fclose(s->log_file);
    s->log_file = NULL;
    s->cfg.log_stream = NULL;
}

/* The /digest-auth nonce key of this server: --digest-key, else 32 random
 * bytes (as hex) of its own, so that two servers in one process share
 * nothing. */
static int pick_digest_key(struct hb_server *s)
{
    if (s->cfg.digest_key[0])
        return 0;
    unsigned char key[32];
    if (hb_random_key(key, sizeof(key))) {
        start_error(s, "cannot read random bytes for the digest nonce key");
        return -1;
    }
    hb_hex(key, sizeof(key), s->cfg.digest_key);
    return 0;
}

/* libmicrohttpd's own messages (mostly clients that went away) go to
 * stderr with a prefix, and not at all with --log-format off. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    const struct hb_server *s = cls;
    if (s->cfg.log_format == HB_LOG_OFF)
        return;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    fprintf(stderr, "libmicrohttpd: %s\n", line);
}

/* MHD's accept policy: every connection, until the server is stopping
 * (the door hands over what it sorted before it saw the stop). */
static enum MHD_Result refuse_new(void *cls, const struct sockaddr *addr, socklen_t len)
{
    const struct hb_server *s = cls;
    (void)addr;
    (void)len;
    return atomic_load(&s->stopping) ? MHD_NO : MHD_YES;
}

/* A daemon without a socket of its own: the door hands it connections. */
static struct MHD_Daemon *start_daemon(struct hb_server *s, const struct hb_config *cfg,
                                       bool tls)
{
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_NO_LISTEN_SOCKET;
    if (tls)
        flags |= MHD_USE_TLS;

    struct MHD_OptionItem opts[24];
    size_t n = 0;
#define OPT(o, v, p) (opts[n++] = (struct MHD_OptionItem){ (o), (intptr_t)(v), (p) })
    /* First, or libmicrohttpd warns that earlier options log elsewhere. */
    OPT(MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s);
    /* One thread needs no pool; MHD warns when asked for a pool of one. */
    if (cfg->threads > 1)
        OPT(MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL);
    /* The door keeps --max-connections (it counts s->open). libmicrohttpd
     * must never reach a limit of its own: 0.9.75 checks it again when a
     * worker takes a handed-over connection and, when it is reached there,
     * returns with the worker's cleanup mutex still locked, so the worker
     * hangs for good. Each worker's share of this is more than the door
     * ever hands over. */
    OPT(MHD_OPTION_CONNECTION_LIMIT,
        (cfg->max_connections + 1) * (cfg->threads > 1 ? cfg->threads : 1), NULL);
    OPT(MHD_OPTION_CONNECTION_TIMEOUT, cfg->connection_timeout, NULL);
    OPT(MHD_OPTION_URI_LOG_CALLBACK, hb_dispatch_begin, s);
    OPT(MHD_OPTION_NOTIFY_COMPLETED, hb_dispatch_end, s);
    OPT(MHD_OPTION_NOTIFY_CONNECTION, hb_dispatch_connection, s);
    /* libmicrohttpd keeps a request's head (line, headers, each query
     * argument's record) in one pool per connection; size it for our
     * limits, which dispatch.c checks first. Keep it small: libmicrohttpd
     * zeroes the whole pool after every request, and a held connection keeps
     * it resident (the defaults give 40 KiB; its own default is 32). */
    OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        cfg->max_url_bytes + cfg->max_header_bytes + (size_t)cfg->max_query_args * 64 + 8192,
        NULL);
    OPT(MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL);
    if (tls) {
        OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert_pem);
        OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key_pem);
        /* With a trusted CA, MHD asks each client for a certificate. */
        if (s->tls_trust_pem)
            OPT(MHD_OPTION_HTTPS_MEM_TRUST, 0, s->tls_trust_pem);
    }
    OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
    struct MHD_Daemon *d = MHD_start_daemon(flags, 0, refuse_new, s, hb_dispatch_request, s,
                                            MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!d && tls)
        start_error(s, "cannot serve HTTPS: the certificate or key is not valid PEM or they "
                       "do not match");
    else if (!d)
        start_error(s, "cannot start libmicrohttpd's worker threads");
    return d;
}

/* The door's exit for HTTP/1.x: libmicrohttpd takes the socket (and
 * closes it if it cannot take it). */
static void to_http1(struct hb_server *s, int fd, const struct sockaddr *addr, socklen_t len,
                     bool tls)
{
    atomic_fetch_add(&s->open, 1); /* until libmicrohttpd says it closed */
    if (MHD_add_connection(tls ? s->tls_daemon : s->daemon, fd, addr, len) != MHD_YES) {
        atomic_fetch_sub(&s->open, 1);
        hb_ip_limit_give(s->per_ip, addr);
    }
}

/* Access lines reach the log within this long, in one write() per batch. */
#define LOG_FLUSH_SECONDS 0.2

/* On the timer thread: flushes and comes back (until the timer stops). */
static void flush_access_log(void *arg)
{
    struct hb_server *s = arg;
    hb_log_flush(&s->cfg);
    hb_timer_add(s->timer, LOG_FLUSH_SECONDS, flush_access_log, s);
}

/* Everything a server holds, in the order it can go: the door (no new
 * connections), the engines, the timer, then what they used. */
static void release(struct hb_server *s)
{
    hb_door_free(s->door);
    s->door = NULL;
    hb_h2_free(s->h2);
    s->h2 = NULL;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
    if (s->tls_daemon)
        MHD_stop_daemon(s->tls_daemon);
    s->tls_daemon = NULL;
    hb_timer_free(s->timer);
    s->timer = NULL;
    hb_ip_limit_free(s->per_ip);
    s->per_ip = NULL;
    free_tls(s);
    hb_journal_free(s->journal);
    s->journal = NULL;
}

int hb_server_start(struct hb_server *s, const struct hb_config *cfg,
                    const struct hb_route *routes, size_t n)
{
    int http_fd = -1, https_fd = -1;
    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    s->router = (struct hb_router){ routes, n };
    atomic_init(&s->inflight, 0);
    atomic_init(&s->open, 0);
    atomic_init(&s->stopping, 0);
    if (pick_digest_key(s))
        return -1;
    if (cfg->log_file[0] && cfg->log_format != HB_LOG_OFF) {
        s->log_file = fopen(cfg->log_file, "a");
        if (!s->log_file) {
            start_error(s, "--log-file: cannot open %s", cfg->log_file);
            return -1;
        }
        s->cfg.log_stream = s->log_file;
    }
    if (cfg->journal && !(s->journal = hb_journal_new(cfg))) {
        start_error(s, "cannot map %zu bytes for the journal (--journal-max-bytes)",
                    cfg->journal_max_bytes);
        goto fail;
    }
    if (!(s->per_ip = hb_ip_limit_new(cfg->max_connections_per_ip))) {
        start_error(s, "out of memory");
        goto fail;
    }
    s->timer = hb_timer_new();
    if (!s->timer) {
        start_error(s, "cannot start the timer thread");
        goto fail;
    }
    http_fd = open_listener(s, cfg->port, &s->port);
    if (http_fd < 0)
        goto fail;
    if (cfg->tls_port >= 0) {
        https_fd = open_listener(s, (unsigned)cfg->tls_port, &s->tls_port);
        if (https_fd < 0 || load_tls(s, cfg) || !(s->tls_daemon = start_daemon(s, cfg, true)))
            goto fail;
    }
    s->daemon = start_daemon(s, cfg, false);
    if (!s->daemon)
        goto fail;
    char err[sizeof(s->error)];
    s->h2 = hb_h2_start(s, s->tls_daemon ? s->tls_cert_pem : NULL, s->tls_key_pem,
                        s->tls_trust_pem, err, sizeof(err));
    if (!s->h2) {
        start_error(s, "%s", err);
        goto fail;
    }
    static const struct hb_door_exits exits = { to_http1, hb_h2_adopt };
    s->door = hb_door_start(s, http_fd, https_fd, &exits);
    http_fd = https_fd = -1; /* the door's now, even when it failed */
    if (!s->door) {
        start_error(s, "cannot start the front door's thread");
        goto fail;
    }
    if (cfg->log_format != HB_LOG_OFF)
        hb_timer_add(s->timer, LOG_FLUSH_SECONDS, flush_access_log, s);
    return 0;
fail:
    if (http_fd >= 0)
        close(http_fd);
    if (https_fd >= 0)
        close(https_fd);
    release(s);
    close_log_file(s);
    return -1;
}

void hb_server_stop(struct hb_server *s)
{
    if (!s->daemon)
        return;
    /* Not MHD_quiesce_daemon: on an epoll daemon with worker threads it
     * races the workers for the listening socket and aborts the process
     * (libmicrohttpd 0.9.75, seen within a few hundred starts and stops).
     * New connections are closed as they come instead (refuse_new). */
    atomic_store(&s->stopping, 1);
    hb_door_close(s->door);
    hb_h2_goaway(s->h2);

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
    /* Resume whatever still waits before MHD frees its connections; the
     * timer refuses new waits from here on, so none can be parked again. */
    hb_timer_stop(s->timer);
    release(s);
    hb_log_flush(&s->cfg); /* the last requests' lines */
    close_log_file(s);
}
