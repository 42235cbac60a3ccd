/* SPDX-License-Identifier: MIT */
/* Header parameters as Werkzeug's parse_options_header() reads them
 * (lib/header_params.h): Content-Type and Content-Disposition values.
 * Byte 0: bit 0 UTF-8 (part headers) or Latin-1 (request headers), bit 1
 * the mode, bit 7 a small arena. Mode 0: the rest is a header value.
 * Asserts: a parameter is SET exactly when it has pieces, its string has no
 * NUL and is as long as its pieces; str.strip() stays inside its input and
 * is idempotent. Mode 1: the rest is a value v (without '"', '\\', LF,
 * NUL), and `form-data; name="v"` must give back name == v. */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/header_params.h"
#include "lib/utf8.h"

static const char *const keys[] = { "name", "filename", "boundary", "charset" };
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void parse_value(struct hb_arena *a, const char *s, size_t len, bool utf8)
{
    struct hb_param params[NKEYS];
    for (size_t k = 0; k < NKEYS; k++)
        params[k].key = keys[k];
    int rc = hb_params_parse(a, s, len, utf8, params, NKEYS);
    FUZZ_CHECK(rc == 0 || rc == HB_PARAMS_EMALFORMED || rc == HB_PARAMS_ENOMEM);
    for (size_t k = 0; rc == 0 && k < NKEYS; k++) {
        const struct hb_param *p = &params[k];
        FUZZ_CHECK((p->state == HB_PARAM_SET) == (p->head != NULL));
        if (p->state != HB_PARAM_SET)
            continue;
        size_t total = 0;
        for (const struct hb_param_seg *sg = p->head; sg; sg = sg->next)
            total += sg->len;
        const char *str;
        if (hb_param_string(a, p, &str) == 0)
            FUZZ_CHECK(strlen(str) == total);
    }
    /* The strip helper, on what it is specified for. */
    if (!utf8 || hb_utf8_valid(s, len)) {
        size_t start = 0, end = len;
        hb_params_strip(s, &start, &end, utf8);
        FUZZ_CHECK(start <= end && end <= len);
        size_t start2 = start, end2 = end;
        hb_params_strip(s, &start2, &end2, utf8);
        FUZZ_CHECK(start2 == start && end2 == end);
    }
}

static void round_trip(struct hb_arena *a, const char *v, size_t len, bool utf8)
{
    if (memchr(v, '"', len) || memchr(v, '\\', len) || memchr(v, '\n', len) ||
        memchr(v, '\0', len))
        return;
    char *value = malloc(len + 32);
    if (!value)
        abort();
    int n = snprintf(value, len + 32, "form-data; name=\"%.*s\"", (int)len, v);
    struct hb_param p = { "name", HB_PARAM_ABSENT, NULL, NULL };
    const char *got;
    int rc = hb_params_parse(a, value, (size_t)n, utf8, &p, 1);
    if (rc != HB_PARAMS_ENOMEM) {
        FUZZ_CHECK(rc == 0 && p.state == HB_PARAM_SET);
        rc = hb_param_string(a, &p, &got);
        FUZZ_CHECK(rc == 0 || rc == HB_PARAMS_ENOMEM);
        if (rc == 0)
            FUZZ_CHECK(strlen(got) == len && !memcmp(got, v, len));
    }
    free(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool utf8 = data[0] & 1;
    size_t len = size - 1;
    char *s = malloc(len ? len : 1); /* a length, not a terminator */
    if (!s)
        abort();
    memcpy(s, data + 1, len);
    struct hb_arena a;
    hb_arena_init(&a, data[0] & 0x80 ? 4096 : 0);
    if (data[0] & 2)
        round_trip(&a, s, len, utf8);
    else
        parse_value(&a, s, len, utf8);
    hb_arena_cleanup(&a);
    free(s);
    return 0;
}
