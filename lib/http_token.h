/* SPDX-License-Identifier: MIT */
/* RFC 9110 lexing shared by the Digest parsers on both sides (the server's
 * Authorization reader and libcreq's challenge reader). */
#ifndef HB_HTTP_TOKEN_H
#define HB_HTTP_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* OWS: optional whitespace, SP or HTAB. */
static inline bool hb_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static inline const char *hb_skip_ows(const char *p)
{
    while (hb_is_ows(*p))
        p++;
    return p;
}

/* tchar, the characters of a token. */
static inline bool hb_is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static inline size_t hb_token_len(const char *p)
{
    size_t n = 0;
    while (hb_is_tchar(p[n]))
        n++;
    return n;
}

#endif
