/* SPDX-License-Identifier: MIT */
/* The httpbin-c program (httpbin_main in include/httpbin.h): argv and the
 * environment -> config -> the same start as an embedded server -> wait
 * for a signal -> stop. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "httpbin.h"
#include "instance.h"
#include "server/config.h"
#include "server/log.h"

static void say_listening(const httpbin_server *s)
{
    const char *host = s->engine.cfg.host;
    int v6 = host[0] != '[' && strchr(host, ':');
    hb_log_info("httpbin-c listening on http://%s%s%s:%u/", v6 ? "[" : "", host, v6 ? "]" : "",
                s->engine.port);
    if (s->engine.tls_daemon)
        hb_log_info("httpbin-c listening on https://%s%s%s:%u/", v6 ? "[" : "", host,
                    v6 ? "]" : "", s->engine.tls_port);
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
