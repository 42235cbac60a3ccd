/* SPDX-License-Identifier: MIT */
/* Python-compatible JSON serialiser; see pyjson.h. */
#include "pyjson.h"

#include <stdbool.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Objects up to this many keys sort in a stack array, no malloc. */
#define STACK_KEYS 32
/* Every double's repr fits: "-2.2250738585072014e-308", "-0.00012345678901234567". */
#define REAL_MAX 32

struct out {
    char *buf;
    size_t len, cap;
    unsigned flags; /* enum hb_pyjson_flags */
};

struct key {
    const char *s;
    size_t len;
};

static const char hexdigits[] = "0123456789abcdef";

/* Makes room for n more bytes plus the terminating NUL. */
static int reserve(struct out *o, size_t n)
{
    if (o->cap > o->len && o->cap - o->len > n)
        return 0;
    size_t cap = o->cap > 64 ? o->cap : 64;
    while (cap <= o->len || cap - o->len <= n) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(o->buf, cap);
    if (!p)
        return -1;
    o->buf = p;
    o->cap = cap;
    return 0;
}

static int put(struct out *o, const char *s, size_t n)
{
    if (reserve(o, n))
        return -1;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    return 0;
}

/* Bytes json.dumps copies as they are: printable ASCII ('/' too, but not DEL). */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static char *put_u16(char *w, unsigned u)
{
    *w++ = '\\';
    *w++ = 'u';
    *w++ = hexdigits[(u >> 12) & 0xf];
    *w++ = hexdigits[(u >> 8) & 0xf];
    *w++ = hexdigits[(u >> 4) & 0xf];
    *w++ = hexdigits[u & 0xf];
    return w;
}

/* Length of the UTF-8 sequence at p with its code point in *cp, or 0 when
 * the bytes are not valid UTF-8 (overlong, surrogate, past U+10FFFF, cut). */
static size_t utf8_decode(const unsigned char *p, size_t avail, unsigned *cp)
{
    unsigned c = p[0], min;
    size_t n;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2, c &= 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, c &= 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

/* Writes one byte that is not plain(); returns how many input bytes it ate.
 * unicode: ensure_ascii=False, where only the quote, the backslash and the
 * controls are escaped. */
static size_t escape_one(const unsigned char *p, size_t avail, bool unicode, char **wp)
{
    char *w = *wp;
    unsigned c = p[0], cp;
    size_t n = 1;

    switch (c) {
    case '"':  *w++ = '\\'; *w++ = '"'; break;
    case '\\': *w++ = '\\'; *w++ = '\\'; break;
    case '\n': *w++ = '\\'; *w++ = 'n'; break;
    case '\r': *w++ = '\\'; *w++ = 'r'; break;
    case '\t': *w++ = '\\'; *w++ = 't'; break;
    case '\b': *w++ = '\\'; *w++ = 'b'; break;
    case '\f': *w++ = '\\'; *w++ = 'f'; break;
    default:
        if (c < 0x20 || (c < 0x80 && !unicode)) {
            w = put_u16(w, c);
        } else if (c < 0x80) {
            *w++ = (char)c; /* DEL */
        } else if ((n = utf8_decode(p, avail, &cp)) == 0) {
            /* Python never holds such bytes; what decode('utf-8', 'replace')
             * would give it is the nearest thing. */
            if (unicode) {
                memcpy(w, "\xef\xbf\xbd", 3);
                w += 3;
            } else {
                w = put_u16(w, 0xfffd);
            }
            n = 1;
        } else if (unicode) {
            memcpy(w, p, n);
            w += n;
        } else if (cp > 0xffff) {
            cp -= 0x10000;
            w = put_u16(w, 0xd800 | (cp >> 10));
            w = put_u16(w, 0xdc00 | (cp & 0x3ff));
        } else {
            w = put_u16(w, cp);
        }
    }
    *wp = w;
    return n;
}

/* True when none of the 8 bytes needs escaping (no control, DEL, quote,
 * backslash or non-ASCII byte): the usual zero-byte test, 8 at a time,
 * which echoed bodies and headers make the hot loop of every answer. */
static int plain8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t x, q, b, d;
    memcpy(&x, p, 8);
    q = x ^ (ones * '"');
    b = x ^ (ones * '\\');
    d = x ^ (ones * 0x7f);
    uint64_t control = (x - ones * 0x20) & ~x; /* a byte below 0x20 */
    uint64_t special = ((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d);
    return !((control | special | x) & highs);
}

/* The end of the run of plain() bytes that starts at p. */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *end)
{
    while (end - p >= 8 && plain8(p))
        p += 8;
    while (p < end && plain(*p))
        p++;
    return p;
}

static int put_string(struct out *o, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    /* Sized for the common all-ASCII case so that one check covers it. */
    if (reserve(o, n + 2))
        return -1;
    o->buf[o->len++] = '"';
    while (p < end) {
        const unsigned char *run = p;
        p = plain_run(p, end);
        if (p > run && put(o, (const char *)run, (size_t)(p - run)))
            return -1;
        if (p == end)
            break;
        if (reserve(o, 12)) /* a surrogate pair is the longest escape */
            return -1;
        char *w = o->buf + o->len;
        p += escape_one(p, (size_t)(end - p), o->flags & HB_PYJSON_UNICODE, &w);
        o->len = (size_t)(w - o->buf);
    }
    return put(o, "\"", 1);
}

/* Fills digits (no trailing NUL) and the decimal exponent of a p-digit
 * decimal that reads back as a (finite, >= 0), the one Python's repr would
 * pick; returns 0 when no p-digit decimal does. */
static int try_digits(double a, int p, char *digits, int *exp10)
{
    char tmp[48];
    const char *s = tmp;
    int nd = 0;

    snprintf(tmp, sizeof(tmp), "%.*e", p - 1, a);
    /* Skipping every non-digit before the 'e' copes with any decimal point. */
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '0' && *s <= '9' && nd < p)
            digits[nd++] = *s;
    *exp10 = *s ? (int)strtol(s + 1, NULL, 10) : 0;
    /* strtod reads what snprintf wrote under the same locale, whatever it is. */
    if (nd != p || strtod(tmp, NULL) == a)
        return nd == p;

    /* Just below a power of two the doubles are twice as dense, so the
     * correctly rounded decimal can fall short on that side while the next
     * one up still reads back; Python's repr (Gay's shortest mode) takes it. */
    int e2;
    if (a == 0 || frexp(a, &e2) != 0.5)
        return 0;
    int i = p - 1;
    while (i >= 0 && digits[i] == '9')
        digits[i--] = '0';
    if (i < 0) { /* 9.99 -> 10.0: one more order of magnitude */
        digits[0] = '1';
        ++*exp10;
    } else {
        digits[i]++;
    }
    /* An integer mantissa needs no decimal point, so no locale question. */
    snprintf(tmp, sizeof(tmp), "%.*se%d", p, digits, *exp10 - (p - 1));
    return strtod(tmp, NULL) == a;
}

/* Python's float.__repr__ for a finite d: the shortest digit string that reads
 * back as d, fixed notation for decimal exponents -4..15, else d.ddde+XX. */
static size_t format_real(double d, char *out)
{
    char digits[24], cand[24];
    size_t nd = 0;
    int lo = 1, hi = 17, exp10 = 0, cand_exp;
    double a = fabs(d);
    char *w = out;

    /* More digits can only bring a decimal closer to d (a p-digit number is
     * also a (p+1)-digit one), so "some p-digit decimal reads back" is
     * monotonic in p and a binary search needs about four tries, not 17. */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (try_digits(a, mid, cand, &cand_exp)) {
            hi = mid;
            memcpy(digits, cand, (size_t)mid);
            nd = (size_t)mid;
            exp10 = cand_exp;
        } else {
            lo = mid + 1;
        }
    }
    if (nd == 0) { /* 17 digits always read back: %.17e is exact enough */
        try_digits(a, 17, digits, &exp10);
        nd = 17;
    }
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;

    if (signbit(d))
        *w++ = '-';

    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) {
            *w++ = '0';
            *w++ = '.';
            for (int i = -1; i > exp10; i--)
                *w++ = '0';
            memcpy(w, digits, nd);
            w += nd;
        } else {
            size_t whole = (size_t)exp10 + 1;
            if (nd <= whole) {
                memcpy(w, digits, nd);
                w += nd;
                for (size_t i = nd; i < whole; i++)
                    *w++ = '0';
                *w++ = '.';
                *w++ = '0';
            } else {
                memcpy(w, digits, whole);
                w += whole;
                *w++ = '.';
                memcpy(w, digits + whole, nd - whole);
                w += nd - whole;
            }
        }
    } else {
        *w++ = digits[0];
        if (nd > 1) {
            *w++ = '.';
            memcpy(w, digits + 1, nd - 1);
            w += nd - 1;
        }
        w += snprintf(w, REAL_MAX - (size_t)(w - out), "e%c%02d",
                      exp10 < 0 ? '-' : '+', abs(exp10));
    }
    *w = '\0';
    return (size_t)(w - out);
}

static int put_real(struct out *o, double d)
{
    char s[REAL_MAX];
    size_t n;

    if (isnan(d))
        return put(o, "NaN", 3);
    if (isinf(d))
        return d < 0 ? put(o, "-Infinity", 9) : put(o, "Infinity", 8);
    n = format_real(d, s);
    return put(o, s, n);
}

static int put_integer(struct out *o, json_int_t i)
{
    if (reserve(o, 24))
        return -1;
    int n = snprintf(o->buf + o->len, 24, "%" JSON_INTEGER_FORMAT, i);
    if (n < 0 || n >= 24)
        return -1;
    o->len += (size_t)n;
    return 0;
}

static int key_cmp(const struct key *a, const struct key *b)
{
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

static int key_qsort_cmp(const void *a, const void *b)
{
    return key_cmp(a, b);
}

/* Insertion sort: objects are small and often already in order, where it is
 * linear and needs no calls through a function pointer. */
static void sort_keys(struct key *k, size_t n)
{
    if (n > STACK_KEYS) {
        qsort(k, n, sizeof(*k), key_qsort_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        struct key t = k[i];
        size_t j = i;
        while (j > 0 && key_cmp(&k[j - 1], &t) > 0) {
            k[j] = k[j - 1];
            j--;
        }
        k[j] = t;
    }
}

static int put_value(struct out *o, const json_t *v, int depth);

/* indent=4: a line break, then four spaces for each level. */
static int put_newline(struct out *o, int level)
{
    size_t spaces = 4 * (size_t)level;
    if (reserve(o, 1 + spaces))
        return -1;
    o->buf[o->len++] = '\n';
    memset(o->buf + o->len, ' ', spaces);
    o->len += spaces;
    return 0;
}

/* What goes before the i-th member of a container, members being at
 * 'level': the item separator after the first, and with indent=4 the line
 * the member starts (Python's item separator is then ',' alone). */
static int put_separator(struct out *o, size_t i, int level)
{
    bool indent = o->flags & HB_PYJSON_INDENT4;
    if (i > 0 && put(o, ", ", !indent && (o->flags & HB_PYJSON_SPACED) ? 2 : 1))
        return -1;
    return indent ? put_newline(o, level) : 0;
}

/* The closing bracket of a container of n members at 'level': with
 * indent=4, on a line of its own unless the container is empty. */
static int put_close(struct out *o, char bracket, size_t n, int level)
{
    if (n && (o->flags & HB_PYJSON_INDENT4) && put_newline(o, level))
        return -1;
    return put(o, &bracket, 1);
}

static int put_object(struct out *o, const json_t *v, int depth)
{
    struct key stack_keys[STACK_KEYS], *keys = stack_keys;
    size_t n = json_object_size(v), i = 0;
    int rc = -1;

    if (n == 0)
        return put(o, "{}", 2);
    if (n > STACK_KEYS) {
        keys = malloc(n * sizeof(*keys));
        if (!keys)
            return -1;
    }
    /* jansson's iterators want a non-const object but do not change it. */
    for (void *it = json_object_iter((json_t *)v); it && i < n;
         it = json_object_iter_next((json_t *)v, it), i++) {
        keys[i].s = json_object_iter_key(it);
        keys[i].len = json_object_iter_key_len(it);
    }
    n = i;
    if (!(o->flags & HB_PYJSON_INSERTION_ORDER))
        sort_keys(keys, n);

    bool spaced = o->flags & HB_PYJSON_SPACED;
    if (put(o, "{", 1))
        goto out;
    for (i = 0; i < n; i++) {
        json_t *val = json_object_iter_value(json_object_key_to_iter(keys[i].s));
        if (put_separator(o, i, depth + 1) || put_string(o, keys[i].s, keys[i].len) ||
            put(o, ": ", spaced ? 2 : 1) || put_value(o, val, depth + 1))
            goto out;
    }
    rc = put_close(o, '}', n, depth);
out:
    if (keys != stack_keys)
        free(keys);
    return rc;
}

static int put_array(struct out *o, const json_t *v, int depth)
{
    size_t n = json_array_size(v);

    if (put(o, "[", 1))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (put_separator(o, i, depth + 1) || put_value(o, json_array_get(v, i), depth + 1))
            return -1;
    return put_close(o, ']', n, depth);
}

/* depth: how many containers enclose v. */
static int put_value(struct out *o, const json_t *v, int depth)
{
    if (!v)
        return -1;
    switch (json_typeof(v)) {
    case JSON_OBJECT:  return depth < HB_PYJSON_MAX_DEPTH ? put_object(o, v, depth) : -1;
    case JSON_ARRAY:   return depth < HB_PYJSON_MAX_DEPTH ? put_array(o, v, depth) : -1;
    case JSON_STRING:  return put_string(o, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: return put_integer(o, json_integer_value(v));
    case JSON_REAL:    return put_real(o, json_real_value(v));
    case JSON_TRUE:    return put(o, "true", 4);
    case JSON_FALSE:   return put(o, "false", 5);
    case JSON_NULL:    return put(o, "null", 4);
    }
    return -1;
}

int hb_pyjson_append(const json_t *v, char **buf, size_t *len, size_t *cap)
{
    return hb_pyjson_append_flags(v, buf, len, cap, 0);
}

int hb_pyjson_append_flags(const json_t *v, char **buf, size_t *len, size_t *cap,
                           unsigned flags)
{
    struct out o = { *buf, *len, *cap, flags };
    int rc = put_value(&o, v, 0);

    /* Even on failure the buffer may have moved: hand it back either way. */
    *buf = o.buf;
    *cap = o.cap;
    if (rc)
        return -1;
    o.buf[o.len] = '\0';
    *len = o.len;
    return 0;
}

char *hb_pyjson_dump(const json_t *v, size_t *len)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;

    if (hb_pyjson_append(v, &buf, &used, &cap)) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = used;
    return buf;
}
