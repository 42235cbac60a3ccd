/* SPDX-License-Identifier: MIT */
/* A session's pool of finished transfers, each with its easy handle (and
 * its connections, DNS, TLS sessions and cookies on the session), for the
 * next transfer to start from instead of a new handle. */
#ifndef CREQ_TRANSFER_POOL_H
#define CREQ_TRANSFER_POOL_H

#include <stddef.h>

#include "creq.h"

struct creq__transfer;

struct creq__pool {
    struct creq__transfer **idle;
    size_t count, cap;
};

/* A transfer of session s ready for setup: the last one given back, its
 * handle back to libcurl's defaults or, when its last transfer left it
 * plain, still primed; else a new one. NULL when out of memory. */
struct creq__transfer *creq__pool_take(struct creq__pool *pool, creq_session *s);
/* Keeps t, ended (off the multi handle, its own pieces freed), for a later
 * take; or destroys it when the pool is full. */
void creq__pool_give(struct creq__pool *pool, struct creq__transfer *t);
/* Destroys every transfer kept, with the session. */
void creq__pool_clear(struct creq__pool *pool);

#endif
