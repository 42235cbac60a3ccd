/* SPDX-License-Identifier: MIT */
/* Redirects as requests' SessionRedirectMixin follows them: which statuses
 * redirect, where a Location leads, and the next hop's request; and the
 * request-target of a URL, as the request line (and Digest) has it. */
#ifndef CREQ_REDIRECT_H
#define CREQ_REDIRECT_H

#include <stdbool.h>

#include "creq.h"

bool creq__is_redirect_status(int status);
/* The path and query of a URL as sent in the request line (malloc'd). */
char *creq__request_target(const char *url);
/* The absolute URL a Location leads to from 'base' (malloc'd), or NULL. */
char *creq__resolve_location(const char *base, const char *location);
/* The next hop: method rewritten, body dropped, Authorization stripped as
 * requests does. NULL when out of memory. */
creq_prepared *creq__redirect_next(const creq_prepared *p, const creq_response *r,
                                   const char *new_url);

#endif
