/* SPDX-License-Identifier: MIT */
/* Authorization header parsing; see authz.h. */
#include "authz.h"

#include <string.h>
#include <strings.h>

#include "base64.h"
#include "utf8.h"

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* The credentials after 'scheme' and whitespace, or NULL. */
static const char *after_scheme(const char *header, const char *scheme)
{
    header = skip_spaces(header);
    size_t n = strlen(scheme);
    if (strncasecmp(header, scheme, n) || (header[n] != ' ' && header[n] != '\t'))
        return NULL;
    return skip_spaces(header + n);
}

/* Python's base64.b64decode without validation, which Werkzeug uses: bytes
 * outside the standard alphabet are dropped, padding is required. Returns the
 * decoded length, or -1. 'out' needs strlen(in) bytes. */
static long lenient_b64decode(struct hb_arena *a, const char *in, unsigned char *out)
{
    size_t n = strlen(in), data = 0, pads = 0;
    char *kept = hb_arena_alloc(a, n + 1);
    if (!kept)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (alpha && pads == 0)
            kept[data++] = c;
        else if (c == '=')
            pads++;
    }
    /* 2 or 3 leftover sextets need their '=' padding; 1 is never valid. */
    size_t rest = data % 4;
    if (rest == 1 || (rest == 2 && pads < 2) || (rest == 3 && pads < 1))
        return -1;
    return hb_base64_decode(kept, data, out);
}

int hb_basic_auth_parse(struct hb_arena *a, const char *header, const char **user,
                        const char **pass)
{
    const char *b64 = after_scheme(header, "Basic");
    if (!b64)
        return -1;
    unsigned char *raw = hb_arena_alloc(a, strlen(b64) + 4);
    if (!raw)
        return -1;
    long len = lenient_b64decode(a, b64, raw);
    if (len < 0 || !hb_utf8_valid((char *)raw, (size_t)len) || memchr(raw, 0, (size_t)len))
        return -1;
    raw[len] = '\0';
    char *colon = strchr((char *)raw, ':');
    if (!colon)
        return -1;
    *colon = '\0';
    *user = (char *)raw;
    *pass = colon + 1;
    return 0;
}

int hb_bearer_parse(const char *header, const char **token)
{
    const char *t = after_scheme(header, "Bearer");
    if (!t || !*t)
        return -1;
    *token = t;
    return 0;
}

bool hb_secure_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    /* Walk the expected length whatever 'a' holds, so timing shows nothing. */
    for (size_t i = 0; i < lb; i++)
        diff |= (unsigned char)(i < la ? a[i] : 0) ^ (unsigned char)b[i];
    return diff == 0;
}
