/* SPDX-License-Identifier: MIT */
/* The server's settings: one struct, filled from one option table where each
 * option is a flag and an HTTPBIN_* environment variable. */
#ifndef HB_CONFIG_H
#define HB_CONFIG_H

#include <stddef.h>
#include <stdio.h>

enum hb_log_format { HB_LOG_TEXT, HB_LOG_JSON, HB_LOG_OFF };

struct hb_config {
    char host[256];              /* address to listen on */
    unsigned port;               /* 0: the kernel picks one (printed at start) */
    unsigned threads;            /* MHD worker threads; 0 at parse time = cores */
    size_t max_body;             /* bytes of request body we collect; past: 413 */
    double max_delay;            /* seconds; /delay/{n} is clamped to it */
    unsigned max_form_parts;     /* form fields or multipart parts per body; past: 400 */
    size_t max_url_bytes;        /* request target; longer: 414 */
    unsigned max_query_args;     /* query arguments; more: 414 */
    size_t max_header_bytes;     /* request headers in all; more: 431 (libmicrohttpd's) */
    unsigned max_json_depth;     /* nesting of a JSON request body; deeper: 400 */
    unsigned max_redirects;      /* n of /redirect/{n}; larger: 400 */
    size_t max_bytes;            /* /bytes, /stream-bytes, /range body size */
    size_t max_drip_bytes;       /* /drip numbytes */
    double max_duration;         /* seconds of pacing: /drip, /range, /sse */
    unsigned max_stream;         /* lines of /stream/{n} */
    unsigned max_links;          /* links of /links/{n} */
    unsigned max_sse_events;     /* events of one /sse answer */
    int use_real_hostname;       /* /hostname tells the real one */
    char allowed_redirect_domains[1024]; /* "" = /redirect-to goes anywhere */
    unsigned max_connections;    /* open connections in total */
    unsigned h2_max_streams;     /* concurrent streams per HTTP/2 connection */
    unsigned connection_timeout; /* seconds a connection may stay idle */
    double header_timeout;       /* seconds to send a request head (slowloris) */
    double body_timeout;         /* seconds to send a request body, after the head */
    unsigned max_connections_per_ip; /* 0: no limit */
    double shutdown_grace;       /* seconds in-flight requests get at SIGTERM */
    int tls_port;                /* HTTPS port; -1: no HTTPS, 0: the kernel picks one */
    char tls_cert[4096];         /* PEM certificate (chain) file */
    char tls_key[4096];          /* PEM private key file */
    int tls_self_signed;         /* generate a throwaway CA and certificate */
    char tls_ca_out[4096];       /* where to write that CA for clients to trust */
    char tls_client_ca[4096];    /* PEM CA whose client certificates we ask for */
    char digest_key[256];        /* HMAC key for digest nonces; "" = random per process */
    int journal;                 /* record the requests received (the journal) */
    unsigned journal_max_requests; /* requests it keeps; the oldest go first */
    size_t journal_max_bytes;    /* bytes of records it keeps, likewise */
    size_t journal_max_body;     /* body bytes recorded per request */
    char ready_file[4096];       /* written with the URLs once listening; "" = none */
    enum hb_log_format log_format;
    char log_file[4096];         /* access log file (appended); "" = log_stream */
    FILE *log_stream;            /* access log; NULL = stdout */
};

/* Fills 'cfg' with the defaults (threads = number of cores). */
void hb_config_defaults(struct hb_config *cfg);

enum hb_config_result { HB_CONFIG_RUN, HB_CONFIG_EXIT_OK, HB_CONFIG_EXIT_USAGE };

/* Applies HTTPBIN_* variables from 'envp' (NULL = the process environment),
 * then the flags in argv, which win. --help and --version print to 'out' and
 * give HB_CONFIG_EXIT_OK; a bad flag or value prints one line naming it to
 * 'err' and gives HB_CONFIG_EXIT_USAGE. */
enum hb_config_result hb_config_parse(struct hb_config *cfg, int argc,
                                      char **argv, char **envp, FILE *out,
                                      FILE *err);

#endif
