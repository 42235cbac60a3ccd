/* SPDX-License-Identifier: MIT */
/* Per-connection state and the request-head deadline; see connection.h.
 * The deadline is checked by the timer thread, every --header-timeout
 * seconds per connection, so no thread waits on a slow client. */
#include "connection.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "log.h"
#include "server.h"
#include "timer.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void release(struct hb_connection *hc)
{
    if (atomic_fetch_sub(&hc->refs, 1) == 1) {
        pthread_mutex_destroy(&hc->lock);
        free(hc);
    }
}

static void check_head(void *arg);

/* The head can move on to its shorter phase between checks: never wait
 * longer than that phase's limit. */
static double next_check(const struct hb_config *cfg, double seconds)
{
    return seconds < cfg->header_timeout ? seconds : cfg->header_timeout;
}

/* Schedules the next check after 'seconds'; drops the check's reference
 * when the timer will not take it (stopping). */
static void arm(struct hb_connection *hc, double seconds)
{
    if (hb_timer_add(hc->server->timer, seconds, check_head, hc))
        release(hc);
}

/* On the timer thread. The socket is only shut down, never closed: the fd
 * stays libmicrohttpd's, which sees the end and closes the connection. */
static void check_head(void *arg)
{
    struct hb_connection *hc = arg;
    const struct hb_config *cfg = &hc->server->cfg;
    double limit = atomic_load(&hc->line_seen) ? cfg->header_timeout
                                                : (double)cfg->connection_timeout;
    pthread_mutex_lock(&hc->lock);
    int closed = hc->closed, expired = 0;
    double waited = (double)(now_ns() - atomic_load(&hc->since)) / 1e9;
    if (!closed && atomic_load(&hc->in_head) && waited >= limit) {
        expired = 1;
        shutdown(hc->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&hc->lock);
    if (expired && cfg->log_format != HB_LOG_OFF)
        hb_log_error("closed a connection too slow to send its request head (%g s; "
                     "--header-timeout, --connection-timeout)", limit);
    if (closed || expired)
        release(hc);
    else
        arm(hc, next_check(cfg, atomic_load(&hc->in_head) ? limit - waited : limit));
}

struct hb_connection *hb_connection_open(struct hb_server *server, int fd)
{
    struct hb_connection *hc = calloc(1, sizeof(*hc));
    if (!hc)
        return NULL;
    hc->server = server;
    hc->fd = fd;
    atomic_init(&hc->in_head, 1);
    atomic_init(&hc->line_seen, 0);
    atomic_init(&hc->since, now_ns());
    pthread_mutex_init(&hc->lock, NULL);
    atomic_init(&hc->refs, 2); /* the connection's and the check's */
    arm(hc, next_check(&server->cfg, (double)server->cfg.connection_timeout));
    return hc;
}

void hb_connection_close(struct hb_connection *hc)
{
    pthread_mutex_lock(&hc->lock);
    hc->closed = 1;
    pthread_mutex_unlock(&hc->lock);
    release(hc);
}

void hb_connection_line_seen(struct hb_connection *hc)
{
    atomic_store(&hc->since, now_ns());
    atomic_store(&hc->line_seen, 1);
}

void hb_connection_head_done(struct hb_connection *hc)
{
    atomic_store(&hc->in_head, 0);
}

void hb_connection_head_wait(struct hb_connection *hc)
{
    atomic_store(&hc->since, now_ns());
    atomic_store(&hc->line_seen, 0);
    atomic_store(&hc->in_head, 1);
}
