/* SPDX-License-Identifier: MIT */
/* libcurl's global setup, done once for the process by whichever comes
 * first: the first session, or creq_global_init(). */
#ifndef CREQ_GLOBAL_H
#define CREQ_GLOBAL_H

/* CREQ_OK, or CREQ_ENOMEM when libcurl could not start (then, always). */
int creq__global_init(void);

#endif
