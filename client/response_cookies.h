/* SPDX-License-Identifier: MIT */
/* A response's cookies: the name/value pairs of its Set-Cookie headers,
 * which creq_response_cookie() answers from. */
#ifndef CREQ_RESPONSE_COOKIES_H
#define CREQ_RESPONSE_COOKIES_H

#include "creq.h"

/* Parses the Set-Cookie headers into r->cookies. */
void creq__response_collect_cookies(creq_response *r);

#endif
