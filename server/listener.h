/* SPDX-License-Identifier: MIT */
/* The listening sockets, which the front door (door.c) owns: "::" is
 * dual-stack where the machine has IPv6 and falls back to IPv4 where not. */
#ifndef HB_LISTENER_H
#define HB_LISTENER_H

#include <stddef.h>

/* A non-blocking listening socket on host:port (port 0: the kernel picks,
 * *bound tells which). When "::" has to fall back to IPv4, 'host' (of
 * 'host_size' bytes) is rewritten to "0.0.0.0" and *fell_back set. The fd,
 * or -1 with 'err' saying why. */
int hb_listener_open(char *host, size_t host_size, unsigned port, unsigned *bound,
                     int *fell_back, char *err, size_t err_size);

#endif
