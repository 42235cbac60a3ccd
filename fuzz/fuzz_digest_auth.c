/* SPDX-License-Identifier: MIT */
/* "Authorization: Digest ..." credentials (lib/digest_auth.h). Byte 0
 * bit 0 picks the mode, bit 7 a small arena. Mode 0: the rest is a header
 * value. Asserts: OK means every required field is there, qop is auth or
 * auth-int, nc is 8 hex digits, no value is over HB_DIGEST_MAX_VALUE;
 * MALFORMED comes with a reason. Mode 1: the rest is seven values split on
 * NUL, written by us as quoted-strings with backslash escapes; they must
 * parse back exactly (or be refused when one holds a control character or
 * is too long). */
#include "fuzz.h"

#include <stdbool.h>

#include "lib/arena.h"
#include "lib/digest_auth.h"

static bool is_nc(const char *s)
{
    return strlen(s) == 8 && strspn(s, "0123456789abcdefABCDEF") == 8;
}

static void check_value(const char *v)
{
    FUZZ_CHECK(!v || strlen(v) <= HB_DIGEST_MAX_VALUE);
}

static void parse_header(struct hb_arena *a, const char *header)
{
    struct hb_digest_credentials c;
    const char *why = NULL;
    enum hb_digest_parse_result r = hb_digest_parse(a, header, &c, &why);
    if (r == HB_DIGEST_MALFORMED)
        FUZZ_CHECK(why && *why);
    if (r != HB_DIGEST_OK)
        return;
    FUZZ_CHECK(c.username && c.realm && c.nonce && c.uri && c.response);
    FUZZ_CHECK(!c.qop || !strcmp(c.qop, "auth") || !strcmp(c.qop, "auth-int"));
    FUZZ_CHECK(!c.qop || (c.nc && c.cnonce && *c.cnonce));
    FUZZ_CHECK(!c.nc || is_nc(c.nc));
    const char *all[] = { c.username, c.realm, c.nonce, c.uri, c.response,
                          c.algorithm, c.opaque, c.qop, c.nc, c.cnonce };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        check_value(all[i]);
}

static void round_trip(struct hb_arena *a, const uint8_t *data, size_t size)
{
    static const char *const names[] = { "username", "realm", "nonce", "uri",
                                         "response", "opaque", "algorithm" };
    enum { N = sizeof(names) / sizeof(names[0]) };
    struct fuzz_input in = { data, size };
    char *values[N];
    size_t total = 64;
    bool refusable = false;
    for (size_t i = 0; i < N; i++) {
        size_t n;
        values[i] = fuzz_piece(&in, 0, &n);
        total += strlen(names[i]) + 2 * n + 8;
        for (const char *p = values[i]; *p; p++)
            refusable |= (*p != '\t' && (unsigned char)*p < 0x20) || *p == 0x7f;
        refusable |= n > HB_DIGEST_MAX_VALUE;
    }
    char *header = malloc(total), *o = header;
    if (!header)
        abort();
    o += sprintf(o, "Digest ");
    for (size_t i = 0; i < N; i++) {
        o += sprintf(o, "%s%s=\"", i ? ", " : "", names[i]);
        for (const char *p = values[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                *o++ = '\\';
            *o++ = *p;
        }
        *o++ = '"';
    }
    *o = '\0';
    struct hb_digest_credentials c;
    const char *why = NULL;
    enum hb_digest_parse_result r = hb_digest_parse(a, header, &c, &why);
    if (refusable || a->limit) {
        FUZZ_CHECK(r == HB_DIGEST_OK || r == HB_DIGEST_MALFORMED);
    } else {
        FUZZ_CHECK(r == HB_DIGEST_OK);
    }
    if (r == HB_DIGEST_OK) {
        const char *got[N] = { c.username, c.realm, c.nonce, c.uri,
                               c.response, c.opaque, c.algorithm };
        for (size_t i = 0; i < N; i++)
            FUZZ_CHECK(got[i] && !strcmp(got[i], values[i]));
    }
    for (size_t i = 0; i < N; i++)
        free(values[i]);
    free(header);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_header_or_round_trip(data, size, parse_header, round_trip);
}
