/* SPDX-License-Identifier: MIT */
/* Cookie header parsing and Set-Cookie quoting; see cookie_header.h. */
#include "cookie_header.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Werkzeug's _cookie_unquote: strip the quotes, then \ooo and \x escapes. */
static char *unquote(struct hb_arena *a, const char *v, size_t n, size_t *out_len)
{
    if (n < 2 || v[0] != '"' || v[n - 1] != '"') {
        *out_len = n;
        return hb_arena_memdup(a, v, n);
    }
    v++;
    n -= 2;
    char *out = hb_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '\\' && i + 3 < n &&
            v[i + 1] >= '0' && v[i + 1] <= '3' && v[i + 2] >= '0' && v[i + 2] <= '7' &&
            v[i + 3] >= '0' && v[i + 3] <= '7') {
            out[o++] = (char)((v[i + 1] - '0') * 64 + (v[i + 2] - '0') * 8 + (v[i + 3] - '0'));
            i += 3;
        } else if (v[i] == '\\' && i + 1 < n) {
            out[o++] = v[++i];
        } else {
            out[o++] = v[i];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Length of a quoted string at s ("..." with backslash escapes), 0 if none. */
static size_t quoted_len(const char *s)
{
    if (*s != '"')
        return 0;
    for (size_t i = 1; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1] == '\n')
            return 0; /* Werkzeug's "\\." does not take a line feed */
        if (s[i] == '\\' && s[i + 1])
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

int hb_cookie_parse(struct hb_arena *a, const char *header, struct hb_kvlist *out)
{
    const char *p = header;
    while (*p) {
        size_t key_len = strcspn(p, "=;");
        const char *key = p, *val = "";
        size_t val_len = 0;
        p += key_len;
        if (*p == '=') {
            p++;
            while (is_space(*p))
                p++;
            const char *v = p;
            size_t q = quoted_len(v);
            const char *after = v + q;
            while (q && is_space(*after))
                after++;
            if (q && (*after == ';' || *after == '\0')) {
                val_len = q;
                p = after;
            } else {
                /* Unquoted: up to the next ';', trailing spaces dropped. */
                size_t n = strcspn(v, ";");
                p = v + n;
                while (n && is_space(v[n - 1]))
                    n--;
                /* Werkzeug's pattern cannot cross a line feed: it stops there. */
                if (memchr(v, '\n', n))
                    return 0;
                val_len = n;
            }
            val = v;
        }
        if (*p == ';')
            p++;
        while (key_len && is_space(key[key_len - 1]))
            key_len--;
        while (key_len && is_space(*key))
            key++, key_len--;
        if (!key_len)
            continue;
        size_t raw_len, name_len;
        char *raw = unquote(a, val, val_len, &raw_len);
        char *value = raw ? hb_utf8_sanitize(a, raw, raw_len, &raw_len) : NULL;
        char *name = hb_arena_memdup(a, key, key_len);
        name = name ? hb_utf8_sanitize(a, name, key_len, &name_len) : NULL;
        if (!value || !name || hb_kvlist_add(a, out, name, value, raw_len))
            return -1;
    }
    return 0;
}

static int legal(unsigned char c)
{
    return isalnum(c) || (c && strchr("/=!#$%&'*+-.^_`|~:", c));
}

char *hb_cookie_quote(struct hb_arena *a, const char *value)
{
    size_t n = strlen(value);
    int all_legal = 1;
    for (size_t i = 0; i < n; i++)
        all_legal &= legal((unsigned char)value[i]);
    if (all_legal)
        return (char *)value;
    char *out = hb_arena_alloc(a, n * 4 + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == ',' || c == ';' || c < 32 || c >= 127) {
            o += (size_t)sprintf(out + o, "\\%03o", c);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}
