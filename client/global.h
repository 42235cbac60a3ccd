/* SPDX-License-Identifier: MIT */
/* libcurl's global setup, done once for the process by whichever comes
 * first: the first session, or creq_global_init(). */
#ifndef CREQ_GLOBAL_H
#define CREQ_GLOBAL_H

#include <stdbool.h>

/* CREQ_OK, or CREQ_ENOMEM when libcurl could not start (then, always). */
int creq__global_init(void);

/* What the libcurl in use can do, read once by the global setup. */
struct creq__libcurl {
    bool http2;        /* built with nghttp2 */
    bool h2c_no_reuse; /* 7.88: a reused h2c prior-knowledge connection breaks
                        * (curl issue #10634, fixed in 8.0.0) */
};
/* Valid once creq__global_init() succeeded (every session did). */
const struct creq__libcurl *creq__libcurl(void);

#endif
