/* SPDX-License-Identifier: MIT */
/* Query and form decoding; see urlencoded.h. */
#include "urlencoded.h"

#include <string.h>

#include "utf8.h"

int hb_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

char *hb_percent_decode(struct hb_arena *a, const char *s, size_t len,
                        int plus_is_space, size_t *out_len)
{
    char *out = hb_arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < len) {
            int hi = hb_hex_value(s[i + 1]), lo = hb_hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out[o++] = (char)(hi << 4 | lo);
                i += 2;
                continue;
            }
        }
        out[o++] = (plus_is_space && c == '+') ? ' ' : c;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

/* Decodes one name or value to valid UTF-8. */
static char *decode_part(struct hb_arena *a, const char *s, size_t len, size_t *out_len)
{
    size_t n;
    char *raw = hb_percent_decode(a, s, len, 1, &n);
    if (!raw)
        return NULL;
    return hb_utf8_sanitize(a, raw, n, out_len);
}

int hb_urlencoded_parse(struct hb_arena *a, const char *s, size_t len,
                        size_t max_pairs, struct hb_kvlist *out)
{
    size_t pairs = 0;
    const char *end = s + len;
    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *piece_end = amp ? amp : end;
        if (piece_end > s) {
            if (++pairs > max_pairs)
                return -2;
            const char *eq = memchr(s, '=', (size_t)(piece_end - s));
            const char *name_end = eq ? eq : piece_end;
            size_t name_len, value_len = 0;
            char *name = decode_part(a, s, (size_t)(name_end - s), &name_len);
            char *value = eq ? decode_part(a, eq + 1, (size_t)(piece_end - eq - 1), &value_len)
                             : (char *)"";
            if (!name || !value || hb_kvlist_add(a, out, name, value, value_len))
                return -1;
        }
        s = amp ? amp + 1 : end;
    }
    return 0;
}
