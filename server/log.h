/* SPDX-License-Identifier: MIT */
/* The one logger: access lines (text or JSON) and server messages. */
#ifndef HB_LOG_H
#define HB_LOG_H

#include <stdint.h>
#include <time.h>

#include "config.h"

struct hb_access {
    const char *client;
    const char *method;
    const char *path;   /* as sent, with the query */
    int status;
    uint64_t bytes;     /* body bytes sent */
    uint64_t micros;    /* from the first header to completion */
};

/* 'ts' as the log writes times: "2026-12-07T20:05:21.123Z" (UTC). */
void hb_log_time(const struct timespec *ts, char *buf, size_t size);
/* One line per request on cfg->log_stream (stdout when NULL), buffered. */
void hb_log_access(const struct hb_config *cfg, const struct hb_access *entry);
/* Writes out the buffered access lines (the server does every 0.2 s and at
 * shutdown). */
void hb_log_flush(const struct hb_config *cfg);
/* A server message, "httpbin-c: ...", on stderr; none with --log-format
 * off (the setting is the server's, not the process's). */
void hb_log_error(const struct hb_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The binary's startup and shutdown notices, on stdout (flushed at once). */
void hb_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
