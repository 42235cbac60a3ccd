/* SPDX-License-Identifier: MIT */
/* The event loop; see loop.h. An eventfd wakes the thread for posted
 * tasks; each watched fd's hb_watch is epoll's data. */
#include "loop.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct posted {
    hb_loop_task *task;
    void *arg;
    struct posted *next;
};

struct hb_loop {
    int epoll_fd;
    struct hb_watch wake;     /* an eventfd */
    pthread_t thread;
    pthread_mutex_t lock;     /* the posted list */
    struct posted *head, *tail;
    atomic_int quit;
};

/* Takes the whole list at once and runs it in order. */
static void run_posted(struct hb_loop *l)
{
    uint64_t n;
    (void)!read(l->wake.fd, &n, sizeof(n));
    for (;;) {
        pthread_mutex_lock(&l->lock);
        struct posted *p = l->head;
        l->head = l->tail = NULL;
        pthread_mutex_unlock(&l->lock);
        if (!p)
            return;
        while (p) {
            struct posted *next = p->next;
            p->task(p->arg);
            free(p);
            p = next;
        }
    }
}

static void *run(void *arg)
{
    struct hb_loop *l = arg;
    struct epoll_event events[64];
    while (!atomic_load(&l->quit)) {
        int n = epoll_wait(l->epoll_fd, events, 64, -1);
        for (int i = 0; i < n; i++) {
            struct hb_watch *w = events[i].data.ptr;
            if (w == &l->wake)
                run_posted(l);
            else
                w->io(w->arg, events[i].events);
        }
    }
    run_posted(l);
    return NULL;
}

int hb_loop_watch(struct hb_loop *l, struct hb_watch *w, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = w };
    return epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) ? -1 : 0;
}

int hb_loop_rewatch(struct hb_loop *l, struct hb_watch *w, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = w };
    return epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, w->fd, &ev) ? -1 : 0;
}

void hb_loop_unwatch(struct hb_loop *l, struct hb_watch *w)
{
    epoll_ctl(l->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
}

int hb_loop_post(struct hb_loop *l, hb_loop_task *task, void *arg)
{
    struct posted *p = malloc(sizeof(*p));
    if (!p)
        return -1;
    *p = (struct posted){ task, arg, NULL };
    pthread_mutex_lock(&l->lock);
    if (l->tail)
        l->tail->next = p;
    else
        l->head = p;
    l->tail = p;
    pthread_mutex_unlock(&l->lock);
    uint64_t one = 1;
    (void)!write(l->wake.fd, &one, sizeof(one));
    return 0;
}

static void quit(void *arg)
{
    struct hb_loop *l = arg;
    atomic_store(&l->quit, 1);
}

struct hb_loop *hb_loop_start(void)
{
    struct hb_loop *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    pthread_mutex_init(&l->lock, NULL);
    l->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    l->wake.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (l->epoll_fd < 0 || l->wake.fd < 0 || hb_loop_watch(l, &l->wake, EPOLLIN) ||
        pthread_create(&l->thread, NULL, run, l)) {
        if (l->epoll_fd >= 0)
            close(l->epoll_fd);
        if (l->wake.fd >= 0)
            close(l->wake.fd);
        pthread_mutex_destroy(&l->lock);
        free(l);
        return NULL;
    }
    return l;
}

void hb_loop_stop(struct hb_loop *l)
{
    if (!l)
        return;
    if (hb_loop_post(l, quit, l))
        atomic_store(&l->quit, 1); /* out of memory: the wake-up still comes */
    uint64_t one = 1;
    (void)!write(l->wake.fd, &one, sizeof(one));
    pthread_join(l->thread, NULL);
    run_posted(l);
    close(l->epoll_fd);
    close(l->wake.fd);
    pthread_mutex_destroy(&l->lock);
    free(l);
}
