/* SPDX-License-Identifier: MIT */
/* Content-Type charset selection (requests.utils.get_encoding_from_headers)
 * and body decoding by Python's codec names with errors='replace'. Latin-1
 * and the UTF codecs are decoded here, to get Python's exact replacements;
 * Python's other codecs go through glibc's iconv. */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charsets.h"
#include "span.h"

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))

/* ---- Content-Type ------------------------------------------------------ */

/* requests' items_to_strip for parameter keys and values. */
static const char PARAM_STRIP[] = "\"' ";

/* str.isspace() of a header byte. http.client decodes header lines as
 * Latin-1, so Python's bare str.strip() also drops U+0085 and U+00A0. */
static bool py_isspace(unsigned char c)
{
    return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= ' ') || c == 0x85 || c == 0xa0;
}

static struct creq__span strip_space(struct creq__span s)
{
    while (s.b < s.e && py_isspace((unsigned char)*s.b))
        s.b++;
    while (s.e > s.b && py_isspace((unsigned char)s.e[-1]))
        s.e--;
    return s;
}

/* Python's `word in s`: case-sensitive, anywhere. */
static bool span_contains(struct creq__span s, const char *word)
{
    return memmem(s.b, (size_t)(s.e - s.b), word, strlen(word)) != NULL;
}

/* key.lower() == word, for an all-lower-case ASCII word. */
static bool span_is_lower(struct creq__span s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s.e - s.b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s.b[i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != (unsigned char)word[i])
            return false;
    }
    return true;
}

/* The charset parameter among the ';'-separated params. requests keeps them
 * in a dict, so the last "charset" wins. A bare "charset" (no '=') becomes
 * True in that dict and requests then fails with AttributeError on
 * True.strip(); here it simply leaves no charset. */
static bool find_charset(struct creq__span params, struct creq__span *value)
{
    bool found = false;
    const char *p = params.b;
    while (p < params.e) {
        struct creq__span param = { p, creq__span_find((struct creq__span){ p, params.e }, ';') };
        p = param.e + 1;
        param = strip_space(param);
        if (param.b == param.e)
            continue;
        const char *eq = creq__span_find(param, '=');
        /* Only a key=value pair has its key stripped of quotes. */
        struct creq__span key = param;
        if (eq != param.e)
            key = creq__span_strip((struct creq__span){ param.b, eq }, PARAM_STRIP);
        if (!span_is_lower(key, "charset"))
            continue;
        found = eq != param.e;
        if (found)
            *value = creq__span_strip((struct creq__span){ eq + 1, param.e }, PARAM_STRIP);
    }
    return found;
}

char *creq__encoding_from_content_type(const char *content_type)
{
    if (content_type == NULL || *content_type == '\0')
        return NULL;
    struct creq__span all = { content_type, content_type + strlen(content_type) };
    const char *semi = creq__span_find(all, ';');
    struct creq__span type = strip_space((struct creq__span){ all.b, semi });

    struct creq__span charset;
    if (semi != all.e && find_charset((struct creq__span){ semi + 1, all.e }, &charset))
        return creq__span_dup(creq__span_strip(charset, "'\""));
    /* Substring tests, as requests does: "TEXT/html" gets nothing and
     * "application/json-seq" gets utf-8. */
    if (span_contains(type, "text"))
        return strdup("ISO-8859-1");
    if (span_contains(type, "application/json"))
        return strdup("utf-8");
    return NULL;
}

/* ---- charset names ------------------------------------------------------- */

/* ---- output ---------------------------------------------------------------- */

#define REPLACEMENT 0xFFFDu

/* The decoded text; one byte is always kept free for the final NUL. */
struct out {
    char *p;
    size_t len, cap;
};

static bool out_reserve(struct out *o, size_t extra)
{
    if (o->cap > o->len && o->cap - o->len > extra)
        return true;
    size_t cap = o->cap ? o->cap : 64;
    while (cap - o->len <= extra) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(o->p, cap);
    if (p == NULL)
        return false;
    o->p = p;
    o->cap = cap;
    return true;
}

static bool out_bytes(struct out *o, const void *b, size_t n)
{
    if (!out_reserve(o, n))
        return false;
    memcpy(o->p + o->len, b, n);
    o->len += n;
    return true;
}

/* Appends one code point (never a surrogate) as UTF-8. */
static bool out_cp(struct out *o, uint32_t cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return out_bytes(o, b, n);
}

/* ---- built-in decoders ------------------------------------------------------ */

enum {
    CONSUME_BOM = 1, /* a leading BOM is dropped (and picks UTF-16/32's order) */
    UNITS_BIG_ENDIAN = 2,
};

/* The length of the valid UTF-8 sequence at s, or 0 with *bad set to the
 * maximal subpart Python replaces with one U+FFFD: an invalid lead byte
 * alone, else the lead byte and the continuation bytes that fit it. The
 * narrowed second-byte ranges rule out overlongs, surrogates and > U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t avail, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= avail || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

static bool decode_utf8(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    size_t i = 0;
    if ((flags & CONSUME_BOM) && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        size_t run = i, bad = 0, k;
        while (run < n && (k = utf8_seq(s + run, n - run, &bad)) != 0)
            run += k;
        if (!out_bytes(o, s + i, run - i))
            return false;
        if (run == n)
            break;
        if (!out_cp(o, REPLACEMENT))
            return false;
        i = run + bad;
    }
    return true;
}

static bool decode_latin1(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    (void)flags;
    for (size_t i = 0; i < n; i++)
        if (!out_cp(o, s[i]))
            return false;
    return true;
}

static uint32_t read_unit(const unsigned char *p, size_t width, bool big_endian)
{
    uint32_t u = 0;
    for (size_t i = 0; i < width; i++)
        u |= (uint32_t)p[big_endian ? width - 1 - i : i] << (8 * i);
    return u;
}

/* With CONSUME_BOM, a BOM picks the byte order and is dropped; without one
 * Python uses the native order, little-endian here as on every target. */
static size_t sniff_bom(const unsigned char *s, size_t n, size_t width, unsigned flags,
                        bool *big_endian)
{
    *big_endian = flags & UNITS_BIG_ENDIAN;
    if (!(flags & CONSUME_BOM) || n < width)
        return 0;
    uint32_t first = read_unit(s, width, false);
    if (first == 0xFEFF)
        return width;
    if (first == (width == 2 ? 0xFFFEu : 0xFFFE0000u)) {
        *big_endian = true;
        return width;
    }
    return 0;
}

/* Python's UTF-16 errors: an odd last byte, a lone low surrogate, or a high
 * surrogate not followed by a low one is one U+FFFD each; a high surrogate
 * cut off by the end takes the rest of the input with it. */
static bool decode_utf16(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    bool be;
    size_t i = sniff_bom(s, n, 2, flags, &be);
    while (i < n) {
        if (n - i < 2)
            return out_cp(o, REPLACEMENT);
        uint32_t u = read_unit(s + i, 2, be), cp = u;
        size_t used = 2;
        if (u >= 0xD800 && u <= 0xDFFF) {
            if (u >= 0xDC00) {
                cp = REPLACEMENT;
            } else if (n - i < 4) {
                return out_cp(o, REPLACEMENT);
            } else {
                uint32_t low = read_unit(s + i + 2, 2, be);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    used = 4;
                } else {
                    cp = REPLACEMENT;
                }
            }
        }
        if (!out_cp(o, cp))
            return false;
        i += used;
    }
    return true;
}

/* Python's UTF-32 errors: a surrogate or a value past U+10FFFF is one U+FFFD
 * for its 4 bytes; 1 to 3 bytes left at the end are one U+FFFD. */
static bool decode_utf32(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    bool be;
    size_t i = sniff_bom(s, n, 4, flags, &be);
    for (; i < n; i += 4) {
        if (n - i < 4)
            return out_cp(o, REPLACEMENT);
        uint32_t cp = read_unit(s + i, 4, be);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = REPLACEMENT;
        if (!out_cp(o, cp))
            return false;
    }
    return true;
}

struct builtin {
    const char *codec;
    bool (*fn)(const unsigned char *s, size_t n, unsigned flags, struct out *o);
    unsigned flags;
};

static const struct builtin builtins[] = {
    { "ISO-8859-1", decode_latin1, 0 },
    { "UTF-16", decode_utf16, CONSUME_BOM },
    { "UTF-16BE", decode_utf16, UNITS_BIG_ENDIAN },
    { "UTF-16LE", decode_utf16, 0 },
    { "UTF-32", decode_utf32, CONSUME_BOM },
    { "UTF-32BE", decode_utf32, UNITS_BIG_ENDIAN },
    { "UTF-32LE", decode_utf32, 0 },
    { "UTF-8", decode_utf8, 0 },
    { "UTF-8-SIG", decode_utf8, CONSUME_BOM },
};

/* ---- iconv --------------------------------------------------------------- */

/* One iconv() call into the free space of o; updates o->len. */
static size_t iconv_into(iconv_t cd, char **in, size_t *inleft, struct out *o)
{
    char *dst = o->p + o->len;
    size_t room = o->cap - o->len - 1;
    size_t r = iconv(cd, in, inleft, &dst, &room);
    o->len = (size_t)(dst - o->p);
    return r;
}

/* Decodes through glibc. A byte iconv rejects becomes U+FFFD and is skipped
 * (Python's multibyte codecs may swallow a little more; the text around is
 * the same). -1 when iconv does not know the codec, 0 when out of memory. */
static int decode_iconv(const char *codec, const char *data, size_t n, struct out *o)
{
    iconv_t cd = iconv_open("UTF-8", codec);
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)data; /* iconv's prototype is not const-correct */
    size_t inleft = n;
    bool ok = out_reserve(o, n + 16);
    while (ok) {
        if (iconv_into(cd, &in, &inleft, o) != (size_t)-1)
            break;
        if (errno == E2BIG) {
            ok = out_reserve(o, o->cap);
        } else if (errno == EILSEQ) {
            ok = out_cp(o, REPLACEMENT);
            in++;
            inleft--;
        } else {
            /* EINVAL: the input ends inside a sequence, one U+FFFD as Python. */
            ok = out_cp(o, REPLACEMENT);
            break;
        }
    }
    /* Flush what a stateful or composing converter (cp1255) still holds. */
    while (ok && iconv_into(cd, NULL, NULL, o) == (size_t)-1 && errno == E2BIG)
        ok = out_reserve(o, o->cap);
    iconv_close(cd);
    return ok;
}

static bool decode_with(const char *codec, const char *data, size_t n, struct out *o)
{
    for (size_t i = 0; i < N_OF(builtins); i++)
        if (strcmp(builtins[i].codec, codec) == 0)
            return builtins[i].fn((const unsigned char *)data, n, builtins[i].flags, o);
    int r = decode_iconv(codec, data, n, o);
    if (r >= 0)
        return r;
    o->len = 0;
    return decode_utf8((const unsigned char *)data, n, 0, o);
}

char *creq__decode_text(const char *data, size_t len, const char *charset, size_t *out_len)
{
    const char *codec = creq__codec_for(charset);
    struct out o = { NULL, 0, 0 };
    bool ok = len == 0 || decode_with(codec ? codec : "UTF-8", data, len, &o);
    if (!ok || !out_reserve(&o, 0)) {
        free(o.p);
        return NULL;
    }
    o.p[o.len] = '\0';
    if (out_len != NULL)
        *out_len = o.len;
    return o.p;
}
