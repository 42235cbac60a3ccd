/* SPDX-License-Identifier: MIT */
/* One-pass JSON reader building jansson values; see json_load.h. */
#include "json_load.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct reader {
    const char *p, *end;
    unsigned depth, max_depth;
    enum hb_json_load_status status;
};

static json_t *read_value(struct reader *r);

static json_t *fail(struct reader *r, enum hb_json_load_status status)
{
    if (r->status == HB_JSON_LOADED)
        r->status = status;
    return NULL;
}

static void skip_space(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The four hex digits after "\u" at p, or -1. */
static long hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_value(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static char *put_utf8(char *w, unsigned long cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xc0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xe0 | cp >> 12);
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *w++ = (char)(0xf0 | cp >> 18);
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    }
    return w;
}

/* Decodes the escapes of raw[0..n) (a string's inside, already scanned)
 * into out, which has room for n bytes: no escape is shorter than what it
 * stands for. Returns the decoded length, or -1 on a bad escape. */
static long unescape(const char *raw, size_t n, char *out)
{
    const char *p = raw, *end = raw + n;
    char *w = out;
    while (p < end) {
        if (*p != '\\') {
            *w++ = *p++;
            continue;
        }
        char c = p[1]; /* the scan saw a character after every backslash */
        p += 2;
        switch (c) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            long cp = hex4(p, end);
            if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff))
                return -1;
            p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                /* A high surrogate counts only with its low half after it. */
                long low = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, end) : -1;
                if (low < 0xdc00 || low > 0xdfff)
                    return -1;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
            }
            w = put_utf8(w, (unsigned long)cp);
            break;
        }
        default:
            return -1;
        }
    }
    return (long)(w - out);
}

/* A string at r->p (on its opening quote). Sets *s and *len to its value:
 * inside the input when it has no escapes, else in *owned (malloc'd, the
 * caller frees it). Returns 0, or -1 with r->status set. */
static int read_string(struct reader *r, const char **s, size_t *len, char **owned)
{
    const char *start = ++r->p;
    bool escaped = false;
    *owned = NULL;
    for (;;) {
        if (r->p >= r->end)
            return fail(r, HB_JSON_INVALID), -1;
        unsigned char c = (unsigned char)*r->p;
        if (c == '"')
            break;
        if (c < 0x20) /* control characters must be escaped */
            return fail(r, HB_JSON_INVALID), -1;
        if (c == '\\') {
            if (r->end - r->p < 2)
                return fail(r, HB_JSON_INVALID), -1;
            escaped = true;
            r->p++;
        }
        r->p++;
    }
    size_t raw = (size_t)(r->p - start);
    r->p++; /* the closing quote */
    if (!escaped) {
        *s = start;
        *len = raw;
        return 0;
    }
    char *out = malloc(raw + 1);
    if (!out)
        return fail(r, HB_JSON_NOMEM), -1;
    long n = unescape(start, raw, out);
    if (n < 0) {
        free(out);
        return fail(r, HB_JSON_INVALID), -1;
    }
    *s = *owned = out;
    *len = (size_t)n;
    return 0;
}

static json_t *read_string_value(struct reader *r)
{
    const char *s;
    size_t len;
    char *owned;
    if (read_string(r, &s, &len, &owned))
        return NULL;
    json_t *v = json_stringn_nocheck(s, len); /* the input is valid UTF-8 */
    free(owned);
    return v ? v : fail(r, HB_JSON_NOMEM);
}

/* JSON's number grammar; an integer unless it has a fraction or exponent,
 * converted as jansson does (strtoll, strtod; overflow is refused). */
static json_t *read_number(struct reader *r)
{
    const char *start = r->p, *p = r->p;
    bool real = false;
    if (p < r->end && *p == '-')
        p++;
    if (p >= r->end || !is_digit(*p))
        return fail(r, HB_JSON_INVALID);
    if (*p == '0')
        p++;
    else
        while (p < r->end && is_digit(*p))
            p++;
    if (p < r->end && *p == '.') {
        real = true;
        if (++p >= r->end || !is_digit(*p))
            return fail(r, HB_JSON_INVALID);
        while (p < r->end && is_digit(*p))
            p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        real = true;
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= r->end || !is_digit(*p))
            return fail(r, HB_JSON_INVALID);
        while (p < r->end && is_digit(*p))
            p++;
    }
    r->p = p;

    /* strtoll and strtod want a terminated copy of just the token. */
    size_t n = (size_t)(p - start);
    char small[64], *text = n < sizeof(small) ? small : malloc(n + 1);
    if (!text)
        return fail(r, HB_JSON_NOMEM);
    memcpy(text, start, n);
    text[n] = '\0';
    json_t *v;
    errno = 0;
    if (real) {
        double d = strtod(text, NULL);
        v = errno == ERANGE && isinf(d) ? fail(r, HB_JSON_INVALID) : json_real(d);
    } else {
        long long i = strtoll(text, NULL, 10);
        v = errno == ERANGE ? fail(r, HB_JSON_INVALID) : json_integer(i);
    }
    if (text != small)
        free(text);
    return v || r->status != HB_JSON_LOADED ? v : fail(r, HB_JSON_NOMEM);
}

static json_t *read_word(struct reader *r, const char *word, json_t *(*make)(void))
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
        return fail(r, HB_JSON_INVALID);
    r->p += n;
    return make();
}

static json_t *read_array(struct reader *r)
{
    json_t *a = json_array();
    if (!a)
        return fail(r, HB_JSON_NOMEM);
    r->p++; /* '[' */
    skip_space(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return a;
    }
    for (;;) {
        json_t *v = read_value(r);
        if (!v)
            break;
        if (json_array_append_new(a, v)) {
            fail(r, HB_JSON_NOMEM);
            break;
        }
        skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == ']') {
            r->p++;
            return a;
        }
        fail(r, HB_JSON_INVALID);
        break;
    }
    json_decref(a);
    return NULL;
}

static json_t *read_object(struct reader *r)
{
    json_t *o = json_object();
    if (!o)
        return fail(r, HB_JSON_NOMEM);
    r->p++; /* '{' */
    skip_space(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return o;
    }
    for (;;) {
        const char *key;
        size_t key_len;
        char *owned;
        if (r->p >= r->end || *r->p != '"' || read_string(r, &key, &key_len, &owned)) {
            fail(r, HB_JSON_INVALID);
            break;
        }
        skip_space(r);
        json_t *v = NULL;
        if (r->p < r->end && *r->p == ':') {
            r->p++;
            v = read_value(r);
        } else {
            fail(r, HB_JSON_INVALID);
        }
        /* setn keeps a repeated key in its first place with the new value. */
        int rc = v ? json_object_setn_new_nocheck(o, key, key_len, v) : -1;
        free(owned);
        if (rc) {
            if (v)
                fail(r, HB_JSON_NOMEM);
            break;
        }
        skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            skip_space(r);
            continue;
        }
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return o;
        }
        fail(r, HB_JSON_INVALID);
        break;
    }
    json_decref(o);
    return NULL;
}

static json_t *read_container(struct reader *r, json_t *(*read)(struct reader *))
{
    if (++r->depth > r->max_depth)
        return fail(r, HB_JSON_TOO_DEEP);
    json_t *v = read(r);
    r->depth--;
    return v;
}

static json_t *read_value(struct reader *r)
{
    skip_space(r);
    if (r->p >= r->end)
        return fail(r, HB_JSON_INVALID);
    switch (*r->p) {
    case '{': return read_container(r, read_object);
    case '[': return read_container(r, read_array);
    case '"': return read_string_value(r);
    case 't': return read_word(r, "true", json_true);
    case 'f': return read_word(r, "false", json_false);
    case 'n': return read_word(r, "null", json_null);
    default: return read_number(r);
    }
}

json_t *hb_json_load(const char *s, size_t len, unsigned max_depth,
                     enum hb_json_load_status *status)
{
    struct reader r = { s, s + len, 0, max_depth, HB_JSON_LOADED };
    json_t *v = read_value(&r);
    if (v) {
        skip_space(&r);
        if (r.p != r.end) {
            json_decref(v);
            v = fail(&r, HB_JSON_INVALID);
        }
    }
    *status = r.status;
    return v;
}
