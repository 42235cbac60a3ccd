/* SPDX-License-Identifier: MIT */
/* The forwarding proxy; see proxy.h. One connection at a time, each request
 * relayed with "Connection: close" so a relay ends when the origin closes. */
#include "proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"

static struct test_peer peer;
static atomic_int relayed;
static char last_line[1024], last_auth[512];

static int read_head(int fd, char *buf, size_t size, size_t *used)
{
    *used = 0;
    while (*used + 1 < size) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 5000) <= 0)
            return -1;
        ssize_t n = recv(fd, buf + *used, size - 1 - *used, 0);
        if (n <= 0)
            return -1;
        *used += (size_t)n;
        buf[*used] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return 0;
    }
    return -1;
}

static int connect_to(const char *host, unsigned port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &a.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Relays one request: rewrite the request line to origin form, drop the
 * proxy's own headers, then copy bytes both ways until the origin closes. */
static void relay(int client)
{
    char head[65536], method[16], url[2048], version[16], host[256] = "";
    size_t used;
    unsigned port = 80;
    if (read_head(client, head, sizeof(head), &used))
        return;
    char *eol = strstr(head, "\r\n");
    snprintf(last_line, sizeof(last_line), "%.*s", (int)(eol - head), head);
    const char *pa = strcasestr(head, "\r\nProxy-Authorization:");
    last_auth[0] = '\0';
    if (pa) {
        pa += 22;
        while (*pa == ' ')
            pa++;
        snprintf(last_auth, sizeof(last_auth), "%.*s", (int)strcspn(pa, "\r"), pa);
    }
    if (sscanf(head, "%15s %2047s %15s", method, url, version) != 3 ||
        sscanf(url, "http://%255[^:/]:%u", host, &port) < 1)
        return;
    const char *path = strchr(url + 7, '/');
    int origin = connect_to(host, port);
    if (origin < 0)
        return;
    char out[70000];
    int n = snprintf(out, sizeof(out), "%s %s %s\r\n", method, path ? path : "/", version);
    for (char *line = eol + 2; line < head + used;) {
        char *end = strstr(line, "\r\n");
        if (!end || end == line) {
            n += snprintf(out + n, sizeof(out) - (size_t)n, "Connection: close\r\n\r\n");
            line = end ? end + 2 : head + used;
            /* whatever followed the head is body: pass it on */
            memcpy(out + n, line, (size_t)(head + used - line));
            n += (int)(head + used - line);
            break;
        }
        if (strncasecmp(line, "Proxy-", 6) && strncasecmp(line, "Connection:", 11))
            n += snprintf(out + n, sizeof(out) - (size_t)n, "%.*s\r\n", (int)(end - line), line);
        line = end + 2;
    }
    (void)!send(origin, out, (size_t)n, MSG_NOSIGNAL);
    atomic_fetch_add(&relayed, 1);
    struct pollfd p[2] = { { client, POLLIN, 0 }, { origin, POLLIN, 0 } };
    while (poll(p, 2, 5000) > 0) {
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP)))
                continue;
            char buf[16384];
            ssize_t got = recv(p[i].fd, buf, sizeof(buf), 0);
            if (got <= 0) {
                close(origin);
                return;
            }
            (void)!send(p[1 - i].fd, buf, (size_t)got, MSG_NOSIGNAL);
        }
    }
    close(origin);
}

unsigned proxy_start(void)
{
    atomic_store(&relayed, 0);
    last_line[0] = last_auth[0] = '\0';
    return test_peer_start(&peer, relay);
}

void proxy_stop(void)
{
    test_peer_stop(&peer);
}

int proxy_requests(void)
{
    return atomic_load(&relayed);
}

const char *proxy_last_line(void)
{
    return last_line;
}

const char *proxy_last_auth(void)
{
    return last_auth;
}
