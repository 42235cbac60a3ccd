/* SPDX-License-Identifier: MIT */
/* Link header parsing with requests' parse_header_links() rules, so that
 * creq_response_link() finds the same URLs that Response.links does. */
#ifndef CREQ_LINKS_H
#define CREQ_LINKS_H

#include <stddef.h>

struct creq__link {
    char *url; /* malloc'd; "" when the entry had none */
    char *rel; /* malloc'd; NULL when the entry had no rel parameter */
};

/* Parses a Link header value into at most max links and returns the count,
 * never more than max. Like requests this is lenient: any non-blank value
 * yields at least one link ("garbage" is a link with url "garbage"); only a
 * NULL, blank or all-quotes value gives 0. 0 too when out of memory. Caller
 * frees each url/rel with free(). */
size_t creq__links_parse(const char *header, struct creq__link *out, size_t max);

#endif /* CREQ_LINKS_H */
