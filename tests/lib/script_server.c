/* SPDX-License-Identifier: MIT */
/* The scripted HTTP peer; see script_server.h. Loopback only, every wait
 * bounded by poll() timeouts. */
#include "script_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static const struct script_step *steps;
static size_t step_count, next_step;
static int listener = -1;
static pthread_t thread;
static atomic_int stopping, connections;

/* Reads one request (headers, then a Content-Length body). 0, or -1. */
static int read_request(int fd)
{
    char buf[65536];
    size_t used = 0;
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 5000) <= 0 || atomic_load(&stopping))
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
    for (size_t i = 0; i < len && !atomic_load(&stopping); i++) {
        if (send(fd, s->response + i, 1, MSG_NOSIGNAL) != 1)
            return;
        usleep((useconds_t)s->byte_delay_us);
    }
}

static void *serve(void *arg)
{
    (void)arg;
    while (!atomic_load(&stopping)) {
        struct pollfd p = { listener, POLLIN, 0 };
        if (poll(&p, 1, 50) <= 0)
            continue;
        int fd = accept(listener, NULL, NULL);
        if (fd < 0)
            continue;
        atomic_fetch_add(&connections, 1);
        while (next_step < step_count && read_request(fd) == 0) {
            const struct script_step *s = &steps[next_step++];
            send_step(fd, s);
            if (s->close_after)
                break;
        }
        close(fd);
    }
    return NULL;
}

unsigned script_server_start(const struct script_step *s, size_t count)
{
    steps = s;
    step_count = count;
    next_step = 0;
    atomic_store(&stopping, 0);
    atomic_store(&connections, 0);
    listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(addr);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
        listen(listener, 16) || getsockname(listener, (struct sockaddr *)&addr, &len))
        abort();
    pthread_create(&thread, NULL, serve, NULL);
    return ntohs(addr.sin_port);
}

void script_server_stop(void)
{
    atomic_store(&stopping, 1);
    pthread_join(thread, NULL);
    close(listener);
    listener = -1;
}

int script_server_connections(void)
{
    return atomic_load(&connections);
}
