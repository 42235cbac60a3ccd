/* SPDX-License-Identifier: MIT */
/* A scripted HTTP/1.1 peer for client tests: each request gets the next
 * canned response, sent whole or a byte at a time, so tests can shape what
 * a real server would rarely do (retries, chunk edges, silence). */
#ifndef HB_SCRIPT_SERVER_H
#define HB_SCRIPT_SERVER_H

#include <stddef.h>

struct script_step {
    const char *response; /* raw bytes: status line, headers, body */
    int byte_delay_us;    /* > 0: one byte at a time with this pause */
    int close_after;      /* close the connection after this response */
};

/* Serves the steps in order on 127.0.0.1 from a thread; returns the port. */
unsigned script_server_start(const struct script_step *steps, size_t count);
/* Stops the thread (waits for it). */
void script_server_stop(void);
/* Connections accepted so far. */
int script_server_connections(void);

#endif
