/* SPDX-License-Identifier: MIT */
/* The request-body JSON reader (lib/json_load.h) against jansson's own
 * decoder. Input: one byte for the depth limit, then the text. Asserts, for
 * every valid UTF-8 text: both accept it with equal values, or both refuse
 * it; the only allowed differences are a key holding \u0000 (ours keeps it,
 * as Python does), a raw NUL byte (jansson ends the text there; ours
 * refuses it, as Python does) and nesting past the limit (too deep). */
#include "fuzz.h"

#include <jansson.h>

#include "lib/json_load.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* Mostly past anything a short input can nest; sometimes a small limit. */
    unsigned max_depth = data[0] < 32 ? data[0] : 2000;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    if (!hb_utf8_valid(text, len))
        return 0;
    char *copy = malloc(len ? len : 1); /* exactly sized: ASan sees overreads */
    FUZZ_CHECK(copy != NULL);
    if (len)
        memcpy(copy, text, len);

    enum hb_json_load_status status = HB_JSON_NOMEM;
    json_t *ours = hb_json_load(copy, len, max_depth, &status);
    json_error_t e;
    json_t *ref = json_loadb(copy, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);

    FUZZ_CHECK((ours != NULL) == (status == HB_JSON_LOADED));
    FUZZ_CHECK(status != HB_JSON_NOMEM);
    if (memchr(copy, '\0', len)) {
        /* A raw NUL is never JSON (Python says so); jansson stops reading
         * at one and may accept what came before it. */
        FUZZ_CHECK(status != HB_JSON_LOADED);
    } else if (status == HB_JSON_LOADED) {
        if (!ref)
            FUZZ_CHECK(json_error_code(&e) == json_error_null_byte_in_key);
        else
            FUZZ_CHECK(json_equal(ours, ref));
    } else if (status == HB_JSON_INVALID) {
        if (ref)
            fprintf(stderr, "jansson accepts what we refuse: %.*s\n", (int)len, copy);
        FUZZ_CHECK(ref == NULL);
    }
    json_decref(ours);
    json_decref(ref);
    free(copy);
    return 0;
}
