/* SPDX-License-Identifier: MIT */
/* UTF-8 validation and repair; see utf8.h. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* How many bytes of a sequence starting at s are a valid prefix: the
 * "maximal subpart" that Python replaces by one U+FFFD. Returns the full
 * length when the whole sequence is valid and sets *ok. */
static size_t scan_seq(const unsigned char *s, size_t avail, bool *ok)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range allowed for the second byte */

    *ok = false;
    if (c < 0x80) {
        *ok = true;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else
        return 1;

    for (size_t i = 1; i < need; i++) {
        if (i >= avail)
            return i;
        unsigned char b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return i;
    }
    *ok = true;
    return need;
}

size_t hb_utf8_seq_len(const unsigned char *s, size_t avail)
{
    bool ok;
    size_t n = scan_seq(s, avail, &ok);
    return ok ? n : 0;
}

bool hb_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* Bodies and headers are mostly ASCII: eight bytes per test. */
        uint64_t word;
        if (len - i >= 8 && (memcpy(&word, p + i, 8), !(word & 0x8080808080808080u))) {
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        bool ok;
        size_t n = scan_seq(p + i, len - i, &ok);
        if (!ok)
            return false;
        i += n;
    }
    return true;
}

char *hb_utf8_sanitize(struct hb_arena *a, const char *s, size_t len, size_t *out_len)
{
    if (hb_utf8_valid(s, len)) {
        if (out_len)
            *out_len = len;
        return (char *)s;
    }
    /* Worst case: every byte becomes the 3-byte U+FFFD. */
    char *out = hb_arena_alloc(a, len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        bool ok;
        size_t n = scan_seq(p + i, len - i, &ok);
        if (ok)
            memcpy(out + o, p + i, n), o += n;
        else
            memcpy(out + o, "\xEF\xBF\xBD", 3), o += 3;
        i += n;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

char *hb_latin1_to_utf8(struct hb_arena *a, const char *s, size_t len, size_t *out_len)
{
    size_t extra = 0;
    for (size_t i = 0; i < len; i++)
        extra += (unsigned char)s[i] >= 0x80;
    if (out_len)
        *out_len = len + extra;
    if (!extra)
        return (char *)s;
    char *out = hb_arena_alloc(a, len + extra + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    return out;
}
