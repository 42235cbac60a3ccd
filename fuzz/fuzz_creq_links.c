/* SPDX-License-Identifier: MIT */
/* libcreq's Link header parsing (client/links.h, requests'
 * parse_header_links) and creq_response_link() on top of it. Input: the
 * header value. Asserts: at most 'max' links; every url is a copy of a
 * substring of the header, without outer '<', '>', quotes or spaces;
 * creq_response_link(rel) finds the first link with that rel, and what it
 * returned stays valid while the response lives. */
#include "fuzz.h"

#include "client/headers.h"
#include "client/links.h"
#include "client/response_data.h"

#define MAX_LINKS 32

static int outer_char(char c)
{
    return c == '<' || c == '>' || c == ' ' || c == '\'' || c == '"';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = fuzz_cstr(data, size);
    struct creq__link links[MAX_LINKS];
    size_t max = size ? data[0] % MAX_LINKS + 1 : MAX_LINKS; /* small caps too */
    size_t n = creq__links_parse(header, links, max);
    FUZZ_CHECK(n <= max);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(links[i].url);
        FUZZ_CHECK(!len || (strstr(header, links[i].url) && !outer_char(links[i].url[0]) &&
                            !outer_char(links[i].url[len - 1])));
        FUZZ_CHECK(!links[i].rel || strstr(header, links[i].rel));
    }

    /* The same header on a response, looked up by the first link's rel. */
    creq_response *r = creq__response_new();
    if (!r || creq__headers_add(&r->headers, "Link", header))
        abort();
    if (n > 0 && links[0].rel) {
        /* The first link is the first one with its rel; asked twice, the
         * first answer must still be readable (it lives as long as r). */
        const char *got = creq_response_link(r, links[0].rel);
        FUZZ_CHECK(got && !strcmp(got, links[0].url));
        const char *again = creq_response_link(r, links[0].rel);
        FUZZ_CHECK(again && !strcmp(got, again));
    }
    (void)creq_response_link(r, "next");
    creq_response_free(r);
    for (size_t i = 0; i < n; i++) {
        free(links[i].url);
        free(links[i].rel);
    }
    free(header);
    return 0;
}
