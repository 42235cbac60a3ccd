/* SPDX-License-Identifier: MIT */
/* Flask-exact JSON output (lib/pyjson.h). Input: any JSON text, loaded
 * with jansson (top-level scalars and \u0000 allowed). Asserts: every value
 * jansson accepts can be dumped, the dump is printable ASCII, loads back
 * equal, and dumping that again gives the same bytes; the spaced and
 * insertion-order variants load back equal too. */
#include "fuzz.h"

#include <jansson.h>

#include "lib/pyjson.h"

#define LOAD_FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL)

static json_t *load_back(const char *text, size_t len)
{
    json_error_t e;
    json_t *v = json_loadb(text, len, LOAD_FLAGS, &e);
    if (!v)
        fprintf(stderr, "reload failed: %s at %d: %.*s\n", e.text, e.position, (int)len, text);
    FUZZ_CHECK(v != NULL);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *v = json_loadb((const char *)data, size, LOAD_FLAGS, &e);
    if (!v)
        return 0;
    size_t len = 0;
    char *text = hb_pyjson_dump(v, &len);
    FUZZ_CHECK(text != NULL && strlen(text) == len);
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(text[i] >= 0x20 && text[i] < 0x7f);
    json_t *back = load_back(text, len);
    FUZZ_CHECK(json_equal(v, back));
    size_t len2 = 0;
    char *text2 = hb_pyjson_dump(back, &len2);
    FUZZ_CHECK(text2 && len2 == len && !memcmp(text, text2, len));

    const unsigned variants[] = { HB_PYJSON_SPACED, HB_PYJSON_INSERTION_ORDER,
                                  HB_PYJSON_SPACED | HB_PYJSON_INSERTION_ORDER };
    for (size_t k = 0; k < sizeof(variants) / sizeof(variants[0]); k++) {
        char *buf = NULL;
        size_t blen = 0, cap = 0;
        FUZZ_CHECK(hb_pyjson_append_flags(v, &buf, &blen, &cap, variants[k]) == 0);
        json_t *w = load_back(buf, blen);
        FUZZ_CHECK(json_equal(v, w));
        json_decref(w);
        free(buf);
    }
    free(text);
    free(text2);
    json_decref(back);
    json_decref(v);
    return 0;
}
