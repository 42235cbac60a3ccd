/* SPDX-License-Identifier: MIT */
/* Binds and listens; see listener.h. */
#include "listener.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int resolve(const char *host, unsigned port, struct sockaddr_storage *out,
                   socklen_t *len, char *err, size_t err_size)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
                              .ai_socktype = SOCK_STREAM };
    struct addrinfo *res;
    char service[8];
    snprintf(service, sizeof(service), "%u", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc) {
        snprintf(err, err_size, "cannot use host '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static bool is_ipv6_wildcard(const struct sockaddr_storage *addr)
{
    return addr->ss_family == AF_INET6 &&
           IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)addr)->sin6_addr);
}

/* Whether this machine can take a dual-stack socket on "::": a kernel
 * without IPv6 (ipv6.disable=1, some containers) cannot. */
static bool dual_stack_available(void)
{
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    int off = 0;
    struct sockaddr_in6 any = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
    bool ok = !setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) &&
              !bind(fd, (struct sockaddr *)&any, sizeof(any));
    close(fd);
    return ok;
}

static int bound_port(int fd, unsigned *bound)
{
    struct sockaddr_storage got;
    socklen_t len = sizeof(got);
    if (getsockname(fd, (struct sockaddr *)&got, &len))
        return -1;
    *bound = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                             : ((struct sockaddr_in *)&got)->sin_port);
    return 0;
}

int hb_listener_open(char *host, size_t host_size, unsigned port, unsigned *bound,
                     int *fell_back, char *err, size_t err_size)
{
    struct sockaddr_storage addr;
    socklen_t len;
    *fell_back = 0;
    if (resolve(host, port, &addr, &len, err, err_size))
        return -1;
    if (is_ipv6_wildcard(&addr) && !dual_stack_available()) {
        *fell_back = 1;
        snprintf(host, host_size, "0.0.0.0");
        if (resolve(host, port, &addr, &len, err, err_size))
            return -1;
    }
    int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto fail;
    int on = 1, off = 0;
    /* A restarted server gets its port back while old connections linger. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    /* "::" takes IPv4 too, as v4-mapped addresses (shown dotted); any other
     * IPv6 address is just that address. */
    if (is_ipv6_wildcard(&addr))
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    if (bind(fd, (struct sockaddr *)&addr, len) || listen(fd, SOMAXCONN) || bound_port(fd, bound))
        goto fail;
    return fd;
fail:
    if (fd >= 0)
        close(fd);
    snprintf(err, err_size, "cannot listen on %s port %u (in use, or not an address of this "
             "host?)", host, port);
    return -1;
}
