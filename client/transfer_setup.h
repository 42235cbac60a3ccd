/* SPDX-License-Identifier: MIT */
/* Setting up a transfer's easy handle for one request, from the prepared
 * request and the call's settings, on libcurl's defaults or on a handle
 * primed by a plain transfer before. */
#ifndef CREQ_TRANSFER_SETUP_H
#define CREQ_TRANSFER_SETUP_H

#include "creq.h"
#include "settings.h"

struct creq__transfer;

/* Sets every option of p and st on t->easy (t->deadline and t->read_timeout
 * already set). CREQ_OK, or CREQ_ENOMEM: what t got so far is freed with t. */
int creq__transfer_setup(struct creq__transfer *t, const struct creq__settings *st,
                         const creq_prepared *p);

#endif
