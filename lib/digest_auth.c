/* SPDX-License-Identifier: MIT */
/* Authorization: Digest parsing; see digest_auth.h. The grammar is RFC 9110
 * §11.4's: credentials = auth-scheme [ 1*SP #auth-param ], auth-param =
 * token BWS "=" BWS ( token / quoted-string ). */
#include "digest_auth.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "http_token.h"

/* Where each parameter we know goes. */
static const char **slot(struct hb_digest_credentials *c, const char *name, size_t len)
{
    static const struct {
        const char *name;
        size_t offset;
    } known[] = {
        { "username", offsetof(struct hb_digest_credentials, username) },
        { "realm", offsetof(struct hb_digest_credentials, realm) },
        { "nonce", offsetof(struct hb_digest_credentials, nonce) },
        { "uri", offsetof(struct hb_digest_credentials, uri) },
        { "response", offsetof(struct hb_digest_credentials, response) },
        { "algorithm", offsetof(struct hb_digest_credentials, algorithm) },
        { "opaque", offsetof(struct hb_digest_credentials, opaque) },
        { "qop", offsetof(struct hb_digest_credentials, qop) },
        { "nc", offsetof(struct hb_digest_credentials, nc) },
        { "cnonce", offsetof(struct hb_digest_credentials, cnonce) },
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strlen(known[i].name) == len && !strncasecmp(name, known[i].name, len))
            return (const char **)(void *)((char *)c + known[i].offset);
    return NULL;
}

/* Reads a token or quoted-string at *pp into an arena copy (unescaped) and
 * advances past it. NULL with *why set when it is malformed or too long. */
static char *read_value(struct hb_arena *a, const char **pp, const char **why)
{
    const char *p = *pp;
    size_t n = 0;
    char *out;
    if (*p != '"') {
        n = hb_token_len(p);
        if (n == 0) {
            *why = "a Digest parameter value must be a token or a quoted string";
            return NULL;
        }
        if (n > HB_DIGEST_MAX_VALUE)
            goto too_long;
        *pp = p + n;
        if (!(out = hb_arena_memdup(a, p, n)))
            goto no_memory;
        return out;
    }
    long span = hb_quoted_string_scan(p, &n);
    if (span < 0) {
        *why = span == HB_QUOTED_CTL ? "a Digest quoted string holds a control character"
                                     : "a Digest quoted string is not closed";
        return NULL;
    }
    if (n > HB_DIGEST_MAX_VALUE)
        goto too_long;
    if (!(out = hb_arena_alloc(a, n + 1)))
        goto no_memory;
    hb_quoted_string_copy(p, n, out);
    *pp = p + span;
    return out;
too_long:
    *why = "a Digest parameter value is longer than 4096 bytes";
    return NULL;
no_memory:
    *why = "out of memory";
    return NULL;
}

static bool is_nc(const char *s)
{
    if (strlen(s) != 8)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return false;
    return true;
}

enum hb_digest_parse_result hb_digest_parse(struct hb_arena *a, const char *header,
                                            struct hb_digest_credentials *out,
                                            const char **why)
{
    memset(out, 0, sizeof(*out));
    const char *p = hb_skip_ows(header);
    size_t n = hb_token_len(p);
    if (n != 6 || strncasecmp(p, "Digest", 6) || (p[n] && !hb_is_ows(p[n])))
        return HB_DIGEST_ABSENT;
    p += n;
    for (;;) {
        while (*p == ',' || hb_is_ows(*p))
            p++;
        if (!*p)
            break;
        const char *name = p;
        n = hb_token_len(p);
        if (n == 0) {
            *why = "expected a Digest parameter name (a token)";
            return HB_DIGEST_MALFORMED;
        }
        p = hb_skip_ows(p + n);
        if (*p != '=') {
            *why = "each Digest parameter must be name=value";
            return HB_DIGEST_MALFORMED;
        }
        p = hb_skip_ows(p + 1);
        char *value = read_value(a, &p, why);
        if (!value)
            return HB_DIGEST_MALFORMED;
        p = hb_skip_ows(p);
        if (*p && *p != ',') {
            *why = "Digest parameters must be separated by commas";
            return HB_DIGEST_MALFORMED;
        }
        const char **dst = slot(out, name, n);
        if (dst && *dst) {
            *why = hb_arena_printf(a, "the Digest parameter %.*s appears more than once",
                                   (int)n, name);
            if (!*why)
                *why = "a Digest parameter appears more than once";
            return HB_DIGEST_MALFORMED;
        }
        if (dst)
            *dst = value;
    }
    if (!out->username || !out->realm || !out->nonce || !out->uri || !out->response)
        return HB_DIGEST_ABSENT;
    if (out->qop && (!out->nc || !*out->nc || !out->cnonce || !*out->cnonce))
        return HB_DIGEST_ABSENT;
    if (out->qop && strcmp(out->qop, "auth") && strcmp(out->qop, "auth-int")) {
        *why = "qop must be auth or auth-int (or absent, as in RFC 2069)";
        return HB_DIGEST_MALFORMED;
    }
    if (out->nc && !is_nc(out->nc)) {
        *why = "nc must be 8 hexadecimal digits, such as 00000001";
        return HB_DIGEST_MALFORMED;
    }
    return HB_DIGEST_OK;
}
