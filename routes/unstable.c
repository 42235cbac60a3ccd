/* SPDX-License-Identifier: MIT */
/* /unstable (from go-httpbin): 500 with probability ?failure_rate= (default
 * 0.5), else 200; both with an empty text/plain body, as go-httpbin sends.
 * ?seed= makes the draw repeatable: it is Python's random.Random(seed).random(),
 * since Go's math/rand sequence cannot be reproduced here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pyrandom.h"
#include "lib/random.h"
#include "route.h"

/* The first value of query argument 'name', or NULL. */
static const struct hb_kv *first_arg(struct hb_request *req, const char *name)
{
    const struct hb_kvlist *args = hb_request_args(req);
    for (size_t i = 0; i < args->count; i++)
        if (strcmp(args->items[i].name, name) == 0)
            return &args->items[i];
    return NULL;
}

/* A float as go's strconv.ParseFloat reads it (no surrounding spaces), in
 * [0, 1]. NaN and infinities are refused. */
static bool parse_rate(const struct hb_kv *arg, double *out)
{
    const char *text = arg->value;
    char *end;
    if (*text == '\0' || *text == ' ' || (*text >= '\t' && *text <= '\r'))
        return false;
    double v = strtod(text, &end);
    if (end != text + arg->len || !isfinite(v) || v < 0 || v > 1) /* %00 stops strtod short */
        return false;
    *out = v;
    return true;
}

/* The draw in [0, 1): seeded as Python would, or from the server's source. */
static int draw(struct hb_request *req, const struct hb_kv *seed, double *out)
{
    if (!seed || seed->len == 0) {
        *out = hb_random_unit();
        return 0;
    }
    struct hb_pyrandom *r = hb_alloc(req, sizeof(*r));
    if (!r)
        return -2;
    if (hb_pyrandom_seed_textn(r, seed->value, seed->len) != 0)
        return -1;
    *out = hb_pyrandom_random(r);
    return 0;
}

int handle_unstable(struct hb_request *req, struct hb_response *res)
{
    double rate = 0.5, x;
    const struct hb_kv *given = first_arg(req, "failure_rate");
    /* An empty value means "not given", as in go-httpbin. */
    if (given && given->len > 0 && !parse_rate(given, &rate))
        return hb_reply_error(res, 400, "failure_rate must be a number from 0 to 1");
    int rc = draw(req, first_arg(req, "seed"), &x);
    if (rc == -2)
        return hb_reply_error(res, 500, "out of memory");
    if (rc == -1)
        return hb_reply_error(res, 400,
                              "seed must be a decimal integer (optional sign, at most %d digits)",
                              HB_PYRANDOM_MAX_DIGITS);
    return hb_reply_bytes(res, x < rate ? 500 : 200, "text/plain; charset=utf-8", "", 0);
}
