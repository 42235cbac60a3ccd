/* SPDX-License-Identifier: MIT */
/* The httpbin-c program (httpbin_main in include/httpbin.h): argv and the
 * environment -> config -> the same start as an embedded server -> wait
 * for a signal -> stop. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "httpbin.h"
#include "instance.h"
#include "server/config.h"
#include "server/log.h"

/* The address as bound ("[::]" for every address), not the one to connect
 * to that httpbin_url gives. */
static void say_listening(const httpbin_server *s)
{
    char url[300];
    hb_instance_format_url(url, sizeof(url), "http", s->engine.cfg.host, s->engine.port);
    hb_log_info("httpbin-c listening on %s/", url);
    if (s->engine.tls_daemon) {
        hb_instance_format_url(url, sizeof(url), "https", s->engine.cfg.host,
                               s->engine.tls_port);
        hb_log_info("httpbin-c listening on %s/", url);
    }
}

int httpbin_main(int argc, char **argv)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    switch (hb_config_parse(&cfg, argc, argv, NULL, stdout, stderr)) {
    case HB_CONFIG_EXIT_OK:
        return 0;
    case HB_CONFIG_EXIT_USAGE:
        return 2;
    case HB_CONFIG_RUN:
        break;
    }

    /* Block the stop signals in every thread (the workers inherit this
     * mask) so that only sigwait() below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char error[1024];
    httpbin_server *s = hb_instance_start(&cfg, error, sizeof(error));
    if (!s) {
        fprintf(stderr, "httpbin-c: %s\n", error);
        return 1;
    }
    say_listening(s);

    int sig;
    sigwait(&stop, &sig);
    hb_log_info("httpbin-c: signal %d, finishing in-flight requests", sig);
    hb_instance_stop(s);
    return 0;
}
