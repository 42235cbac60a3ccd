/* SPDX-License-Identifier: MIT */
/* /drip: numbytes '*' bytes spread over duration seconds, after an initial
 * delay, with status code; as Python httpbin (defaults 2 s, 10 bytes, 200,
 * no delay). The pauses hold no thread: the
 * connection is suspended between writes. */
#include <string.h>

#include "lib/pacer.h"
#include "lib/params.h"
#include "route.h"

static long fill_drip(void *state, char *buf, size_t max, double *pause)
{
    struct hb_pacer *p = state;
    uint64_t n = hb_pacer_due(p, max);
    if (n == 0)
        return 0;
    memset(buf, '*', n);
    *pause = hb_pacer_sent(p, n);
    return (long)n;
}

/* A float argument: its default when absent; -1 when malformed or outside
 * [0, max]. */
static int seconds_arg(struct hb_request *req, const char *name, double fallback,
                       double max, double *out)
{
    const char *text = hb_request_arg(req, name);
    *out = fallback;
    if (text && hb_param_pyfloat(text, out))
        return -1;
    return *out >= 0 && *out <= max ? 0 : -1;
}

int handle_drip(struct hb_request *req, struct hb_response *res)
{
    const struct hb_config *cfg = hb_request_config(req);
    double duration, delay;
    if (seconds_arg(req, "duration", 2, cfg->max_duration, &duration))
        return hb_reply_error(res, 400, "duration must be a number of seconds from 0 to %g "
                                        "(--max-duration)", cfg->max_duration);
    if (seconds_arg(req, "delay", 0, cfg->max_duration, &delay) ||
        duration + delay > cfg->max_duration)
        return hb_reply_error(res, 400, "delay must be a number of seconds, and duration + "
                                        "delay at most %g (--max-duration)", cfg->max_duration);
    int64_t numbytes = 10, code = 200;
    const char *text = hb_request_arg(req, "numbytes");
    if ((text && hb_param_pyint(text, &numbytes)) || numbytes <= 0)
        return hb_reply_error(res, 400, "number of bytes must be positive (numbytes: a whole "
                                        "number; more than %zu is clamped)", cfg->max_drip_bytes);
    if ((uint64_t)numbytes > cfg->max_drip_bytes)
        numbytes = (int64_t)cfg->max_drip_bytes;
    text = hb_request_arg(req, "code");
    /* 1xx are interim answers: sent as the final one they hang clients. */
    if ((text && hb_param_pyint(text, &code)) || code < 200 || code > 999)
        return hb_reply_error(res, 400, "code must be a status code from 200 to 999");

    struct hb_pacer *p = hb_alloc(req, sizeof(*p));
    if (!p)
        return hb_reply_error(res, 500, "out of memory");
    /* httpbin writes a byte, then sleeps duration / numbytes. */
    hb_pacer_init(p, (uint64_t)numbytes, duration / (double)numbytes);
    hb_reply_delay(res, delay);
    return hb_reply_stream(res, (int)code, "application/octet-stream", (uint64_t)numbytes,
                           fill_drip, p);
}
