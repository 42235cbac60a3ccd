/* SPDX-License-Identifier: MIT */
/* Header parameters as Werkzeug's parse_options_header() reads them:
 * quoting, RFC 2231 continuations and charsets, its quirks included. */
#ifndef HB_HEADER_PARAMS_H
#define HB_HEADER_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define HB_PARAMS_EMALFORMED (-1) /* where Werkzeug raises */
#define HB_PARAMS_ENOMEM (-3)

enum hb_param_state {
    HB_PARAM_ABSENT,
    HB_PARAM_NONE, /* Python's None: the parameter had no value */
    HB_PARAM_SET,
};

struct hb_param_seg {
    struct hb_param_seg *next;
    const char *p;
    size_t len;
};

/* One parameter as Werkzeug's options dict ends up holding it. RFC 2231
 * continuations (name*0, name*1) append, so the value is a list of pieces
 * joined once at the end: joining as we go would be quadratic. */
struct hb_param {
    const char *key; /* lower case */
    enum hb_param_state state;
    struct hb_param_seg *head, **tail;
};

/* Fills each of params[0..n) (their key set by the caller, lower case) from
 * a header value; bytes >= 0x80 are UTF-8 when utf8, else Latin-1. Returns 0,
 * HB_PARAMS_EMALFORMED or HB_PARAMS_ENOMEM. */
int hb_params_parse(struct hb_arena *a, const char *value, size_t len, bool utf8,
                    struct hb_param *params, size_t n);
/* The parameter as an arena C string; HB_PARAMS_EMALFORMED when it holds NUL. */
int hb_param_string(struct hb_arena *a, const struct hb_param *p, const char **out);
/* Python's str.strip() on s[*start..*end). */
void hb_params_strip(const char *s, size_t *start, size_t *end, bool utf8);
/* k[0..n) equals 'want' (lower case) ignoring ASCII case. */
bool hb_params_key_is(const char *k, size_t n, const char *want);

#endif
