/* SPDX-License-Identifier: MIT */
/* The Authorization header: Basic credentials and Bearer tokens, plus a
 * constant-time comparison for secrets. */
#ifndef HB_AUTHZ_H
#define HB_AUTHZ_H

#include <stdbool.h>

#include "arena.h"

/* "Basic <base64 of user:pass>" (scheme case-insensitive). 0 and arena
 * strings in *user and *pass, or -1 when it is not valid Basic credentials
 * (other scheme, bad base64, no ':', not UTF-8). */
int hb_basic_auth_parse(struct hb_arena *a, const char *header, const char **user,
                        const char **pass);
/* "Bearer <token>": 0 and the token (borrowed from 'header'), or -1. */
int hb_bearer_parse(const char *header, const char **token);
/* Equal strings, in time that depends only on their lengths. */
bool hb_secure_equal(const char *a, const char *b);

#endif
