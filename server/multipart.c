/* SPDX-License-Identifier: MIT */
/* multipart/form-data parsing; see multipart.h. Werkzeug's sansio/multipart.py
 * and http.py parse_options_header() are regexes, emulated here match for
 * match (line breaks, quoting quirks and all) but in linear time. */
#include "multipart.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MAX_BOUNDARY 70 /* RFC 2046 */

/* ---- characters ---- */

static bool is_eol(char c)
{
    return c == '\r' || c == '\n';
}

/* [^\S\n\r] in Werkzeug's bytes regexes. */
static bool is_transport_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* NUL is a character like any other in Python strings, never a terminator. */
static bool in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

/* Length of the whitespace character at s[i] as Python's str.isspace() sees
 * it (what \s matches in Werkzeug's str regexes), 0 if none. Bytes >= 0x80
 * are UTF-8 in part headers and Latin-1 in the request's own Content-Type,
 * which WSGI hands over decoded as Latin-1. */
static size_t space_len(const char *s, size_t i, size_t n, bool utf8)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    if ((u[0] >= 0x09 && u[0] <= 0x0d) || (u[0] >= 0x1c && u[0] <= 0x20))
        return 1;
    if (u[0] < 0x80)
        return 0;
    if (!utf8)
        return u[0] == 0x85 || u[0] == 0xa0;
    if (left >= 2 && u[0] == 0xc2 && (u[1] == 0x85 || u[1] == 0xa0))
        return 2;
    if (left < 3)
        return 0;
    if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80) /* U+1680 */
        return 3;
    if (u[0] == 0xe2 && u[1] == 0x80
        && (u[2] <= 0x8a || u[2] == 0xa8 || u[2] == 0xa9 || u[2] == 0xaf))
        return 3; /* U+2000..200A, U+2028, U+2029, U+202F */
    if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f) /* U+205F */
        return 3;
    if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) /* U+3000 */
        return 3;
    return 0;
}

/* str.strip() on s[*start..*end); with UTF-8 the text must be valid so that
 * the tail bytes checked are whole characters. */
static void strip(const char *s, size_t *start, size_t *end, bool utf8)
{
    size_t k;
    while (*start < *end && (k = space_len(s, *start, *end, utf8)) > 0)
        *start += k;
    for (;;) {
        for (k = 1; k <= 3 && k <= *end - *start; k++)
            if (space_len(s, *end - k, *end, utf8) == k)
                break;
        if (k > 3 || k > *end - *start)
            return;
        *end -= k;
    }
}

/* Length of the UTF-8 sequence at u as Python's strict decoder accepts it
 * (no overlongs, no surrogates, nothing past U+10FFFF), 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *u, size_t left)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t len;
    if (u[0] < 0x80)
        return 1;
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        len = 2;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        len = 3;
        if (u[0] == 0xe0)
            lo = 0xa0;
        else if (u[0] == 0xed)
            hi = 0x9f;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        len = 4;
        if (u[0] == 0xf0)
            lo = 0x90;
        else if (u[0] == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (left < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (u[k] < 0x80 || u[k] > 0xbf)
            return 0;
    return len;
}

static bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq_len(u + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

static bool all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static char *latin1_to_utf8(struct hb_arena *a, const char *s, size_t n, size_t *out_len)
{
    if (n > (SIZE_MAX - 1) / 2)
        return NULL;
    char *out = hb_arena_alloc(a, 2 * n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            out[o++] = (char)(0xc0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3f));
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* urllib's unquote_to_bytes(): %XX decoded, any other '%' kept. */
static size_t percent_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && n - i > 2) {
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out[o++] = (char)(hi << 4 | lo);
                i += 2;
                continue;
            }
        }
        out[o++] = s[i];
    }
    return o;
}

/* ---- charsets of RFC 2231/5987 parameters ---- */

enum charset { CHARSET_UNKNOWN, CHARSET_UTF8, CHARSET_LATIN1, CHARSET_ASCII };

static const struct {
    const char *name; /* as Python's encodings.normalize_encoding() leaves it */
    enum charset charset;
} charset_aliases[] = {
    {"utf_8", CHARSET_UTF8}, {"utf8", CHARSET_UTF8}, {"u8", CHARSET_UTF8},
    {"utf", CHARSET_UTF8}, {"utf8_ucs2", CHARSET_UTF8}, {"utf8_ucs4", CHARSET_UTF8},
    {"cp65001", CHARSET_UTF8},
    {"latin_1", CHARSET_LATIN1}, {"latin1", CHARSET_LATIN1}, {"latin", CHARSET_LATIN1},
    {"l1", CHARSET_LATIN1}, {"iso8859_1", CHARSET_LATIN1}, {"iso_8859_1", CHARSET_LATIN1},
    {"iso8859", CHARSET_LATIN1}, {"8859", CHARSET_LATIN1}, {"cp819", CHARSET_LATIN1},
    {"ibm819", CHARSET_LATIN1}, {"csisolatin1", CHARSET_LATIN1},
    {"iso_8859_1_1987", CHARSET_LATIN1}, {"iso_ir_100", CHARSET_LATIN1},
    {"ascii", CHARSET_ASCII}, {"us_ascii", CHARSET_ASCII}, {"us", CHARSET_ASCII},
    {"646", CHARSET_ASCII}, {"cp367", CHARSET_ASCII}, {"ibm367", CHARSET_ASCII},
    {"csascii", CHARSET_ASCII}, {"iso646_us", CHARSET_ASCII}, {"iso_ir_6", CHARSET_ASCII},
    {"ansi_x3_4_1968", CHARSET_ASCII}, {"ansi_x3_4_1986", CHARSET_ASCII},
    {"iso_646_irv_1991", CHARSET_ASCII},
};

/* Python's codec lookup: case-insensitive, every run of punctuation counts as
 * one '_' (the aliases above already have '.' turned into '_' too). Only the
 * codecs RFC 5987 asks for (and ASCII) are known; Werkzeug would find others,
 * or fail with a LookupError (a 500). */
static enum charset charset_named(const char *s, size_t n)
{
    char norm[32];
    size_t o = 0;
    bool punct = false;
    for (size_t i = 0; i < n; i++) {
        char c = ascii_lower(s[i]);
        if ((unsigned char)c >= 0x80)
            return CHARSET_UNKNOWN;
        if ((c >= 'a' && c <= 'z') || is_digit(c)) {
            if (punct && o > 0 && o < sizeof(norm))
                norm[o++] = '_';
            if (o < sizeof(norm))
                norm[o++] = c;
            punct = false;
        } else {
            punct = true;
        }
    }
    if (o == 0 || o >= sizeof(norm))
        return CHARSET_UNKNOWN;
    for (size_t k = 0; k < sizeof(charset_aliases) / sizeof(charset_aliases[0]); k++)
        if (strlen(charset_aliases[k].name) == o && memcmp(charset_aliases[k].name, norm, o) == 0)
            return charset_aliases[k].charset;
    return CHARSET_UNKNOWN;
}

/* ---- Werkzeug's parse_options_header() ---- */

struct seg {
    struct seg *next;
    const char *p;
    size_t len;
};

enum param_state {
    PARAM_ABSENT,
    PARAM_NONE, /* Python's None: the parameter had no value */
    PARAM_SET,
};

/* One parameter as Werkzeug's options dict ends up holding it. RFC 2231
 * continuations (name*0, name*1) append, so the value is a list of pieces
 * joined once at the end: joining as we go would be quadratic. */
struct param {
    const char *key; /* lower case */
    enum param_state state;
    struct seg *head, **tail;
};

struct opt_scan {
    struct hb_arena *a;
    const char *s; /* "," + value with '\n' made ',', as Werkzeug does */
    size_t n;
    bool utf8;
    /* Where charset_prefix() already failed: it cannot succeed from any
     * position in [from, to) either, and retrying would be quadratic. */
    size_t no_charset_from, no_charset_to;
};

struct piece {
    size_t key, key_end;
    bool count; /* name*N= */
    bool has_charset;
    size_t charset, charset_end;
    bool has_value;
    size_t value, value_end;
};

struct charset_ref {
    bool set;
    const char *p;
    size_t len;
};

static size_t skip_spaces(const struct opt_scan *sc, size_t i)
{
    size_t k;
    while (i < sc->n && (k = space_len(sc->s, i, sc->n, sc->utf8)) > 0)
        i += k;
    return i;
}

/* "[^"\\]*(?:\\.[^"\\]*)*" at s[i] == '"': the end, or 0 when unterminated. */
static size_t quoted_end(const struct opt_scan *sc, size_t i)
{
    for (size_t j = i + 1; j < sc->n; j++) {
        if (sc->s[j] == '"')
            return j + 1;
        if (sc->s[j] == '\\' && ++j >= sc->n)
            return 0;
    }
    return 0;
}

/* A run of characters outside 'stop' (and not whitespace if 'no_space'). */
static size_t token_end(const struct opt_scan *sc, size_t i, const char *stop, bool no_space)
{
    while (i < sc->n && !in_set(sc->s[i], stop)
           && !(no_space && space_len(sc->s, i, sc->n, sc->utf8)))
        i++;
    return i;
}

/* The lazy (?P<encoding>[^\s]+?)'(?P<language>[^\s]*?)' at i: the charset
 * ends at the first quote after at least one character, the language at
 * the next quote, both before any whitespace. */
static bool charset_prefix(struct opt_scan *sc, size_t i, size_t *end, size_t *after)
{
    if (i >= sc->no_charset_from && i < sc->no_charset_to)
        return false;
    size_t first = SIZE_MAX, j;
    for (j = i; j < sc->n && !space_len(sc->s, j, sc->n, sc->utf8); j++) {
        if (sc->s[j] != '\'' || j == i)
            continue;
        if (first == SIZE_MAX) {
            first = j;
        } else {
            *end = first;
            *after = j + 1;
            return true;
        }
    }
    sc->no_charset_from = i;
    sc->no_charset_to = j;
    return false;
}

/* One match of Werkzeug's _option_header_piece_re at *pos:
 *   ;\s*,?\s* (quoted|[^\s;,=*]+) (\*\d+)? \s*
 *   ( (\*\s*=\s*(charset'language')? | =\s*) (quoted|[^;,]+)? )? \s*
 * Everything after the key is optional, so each part simply takes the first
 * alternative that matches. False when there is no match: Werkzeug stops
 * reading parameters there. Python's \d would also take non-ASCII digits. */
static bool match_piece(struct opt_scan *sc, size_t *pos, struct piece *pc)
{
    const char *s = sc->s;
    size_t n = sc->n, i = *pos, e = 0, v = SIZE_MAX;

    memset(pc, 0, sizeof(*pc));
    if (i >= n || s[i] != ';')
        return false;
    i = skip_spaces(sc, i + 1);
    if (i < n && s[i] == ',')
        i = skip_spaces(sc, i + 1);
    if (i < n && s[i] == '"')
        e = quoted_end(sc, i);
    if (!e)
        e = token_end(sc, i, ";,=*", true);
    if (e == i)
        return false;
    pc->key = i;
    pc->key_end = i = e;
    if (n - i >= 2 && s[i] == '*' && is_digit(s[i + 1])) {
        for (i += 2; i < n && is_digit(s[i]); i++)
            ;
        pc->count = true;
    }
    i = skip_spaces(sc, i);
    if (i < n && s[i] == '*') {
        size_t j = skip_spaces(sc, i + 1);
        if (j < n && s[j] == '=') {
            size_t end, after;
            v = skip_spaces(sc, j + 1);
            if (charset_prefix(sc, v, &end, &after)) {
                pc->has_charset = true;
                pc->charset = v;
                pc->charset_end = end;
                v = after;
            }
        }
    } else if (i < n && s[i] == '=') {
        v = skip_spaces(sc, i + 1);
    }
    if (v != SIZE_MAX) {
        e = 0;
        if (v < n && s[v] == '"')
            e = quoted_end(sc, v);
        if (!e)
            e = token_end(sc, v, ";,", false);
        if (e > v) {
            pc->has_value = true;
            pc->value = v;
            pc->value_end = e;
        }
        i = e;
    }
    *pos = skip_spaces(sc, i);
    return true;
}

/* Werkzeug's unquote_header_value(): strips surrounding quotes and then
 * replaces \\ by \ and afterwards \" by " (two passes, other backslashes
 * stay); filenames starting with \\ (UNC paths) keep every backslash. */
static int unquote(struct hb_arena *a, const char *v, size_t n, bool is_filename,
                   const char **out, size_t *out_len)
{
    *out = v;
    *out_len = n;
    if (n == 0 || v[0] != '"' || v[n - 1] != '"')
        return 0;
    v++;
    n = n >= 2 ? n - 2 : 0;
    *out = v;
    *out_len = n;
    if ((is_filename && n >= 2 && v[0] == '\\' && v[1] == '\\') || !memchr(v, '\\', n))
        return 0;
    char *buf = hb_arena_alloc(a, n + 1);
    if (!buf)
        return HB_MULTIPART_ENOMEM;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        buf[o++] = v[i];
        if (v[i] == '\\' && i + 1 < n && v[i + 1] == '\\')
            i++;
    }
    size_t len = o;
    o = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\\' && i + 1 < len && buf[i + 1] == '"')
            i++;
        buf[o++] = buf[i];
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return 0;
}

/* _unquote(value).decode(charset): percent-decodes the UTF-8 form of the
 * value, then decodes with the charset. Errors are Werkzeug's ValueErrors
 * (or the LookupError of an unknown charset, a 500 there). */
static int decode_charset(struct opt_scan *sc, const struct charset_ref *cs,
                          const char **v, size_t *n)
{
    enum charset charset = charset_named(cs->p, cs->len);
    if (charset == CHARSET_UNKNOWN)
        return HB_MULTIPART_EMALFORMED;
    const char *src = *v;
    size_t len = *n;
    if (!sc->utf8 && !all_ascii(src, len)) {
        src = latin1_to_utf8(sc->a, src, len, &len);
        if (!src)
            return HB_MULTIPART_ENOMEM;
    }
    char *buf = hb_arena_alloc(sc->a, len + 1);
    if (!buf)
        return HB_MULTIPART_ENOMEM;
    len = percent_decode(src, len, buf);
    buf[len] = '\0';
    if (charset == CHARSET_UTF8 && !utf8_valid(buf, len))
        return HB_MULTIPART_EMALFORMED;
    if (charset == CHARSET_ASCII && !all_ascii(buf, len))
        return HB_MULTIPART_EMALFORMED;
    if (charset == CHARSET_LATIN1 && !all_ascii(buf, len)) {
        *v = latin1_to_utf8(sc->a, buf, len, n);
        return *v ? 0 : HB_MULTIPART_ENOMEM;
    }
    *v = buf;
    *n = len;
    return 0;
}

static bool key_is(const char *k, size_t n, const char *want)
{
    size_t i;
    for (i = 0; i < n && want[i]; i++)
        if (ascii_lower(k[i]) != want[i])
            return false;
    return i == n && want[i] == '\0';
}

static int param_append(struct hb_arena *a, struct param *p, const char *v, size_t n)
{
    struct seg *sg = hb_arena_alloc(a, sizeof(*sg));
    if (!sg)
        return HB_MULTIPART_ENOMEM;
    sg->next = NULL;
    sg->p = v;
    sg->len = n;
    *p->tail = sg;
    p->tail = &sg->next;
    p->state = PARAM_SET;
    return 0;
}

static void param_reset(struct param *p, enum param_state state)
{
    p->state = state;
    p->head = NULL;
    p->tail = &p->head;
}

/* The loop body of parse_options_header(). Python lower-cases keys with
 * str.lower(), but no non-ASCII character lowers into "name", "filename" or
 * "boundary", so ASCII folding finds the same keys. */
static int apply_piece(struct opt_scan *sc, const struct piece *pc, struct param *params,
                       size_t nparams, struct charset_ref *continued)
{
    struct charset_ref cs = {false, NULL, 0};
    const char *key, *v;
    size_t key_len, n;
    struct param *p = NULL;
    int rc;

    if (pc->has_charset)
        cs = (struct charset_ref){true, sc->s + pc->charset, pc->charset_end - pc->charset};
    if (!pc->count) {
        continued->set = false;
    } else {
        if (!cs.set)
            cs = *continued;
        *continued = cs;
    }
    rc = unquote(sc->a, sc->s + pc->key, pc->key_end - pc->key, false, &key, &key_len);
    if (rc)
        return rc;
    for (size_t k = 0; k < nparams && !p; k++)
        if (key_is(key, key_len, params[k].key))
            p = &params[k];
    if (!pc->has_value) {
        if (p && !pc->count)
            param_reset(p, PARAM_NONE);
        return 0;
    }
    rc = unquote(sc->a, sc->s + pc->value, pc->value_end - pc->value,
                 key_is(key, key_len, "filename"), &v, &n);
    /* Decoding errors count for every parameter, not only the ones we keep. */
    if (!rc && cs.set)
        rc = decode_charset(sc, &cs, &v, &n);
    if (rc || !p)
        return rc;
    if (!pc->count) {
        param_reset(p, PARAM_NONE);
    } else if (p->state == PARAM_NONE) {
        /* None + str: a TypeError (a 500) in Werkzeug. Not tracked for the
         * parameters we do not keep. */
        return HB_MULTIPART_EMALFORMED;
    }
    return param_append(sc->a, p, v, n);
}

/* Werkzeug's parse_options_header() reduced to the parameters in 'params'.
 * Returns 0, HB_MULTIPART_EMALFORMED where Werkzeug raises (charset errors),
 * or HB_MULTIPART_ENOMEM. */
static int parse_params(struct hb_arena *a, const char *value, size_t len, bool utf8,
                        struct param *params, size_t nparams)
{
    struct opt_scan sc = {a, NULL, 0, utf8, 0, 0};
    struct charset_ref continued = {false, NULL, 0};
    struct piece pc;
    size_t i, t;

    for (size_t k = 0; k < nparams; k++)
        param_reset(&params[k], PARAM_ABSENT);
    if (len == 0)
        return 0;
    if (len > SIZE_MAX - 2)
        return HB_MULTIPART_ENOMEM;
    char *s = hb_arena_alloc(a, len + 2);
    if (!s)
        return HB_MULTIPART_ENOMEM;
    s[0] = ',';
    for (i = 0; i < len; i++)
        s[i + 1] = value[i] == '\n' ? ',' : value[i];
    s[len + 1] = '\0';
    sc.s = s;
    sc.n = len + 1;

    /* ,\s*([^;,\s]+)([;,]\s*.+)? -- without a type there are no
     * parameters either ("; name=x" has none). */
    i = skip_spaces(&sc, 1);
    t = token_end(&sc, i, ";,", true);
    if (t == i || sc.n - t < 2 || (s[t] != ';' && s[t] != ','))
        return 0;
    for (i = t; match_piece(&sc, &i, &pc);) {
        int rc = apply_piece(&sc, &pc, params, nparams, &continued);
        if (rc)
            return rc;
    }
    return 0;
}

/* The parameter as a C string; NUL inside (Python strings may hold it) makes
 * it unusable. */
static int param_string(struct hb_arena *a, const struct param *p, const char **out)
{
    size_t len = 0;
    for (const struct seg *sg = p->head; sg; sg = sg->next) {
        if (memchr(sg->p, '\0', sg->len))
            return HB_MULTIPART_EMALFORMED;
        if (sg->len > SIZE_MAX - 1 - len)
            return HB_MULTIPART_ENOMEM;
        len += sg->len;
    }
    char *buf = hb_arena_alloc(a, len + 1);
    if (!buf)
        return HB_MULTIPART_ENOMEM;
    size_t o = 0;
    for (const struct seg *sg = p->head; sg; sg = sg->next) {
        memcpy(buf + o, sg->p, sg->len);
        o += sg->len;
    }
    buf[o] = '\0';
    *out = buf;
    return 0;
}

const char *hb_multipart_boundary(struct hb_arena *a, const char *content_type)
{
    struct param p = {"boundary", PARAM_ABSENT, NULL, NULL};
    const char *b;

    if (!content_type
        || parse_params(a, content_type, strlen(content_type), false, &p, 1) != 0
        || p.state != PARAM_SET || param_string(a, &p, &b) != 0)
        return NULL;
    /* Werkzeug takes any length; it does insist on ASCII. */
    size_t len = strlen(b);
    if (len == 0 || len > MAX_BOUNDARY || !all_ascii(b, len))
        return NULL;
    return b;
}

/* ---- the body ---- */

struct delimiter {
    const char *needle; /* "--" boundary */
    size_t len;
    size_t *border;     /* KMP: longest proper border of needle[0..k] */
};

/* After "--boundary" at e: "--" ends the body (whatever follows, the
 * epilogue, is ignored), else transport whitespace and a line break must
 * follow ([^\S\n\r]* then CRLF, LF or CR). */
static bool delimiter_tail(const char *s, size_t n, size_t e, size_t *next, bool *last)
{
    if (n - e >= 2 && s[e] == '-' && s[e + 1] == '-') {
        *next = n;
        *last = true;
        return true;
    }
    while (e < n && is_transport_space(s[e]))
        e++;
    if (e == n || !is_eol(s[e]))
        return false;
    *next = e + ((s[e] == '\r' && n - e >= 2 && s[e + 1] == '\n') ? 2 : 1);
    *last = false;
    return true;
}

/* The opening delimiter: Werkzeug's preamble regex needs no line break
 * before it, so this is a plain substring search (KMP, linear whatever the
 * preamble holds). */
static bool find_first_delimiter(const struct delimiter *d, const char *s, size_t n,
                                 size_t *next, bool *last)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j > 0 && s[i] != d->needle[j])
            j = d->border[j - 1];
        if (s[i] == d->needle[j])
            j++;
        if (j == d->len) {
            if (delimiter_tail(s, n, i + 1, next, last))
                return true;
            j = d->border[j - 1];
        }
    }
    return false;
}

/* The next '\r' or '\n' at or after 'from'; memchr keeps big binary parts
 * fast, and each cursor only ever moves forward. */
struct eol_cursor {
    size_t cr, lf; /* SIZE_MAX: not searched yet; n: none left */
};

static size_t next_eol(const char *s, size_t n, size_t from, struct eol_cursor *c)
{
    if (c->cr == SIZE_MAX || c->cr < from) {
        const char *p = memchr(s + from, '\r', n - from);
        c->cr = p ? (size_t)(p - s) : n;
    }
    if (c->lf == SIZE_MAX || c->lf < from) {
        const char *p = memchr(s + from, '\n', n - from);
        c->lf = p ? (size_t)(p - s) : n;
    }
    return c->cr < c->lf ? c->cr : c->lf;
}

/* The delimiter ending the data that starts at 'from': "--boundary" right
 * after a line break (CRLF, LF or CR) lying at or after 'from', then
 * delimiter_tail(). Only line breaks are candidates, so the bytes compared
 * never hold one (the boundary has none) and the scan stays linear. Sets
 * where the data ends and the next part starts. */
static bool find_delimiter(const struct delimiter *d, const char *s, size_t n, size_t from,
                           size_t *data_end, size_t *next, bool *last)
{
    struct eol_cursor c = {SIZE_MAX, SIZE_MAX};
    for (size_t e = from; (e = next_eol(s, n, e, &c)) < n; e++) {
        size_t p = e + 1;
        if (n - p < d->len || memcmp(s + p, d->needle, d->len) != 0)
            continue;
        if (delimiter_tail(s, n, p + d->len, next, last)) {
            *data_end = (s[e] == '\n' && e > from && s[e - 1] == '\r') ? e - 1 : e;
            return true;
        }
    }
    return false;
}

/* Werkzeug's BLANK_LINE_RE, \r\n\r\n|\r\r|\n\n, from 'from'. */
static bool find_blank_line(const char *s, size_t n, size_t from, size_t *end, size_t *next)
{
    for (size_t i = from; i < n && n - i >= 2; i++) {
        size_t len = 0;
        if (s[i] == '\r' && s[i + 1] == '\n') {
            if (n - i >= 4 && s[i + 2] == '\r' && s[i + 3] == '\n')
                len = 4;
        } else if ((s[i] == '\r' || s[i] == '\n') && s[i + 1] == s[i]) {
            len = 2;
        }
        if (len) {
            *end = i;
            *next = i + len;
            return true;
        }
    }
    return false;
}

/* HEADER_CONTINUATION_RE.sub(b" ", ...): a line break (CRLF, LF or CR)
 * followed by a space or tab becomes one space. */
static size_t unfold_headers(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        if (s[i] == '\r' && n - i >= 3 && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t'))
            k = 2;
        else if (is_eol(s[i]) && n - i >= 2 && (s[i + 1] == ' ' || s[i + 1] == '\t'))
            k = 1;
        out[o++] = k ? ' ' : s[i];
        i += k;
    }
    return o;
}

struct header {
    bool found;
    const char *value;
    size_t len;
};

/* One line of _parse_headers(): blank lines (ASCII whitespace, bytes.strip)
 * are skipped, the rest must be UTF-8 with a colon; name and value are
 * str.strip()ped. The first Content-Disposition and Content-Type count. */
static int header_line(const char *s, size_t n, struct header *cd, struct header *ct)
{
    size_t i, name_start = 0, name_end, value_start, value_end = n;
    const char *colon;

    for (i = 0; i < n && in_set(s[i], " \t\v\f"); i++)
        ;
    if (i == n)
        return 0;
    if (!utf8_valid(s, n) || !(colon = memchr(s, ':', n)))
        return HB_MULTIPART_EMALFORMED;
    name_end = (size_t)(colon - s);
    value_start = name_end + 1;
    strip(s, &name_start, &name_end, true);
    strip(s, &value_start, &value_end, true);
    struct header *h = NULL;
    if (key_is(s + name_start, name_end - name_start, "content-disposition"))
        h = cd;
    else if (key_is(s + name_start, name_end - name_start, "content-type"))
        h = ct;
    if (h && !h->found) {
        h->found = true;
        h->value = s + value_start;
        h->len = value_end - value_start;
    }
    return 0;
}

/* Fills name, filename and content_type of 'part' from its header block. */
static int parse_part_headers(struct hb_arena *a, const char *s, size_t n, struct hb_part *part)
{
    struct header cd = {false, NULL, 0}, ct = {false, NULL, 0};
    struct param params[2] = {{"name", PARAM_ABSENT, NULL, NULL},
                              {"filename", PARAM_ABSENT, NULL, NULL}};
    int rc;

    char *buf = hb_arena_alloc(a, n + 1);
    if (!buf)
        return HB_MULTIPART_ENOMEM;
    size_t len = unfold_headers(s, n, buf);
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && !is_eol(buf[e]))
            e++;
        rc = header_line(buf + i, e - i, &cd, &ct);
        if (rc)
            return rc;
        i = e + 1;
    }
    /* Werkzeug raises here; it never looks at the disposition type, so
     * "attachment" or anything else passes. */
    if (!cd.found)
        return HB_MULTIPART_EMALFORMED;
    rc = parse_params(a, cd.value, cd.len, true, params, 2);
    if (rc)
        return rc;
    part->name = NULL;
    part->filename = NULL;
    part->content_type = NULL;
    if (params[0].state == PARAM_SET && (rc = param_string(a, &params[0], &part->name)))
        return rc;
    if (params[1].state == PARAM_SET && (rc = param_string(a, &params[1], &part->filename)))
        return rc;
    if (ct.found) {
        if (memchr(ct.value, '\0', ct.len))
            return HB_MULTIPART_EMALFORMED;
        part->content_type = hb_arena_memdup(a, ct.value, ct.len);
        if (!part->content_type)
            return HB_MULTIPART_ENOMEM;
    }
    return 0;
}

static int push_part(struct hb_arena *a, struct hb_multipart *mp, size_t *cap,
                     const struct hb_part *part)
{
    if (mp->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        if (ncap < *cap || ncap > SIZE_MAX / sizeof(*mp->parts))
            return HB_MULTIPART_ENOMEM;
        struct hb_part *np = hb_arena_alloc(a, ncap * sizeof(*np));
        if (!np)
            return HB_MULTIPART_ENOMEM;
        if (mp->count)
            memcpy(np, mp->parts, mp->count * sizeof(*np));
        mp->parts = np;
        *cap = ncap;
    }
    mp->parts[mp->count++] = *part;
    return 0;
}

int hb_multipart_parse(struct hb_arena *a, const char *boundary,
                       const char *body, size_t len, size_t max_parts,
                       struct hb_multipart *out)
{
    struct hb_multipart mp = {NULL, 0};
    struct delimiter d;
    size_t cap = 0, data_end, next, head_end, data;
    bool last;
    int rc;

    out->parts = NULL;
    out->count = 0;
    /* An empty body is malformed too: Werkzeug never finds the boundary. */
    if (!boundary || !*boundary || !body || len == 0)
        return HB_MULTIPART_EMALFORMED;
    size_t blen = strlen(boundary);
    if (blen > SIZE_MAX / sizeof(size_t) - 3)
        return HB_MULTIPART_ENOMEM;
    char *needle = hb_arena_alloc(a, blen + 3);
    size_t *border = hb_arena_alloc(a, (blen + 2) * sizeof(*border));
    if (!needle || !border)
        return HB_MULTIPART_ENOMEM;
    needle[0] = needle[1] = '-';
    memcpy(needle + 2, boundary, blen + 1);
    d.needle = needle;
    d.len = blen + 2;
    d.border = border;
    border[0] = 0;
    for (size_t k = 1, j = 0; k < d.len; k++) {
        while (j > 0 && needle[k] != needle[j])
            j = border[j - 1];
        if (needle[k] == needle[j])
            j++;
        border[k] = j;
    }

    if (!find_first_delimiter(&d, body, len, &next, &last))
        return HB_MULTIPART_EMALFORMED;
    while (!last) {
        struct hb_part part;
        /* Werkzeug takes everything up to the first blank line for headers,
         * even when that runs past the next delimiter; so do we. */
        if (!find_blank_line(body, len, next, &head_end, &data))
            return HB_MULTIPART_EMALFORMED;
        rc = parse_part_headers(a, body + next, head_end - next, &part);
        if (rc)
            return rc;
        /* Counted once its headers are read, as Werkzeug does: the part
         * after the last allowed one is refused even if truncated later. */
        if (mp.count >= max_parts)
            return HB_MULTIPART_ETOOMANY;
        if (!find_delimiter(&d, body, len, data, &data_end, &next, &last))
            return HB_MULTIPART_EMALFORMED;
        part.data = body + data;
        part.len = data_end - data;
        rc = push_part(a, &mp, &cap, &part);
        if (rc)
            return rc;
    }
    *out = mp;
    return 0;
}
