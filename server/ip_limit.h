/* SPDX-License-Identifier: MIT */
/* --max-connections-per-ip, kept by the front door for every engine:
 * libmicrohttpd's own per-address limit does not see the connections it is
 * handed (MHD_add_connection on a worker pool). */
#ifndef HB_IP_LIMIT_H
#define HB_IP_LIMIT_H

#include <stdbool.h>
#include <sys/socket.h>

struct hb_ip_limit;

/* 'max' connections per address (0: no limit, and nothing is counted).
 * NULL when out of memory. */
struct hb_ip_limit *hb_ip_limit_new(unsigned max);
void hb_ip_limit_free(struct hb_ip_limit *l);
/* Counts a connection from 'addr': false when the address is at its limit
 * (then nothing is counted). Any thread. */
bool hb_ip_limit_take(struct hb_ip_limit *l, const struct sockaddr *addr);
/* The connection from 'addr' that take() counted has closed. */
void hb_ip_limit_give(struct hb_ip_limit *l, const struct sockaddr *addr);

#endif
