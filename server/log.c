/* SPDX-License-Identifier: MIT */
/* Access and error logging; see log.h. Each line is written with one fwrite
 * so lines from worker threads never interleave; the stream's buffer is
 * flushed by the timer thread (hb_log_flush), not once per line, which
 * would be a write() per request. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <stdlib.h>

void hb_log_time(const struct timespec *ts, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&ts->tv_sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, size - n, ".%03ldZ", ts->tv_nsec / 1000000);
}

static void timestamp(char *buf, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    hb_log_time(&ts, buf, size);
}

/* Client-chosen text (the path) must not forge log lines: escape controls. */
static void sanitize(const char *in, char *out, size_t size)
{
    size_t o = 0;
    for (; *in && o + 5 < size; in++) {
        unsigned char c = (unsigned char)*in;
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

void hb_log_access(const struct hb_config *cfg, const struct hb_access *e)
{
    if (cfg->log_format == HB_LOG_OFF)
        return;
    FILE *out = cfg->log_stream ? cfg->log_stream : stdout;
    char when[40], line[2600];
    int n;
    timestamp(when, sizeof(when));
    if (cfg->log_format == HB_LOG_JSON) {
        json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:i,s:I,s:I}", "time", when, "client",
                              e->client, "method", e->method, "path", e->path,
                              "status", e->status, "bytes", (json_int_t)e->bytes,
                              "micros", (json_int_t)e->micros);
        char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
        n = text ? snprintf(line, sizeof(line), "%s\n", text) : -1;
        free(text);
        json_decref(j);
    } else {
        char path[2048];
        sanitize(e->path, path, sizeof(path));
        n = snprintf(line, sizeof(line), "%s %s %s \"%s\" %d %llu %lluus\n", when,
                     e->client, e->method, path, e->status,
                     (unsigned long long)e->bytes, (unsigned long long)e->micros);
    }
    if (n > 0)
        fwrite(line, 1, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1, out);
}

void hb_log_flush(const struct hb_config *cfg)
{
    if (cfg->log_format != HB_LOG_OFF)
        fflush(cfg->log_stream ? cfg->log_stream : stdout);
}

void hb_log_error(const struct hb_config *cfg, const char *fmt, ...)
{
    if (cfg->log_format == HB_LOG_OFF)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "httpbin-c: %s\n", msg);
}

void hb_log_info(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stdout, "%s\n", msg);
    fflush(stdout);
}
