/* SPDX-License-Identifier: MIT */
/* A tiny forwarding HTTP proxy for client tests: it takes absolute-form
 * requests, remembers what it saw, and relays them to the origin. */
#ifndef HB_PROXY_H
#define HB_PROXY_H

/* Starts it on 127.0.0.1 in a thread; returns its port. */
unsigned proxy_start(void);
void proxy_stop(void);
/* Requests relayed so far. */
int proxy_requests(void);
/* The last request line and Proxy-Authorization value seen ("" if none). */
const char *proxy_last_line(void);
const char *proxy_last_auth(void);

#endif
