/* SPDX-License-Identifier: MIT */
/* /range/{n}: n bytes "abc...zab..." (byte i is 'a' + i % 26, so every
 * request sees the same resource) honouring one Range header as Python
 * httpbin reads it: 206 for a part, 416 for what is outside, paced over
 * ?duration= seconds in writes of ?chunk_size= bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/pacer.h"
#include "lib/params.h"
#include "lib/range_header.h"
#include "route.h"

struct range_body {
    uint64_t pos, end;  /* next byte, one past the last */
    uint64_t chunk;     /* most bytes per write */
    struct hb_pacer pacer;
};

static long fill_range(void *state, char *buf, size_t max, double *pause)
{
    struct range_body *r = state;
    if (r->pos >= r->end)
        return 0;
    uint64_t n = hb_pacer_due(&r->pacer, r->chunk < max ? r->chunk : max);
    for (uint64_t i = 0; i < n; i++)
        buf[i] = (char)('a' + (r->pos + i) % 26);
    r->pos += n;
    *pause = hb_pacer_sent(&r->pacer, n);
    return (long)n;
}

int handle_range(struct hb_request *req, struct hb_response *res)
{
    const struct hb_config *cfg = hb_request_config(req);
    uint64_t n;
    if (hb_param_digits(hb_request_param(req, "n"), &n))
        return hb_reply_error(res, 400, "n must be a whole number of bytes from 1 to %zu",
                              cfg->max_bytes);
    char etag[32];
    snprintf(etag, sizeof(etag), "range%" PRIu64, n);
    hb_reply_header(res, "ETag", etag);
    hb_reply_header(res, "Accept-Ranges", "bytes");
    if (n == 0 || n > cfg->max_bytes)
        return hb_reply_error(res, 404, "number of bytes must be in the range (0, %zu] "
                                        "(--max-bytes)", cfg->max_bytes);

    int64_t chunk = 10 * 1024;
    const char *text = hb_request_arg_nocase(req, "chunk_size", NULL);
    if (text && hb_param_pyint(text, &chunk))
        return hb_reply_error(res, 400, "chunk_size must be a whole number of bytes");
    double duration = 0;
    text = hb_request_arg(req, "duration"); /* httpbin: exact case here */
    if (text && (hb_param_pyfloat(text, &duration) || !(duration >= 0) ||
                 duration > cfg->max_duration))
        return hb_reply_error(res, 400, "duration must be a number of seconds from 0 to %g "
                                        "(--max-duration)", cfg->max_duration);

    uint64_t first, last;
    if (hb_range_parse(hb_request_header(req, "Range"), n, &first, &last)) {
        char unsatisfied[48];
        snprintf(unsatisfied, sizeof(unsatisfied), "bytes */%" PRIu64, n);
        hb_reply_header(res, "Content-Range", unsatisfied);
        return hb_reply_bytes(res, 416, "text/plain; charset=utf-8", "", 0);
    }
    struct range_body *r = hb_alloc(req, sizeof(*r));
    if (!r)
        return hb_reply_error(res, 500, "out of memory");
    r->pos = first;
    r->end = last + 1;
    r->chunk = chunk < 1 ? 1 : (uint64_t)chunk;
    hb_pacer_init(&r->pacer, r->end - r->pos, duration / (double)n);

    char range[80];
    snprintf(range, sizeof(range), "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, first, last, n);
    hb_reply_header(res, "Content-Range", range);
    int status = first == 0 && last == n - 1 ? 200 : 206;
    return hb_reply_stream(res, status, "application/octet-stream", r->end - r->pos,
                           fill_range, r);
}
