/* SPDX-License-Identifier: MIT */
/* creq-check, timing group: /delay against read timeouts, and the streaming
 * endpoints (/stream, /drip, /range, /bytes) pulled with CREQ_STREAM. Rows
 * for an endpoint the server answers with 404 are skipped. */
#include <stdio.h>
#include <string.h>

#include "check_http.h"
#include "check_table.h"
#include "checks.h"

/* ---- delays ------------------------------------------------------------------- */

struct delay_case {
    const char *path;
    double timeout;      /* read (and connect) timeout of the request */
    bool times_out;      /* ReadTimeout, else 200 */
    double min_s, max_s; /* how long the call may take */
    bool slow;           /* left out by --quick */
};

/* Upper bounds stay far from the answer they tell apart (a busy machine
 * adds seconds): a timeout that fires must end the call well before the
 * 3 s delay would; a delay must not come early, however late it comes. */
static const struct delay_case delay_cases[] = {
    { "/delay/3", 0.3, true, 0.29, 2.5, true },
    { "/delay/0.2", 10.0, false, 0.19, 10.0, false },
};

static void check_delay(struct ck_ctx *c, const struct delay_case *k)
{
    char check[128], expected[96];
    snprintf(check, sizeof(check), "GET %s timeout %g", k->path, k->timeout);
    snprintf(expected, sizeof(expected), "%s in %.1f-%.1f s",
             k->times_out ? "ReadTimeout" : "200", k->min_s, k->max_s);
    creq_error err;
    double t0 = ck_now();
    creq_response *r = ck_call(c, "GET", k->path, CREQ_OPTS(.timeout = k->timeout), &err);
    double took = ck_now() - t0;
    bool in_time = took >= k->min_s && took <= k->max_s;
    if (!r) {
        bool ok = k->times_out && err.code == CREQ_EREAD_TIMEOUT && in_time;
        ck_row(ok ? CK_PASS : CK_FAIL, check, expected, "%s in %.2f s", creq_strerror(err.code),
               took);
        return;
    }
    int st = creq_response_status(r);
    bool ok = !k->times_out && st == 200 && in_time;
    ck_row(ok ? CK_PASS : CK_FAIL, check, expected, "%d in %.2f s", st, took);
    creq_response_free(r);
}

/* ---- streams ------------------------------------------------------------------ */

enum stream_kind { STREAM_LINES, STREAM_BYTES };

struct stream_case {
    const char *path;
    enum stream_kind kind;
    const creq_kv *headers;          /* sent with the request */
    int status;
    size_t count;                    /* JSON lines (with "id" 0, 1, ...) or bytes */
    const char *header, *header_has; /* a header of the answer, and part of it */
    const char *prefix;              /* how the body starts; NULL: any bytes */
    double min_s;                    /* how long the body takes to arrive */
    bool slow;
};

static const creq_kv range_10_19[] = { { "Range", "bytes=10-19" }, { 0 } };

static const struct stream_case stream_cases[] = {
    { "/stream/5", STREAM_LINES, NULL, 200, 5, "Content-Type", "application/json", NULL, 0,
      false },
    { "/drip?numbytes=5&duration=0.5&delay=0", STREAM_BYTES, NULL, 200, 5, "Content-Type",
      "application/octet-stream", "*****", 0.4, true },
    { "/range/100", STREAM_BYTES, NULL, 200, 100, "Accept-Ranges", "bytes", "abcdefghij", 0,
      false },
    { "/range/100", STREAM_BYTES, range_10_19, 206, 10, "Content-Range", "bytes 10-19/100",
      "klmnopqrst", 0, false },
    { "/bytes/16", STREAM_BYTES, NULL, 200, 16, "Content-Type", "application/octet-stream", NULL,
      0, false },
};

/* Reads JSON lines; notes how many there were and whether each had the
 * next "id". */
static void read_lines(struct ck_got *g, creq_response *r, size_t want)
{
    const char *line;
    creq_error err;
    ssize_t n;
    size_t count = 0, good = 0;
    while ((n = creq_response_readline(r, &line, &err)) > 0 || (n == 0 && line)) {
        json_t *j = json_loadb(line, (size_t)n, 0, NULL);
        good += json_integer_value(json_object_get(j, "id")) == (json_int_t)count &&
                json_is_integer(json_object_get(j, "id"));
        json_decref(j);
        count++;
    }
    if (n < 0)
        ck_note(g, false, "%s: %s", creq_strerror(err.code), err.message);
    ck_note(g, count == want && good == want, "%zu lines, %zu with the right id", count, good);
}

/* Reads the body; notes its length and whether it starts with prefix. */
static void read_bytes(struct ck_got *g, creq_response *r, size_t want, const char *prefix)
{
    char buf[4096], head[32] = "";
    size_t total = 0, plen = prefix ? strlen(prefix) : 0;
    creq_error err;
    ssize_t n;
    while ((n = creq_response_read(r, buf, sizeof(buf), &err)) > 0) {
        if (total < sizeof(head) - 1) {
            size_t take = sizeof(head) - 1 - total < (size_t)n ? sizeof(head) - 1 - total
                                                               : (size_t)n;
            memcpy(head + total, buf, take);
            head[total + take] = '\0';
        }
        total += (size_t)n;
    }
    if (n < 0)
        ck_note(g, false, "%s: %s", creq_strerror(err.code), err.message);
    ck_note(g, total == want, "%zu bytes", total);
    if (prefix) {
        bool ok = total >= plen && !memcmp(head, prefix, plen);
        ck_note(g, ok, "starts %.*s", (int)(plen < total ? plen : total), head);
    }
}

static void check_stream(struct ck_ctx *c, const struct stream_case *k)
{
    char check[128], expected[160];
    snprintf(check, sizeof(check), "GET %s%s streamed", k->path, k->headers ? " (Range)" : "");
    int n = snprintf(expected, sizeof(expected), "%d, %s has %s, %zu %s", k->status, k->header,
                     k->header_has, k->count, k->kind == STREAM_LINES ? "JSON lines" : "bytes");
    if (k->prefix)
        n += snprintf(expected + n, sizeof(expected) - (size_t)n, ", starts %s", k->prefix);
    if (k->min_s > 0)
        snprintf(expected + n, sizeof(expected) - (size_t)n, ", over %.1f s", k->min_s);
    creq_error err;
    double t0 = ck_now();
    creq_response *r = ck_call(c, "GET", k->path,
                               CREQ_OPTS(.flags = CREQ_STREAM, .headers = k->headers), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    if (ck_missing(r)) {
        ck_row(CK_SKIP, check, expected, "404: not implemented");
        creq_response_free(r);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, k->status);
    const char *h = creq_response_header(r, k->header);
    ck_note(&g, h && strstr(h, k->header_has), "%s: %s", k->header, h ? h : "(none)");
    if (k->kind == STREAM_LINES)
        read_lines(&g, r, k->count);
    else
        read_bytes(&g, r, k->count, k->prefix);
    double took = ck_now() - t0;
    if (k->min_s > 0)
        ck_note(&g, took >= k->min_s, "over %.2f s", took);
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

void ck_timing(struct ck_ctx *c)
{
    for (size_t i = 0; i < sizeof(delay_cases) / sizeof(delay_cases[0]); i++)
        if (!c->quick || !delay_cases[i].slow)
            check_delay(c, &delay_cases[i]);
    for (size_t i = 0; i < sizeof(stream_cases) / sizeof(stream_cases[0]); i++)
        if (!c->quick || !stream_cases[i].slow)
            check_stream(c, &stream_cases[i]);
}
