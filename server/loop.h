/* SPDX-License-Identifier: MIT */
/* An event loop thread: epoll over the sockets it watches, plus tasks other
 * threads post to it (the timer's wake-ups), so connections that left
 * libmicrohttpd (HTTP/2) are served without a thread each. */
#ifndef HB_LOOP_H
#define HB_LOOP_H

#include <stdint.h>

struct hb_loop;

/* Called on the loop's thread with the epoll events that fired. */
typedef void hb_loop_io(void *arg, uint32_t events);
typedef void hb_loop_task(void *arg);

/* One watched fd; the caller keeps it (in its connection) while watched. */
struct hb_watch {
    int fd;
    hb_loop_io *io;
    void *arg;
};

/* NULL when out of memory or threads. */
struct hb_loop *hb_loop_start(void);
/* Starts watching w->fd for 'events' (EPOLLIN, EPOLLOUT, ...), changes
 * them, stops: 0 or -1. On the loop's thread (or before anything is
 * watched by it). */
int hb_loop_watch(struct hb_loop *l, struct hb_watch *w, uint32_t events);
int hb_loop_rewatch(struct hb_loop *l, struct hb_watch *w, uint32_t events);
void hb_loop_unwatch(struct hb_loop *l, struct hb_watch *w);
/* Runs task(arg) on the loop's thread soon; any thread. 0, or -1 when out
 * of memory (then it does not run). Tasks posted before hb_loop_stop run. */
int hb_loop_post(struct hb_loop *l, hb_loop_task *task, void *arg);
/* Runs the tasks still posted, then ends the thread and frees 'l'. What it
 * watches is the caller's to close (NULL is fine). */
void hb_loop_stop(struct hb_loop *l);

#endif
