/* SPDX-License-Identifier: MIT */
/* multipart/form-data parsing; see multipart.h. Werkzeug's sansio/multipart.py
 * and http.py parse_options_header() are regexes, emulated here match for
 * match (line breaks, quoting quirks and all) but in linear time. */
#include "multipart.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "header_params.h"
#include "utf8.h"

#define MAX_BOUNDARY 70 /* RFC 2046 */

/* [^\S\n\r] in Werkzeug's bytes regexes. */
static bool is_transport_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static bool is_eol(char c)
{
    return c == '\r' || c == '\n';
}

/* NUL is a character like any other in Python strings, never a terminator. */
static bool in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

static bool all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

const char *hb_multipart_boundary(struct hb_arena *a, const char *content_type)
{
    struct hb_param p = {"boundary", HB_PARAM_ABSENT, NULL, NULL};
    const char *b;

    if (!content_type
        || hb_params_parse(a, content_type, strlen(content_type), false, &p, 1) != 0
        || p.state != HB_PARAM_SET || hb_param_string(a, &p, &b) != 0)
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
    if (!hb_utf8_valid(s, n) || !(colon = memchr(s, ':', n)))
        return HB_MULTIPART_EMALFORMED;
    name_end = (size_t)(colon - s);
    value_start = name_end + 1;
    hb_params_strip(s, &name_start, &name_end, true);
    hb_params_strip(s, &value_start, &value_end, true);
    struct header *h = NULL;
    if (hb_params_key_is(s + name_start, name_end - name_start, "content-disposition"))
        h = cd;
    else if (hb_params_key_is(s + name_start, name_end - name_start, "content-type"))
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
    struct hb_param params[2] = {{"name", HB_PARAM_ABSENT, NULL, NULL},
                              {"filename", HB_PARAM_ABSENT, NULL, NULL}};
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
    rc = hb_params_parse(a, cd.value, cd.len, true, params, 2);
    if (rc)
        return rc;
    part->name = NULL;
    part->filename = NULL;
    part->content_type = NULL;
    if (params[0].state == HB_PARAM_SET && (rc = hb_param_string(a, &params[0], &part->name)))
        return rc;
    if (params[1].state == HB_PARAM_SET && (rc = hb_param_string(a, &params[1], &part->filename)))
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
