/* SPDX-License-Identifier: MIT */
/* Per-connection state and the phase deadlines; see connection.h. The
 * deadline is checked by the timer thread, at least every --header-timeout
 * or --body-timeout seconds per connection, so no thread waits on a slow
 * client. */
#include "connection.h"

#include <stdlib.h>
#include <sys/socket.h>

#include "exchange.h" /* hb_now_ns */
#include "log.h"
#include "server.h"
#include "timer.h"

static void release(struct hb_connection *hc)
{
    if (atomic_fetch_sub(&hc->refs, 1) == 1) {
        pthread_mutex_destroy(&hc->lock);
        free(hc);
    }
}

static void check_phase(void *arg);

/* The phase's time limit in seconds; 0 for none. */
static double phase_limit(const struct hb_config *cfg, int phase)
{
    switch (phase) {
    case HB_PHASE_LINE: return (double)cfg->connection_timeout;
    case HB_PHASE_HEAD: return cfg->header_timeout;
    case HB_PHASE_BODY: return cfg->body_timeout;
    default: return 0;
    }
}

/* The connection can move on to a shorter phase between checks: never wait
 * longer than the shortest limit after the first. */
static double next_check(const struct hb_config *cfg, double seconds)
{
    double shortest = cfg->header_timeout < cfg->body_timeout ? cfg->header_timeout
                                                              : cfg->body_timeout;
    return seconds > 0 && seconds < shortest ? seconds : shortest;
}

/* Schedules the next check after 'seconds'; drops the check's reference
 * when the timer will not take it (stopping). */
static void arm(struct hb_connection *hc, double seconds)
{
    if (hb_timer_add(hc->server->timer, seconds, check_phase, hc))
        release(hc);
}

/* On the timer thread. The socket is only shut down, never closed: the fd
 * stays libmicrohttpd's, which sees the end and closes the connection. */
static void check_phase(void *arg)
{
    struct hb_connection *hc = arg;
    const struct hb_config *cfg = &hc->server->cfg;
    pthread_mutex_lock(&hc->lock);
    int closed = hc->closed, expired = 0, phase = atomic_load(&hc->phase);
    double limit = phase_limit(cfg, phase);
    double waited = (double)(hb_now_ns() - atomic_load(&hc->since)) / 1e9;
    if (!closed && limit > 0 && waited >= limit) {
        expired = 1;
        shutdown(hc->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&hc->lock);
    if (expired)
        hb_log_error(cfg, phase == HB_PHASE_BODY
                         ? "closed a connection too slow to send its request body "
                           "(%g s; --body-timeout)"
                         : "closed a connection too slow to send its request head "
                           "(%g s; --header-timeout, --connection-timeout)",
                     limit);
    if (closed || expired)
        release(hc);
    else
        arm(hc, next_check(cfg, limit - waited));
}

struct hb_connection *hb_connection_open(struct hb_server *server, int fd)
{
    struct hb_connection *hc = calloc(1, sizeof(*hc));
    if (!hc)
        return NULL;
    hc->server = server;
    hc->fd = fd;
    atomic_init(&hc->phase, HB_PHASE_LINE);
    atomic_init(&hc->since, hb_now_ns());
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

void hb_connection_enter(struct hb_connection *hc, enum hb_connection_phase phase)
{
    atomic_store(&hc->since, hb_now_ns());
    atomic_store(&hc->phase, (int)phase);
}
