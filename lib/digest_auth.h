/* SPDX-License-Identifier: MIT */
/* The credentials of an "Authorization: Digest ..." header (RFC 7616 §3.4):
 * parameters in any order, each a token or a quoted-string with backslash
 * escapes. No state: checking them is routes/digest.c's job. */
#ifndef HB_DIGEST_AUTH_H
#define HB_DIGEST_AUTH_H

#include "arena.h"

/* Longest parameter value accepted (after unquoting), as libcreq's limit. */
#define HB_DIGEST_MAX_VALUE 4096

/* Unquoted arena copies; NULL when the parameter was absent. */
struct hb_digest_credentials {
    const char *username, *realm, *nonce, *uri, *response;
    const char *algorithm, *opaque, *qop, *nc, *cnonce;
};

enum hb_digest_parse_result {
    HB_DIGEST_OK,
    /* Another scheme, or a parameter Werkzeug requires is missing
     * (username, realm, nonce, uri, response; nc and cnonce with qop):
     * httpbin answers these with a fresh challenge. */
    HB_DIGEST_ABSENT,
    /* Broken syntax, a repeated or oversized parameter, a qop other than
     * auth or auth-int, an nc that is not 8 hex digits: *why says which. */
    HB_DIGEST_MALFORMED,
};

/* Parses 'header' into *out (zeroed first). On HB_DIGEST_MALFORMED, *why is
 * a static or arena sentence for the client. Unknown parameters (userhash,
 * charset, extensions) are ignored. Out of memory counts as malformed. */
enum hb_digest_parse_result hb_digest_parse(struct hb_arena *a, const char *header,
                                            struct hb_digest_credentials *out,
                                            const char **why);

#endif
