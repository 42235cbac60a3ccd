/* SPDX-License-Identifier: MIT */
/* Query strings and application/x-www-form-urlencoded bodies
 * (lib/urlencoded.h). Input: byte 0 picks max_pairs (0-31, or 255 as
 * "many") and the arena limit, the rest is the text. Asserts: pairs never
 * exceed max_pairs, -2 exactly when the non-empty pieces do, every name and
 * value is valid UTF-8 and NUL-terminated at its length; percent-decoding
 * never grows the text, and %XX-encoding every byte decodes back to it. */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/kvlist.h"
#include "lib/urlencoded.h"
#include "lib/utf8.h"

/* The non-empty '&'-separated pieces: what hb_urlencoded_parse counts. */
static size_t count_pieces(const char *s, size_t len)
{
    size_t pieces = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '&') {
            run++;
            continue;
        }
        pieces += run > 0;
        run = 0;
    }
    return pieces + (run > 0);
}

static void check_round_trip(struct hb_arena *a, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    char *enc = hb_arena_alloc(a, 3 * len + 1);
    if (!enc)
        return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        enc[3 * i] = '%';
        enc[3 * i + 1] = hex[c >> 4];
        enc[3 * i + 2] = hex[c & 15];
    }
    size_t out_len = 0;
    char *dec = hb_percent_decode(a, enc, 3 * len, 1, &out_len);
    if (dec)
        FUZZ_CHECK(out_len == len && !memcmp(dec, s, len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max_pairs = (data[0] & 0x7f) == 0x7f ? 100000 : data[0] & 0x1f;
    size_t limit = data[0] & 0x80 ? 4096 : 0; /* small: the out-of-memory paths */
    /* Not NUL-terminated on purpose: the parser is given a length. */
    size_t len = size - 1;
    char *s = malloc(len ? len : 1);
    if (!s)
        return 0;
    memcpy(s, data + 1, len);

    struct hb_arena a;
    hb_arena_init(&a, limit);
    struct hb_kvlist list = { NULL, 0, 0 };
    int rc = hb_urlencoded_parse(&a, s, len, max_pairs, &list);
    FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2);
    FUZZ_CHECK(list.count <= max_pairs);
    size_t pieces = count_pieces(s, len);
    if (rc == 0)
        FUZZ_CHECK(list.count == pieces);
    if (rc == -2)
        FUZZ_CHECK(pieces > max_pairs);
    for (size_t i = 0; i < list.count; i++) {
        const struct hb_kv *kv = &list.items[i];
        FUZZ_CHECK(hb_utf8_valid(kv->name, strlen(kv->name)));
        FUZZ_CHECK(hb_utf8_valid(kv->value, kv->len) && kv->value[kv->len] == '\0');
    }

    for (int plus = 0; plus <= 1; plus++) {
        size_t out_len = 0;
        char *dec = hb_percent_decode(&a, s, len, plus, &out_len);
        if (!dec)
            continue;
        FUZZ_CHECK(out_len <= len && dec[out_len] == '\0');
        if (!memchr(s, '%', len))
            for (size_t i = 0; i < len; i++)
                FUZZ_CHECK(dec[i] == (plus && s[i] == '+' ? ' ' : s[i]));
    }
    check_round_trip(&a, s, len);
    hb_arena_cleanup(&a);
    free(s);
    return 0;
}
