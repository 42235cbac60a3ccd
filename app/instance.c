/* SPDX-License-Identifier: MIT */
/* Starting and stopping one server; see instance.h. */
#include "instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "routes/table.h"

void hb_instance_format_url(char *out, size_t size, const char *scheme, const char *host,
                            unsigned port)
{
    int v6 = host[0] != '[' && strchr(host, ':');
    snprintf(out, size, "%s://%s%s%s:%u", scheme, v6 ? "[" : "", host, v6 ? "]" : "", port);
}

/* An address a client on this machine can use: the wildcards mean every
 * address, so loopback is one of them. */
static void make_url(char *out, size_t size, const char *scheme, const char *host,
                     unsigned port)
{
    if (!strcmp(host, "::") || !strcmp(host, "0.0.0.0") || !*host)
        host = "127.0.0.1";
    hb_instance_format_url(out, size, scheme, host, port);
}

/* Written whole under another name and renamed, so that a script polling
 * for the file never reads half of it. */
static int write_ready_file(const httpbin_server *s, const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "%s\n", s->url);
    if (s->tls_url[0])
        fprintf(f, "%s\n", s->tls_url);
    if (fclose(f) || rename(tmp, path)) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

httpbin_server *hb_instance_start(const struct hb_config *cfg, char *error, size_t size)
{
    httpbin_server *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(error, size, "out of memory");
        return NULL;
    }
    if (hb_server_start(&s->engine, cfg, hb_routes, hb_route_count)) {
        snprintf(error, size, "%s", s->engine.error);
        free(s);
        return NULL;
    }
    s->owner = getpid();
    make_url(s->url, sizeof(s->url), "http", s->engine.cfg.host, s->engine.port);
    if (s->engine.tls_daemon)
        make_url(s->tls_url, sizeof(s->tls_url), "https", s->engine.cfg.host,
                 s->engine.tls_port);
    if (cfg->ready_file[0] && write_ready_file(s, cfg->ready_file)) {
        snprintf(error, size, "--ready-file: cannot write %s", cfg->ready_file);
        hb_server_stop(&s->engine);
        free(s);
        return NULL;
    }
    return s;
}

void hb_instance_stop(httpbin_server *s)
{
    hb_server_stop(&s->engine);
    if (s->engine.cfg.ready_file[0])
        unlink(s->engine.cfg.ready_file);
    free(s);
}
