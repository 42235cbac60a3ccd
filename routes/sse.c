/* SPDX-License-Identifier: MIT */
/* /sse: go-httpbin's server-sent events. count "ping" events (default 10)
 * spread over duration (default 5 s; the last event ends it), after an
 * initial delay (default 0); each carries {"id": i, "timestamp": unix ms}.
 * Durations are Go's ("250ms", "1.5s") or seconds. Paced without holding a
 * thread, like /drip. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/pacer.h"
#include "lib/params.h"
#include "route.h"

struct sse {
    struct hb_pacer pacer;  /* in events */
    char event[96];         /* the event being written, and how much is left */
    size_t len, off;
};

static long long unix_millis(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long fill_events(void *state, char *buf, size_t max, double *pause)
{
    struct sse *s = state;
    if (s->off == s->len) {
        if (hb_pacer_due(&s->pacer, 1) == 0)
            return 0;
        /* Written as go-httpbin's json.Encoder does: compact, then "\n\n". */
        int n = snprintf(s->event, sizeof(s->event),
                         "event: ping\ndata: {\"id\":%llu,\"timestamp\":%lld}\n\n",
                         (unsigned long long)s->pacer.sent, unix_millis());
        s->len = n > 0 && (size_t)n < sizeof(s->event) ? (size_t)n : 0;
        s->off = 0;
        if (!s->len)
            return -1;
        /* Paced per event: the next one waits whether or not this one fits. */
        *pause = hb_pacer_sent(&s->pacer, 1);
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->event + s->off, n);
    s->off += n;
    return (long)n;
}

static int duration_arg(struct hb_request *req, const char *name, double fallback,
                        double min, double max, double *out)
{
    const char *text = hb_request_arg(req, name);
    *out = fallback;
    if (text && hb_param_duration(text, out))
        return -1;
    return *out >= min && *out <= max ? 0 : -1;
}

int handle_sse(struct hb_request *req, struct hb_response *res)
{
    const struct hb_config *cfg = hb_request_config(req);
    int64_t count = 10;
    const char *text = hb_request_arg(req, "count");
    if ((text && hb_param_pyint(text, &count)) || count < 1 ||
        (uint64_t)count > cfg->max_sse_events)
        return hb_reply_error(res, 400, "count must be a whole number of events from 1 to %u "
                                        "(--max-sse-events)", cfg->max_sse_events);
    double duration, delay;
    if (duration_arg(req, "duration", 5, 1e-9, cfg->max_duration, &duration))
        return hb_reply_error(res, 400, "duration must be a Go duration (250ms, 2s) or seconds, "
                                        "above 0 and at most %g s (--max-duration)",
                              cfg->max_duration);
    if (duration_arg(req, "delay", 0, 0, cfg->max_duration, &delay) ||
        duration + delay > cfg->max_duration)
        return hb_reply_error(res, 400, "delay must be a Go duration or seconds, and duration + "
                                        "delay at most %g s (--max-duration)", cfg->max_duration);
    struct sse *s = hb_alloc(req, sizeof(*s));
    if (!s)
        return hb_reply_error(res, 500, "out of memory");
    memset(s, 0, sizeof(*s));
    /* go-httpbin pauses count - 1 times, so the last event ends the duration. */
    hb_pacer_init(&s->pacer, (uint64_t)count, count > 1 ? duration / (double)(count - 1) : 0);
    hb_reply_header(res, "Cache-Control", "no-cache");
    hb_reply_delay(res, delay);
    return hb_reply_stream(res, 200, "text/event-stream; charset=utf-8", HB_SIZE_UNKNOWN,
                           fill_events, s);
}
