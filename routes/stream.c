/* SPDX-License-Identifier: MIT */
/* /stream/{n}: n lines, each the /get echo plus "id", written as Python's
 * json.dumps() does (keys in insertion order, ", " and ": "), one line per
 * chunk, made as the client reads them. */
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

#include "echo.h"
#include "lib/params.h"
#include "lib/pyjson.h"
#include "route.h"

struct stream_lines {
    json_t *echo;   /* url, args, headers, origin, id: reused for each line */
    uint64_t next, count;
    char *line;     /* the current line (malloc'd, reused), and how much is left */
    size_t len, cap, off;
};

/* Python's dict keeps get_dict()'s order: url, args, headers, origin. */
static json_t *echo_in_order(struct hb_request *req)
{
    json_t *o = json_object();
    const char *url = hb_echo_url(req);
    if (!o || !url ||
        json_object_set_new(o, "url", json_string(url)) ||
        json_object_set_new(o, "args", hb_echo_semiflatten(hb_request_args(req))) ||
        json_object_set_new(o, "headers", hb_echo_headers(req)) ||
        json_object_set_new(o, "origin", json_string(hb_echo_origin(req)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static long fill_lines(void *state, char *buf, size_t max, double *pause)
{
    struct stream_lines *s = state;
    (void)pause;
    if (s->off == s->len) {
        if (s->next == s->count)
            return 0;
        s->len = s->off = 0;
        if (json_object_set_new(s->echo, "id", json_integer((json_int_t)s->next++)) ||
            hb_pyjson_append_flags(s->echo, &s->line, &s->len, &s->cap,
                                   HB_PYJSON_SPACED | HB_PYJSON_INSERTION_ORDER) ||
            s->len + 1 >= s->cap)
            return -1; /* out of memory: the appended '\n' needs a byte spare */
        s->line[s->len++] = '\n';
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->line + s->off, n);
    s->off += n;
    return (long)n;
}

/* The line buffer and the echo are freed with the request. */
static void free_lines(void *state)
{
    struct stream_lines *s = state;
    json_decref(s->echo);
    free(s->line);
}

int handle_stream(struct hb_request *req, struct hb_response *res)
{
    uint64_t n;
    unsigned max = hb_request_config(req)->max_stream;
    if (hb_param_digits(hb_request_param(req, "n"), &n))
        return hb_reply_error(res, 400, "n must be a whole number of lines (at most %u; "
                                        "larger values are clamped)", max);
    struct stream_lines *s = hb_alloc(req, sizeof(*s));
    if (!s)
        return hb_reply_error(res, 500, "out of memory");
    memset(s, 0, sizeof(*s));
    if (hb_arena_defer(hb_request_arena(req), free_lines, s))
        return hb_reply_error(res, 500, "out of memory");
    s->count = n < max ? n : max;
    s->echo = echo_in_order(req);
    if (!s->echo)
        return hb_reply_error(res, 500, "out of memory");
    return hb_reply_stream(res, 200, "application/json", HB_SIZE_UNKNOWN, fill_lines, s);
}
