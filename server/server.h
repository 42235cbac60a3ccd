/* SPDX-License-Identifier: MIT */
/* Starting and stopping the HTTP server: the daemon, its worker threads and
 * the timer. main() and the test harness use this; handlers never do. */
#ifndef HB_SERVER_H
#define HB_SERVER_H

#include <stdatomic.h>

#include "config.h"
#include "http.h"
#include "router.h"

struct MHD_Daemon;
struct hb_door;
struct hb_h2;
struct hb_ip_limit;
struct hb_timer;

struct hb_server {
    struct hb_config cfg;
    struct hb_router router;  /* the table it was started with */
    struct hb_door *door;    /* owns the listening sockets, sorts connections */
    struct MHD_Daemon *daemon; /* HTTP/1.x, handed over by the door */
    struct hb_h2 *h2;        /* HTTP/2, likewise */
    struct hb_ip_limit *per_ip; /* --max-connections-per-ip, for every engine */
    struct hb_timer *timer;  /* resumes suspended connections */
    unsigned port;           /* the bound port (the kernel's pick for port 0) */
    struct MHD_Daemon *tls_daemon; /* the HTTPS listener, or NULL */
    unsigned tls_port;
    char *tls_cert_pem, *tls_key_pem; /* kept while the HTTPS daemon runs */
    char *tls_trust_pem;              /* --tls-client-ca, likewise */
    char *tls_ca_pem;                 /* the throwaway CA of --tls-self-signed */
    struct hb_journal *journal; /* NULL unless cfg.journal */
    FILE *log_file;          /* --log-file, opened by the server */
    atomic_uint inflight;    /* requests between first header and completion */
    atomic_uint open;        /* connections the door handed to an engine, still open */
    atomic_int stopping;     /* hb_server_stop began: new connections are closed */
    char error[512];         /* why hb_server_start failed */
};

/* Copies 'cfg', binds and starts the worker threads, which answer from
 * 'routes' (n rows, in matching order; the table must outlive the server).
 * 0, or -1 with s->error saying why (address in use, bad host, ...) and
 * nothing left to stop. Everything a server keeps is in 's': several may
 * run in one process. */
int hb_server_start(struct hb_server *s, const struct hb_config *cfg,
                    const struct hb_route *routes, size_t n);
/* Closes new connections as they come, lets in-flight requests finish for
 * up to cfg.shutdown_grace seconds, then closes everything. */
void hb_server_stop(struct hb_server *s);

#endif
