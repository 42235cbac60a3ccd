/* SPDX-License-Identifier: MIT */
/* Header parameters (name="x"; filename*=UTF-8''...) the way Werkzeug's
 * parse_options_header() reads them: its regexes emulated match for match,
 * but in linear time. Used for Content-Type and Content-Disposition. */
#include "header_params.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "urlencoded.h"
#include "utf8.h"

/* ---- characters ---- */

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
void hb_params_strip(const char *s, size_t *start, size_t *end, bool utf8)
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

static bool all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* urllib's unquote_to_bytes(): %XX decoded, any other '%' kept. */
static size_t percent_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && n - i > 2) {
            int hi = hb_hex_value(s[i + 1]), lo = hb_hex_value(s[i + 2]);
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
        return HB_PARAMS_ENOMEM;
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
        return HB_PARAMS_EMALFORMED;
    const char *src = *v;
    size_t len = *n;
    if (!sc->utf8 && !all_ascii(src, len)) {
        src = hb_latin1_to_utf8(sc->a, src, len, &len);
        if (!src)
            return HB_PARAMS_ENOMEM;
    }
    char *buf = hb_arena_alloc(sc->a, len + 1);
    if (!buf)
        return HB_PARAMS_ENOMEM;
    len = percent_decode(src, len, buf);
    buf[len] = '\0';
    if (charset == CHARSET_UTF8 && !hb_utf8_valid(buf, len))
        return HB_PARAMS_EMALFORMED;
    if (charset == CHARSET_ASCII && !all_ascii(buf, len))
        return HB_PARAMS_EMALFORMED;
    if (charset == CHARSET_LATIN1 && !all_ascii(buf, len)) {
        *v = hb_latin1_to_utf8(sc->a, buf, len, n);
        return *v ? 0 : HB_PARAMS_ENOMEM;
    }
    *v = buf;
    *n = len;
    return 0;
}

bool hb_params_key_is(const char *k, size_t n, const char *want)
{
    size_t i;
    for (i = 0; i < n && want[i]; i++)
        if (ascii_lower(k[i]) != want[i])
            return false;
    return i == n && want[i] == '\0';
}

static int param_append(struct hb_arena *a, struct hb_param *p, const char *v, size_t n)
{
    struct hb_param_seg *sg = hb_arena_alloc(a, sizeof(*sg));
    if (!sg)
        return HB_PARAMS_ENOMEM;
    sg->next = NULL;
    sg->p = v;
    sg->len = n;
    *p->tail = sg;
    p->tail = &sg->next;
    p->state = HB_PARAM_SET;
    return 0;
}

static void param_reset(struct hb_param *p, enum hb_param_state state)
{
    p->state = state;
    p->head = NULL;
    p->tail = &p->head;
}

/* The loop body of parse_options_header(). Python lower-cases keys with
 * str.lower(), but no non-ASCII character lowers into "name", "filename" or
 * "boundary", so ASCII folding finds the same keys. */
static int apply_piece(struct opt_scan *sc, const struct piece *pc, struct hb_param *params,
                       size_t nparams, struct charset_ref *continued)
{
    struct charset_ref cs = {false, NULL, 0};
    const char *key, *v;
    size_t key_len, n;
    struct hb_param *p = NULL;
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
        if (hb_params_key_is(key, key_len, params[k].key))
            p = &params[k];
    if (!pc->has_value) {
        if (p && !pc->count)
            param_reset(p, HB_PARAM_NONE);
        return 0;
    }
    rc = unquote(sc->a, sc->s + pc->value, pc->value_end - pc->value,
                 hb_params_key_is(key, key_len, "filename"), &v, &n);
    /* Decoding errors count for every parameter, not only the ones we keep. */
    if (!rc && cs.set)
        rc = decode_charset(sc, &cs, &v, &n);
    if (rc || !p)
        return rc;
    if (!pc->count) {
        param_reset(p, HB_PARAM_NONE);
    } else if (p->state == HB_PARAM_NONE) {
        /* None + str: a TypeError (a 500) in Werkzeug. Not tracked for the
         * parameters we do not keep. */
        return HB_PARAMS_EMALFORMED;
    }
    return param_append(sc->a, p, v, n);
}

/* Werkzeug's parse_options_header() reduced to the parameters in 'params'.
 * Returns 0, HB_PARAMS_EMALFORMED where Werkzeug raises (charset errors),
 * or HB_PARAMS_ENOMEM. */
int hb_params_parse(struct hb_arena *a, const char *value, size_t len, bool utf8,
                        struct hb_param *params, size_t nparams)
{
    struct opt_scan sc = {a, NULL, 0, utf8, 0, 0};
    struct charset_ref continued = {false, NULL, 0};
    struct piece pc;
    size_t i, t;

    for (size_t k = 0; k < nparams; k++)
        param_reset(&params[k], HB_PARAM_ABSENT);
    if (len == 0)
        return 0;
    if (len > SIZE_MAX - 2)
        return HB_PARAMS_ENOMEM;
    char *s = hb_arena_alloc(a, len + 2);
    if (!s)
        return HB_PARAMS_ENOMEM;
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
int hb_param_string(struct hb_arena *a, const struct hb_param *p, const char **out)
{
    size_t len = 0;
    for (const struct hb_param_seg *sg = p->head; sg; sg = sg->next) {
        if (memchr(sg->p, '\0', sg->len))
            return HB_PARAMS_EMALFORMED;
        if (sg->len > SIZE_MAX - 1 - len)
            return HB_PARAMS_ENOMEM;
        len += sg->len;
    }
    char *buf = hb_arena_alloc(a, len + 1);
    if (!buf)
        return HB_PARAMS_ENOMEM;
    size_t o = 0;
    for (const struct hb_param_seg *sg = p->head; sg; sg = sg->next) {
        memcpy(buf + o, sg->p, sg->len);
        o += sg->len;
    }
    buf[o] = '\0';
    *out = buf;
    return 0;
}

