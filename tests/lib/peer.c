/* SPDX-License-Identifier: MIT */
/* The shared accept loop of the test peers; see peer.h. */
#include "peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void *accept_loop(void *arg)
{
    struct test_peer *p = arg;
    while (!atomic_load(&p->stopping)) {
        struct pollfd w = { p->listener, POLLIN, 0 };
        if (poll(&w, 1, 50) <= 0)
            continue;
        int fd = accept(p->listener, NULL, NULL);
        if (fd < 0)
            continue;
        p->serve(fd);
        close(fd);
    }
    return NULL;
}

unsigned test_peer_start(struct test_peer *p, void (*serve)(int fd))
{
    atomic_store(&p->stopping, 0);
    p->serve = serve;
    p->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(addr);
    if (p->listener < 0 || bind(p->listener, (struct sockaddr *)&addr, sizeof(addr)) ||
        listen(p->listener, 16) || getsockname(p->listener, (struct sockaddr *)&addr, &len))
        abort();
    pthread_create(&p->thread, NULL, accept_loop, p);
    return ntohs(addr.sin_port);
}

void test_peer_stop(struct test_peer *p)
{
    atomic_store(&p->stopping, 1);
    pthread_join(p->thread, NULL);
    close(p->listener);
    p->listener = -1;
}

bool test_peer_stopping(struct test_peer *p)
{
    return atomic_load(&p->stopping);
}
