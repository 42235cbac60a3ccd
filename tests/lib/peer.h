/* SPDX-License-Identifier: MIT */
/* A loopback listener served one connection at a time from a thread: the
 * part the test peers (script_server.c, proxy.c) have in common. */
#ifndef HB_PEER_H
#define HB_PEER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct test_peer {
    int listener;
    pthread_t thread;
    atomic_int stopping;
    void (*serve)(int fd); /* one accepted connection; the peer closes it after */
};

/* Listens on 127.0.0.1 (a free port, returned) and serves from a thread. */
unsigned test_peer_start(struct test_peer *p, void (*serve)(int fd));
/* Stops the thread (waits for it) and closes the listener. */
void test_peer_stop(struct test_peer *p);
/* True once test_peer_stop began: long sends and waits should give up. */
bool test_peer_stopping(struct test_peer *p);

#endif
