/* SPDX-License-Identifier: MIT */
/* The scripted HTTP peer; see script_server.h. Loopback only, every wait
 * bounded by poll() timeouts. */
#include "script_server.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"

static const struct script_step *steps;
static size_t step_count, next_step;
static struct test_peer peer;
static atomic_int connections;

/* Reads one request (headers, then a Content-Length body). 0, or -1. */
static int read_request(int fd)
{
    char buf[65536];
    size_t used = 0;
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 5000) <= 0 || test_peer_stopping(&peer))
            return -1;
        ssize_t n = recv(fd, buf + used, sizeof(buf) - 1 - used, 0);
        if (n <= 0)
            return -1;
        used += (size_t)n;
        buf[used] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end)
            continue;
        size_t head = (size_t)(end + 4 - buf);
        const char *cl = strcasestr(buf, "\r\nContent-Length:");
        size_t body = cl && cl < end ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
        while (used < head + body) {
            if (poll(&p, 1, 5000) <= 0)
                return -1;
            n = recv(fd, buf, sizeof(buf), 0);
            if (n <= 0)
                return -1;
            used += (size_t)n;
        }
        return 0;
    }
}

static void send_step(int fd, const struct script_step *s)
{
    size_t len = strlen(s->response);
    if (s->byte_delay_us <= 0) {
        (void)!send(fd, s->response, len, MSG_NOSIGNAL);
        return;
    }
    for (size_t i = 0; i < len && !test_peer_stopping(&peer); i++) {
        if (send(fd, s->response + i, 1, MSG_NOSIGNAL) != 1)
            return;
        usleep((useconds_t)s->byte_delay_us);
    }
}

static void serve(int fd)
{
    atomic_fetch_add(&connections, 1);
    while (next_step < step_count && read_request(fd) == 0) {
        const struct script_step *s = &steps[next_step++];
        send_step(fd, s);
        if (s->close_after)
            break;
    }
}

unsigned script_server_start(const struct script_step *s, size_t count)
{
    steps = s;
    step_count = count;
    next_step = 0;
    atomic_store(&connections, 0);
    return test_peer_start(&peer, serve);
}

void script_server_stop(void)
{
    test_peer_stop(&peer);
}

int script_server_connections(void)
{
    return atomic_load(&connections);
}
