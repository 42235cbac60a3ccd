/* SPDX-License-Identifier: MIT */
/* One running server as libhttpbin hands it out: the engine started with
 * httpbin's route table, its URLs and its ready file. The embedding API
 * (httpbin.c) and the program (httpbin_main.c) both start it from here, so
 * the binary and the embedded server cannot drift. */
#ifndef HB_APP_INSTANCE_H
#define HB_APP_INSTANCE_H

#include <sys/types.h>

#include "httpbin.h"
#include "server/config.h"
#include "server/server.h"

struct httpbin_server {
    struct hb_server engine;
    char url[300];     /* "http://127.0.0.1:PORT" */
    char tls_url[300]; /* "" without HTTPS */
    pid_t owner;       /* the process whose threads serve */
};

/* "scheme://host:port" into out, the host in brackets when it is IPv6. */
void hb_instance_format_url(char *out, size_t size, const char *scheme, const char *host,
                            unsigned port);
/* Starts a server with 'cfg' and writes its ready file (cfg->ready_file).
 * NULL with 'error' (size bytes) saying why. */
httpbin_server *hb_instance_start(const struct hb_config *cfg, char *error, size_t size);
/* Stops it, removes its ready file and frees it. */
void hb_instance_stop(httpbin_server *s);

#endif
