/* SPDX-License-Identifier: MIT */
/* RFC 9110 lexing (whitespace, tokens, quoted-strings) shared by the
 * Digest parsers on both sides (the server's Authorization reader and
 * libcreq's challenge reader) and the engine's header checks. */
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

/* A control character no quoted-string may hold: all but HTAB below SP,
 * and DEL (qdtext and quoted-pair allow HTAB, SP, VCHAR and obs-text). */
static inline bool hb_is_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

enum { HB_QUOTED_UNCLOSED = -1, HB_QUOTED_CTL = -2 };

/* The quoted-string at p (p[0] is the opening '"', RFC 9110 §5.6.4): the
 * bytes it spans, both quotes included, with *unescaped set to the length
 * of its text once each quoted-pair is undone; or HB_QUOTED_UNCLOSED, or
 * HB_QUOTED_CTL when it holds a control character. */
static inline long hb_quoted_string_scan(const char *p, size_t *unescaped)
{
    size_t n = 0;
    const char *q = p + 1;
    for (; *q != '"'; q++, n++) {
        if (*q == '\\')
            q++;
        if (*q == '\0')
            return HB_QUOTED_UNCLOSED;
        if (hb_is_ctl((unsigned char)*q))
            return HB_QUOTED_CTL;
    }
    *unescaped = n;
    return (long)(q + 1 - p);
}

/* Writes the text of the quoted-string at p, which hb_quoted_string_scan
 * accepted with length 'unescaped', to out (unescaped + 1 bytes, with a
 * NUL). */
static inline void hb_quoted_string_copy(const char *p, size_t unescaped, char *out)
{
    p++;
    for (size_t i = 0; i < unescaped; i++, p++) {
        if (*p == '\\')
            p++;
        out[i] = *p;
    }
    out[unescaped] = '\0';
}

#endif
