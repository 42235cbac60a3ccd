/* SPDX-License-Identifier: MIT */
/* HTTP/2's own behaviour, correct and bounded: SETTINGS, the stream limit,
 * PING, RST_STREAM of one stream, flow control, GOAWAY at shutdown, the
 * idle and header timeouts; and the attacks on HTTP/2 servers (rapid
 * reset, CONTINUATION floods, HPACK bombs) cost the server little. The
 * client is tests/lib/h2_wire.c on a raw socket (h2c with prior
 * knowledge), so frames the libraries refuse to make can be sent. Every
 * claim is an event (a frame, a close); memory and CPU are read from
 * /proc with bounds far from what the server needs. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h2_wire.h"
#include "harness.h"

#define MAX_STREAMS 4          /* --h2-max-streams in the protocol fixture */
#define MAX_HEADER_BYTES 8192  /* the default --max-header-bytes */

/* --- the server, as /proc sees it -------------------------------------- */

/* A line of /proc/<pid>/status in kB: "VmRSS", or "VmHWM" (the peak). */
static long server_status_kb(const char *field)
{
    char path[64], line[256], format[32];
    long kb = -1;
    snprintf(path, sizeof(path), "/proc/%d/status", harness_server_pid());
    snprintf(format, sizeof(format), "%s: %%ld", field);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, format, &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* Sets the server's peak RSS back to its RSS now (Linux 4.0): 0, or -1. */
static int server_reset_peak(void)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/clear_refs", harness_server_pid());
    FILE *f = fopen(path, "w");
    int rc = f && fputs("5", f) >= 0 ? 0 : -1;
    if (f && fclose(f))
        rc = -1;
    return rc;
}

/* User and system CPU seconds the server has used so far. */
static double server_cpu_seconds(void)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", harness_server_pid());
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command may hold spaces */
    unsigned long utime = 0, stime = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
                     &stime) != 2)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* --- fixtures ----------------------------------------------------------- */

static void base_config(struct hb_config *cfg)
{
    hb_config_defaults(cfg);
    cfg->threads = 2;
    cfg->log_format = HB_LOG_OFF;
    cfg->shutdown_grace = 2;
}

static void start_protocol(void)
{
    struct hb_config cfg;
    base_config(&cfg);
    cfg.h2_max_streams = MAX_STREAMS;
    harness_start_with(&cfg);
}

static void start_idle(void)
{
    struct hb_config cfg;
    base_config(&cfg);
    cfg.connection_timeout = 1;
    harness_start_with(&cfg);
}

/* The header timeout alone: the idle one is far past every wait. */
static void start_header(void)
{
    struct hb_config cfg;
    base_config(&cfg);
    cfg.header_timeout = 1;
    cfg.connection_timeout = 600;
    harness_start_with(&cfg);
}

/* --- helpers ------------------------------------------------------------ */

static void open_client(struct h2w *c)
{
    ck_assert_int_eq(h2w_connect(c, true), 0);
    ck_assert_int_eq(h2w_until(c, h2w_got_settings, NULL, HARNESS_PATIENCE), 1);
}

struct span {
    int32_t first;
    int count;
};

/* Streams first, first + 2, ... all ended or reset. */
static bool all_done(struct h2w *c, void *arg)
{
    struct span *s = arg;
    for (int i = 0; i < s->count; i++) {
        int32_t id = s->first + 2 * i;
        if (!h2w_stream_done(c, &id))
            return false;
    }
    return true;
}

static bool ping_acked(struct h2w *c, void *arg)
{
    return c->ping_acks >= *(int *)arg;
}

/* A PING and its ACK: the server has taken everything sent before it. */
static int sync_ping(struct h2w *c)
{
    int want = c->ping_acks + 1;
    if (h2w_frame(c, H2W_PING, 0, 0, "syncsync", 8))
        return -1;
    return h2w_until(c, ping_acked, &want, HARNESS_PATIENCE);
}

static int get_on_new_connection(const char *path)
{
    struct h2w c;
    open_client(&c);
    int32_t id = 1;
    ck_assert_int_eq(h2w_request(&c, id, "GET", path, true), 0);
    ck_assert_int_eq(h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE), 1);
    int status = h2w_stream(&c, id)->status;
    h2w_close(&c);
    return status;
}

/* --- SETTINGS, the stream limit, PING, RST_STREAM, flow control ---------- */

START_TEST(test_settings_announce_the_stream_limit_and_a_header_list_limit)
{
    struct h2w c;
    open_client(&c);
    ck_assert(c.has_setting[NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS]);
    ck_assert_uint_eq(c.setting[NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS], MAX_STREAMS);
    ck_assert(c.has_setting[NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE]);
    ck_assert_uint_ge(c.setting[NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE], MAX_HEADER_BYTES);
    h2w_close(&c);
}
END_TEST

/* MAX_STREAMS + 3 streams at once on /delay/1: the excess is refused
 * stream by stream, the others are answered. _i = 0: sent before the
 * client acknowledged the server's SETTINGS (the race the RFC's
 * REFUSED_STREAM is for); _i = 1: after, from a client that knew. */
START_TEST(test_streams_past_the_limit_are_refused_and_the_rest_answered)
{
    struct h2w c;
    enum { N = MAX_STREAMS + 3 };
    if (_i == 0)
        ck_assert_int_eq(h2w_connect(&c, true), 0);
    else
        open_client(&c); /* its SETTINGS read and acknowledged */
    unsigned char buf[N * 256];
    size_t len = 0;
    for (int i = 0; i < N; i++) {
        unsigned char block[200];
        size_t n = h2w_encode(&c, block, sizeof(block), "GET", "/delay/1", NULL);
        len += h2w_put_frame(buf + len, H2W_HEADERS, H2W_END_HEADERS | H2W_END_STREAM,
                             1 + 2 * i, block, n);
    }
    ck_assert_int_eq(h2w_send(&c, buf, len), 0);
    struct span all = { 1, N };
    ck_assert_msg(h2w_until(&c, all_done, &all, HARNESS_PATIENCE) == 1,
                  "closed or stuck: GOAWAY %d code %u", c.goaway, c.goaway_code);
    int answered = 0, refused = 0;
    for (int i = 0; i < N; i++) {
        struct h2w_stream *st = h2w_stream(&c, 1 + 2 * i);
        answered += st->ended && st->status == 200;
        refused += st->reset && (st->rst_code == NGHTTP2_REFUSED_STREAM ||
                                 st->rst_code == NGHTTP2_PROTOCOL_ERROR);
    }
    ck_assert_int_eq(answered, MAX_STREAMS);
    ck_assert_int_eq(refused, N - MAX_STREAMS);
    ck_assert(!c.goaway);
    h2w_close(&c);
}
END_TEST

START_TEST(test_ping_is_answered_with_the_same_payload)
{
    struct h2w c;
    open_client(&c);
    int want = 1;
    ck_assert_int_eq(h2w_frame(&c, H2W_PING, 0, 0, "h2-abuse", 8), 0);
    ck_assert_int_eq(h2w_until(&c, ping_acked, &want, HARNESS_PATIENCE), 1);
    ck_assert_int_eq(memcmp(c.ping_payload, "h2-abuse", 8), 0);
    h2w_close(&c);
}
END_TEST

static bool headers_came(struct h2w *c, void *stream)
{
    struct h2w_stream *st = h2w_stream(c, *(int32_t *)stream);
    return st && st->status != 0;
}

/* A paced /drip reset mid-answer and a /delay reset while it waits on the
 * timer leave the stream beside them and the ones after answered whole. */
START_TEST(test_resetting_one_stream_leaves_the_others_answered_in_full)
{
    struct h2w c;
    open_client(&c);
    int32_t drip = 1, delay = 3, beside = 5, big = 7, after = 9;
    ck_assert_int_eq(h2w_request(&c, drip, "GET", "/drip?numbytes=10&duration=10&delay=0", true), 0);
    ck_assert_int_eq(h2w_request(&c, delay, "GET", "/delay/10", true), 0);
    ck_assert_int_eq(h2w_request(&c, beside, "GET", "/drip?numbytes=5&duration=1&delay=0", true), 0);
    ck_assert_int_eq(sync_ping(&c), 1); /* all three are in the server's hands */
    ck_assert_int_eq(h2w_until(&c, headers_came, &drip, HARNESS_PATIENCE), 1);
    struct h2w_stream *d = h2w_stream(&c, drip);
    ck_assert_msg(!d->ended, "a 10 s drip ended at once"); /* reset mid-answer */
    static const unsigned char cancel[4] = { 0, 0, 0, NGHTTP2_CANCEL };
    ck_assert_int_eq(h2w_frame(&c, H2W_RST_STREAM, 0, drip, cancel, 4), 0);
    ck_assert_int_eq(h2w_frame(&c, H2W_RST_STREAM, 0, delay, cancel, 4), 0);
    ck_assert_int_eq(h2w_request(&c, big, "GET", "/bytes/90000?seed=7", true), 0);
    ck_assert_int_eq(h2w_request(&c, after, "GET", "/get", true), 0);
    struct span rest = { beside, 3 };
    ck_assert_int_eq(h2w_until(&c, all_done, &rest, HARNESS_PATIENCE), 1);
    struct h2w_stream *s = h2w_stream(&c, beside), *b = h2w_stream(&c, big),
                      *a = h2w_stream(&c, after);
    ck_assert_int_eq(s->status, 200);
    ck_assert_str_eq(s->body, "*****");
    ck_assert_int_eq(b->status, 200);
    ck_assert_uint_eq(b->body_len, 90000);
    ck_assert_int_eq(a->status, 200);
    ck_assert_ptr_nonnull(strstr(a->body, "\"url\""));
    ck_assert_int_eq(h2w_stream(&c, delay)->status, 0); /* reset before its answer */
    ck_assert_int_eq(sync_ping(&c), 1);                 /* and the connection lives on */
    ck_assert(!c.goaway && !c.eof);
    h2w_close(&c);
}
END_TEST

/* nghttp2 takes 32 entries per SETTINGS frame (h2.c); 40 end the connection. */
START_TEST(test_a_settings_frame_of_40_entries_ends_the_connection)
{
    struct h2w c;
    open_client(&c);
    unsigned char iv[40 * 6];
    for (int i = 0; i < 40; i++) {
        static const unsigned char table_4096[6] = { 0, NGHTTP2_SETTINGS_HEADER_TABLE_SIZE,
                                                     0, 0, 0x10, 0 };
        memcpy(iv + 6 * i, table_4096, 6);
    }
    ck_assert_int_eq(h2w_frame(&c, H2W_SETTINGS, 0, 0, iv, sizeof(iv)), 0);
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    ck_assert(c.goaway);
    ck_assert_uint_eq(c.goaway_code, NGHTTP2_ENHANCE_YOUR_CALM);
    h2w_close(&c);
}
END_TEST

/* 300 kB through a 64 KiB window: the server opens it as it reads. */
START_TEST(test_a_body_past_the_initial_window_is_taken_with_window_updates)
{
    struct h2w c;
    open_client(&c);
    enum { LEN = 300000 };
    char *body = malloc(LEN);
    for (size_t i = 0; i < LEN; i++)
        body[i] = (char)('a' + i % 26);
    int32_t id = 1;
    unsigned char block[512];
    static const char *const type[] = { "content-type", "application/octet-stream", NULL };
    size_t n = h2w_encode(&c, block, sizeof(block), "POST", "/anything", type);
    ck_assert_int_eq(h2w_frame(&c, H2W_HEADERS, H2W_END_HEADERS, id, block, n), 0);
    struct h2w_stream *st = h2w_stream(&c, id);
    size_t sent = 0;
    while (sent < LEN) {
        int64_t room = c.window < st->window ? c.window : st->window;
        if (room <= 0) {
            struct h2w_frame f;
            ck_assert_int_eq(h2w_read(&c, &f, HARNESS_PATIENCE), 1); /* a WINDOW_UPDATE */
            continue;
        }
        size_t chunk = LEN - sent < 16384 ? LEN - sent : 16384;
        if ((int64_t)chunk > room)
            chunk = (size_t)room;
        ck_assert_int_eq(h2w_frame(&c, H2W_DATA, sent + chunk == LEN ? H2W_END_STREAM : 0, id,
                                   body + sent, chunk), 0);
        sent += chunk;
        c.window -= (int64_t)chunk;
        st->window -= (int64_t)chunk;
    }
    ck_assert_int_eq(h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE), 1);
    ck_assert_int_eq(st->status, 200);
    ck_assert_uint_gt(c.window_updates, 0);
    json_t *j = json_loadb(st->body, st->body_len, 0, NULL);
    const char *data = json_string_value(json_object_get(j, "data"));
    ck_assert_msg(data && strlen(data) == LEN && !memcmp(data, body, LEN), "data differs");
    json_decref(j);
    free(body);
    h2w_close(&c);
}
END_TEST

/* A head a little past --max-header-bytes is answered 431, as over HTTP/1. */
START_TEST(test_headers_past_the_limit_are_answered_431)
{
    struct h2w c;
    open_client(&c);
    char *big = malloc(MAX_HEADER_BYTES + 2000);
    memset(big, 'x', MAX_HEADER_BYTES + 1999);
    big[MAX_HEADER_BYTES + 1999] = '\0';
    const char *const extra[] = { "x-big", big, NULL };
    unsigned char block[MAX_HEADER_BYTES + 4096];
    size_t n = h2w_encode(&c, block, sizeof(block), "GET", "/get", extra);
    int32_t id = 1;
    ck_assert_int_eq(h2w_frame(&c, H2W_HEADERS, H2W_END_HEADERS | H2W_END_STREAM, id, block, n),
                     0);
    ck_assert_int_eq(h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE), 1);
    ck_assert_int_eq(h2w_stream(&c, id)->status, 431);
    ck_assert_ptr_nonnull(strstr(h2w_stream(&c, id)->body, "\"status_code\":431"));
    free(big);
    h2w_close(&c);
}
END_TEST

/* --- attacks: rapid reset, CONTINUATION flood, HPACK bomb ---------------- */

/* The bounds are far from what the server needs and far below what the
 * failures they guard against take: a server that kept each reset
 * stream's request (10000 x 3 KiB and more), or decoded a bomb whole
 * (40 MB), or looped over every stream per frame (10^8 steps a pass at
 * 10000 streams). Memory is the growth of the RSS and of its peak during
 * the attack. Under ASan freed memory stays in its quarantine, so the RSS
 * counts every byte allocated: serving the ~1000 streams of a rapid reset
 * that nghttp2 lets through costs 8 MB there, 0.2 MB without. CPU time is
 * the server's own, which a loaded machine raises only a little (the
 * attacks take hundredths of a second); only a hang comes near. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_BOUND_KB (24 * 1024)
#else
#define RSS_BOUND_KB (8 * 1024)
#endif
#define CPU_BOUND_SECONDS 15.0

struct cost {
    double t0, cpu0;
    long rss0, peak0;
};

static struct cost cost_begin(void)
{
    struct cost k = { 0 };
    k.cpu0 = server_cpu_seconds();
    bool reset = server_reset_peak() == 0;
    k.rss0 = server_status_kb("VmRSS");
    k.peak0 = reset ? k.rss0 : server_status_kb("VmHWM"); /* else: growth past the old peak */
    k.t0 = harness_now();
    return k;
}

/* Prints what the attack cost (for the notes) and checks the bounds. */
static void cost_check(const char *what, const struct cost *k, double took, const struct h2w *c)
{
    long rss = server_status_kb("VmRSS"), peak = server_status_kb("VmHWM");
    double cpu = server_cpu_seconds() - k->cpu0;
    fprintf(stderr, "figures: %s: %.3f s until %s; RSS %ld -> %ld kB (%+ld, peak %+ld); "
            "CPU %.3f s; GOAWAY %s (code %u, last stream %d); %zu frames back, "
            "%zu RST_STREAM\n",
            what, took, c->eof ? "closed" : "still served", k->rss0, rss, rss - k->rss0,
            peak - k->peak0, cpu, c->goaway ? "yes" : "no", c->goaway_code, c->goaway_last,
            c->frames, c->rst_frames);
    ck_assert_msg(rss - k->rss0 < RSS_BOUND_KB, "%s: RSS grew by %ld kB", what, rss - k->rss0);
    ck_assert_msg(peak - k->peak0 < RSS_BOUND_KB, "%s: RSS peaked %ld kB higher", what,
                  peak - k->peak0);
    ck_assert_msg(cpu < CPU_BOUND_SECONDS, "%s: the server spent %.2f s of CPU", what, cpu);
}

/* CVE-2023-44487: 10000 HEADERS + RST_STREAM pairs as fast as they go,
 * /get (a handler run each) and /delay/5 (a timer each) in turn. */
START_TEST(test_rapid_reset_is_cut_off_and_costs_little)
{
    enum { PAIRS = 10000 };
    static const unsigned char cancel[4] = { 0, 0, 0, NGHTTP2_CANCEL };
    ck_assert_int_eq(get_on_new_connection("/get"), 200); /* warm, then measure */
    struct h2w c;
    open_client(&c);
    unsigned char *buf = malloc((size_t)PAIRS * (9 + 128 + 13));
    size_t len = 0;
    for (int i = 0; i < PAIRS; i++) {
        unsigned char block[128];
        size_t n = h2w_encode(&c, block, sizeof(block), "GET", i % 2 ? "/delay/5" : "/get", NULL);
        ck_assert_uint_gt(n, 0);
        len += h2w_put_frame(buf + len, H2W_HEADERS, H2W_END_HEADERS | H2W_END_STREAM, 1 + 2 * i,
                             block, n);
        len += h2w_put_frame(buf + len, H2W_RST_STREAM, 0, 1 + 2 * i, cancel, 4);
    }
    struct cost k = cost_begin();
    bool all_sent = h2w_send(&c, buf, len) == 0;
    /* Either it took them all and still answers, or it cut the connection.
     * Two PINGs: the server sends a PING's ACK before frames it queued
     * earlier (a GOAWAY), but by the second ACK all of those are out. */
    if (!all_sent || sync_ping(&c) != 1 || sync_ping(&c) != 1)
        ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    double took = harness_now() - k.t0;
    ck_assert_int_eq(get_on_new_connection("/get"), 200);
    fprintf(stderr, "figures: rapid reset: all %d pairs written: %s\n", PAIRS,
            all_sent ? "yes" : "no");
    cost_check("rapid reset", &k, took, &c);
    if (c.eof)
        ck_assert_msg(c.goaway, "closed without GOAWAY");
    free(buf);
    h2w_close(&c);
}
END_TEST

/* CVE-2024-28182 and its kin: HEADERS without END_HEADERS, then 100000
 * small CONTINUATION frames that never end the block. */
START_TEST(test_a_continuation_flood_is_cut_off)
{
    enum { FRAMES = 100000 };
    static const unsigned char field[] = { 0x00, 3, 'x', '-', 'c', 1, 'v' }; /* x-c: v */
    ck_assert_int_eq(get_on_new_connection("/get"), 200);
    struct h2w c;
    open_client(&c);
    unsigned char *buf = malloc(256 + (size_t)FRAMES * (9 + sizeof(field)));
    unsigned char block[128];
    size_t n = h2w_encode(&c, block, sizeof(block), "GET", "/get", NULL);
    size_t len = h2w_put_frame(buf, H2W_HEADERS, H2W_END_STREAM, 1, block, n);
    for (int i = 0; i < FRAMES; i++)
        len += h2w_put_frame(buf + len, H2W_CONTINUATION, 0, 1, field, sizeof(field));
    struct cost k = cost_begin();
    bool all_sent = h2w_send(&c, buf, len) == 0;
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    double took = harness_now() - k.t0;
    ck_assert_int_eq(h2w_stream(&c, 1)->status, 0); /* never answered */
    ck_assert_int_eq(get_on_new_connection("/get"), 200);
    fprintf(stderr, "figures: CONTINUATION flood: all %d frames written: %s\n", FRAMES,
            all_sent ? "yes" : "no");
    cost_check("CONTINUATION flood", &k, took, &c);
    ck_assert_msg(c.goaway, "closed without GOAWAY");
    free(buf);
    h2w_close(&c);
}
END_TEST

/* One header block of 14 kB that decodes to 40 MB: a 4000-byte value put
 * in the dynamic table, then referenced 10000 times (one byte each). */
START_TEST(test_an_hpack_bomb_is_refused_without_decoding_it_whole)
{
    enum { VALUE = 4000, REFS = 10000 };
    ck_assert_int_eq(get_on_new_connection("/get"), 200);
    struct h2w c;
    open_client(&c); /* its HPACK is made by hand: no other HEADERS on it */
    unsigned char *block = malloc(64 + VALUE + REFS);
    size_t n = 0;
    block[n++] = 0x82; /* :method GET */
    block[n++] = 0x86; /* :scheme http */
    block[n++] = 0x84; /* :path / */
    block[n++] = 0x01; /* :authority, literal, not indexed */
    block[n++] = 9;
    memcpy(block + n, "127.0.0.1", 9);
    n += 9;
    block[n++] = 0x40; /* literal, incremental indexing, new name */
    block[n++] = 6;
    memcpy(block + n, "x-bomb", 6);
    n += 6;
    block[n++] = 0x7f; /* value length 4000 = 127 + 3873 (0x21 | 30 << 7) */
    block[n++] = 0x80 | 0x21;
    block[n++] = 30;
    memset(block + n, 'a', VALUE);
    n += VALUE;
    memset(block + n, 0x80 | 62, REFS); /* indexed: the dynamic table's first entry */
    n += REFS;
    struct cost k = cost_begin();
    int32_t id = 1;
    ck_assert_int_eq(h2w_frame(&c, H2W_HEADERS, H2W_END_HEADERS | H2W_END_STREAM, id, block, n),
                     0);
    int rc = h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE);
    ck_assert_int_ge(rc, 0); /* answered, reset or closed; not stuck */
    double took = harness_now() - k.t0;
    struct h2w_stream *st = h2w_stream(&c, id);
    ck_assert_msg((st->ended && st->status == 431) || st->reset || c.goaway,
                  "the bomb got status %d", st->status);
    ck_assert_int_eq(get_on_new_connection("/get"), 200);
    fprintf(stderr, "figures: HPACK bomb: stream %s, status %d, RST code %u\n",
            st->reset ? "reset" : st->ended ? "answered" : "open", st->status, st->rst_code);
    cost_check("HPACK bomb", &k, took, &c);
    free(block);
    h2w_close(&c);
}
END_TEST

/* --- timeouts ------------------------------------------------------------ */

/* Preface and SETTINGS, then nothing: GOAWAY and the close after
 * --connection-timeout (1 s here), counted from before the connect. */
START_TEST(test_an_idle_connection_is_closed_after_the_connection_timeout)
{
    double t0 = harness_now();
    struct h2w c;
    open_client(&c);
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    double took = harness_now() - t0;
    ck_assert_msg(took >= 1.0, "closed after %.2f s", took);
    ck_assert(c.goaway);
    ck_assert_uint_eq(c.goaway_code, NGHTTP2_NO_ERROR);
    h2w_close(&c);
}
END_TEST

/* A PING every 100 ms is not a use of the connection. */
START_TEST(test_pings_do_not_keep_an_idle_connection_open)
{
    double t0 = harness_now();
    struct h2w c;
    open_client(&c);
    int pings = 0;
    while (!c.eof && harness_now() - t0 < HARNESS_PATIENCE && sync_ping(&c) == 1) {
        pings++;
        harness_wait_readable(c.fd, 0.1); /* the client's pace, not a wait for the server */
    }
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    double took = harness_now() - t0;
    ck_assert_msg(took >= 1.0, "closed after %.2f s", took);
    ck_assert_int_gt(pings, 0);
    h2w_close(&c);
}
END_TEST

/* A stream waiting on the timer is not idleness: /delay/3 with a 1 s
 * timeout is answered, and the connection is closed once idle after. */
START_TEST(test_a_waiting_stream_keeps_its_connection_past_the_idle_timeout)
{
    struct h2w c;
    open_client(&c);
    int32_t id = 1;
    double t0 = harness_now();
    ck_assert_int_eq(h2w_request(&c, id, "GET", "/delay/3", true), 0);
    ck_assert_int_eq(h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE), 1);
    double took = harness_now() - t0;
    ck_assert_int_eq(h2w_stream(&c, id)->status, 200);
    ck_assert_msg(took >= 3.0, "/delay/3 took %.2f s", took);
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    ck_assert_msg(harness_now() - t0 >= 3.0 + 1.0, "closed before it was idle 1 s");
    h2w_close(&c);
}
END_TEST

/* HEADERS without END_HEADERS, then silence: closed after
 * --header-timeout (1 s), long before --connection-timeout (600 s). */
START_TEST(test_a_header_block_never_finished_is_closed_after_the_header_timeout)
{
    double t0 = harness_now();
    struct h2w c;
    open_client(&c);
    unsigned char block[128];
    size_t n = h2w_encode(&c, block, sizeof(block), "GET", "/get", NULL);
    ck_assert_int_eq(h2w_frame(&c, H2W_HEADERS, H2W_END_STREAM, 1, block, n), 0);
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    double took = harness_now() - t0;
    ck_assert_msg(took >= 1.0, "closed after %.2f s", took);
    ck_assert(c.goaway);
    ck_assert_int_eq(h2w_stream(&c, 1)->status, 0);
    h2w_close(&c);
}
END_TEST

/* --- shutdown -------------------------------------------------------------- */

/* SIGTERM while /delay/4 is in flight: GOAWAY comes first (naming the
 * stream as processed), then the stream's whole answer, then the close;
 * the server exits cleanly within its grace (10 s). */
START_TEST(test_shutdown_sends_goaway_and_the_stream_in_flight_finishes)
{
    struct hb_config cfg;
    base_config(&cfg);
    cfg.shutdown_grace = 10;
    harness_start_with(&cfg);
    struct h2w c;
    open_client(&c);
    int32_t id = 1;
    ck_assert_int_eq(h2w_request(&c, id, "GET", "/delay/4", true), 0);
    ck_assert_int_eq(sync_ping(&c), 1); /* the stream is in flight */
    ck_assert_int_eq(kill(harness_server_pid(), SIGTERM), 0);
    ck_assert_int_eq(h2w_until(&c, h2w_got_goaway, NULL, HARNESS_PATIENCE), 1);
    struct h2w_stream *st = h2w_stream(&c, id);
    ck_assert_msg(!st->ended, "the answer came before GOAWAY");
    ck_assert_uint_eq(c.goaway_code, NGHTTP2_NO_ERROR);
    ck_assert_int_ge(c.goaway_last, id);
    ck_assert_int_eq(h2w_until(&c, h2w_stream_done, &id, HARNESS_PATIENCE), 1);
    ck_assert(st->ended && !st->reset);
    ck_assert_int_eq(st->status, 200);
    ck_assert_ptr_nonnull(strstr(st->body, "\"url\""));
    ck_assert_int_eq(h2w_until_closed(&c, HARNESS_PATIENCE), 1);
    h2w_close(&c);
    harness_stop(); /* exits the test with 1 if the server did not exit cleanly */
}
END_TEST

/* A stream reset while it waits on the timer (/delay/80) is no longer in
 * flight: SIGTERM does not wait for its timer (the grace is 80 s too). */
START_TEST(test_a_reset_stream_on_the_timer_does_not_hold_up_the_shutdown)
{
    struct hb_config cfg;
    base_config(&cfg);
    cfg.max_delay = 80;
    cfg.shutdown_grace = 80;
    harness_start_with(&cfg);
    struct h2w c;
    open_client(&c);
    int32_t id = 1;
    static const unsigned char cancel[4] = { 0, 0, 0, NGHTTP2_CANCEL };
    ck_assert_int_eq(h2w_request(&c, id, "GET", "/delay/80", true), 0);
    ck_assert_int_eq(sync_ping(&c), 1);
    ck_assert_int_eq(h2w_frame(&c, H2W_RST_STREAM, 0, id, cancel, 4), 0);
    ck_assert_int_eq(sync_ping(&c), 1); /* the reset is in */
    double t0 = harness_now();
    harness_stop();
    double took = harness_now() - t0;
    ck_assert_msg(took < HARNESS_PATIENCE, "the stop took %.1f s", took);
    h2w_close(&c);
}
END_TEST

static Suite *h2_abuse_suite(void)
{
    Suite *s = suite_create("h2_abuse");
    TCase *tc = tcase_create("protocol");
    tcase_add_unchecked_fixture(tc, start_protocol, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_settings_announce_the_stream_limit_and_a_header_list_limit);
    tcase_add_loop_test(tc, test_streams_past_the_limit_are_refused_and_the_rest_answered, 0, 2);
    tcase_add_test(tc, test_ping_is_answered_with_the_same_payload);
    tcase_add_test(tc, test_a_settings_frame_of_40_entries_ends_the_connection);
    tcase_add_test(tc, test_resetting_one_stream_leaves_the_others_answered_in_full);
    tcase_add_test(tc, test_a_body_past_the_initial_window_is_taken_with_window_updates);
    tcase_add_test(tc, test_headers_past_the_limit_are_answered_431);
    tcase_add_test(tc, test_rapid_reset_is_cut_off_and_costs_little);
    tcase_add_test(tc, test_a_continuation_flood_is_cut_off);
    tcase_add_test(tc, test_an_hpack_bomb_is_refused_without_decoding_it_whole);
    suite_add_tcase(s, tc);

    tc = tcase_create("idle");
    tcase_add_unchecked_fixture(tc, start_idle, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_an_idle_connection_is_closed_after_the_connection_timeout);
    tcase_add_test(tc, test_pings_do_not_keep_an_idle_connection_open);
    tcase_add_test(tc, test_a_waiting_stream_keeps_its_connection_past_the_idle_timeout);
    suite_add_tcase(s, tc);

    tc = tcase_create("header");
    tcase_add_unchecked_fixture(tc, start_header, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_a_header_block_never_finished_is_closed_after_the_header_timeout);
    suite_add_tcase(s, tc);

    tc = tcase_create("shutdown");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_shutdown_sends_goaway_and_the_stream_in_flight_finishes);
    tcase_add_test(tc, test_a_reset_stream_on_the_timer_does_not_hold_up_the_shutdown);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(h2_abuse_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
