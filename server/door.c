/* SPDX-License-Identifier: MIT */
/* The front door; see door.h. A connection waits here only until its
 * first bytes show the protocol (bounded by --connection-timeout and by
 * --max-connections); the bytes are peeked, so the engine reads them
 * again from the start. */
#include "door.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "exchange.h"
#include "ip_limit.h"
#include "lib/tls_hello.h"
#include "server.h"

/* RFC 9113 3.4: what a client speaking h2 with prior knowledge sends first. */
static const char PREFACE[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
#define PREFACE_LEN (sizeof(PREFACE) - 1)

struct waiting {               /* a connection whose protocol is not known yet */
    int fd;
    bool tls;
    struct sockaddr_storage addr;
    socklen_t len;
    uint64_t deadline;         /* monotonic ns */
    size_t need;               /* HTTPS: bytes to peek for the ClientHello */
    struct waiting *prev, *next;
};

struct hb_door {
    struct hb_server *server;
    struct hb_door_exits exits;
    int listen_fd[2];          /* HTTP, HTTPS (-1: none) */
    int epoll_fd, wake_fd;
    pthread_t thread;
    atomic_int closing, quit;
    struct waiting *head, *tail; /* oldest first: deadlines only grow */
    unsigned count;
    unsigned char hello[HB_TLS_HELLO_MAX]; /* a peeked ClientHello */
};

/* epoll's data for the listeners and the wake-up; anything else is a
 * struct waiting. */
static char LISTEN_HTTP, LISTEN_HTTPS, WAKE;

static void unlink_waiting(struct hb_door *d, struct waiting *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        d->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        d->tail = w->prev;
    d->count--;
    epoll_ctl(d->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
}

static void drop(struct hb_door *d, struct waiting *w)
{
    unlink_waiting(d, w);
    hb_ip_limit_give(d->server->per_ip, (struct sockaddr *)&w->addr);
    close(w->fd);
    free(w);
}

static void hand_over(struct hb_door *d, struct waiting *w, bool h2)
{
    unlink_waiting(d, w); /* its count in per_ip goes with it */
    if (h2 && d->exits.h2)
        d->exits.h2(d->server, w->fd, (struct sockaddr *)&w->addr, w->len, w->tls);
    else
        d->exits.http1(d->server, w->fd, (struct sockaddr *)&w->addr, w->len, w->tls);
    free(w);
}

/* HTTPS: the ClientHello's ALPN list says whether the client wants h2;
 * anything else (no ALPN, http/1.1, not TLS) is libmicrohttpd's to answer. */
static void sort_tls(struct hb_door *d, struct waiting *w)
{
    for (;;) {
        ssize_t n = recv(w->fd, d->hello, w->need, MSG_PEEK);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        if (n <= 0) {
            drop(d, w);
            return;
        }
        size_t need = w->need;
        enum hb_tls_hello said = hb_tls_hello_read(d->hello, (size_t)n, &need);
        if (said != HB_HELLO_MORE) {
            hand_over(d, w, said == HB_HELLO_H2);
            return;
        }
        bool all_there = (size_t)n == w->need; /* more may be in already */
        w->need = need;
        if (!all_there)
            return; /* the next bytes wake us (edge-triggered) */
    }
}

/* Looks at what has arrived: hands the connection on once its protocol
 * shows, drops it when the client went away, else leaves it waiting. */
static void sort(struct hb_door *d, struct waiting *w)
{
    char buf[PREFACE_LEN];
    if (!d->exits.h2) {
        hand_over(d, w, false);
        return;
    }
    if (w->tls) {
        sort_tls(d, w);
        return;
    }
    ssize_t n = recv(w->fd, buf, sizeof(buf), MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n <= 0) {
        drop(d, w);
        return;
    }
    if (memcmp(buf, PREFACE, (size_t)n))
        hand_over(d, w, false); /* HTTP/1.x, or bytes libmicrohttpd will refuse */
    else if ((size_t)n == PREFACE_LEN)
        hand_over(d, w, true);
    /* else a part of the preface: wait for the rest */
}

static void take(struct hb_door *d, int listen_fd, bool tls)
{
    const struct hb_config *cfg = &d->server->cfg;
    for (;;) {
        struct waiting probe = { .tls = tls, .len = sizeof(probe.addr) };
        int fd = accept4(listen_fd, (struct sockaddr *)&probe.addr, &probe.len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN, or a client gone before we took it */
        struct waiting *w = NULL;
        if (atomic_load(&d->closing) ||
            d->count + atomic_load(&d->server->open) >= cfg->max_connections ||
            !hb_ip_limit_take(d->server->per_ip, (struct sockaddr *)&probe.addr)) {
            close(fd);
            continue;
        }
        if (!(w = malloc(sizeof(*w)))) {
            hb_ip_limit_give(d->server->per_ip, (struct sockaddr *)&probe.addr);
            close(fd);
            continue;
        }
        *w = probe;
        w->fd = fd;
        w->need = 5; /* a TLS record header */
        w->deadline = cfg->connection_timeout
                          ? hb_now_ns() + (uint64_t)cfg->connection_timeout * 1000000000u
                          : UINT64_MAX; /* 0: no limit, as libmicrohttpd takes it */
        w->prev = d->tail;
        w->next = NULL;
        if (d->tail)
            d->tail->next = w;
        else
            d->head = w;
        d->tail = w;
        d->count++;
        /* Edge-triggered: peeked bytes stay in the socket and must not wake
         * us again until more arrive. */
        struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = w };
        if (epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
            drop(d, w);
            continue;
        }
        sort(d, w); /* the request may be in already */
    }
}

/* Milliseconds until the oldest waiting connection's deadline (-1: none). */
static int next_timeout(const struct hb_door *d)
{
    if (!d->head || d->head->deadline == UINT64_MAX)
        return -1;
    uint64_t now = hb_now_ns();
    if (d->head->deadline <= now)
        return 0;
    return (int)((d->head->deadline - now) / 1000000u) + 1;
}

static void *run(void *arg)
{
    struct hb_door *d = arg;
    struct epoll_event events[64];
    while (!atomic_load(&d->quit)) {
        int n = epoll_wait(d->epoll_fd, events, 64, next_timeout(d));
        for (int i = 0; i < n; i++) {
            void *p = events[i].data.ptr;
            if (p == &LISTEN_HTTP)
                take(d, d->listen_fd[0], false);
            else if (p == &LISTEN_HTTPS)
                take(d, d->listen_fd[1], true);
            else if (p != &WAKE)
                sort(d, p);
        }
        uint64_t now = hb_now_ns();
        while (d->head && d->head->deadline <= now)
            drop(d, d->head); /* said nothing within --connection-timeout */
    }
    return NULL;
}

static int watch(struct hb_door *d, int fd, void *tag)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };
    return fd < 0 ? 0 : epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

struct hb_door *hb_door_start(struct hb_server *s, int http_fd, int https_fd,
                              const struct hb_door_exits *exits)
{
    struct hb_door *d = calloc(1, sizeof(*d));
    if (!d) {
        close(http_fd);
        if (https_fd >= 0)
            close(https_fd);
        return NULL;
    }
    d->server = s;
    d->exits = *exits;
    d->listen_fd[0] = http_fd;
    d->listen_fd[1] = https_fd;
    d->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    d->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (d->epoll_fd < 0 || d->wake_fd < 0 || watch(d, http_fd, &LISTEN_HTTP) ||
        watch(d, https_fd, &LISTEN_HTTPS) || watch(d, d->wake_fd, &WAKE) ||
        pthread_create(&d->thread, NULL, run, d)) {
        d->thread = 0;
        hb_door_free(d);
        return NULL;
    }
    return d;
}

void hb_door_close(struct hb_door *d)
{
    if (d)
        atomic_store(&d->closing, 1);
}

void hb_door_free(struct hb_door *d)
{
    if (!d)
        return;
    if (d->thread) {
        atomic_store(&d->quit, 1);
        uint64_t one = 1;
        (void)!write(d->wake_fd, &one, sizeof(one));
        pthread_join(d->thread, NULL);
    }
    while (d->head)
        drop(d, d->head);
    for (int i = 0; i < 2; i++)
        if (d->listen_fd[i] >= 0)
            close(d->listen_fd[i]);
    if (d->epoll_fd >= 0)
        close(d->epoll_fd);
    if (d->wake_fd >= 0)
        close(d->wake_fd);
    free(d);
}
