/* SPDX-License-Identifier: MIT */
/* httpbin-c: argv and environment -> config -> the engine started with
 * httpbin's route table -> wait for a signal -> stop. */
#include <signal.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "routes/table.h"
#include "server/config.h"
#include "server/log.h"
#include "server/server.h"

int main(int argc, char **argv)
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

    /* Block the stop signals in every thread (MHD's inherit this mask) so
     * that only sigwait() below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    static struct hb_server server;
    if (hb_server_start(&server, &cfg, hb_routes, hb_route_count))
        return 1;
    const char *host = server.cfg.host;
    int v6 = host[0] != '[' && strchr(host, ':');
    hb_log_info("httpbin-c listening on http://%s%s%s:%u/", v6 ? "[" : "", host, v6 ? "]" : "",
                server.port);
    if (server.tls_daemon)
        hb_log_info("httpbin-c listening on https://%s%s%s:%u/", v6 ? "[" : "", host,
                    v6 ? "]" : "", server.tls_port);

    int sig;
    sigwait(&stop, &sig);
    hb_log_info("httpbin-c: signal %d, finishing in-flight requests", sig);
    hb_server_stop(&server);
    return 0;
}
