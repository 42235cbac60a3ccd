/* SPDX-License-Identifier: MIT */
/* Filling a creq_error, and libcurl's result codes mapped onto the
 * exceptions requests would raise. */
#ifndef CREQ_ERROR_H
#define CREQ_ERROR_H

#include <curl/curl.h>
#include <stdbool.h>

#include "creq.h"

/* Fills err (if any) and returns code. */
creq_code creq__fail(creq_error *err, creq_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* CURLcode -> creq_code by requests' rules (section 3.4 of the research). */
creq_code creq__map_curl(CURLcode rc, bool connected, bool proxied);

#endif
