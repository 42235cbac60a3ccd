/* SPDX-License-Identifier: MIT */
/* A min-heap of deadlines served by one thread; see timer.h. */
#include "timer.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct entry {
    struct timespec due;
    hb_timer_fn *fn;
    void *arg;
};

struct hb_timer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct entry *heap;
    size_t count, cap;
    int stopping;
    int joined;
};

static int before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void swap(struct entry *a, struct entry *b)
{
    struct entry t = *a;
    *a = *b;
    *b = t;
}

static void sift_up(struct entry *h, size_t i)
{
    while (i > 0 && before(&h[i].due, &h[(i - 1) / 2].due)) {
        swap(&h[i], &h[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
}

static void sift_down(struct entry *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before(&h[l].due, &h[m].due))
            m = l;
        if (r < n && before(&h[r].due, &h[m].due))
            m = r;
        if (m == i)
            return;
        swap(&h[i], &h[m]);
        i = m;
    }
}

static struct entry pop(struct hb_timer *t)
{
    struct entry top = t->heap[0];
    t->heap[0] = t->heap[--t->count];
    sift_down(t->heap, t->count, 0);
    return top;
}

static void *run(void *arg)
{
    struct hb_timer *t = arg;
    pthread_mutex_lock(&t->lock);
    for (;;) {
        if (t->count == 0) {
            if (t->stopping)
                break;
            pthread_cond_wait(&t->wake, &t->lock);
            continue;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!t->stopping && before(&now, &t->heap[0].due)) {
            pthread_cond_timedwait(&t->wake, &t->lock, &t->heap[0].due);
            continue;
        }
        struct entry e = pop(t);
        /* Callbacks may take MHD's locks: never call them holding ours. */
        pthread_mutex_unlock(&t->lock);
        e.fn(e.arg);
        pthread_mutex_lock(&t->lock);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

struct hb_timer *hb_timer_new(void)
{
    struct hb_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&t->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&t->lock, NULL);
    if (pthread_create(&t->thread, NULL, run, t)) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t);
        return NULL;
    }
    return t;
}

int hb_timer_add(struct hb_timer *t, double seconds, hb_timer_fn *fn, void *arg)
{
    struct timespec due;
    clock_gettime(CLOCK_MONOTONIC, &due);
    if (seconds < 0)
        seconds = 0;
    time_t whole = (time_t)seconds;
    long nanos = due.tv_nsec + (long)((seconds - (double)whole) * 1e9);
    due.tv_sec += whole + nanos / 1000000000L;
    due.tv_nsec = nanos % 1000000000L;

    pthread_mutex_lock(&t->lock);
    if (t->stopping) {
        pthread_mutex_unlock(&t->lock);
        return -1;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct entry *heap = realloc(t->heap, cap * sizeof(*heap));
        if (!heap) {
            pthread_mutex_unlock(&t->lock);
            return -1;
        }
        t->heap = heap;
        t->cap = cap;
    }
    t->heap[t->count] = (struct entry){ due, fn, arg };
    sift_up(t->heap, t->count++);
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    return 0;
}

void hb_timer_stop(struct hb_timer *t)
{
    if (!t || t->joined)
        return;
    pthread_mutex_lock(&t->lock);
    t->stopping = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    t->joined = 1;
}

void hb_timer_free(struct hb_timer *t)
{
    if (!t)
        return;
    hb_timer_stop(t);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t->heap);
    free(t);
}
