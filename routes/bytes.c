/* SPDX-License-Identifier: MIT */
/* /bytes/{n} and /stream-bytes/{n}: n random bytes (clamped to --max-bytes,
 * as httpbin clamps to 100 KiB). With ?seed= they are the very bytes Python
 * httpbin sends: random.seed(seed), then randint(0, 255) per byte; without
 * a seed, any random bytes do, and a fast generator makes them. Made as
 * they are sent: /bytes with a Content-Length, /stream-bytes chunked in
 * ?chunk_size= pieces. */
#include <string.h>

#include "lib/params.h"
#include "lib/pyrandom.h"
#include "lib/random.h"
#include "route.h"

struct random_body {
    struct hb_pyrandom rng; /* with ?seed= only */
    int seeded;
    uint64_t left;
    size_t chunk; /* most bytes per write: one HTTP chunk each */
};

static long fill_random(void *state, char *buf, size_t max, double *pause)
{
    struct random_body *b = state;
    (void)pause;
    size_t n = b->chunk < max ? b->chunk : max;
    if (n > b->left)
        n = (size_t)b->left;
    if (b->seeded)
        hb_pyrandom_bytes(&b->rng, (unsigned char *)buf, n);
    else
        hb_random_fill(buf, n);
    b->left -= n;
    return (long)n; /* 0 once all are sent: the end */
}

/* Reads n and ?seed= (httpbin looks seed up without regard to case) into
 * *out. 0, or the status of the error it replied with. */
static int start(struct hb_request *req, struct hb_response *res, struct random_body **out)
{
    size_t max = hb_request_config(req)->max_bytes;
    uint64_t n;
    if (hb_param_digits(hb_request_param(req, "n"), &n))
        return hb_reply_error(res, 400, "n must be a whole number of bytes (at most %zu; "
                                        "larger values are clamped; --max-bytes)", max);
    struct random_body *b = *out = hb_alloc(req, sizeof(*b));
    if (!b)
        return hb_reply_error(res, 500, "out of memory");
    b->left = n < max ? n : max;
    b->chunk = 64 * 1024;
    size_t len;
    const char *seed = hb_request_arg_nocase(req, "seed", &len);
    b->seeded = seed != NULL;
    if (seed && hb_pyrandom_seed_textn(&b->rng, seed, len)) {
        return hb_reply_error(res, 400, "seed must be a whole number (Python's int(): digits, "
                                        "an optional sign, at most %d digits)",
                              HB_PYRANDOM_MAX_DIGITS);
    }
    return 0;
}

int handle_bytes(struct hb_request *req, struct hb_response *res)
{
    struct random_body *b;
    int error = start(req, res, &b);
    if (error)
        return error;
    return hb_reply_stream(res, 200, "application/octet-stream", b->left, fill_random, b);
}

int handle_stream_bytes(struct hb_request *req, struct hb_response *res)
{
    struct random_body *b;
    int error = start(req, res, &b);
    if (error)
        return error;
    int64_t chunk = 10 * 1024;
    const char *text = hb_request_arg_nocase(req, "chunk_size", NULL);
    if (text && hb_param_pyint(text, &chunk))
        return hb_reply_error(res, 400, "chunk_size must be a whole number of bytes");
    /* httpbin: max(1, chunk_size); past the reader's buffer it changes nothing. */
    b->chunk = chunk < 1 ? 1 : chunk > 1 << 20 ? 1 << 20 : (size_t)chunk;
    return hb_reply_stream(res, 200, "application/octet-stream", HB_SIZE_UNKNOWN,
                           fill_random, b);
}
