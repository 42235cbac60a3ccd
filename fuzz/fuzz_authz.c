/* SPDX-License-Identifier: MIT */
/* The Authorization header: Basic credentials, Bearer tokens and the
 * constant-time comparison (lib/authz.h). Byte 0 bit 0 picks the mode,
 * bit 7 a small arena. Mode 0: the rest is a header value. Asserts: Basic
 * gives valid UTF-8 without ':' in the user; a Bearer token is a non-empty
 * tail of the header; hb_secure_equal agrees with strcmp. Mode 1: the rest
 * is "user\0pass"; "Basic " + base64(user:pass) must parse back to them
 * (when user has no ':' and both are UTF-8). */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/authz.h"
#include "lib/base64.h"
#include "lib/utf8.h"

static void parse_header(struct hb_arena *a, const char *header)
{
    const char *user, *pass, *token;
    if (hb_basic_auth_parse(a, header, &user, &pass) == 0) {
        FUZZ_CHECK(!strchr(user, ':'));
        FUZZ_CHECK(hb_utf8_valid(user, strlen(user)) && hb_utf8_valid(pass, strlen(pass)));
    }
    if (hb_bearer_parse(header, &token) == 0) {
        size_t hn = strlen(header), tn = strlen(token);
        FUZZ_CHECK(tn > 0 && tn < hn && token == header + (hn - tn));
    }
    /* The header against its own halves: equal exactly when strcmp says so. */
    size_t n = strlen(header);
    char *left = hb_arena_memdup(a, header, n / 2), *right = hb_arena_strdup(a, header + n / 2);
    if (left && right) {
        FUZZ_CHECK(hb_secure_equal(left, right) == !strcmp(left, right));
        FUZZ_CHECK(hb_secure_equal(header, header));
    }
}

static void round_trip(struct hb_arena *a, const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    char *user = fuzz_piece(&in, 0, NULL), *pass = fuzz_piece(&in, 0, NULL);
    size_t un = strlen(user), pn = strlen(pass);
    if (!strchr(user, ':') && hb_utf8_valid(user, un) && hb_utf8_valid(pass, pn)) {
        char *plain = hb_arena_printf(a, "%s:%s", user, pass);
        char *header = hb_arena_alloc(a, 6 + hb_base64_encoded_len(un + 1 + pn) + 1);
        const char *u, *p;
        if (plain && header) {
            memcpy(header, "Basic ", 6);
            hb_base64_encode(plain, un + 1 + pn, header + 6);
            int rc = hb_basic_auth_parse(a, header, &u, &p);
            if (rc == 0)
                FUZZ_CHECK(!strcmp(u, user) && !strcmp(p, pass));
            else
                FUZZ_CHECK(a->limit != 0); /* only out of memory may fail */
        }
    }
    free(user);
    free(pass);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_header_or_round_trip(data, size, parse_header, round_trip);
}
