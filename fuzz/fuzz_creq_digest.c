/* SPDX-License-Identifier: MIT */
/* libcreq's WWW-Authenticate reading (client/digest.h): the Digest
 * challenge a server sends, then the Authorization answer built from it.
 * Input: the header value. Asserts: a parsed challenge has a non-empty
 * nonce and no kept value over CREQ__DIGEST_MAX_VALUE; a refused one leaves
 * the state untouched; an answer is one line (no CR, LF or NUL) starting
 * "Digest " and naming the nonce count 00000001. */
#include "fuzz.h"

#include "client/digest.h"

static void check_len(const char *v)
{
    FUZZ_CHECK(!v || strlen(v) <= CREQ__DIGEST_MAX_VALUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = fuzz_cstr(data, size);
    struct creq__digest d;
    creq__digest_init(&d);
    d.realm = strdup("before"); /* a refusal must keep what was there */
    if (!d.realm)
        abort();
    if (creq__digest_parse_challenge(&d, header) == 0) {
        FUZZ_CHECK(d.nonce && *d.nonce);
        check_len(d.realm);
        check_len(d.nonce);
        check_len(d.opaque);
        check_len(d.qop_options);
        check_len(d.algorithm);
        char *answer = creq__digest_authorization(&d, "user", "pass", "GET", "/x?y=1",
                                                  "body", 4, "0a4f113b");
        if (answer) {
            FUZZ_CHECK(!strncmp(answer, "Digest ", 7) && !strpbrk(answer, "\r\n"));
            FUZZ_CHECK(!d.qop_options || !*d.qop_options || strstr(answer, "nc=00000001"));
            free(answer);
        }
    } else {
        FUZZ_CHECK(!strcmp(d.realm, "before") && !d.nonce && !d.algorithm);
    }
    creq__digest_cleanup(&d);
    free(header);
    return 0;
}
