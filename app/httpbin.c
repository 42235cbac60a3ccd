/* SPDX-License-Identifier: MIT */
/* libhttpbin's embedding API (include/httpbin.h): the command line's
 * options with defaults for a test process, and the journal. */
#include "httpbin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "instance.h"
#include "server/config.h"
#include "server/journal.h"

/* The defaults of a server inside a test: loopback, a free port, quiet,
 * recording, and two workers (a test rarely needs more, and each start
 * then costs two threads, not one per core). */
static void embedded_defaults(struct hb_config *cfg)
{
    hb_config_defaults(cfg);
    strcpy(cfg->host, "127.0.0.1");
    cfg->port = 0;
    cfg->threads = 2;
    cfg->log_format = HB_LOG_OFF;
    cfg->journal = 1;
}

static void set_error(char **error, const char *msg)
{
    if (!error)
        return;
    if (!strncmp(msg, "httpbin-c: ", 11)) /* the option parser speaks for the binary */
        msg += 11;
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n')
        n--;
    *error = strndup(msg, n);
}

/* Whether the caller's options name --flag (as "--flag", "--flag=..."). */
static int names(const char *const *options, const char *flag)
{
    size_t n = strlen(flag);
    for (; options && *options; options++)
        if (!strncmp(*options, flag, n) && ((*options)[n] == '\0' || (*options)[n] == '='))
            return 1;
    return 0;
}

/* A TLS option alone asks for HTTPS: on a free port (unless --tls-port
 * says otherwise, off included), and with a throwaway certificate unless
 * one was given. */
static void imply_tls(struct hb_config *cfg, const char *const *options)
{
    int asked = cfg->tls_self_signed || cfg->tls_cert[0] || cfg->tls_key[0] ||
                cfg->tls_client_ca[0] || cfg->tls_ca_out[0];
    if (cfg->tls_port < 0 && asked && !names(options, "--tls-port"))
        cfg->tls_port = 0;
    if (cfg->tls_port >= 0 && !cfg->tls_cert[0] && !cfg->tls_key[0])
        cfg->tls_self_signed = 1;
}

/* Parses 'options' as the binary's flags; 0, or -1 with msg filled. */
static int read_options(struct hb_config *cfg, const char *const *options, char *msg,
                        size_t size)
{
    int argc = 1;
    while (options && options[argc - 1])
        argc++;
    char **argv = calloc((size_t)argc + 1, sizeof(*argv));
    if (!argv) {
        snprintf(msg, size, "out of memory");
        return -1;
    }
    argv[0] = "libhttpbin";
    for (int i = 1; i < argc; i++)
        argv[i] = (char *)options[i - 1];
    char *no_env[] = { NULL };
    char *said = NULL;
    size_t said_len = 0;
    FILE *out = open_memstream(&said, &said_len);
    enum hb_config_result rc = out ? hb_config_parse(cfg, argc, argv, no_env, out, out)
                                   : HB_CONFIG_EXIT_USAGE;
    if (out)
        fclose(out);
    free(argv);
    if (rc == HB_CONFIG_RUN) {
        free(said);
        return 0;
    }
    if (rc == HB_CONFIG_EXIT_OK)
        snprintf(msg, size, "--help and --version are for the command line, not httpbin_start");
    else
        snprintf(msg, size, "%s", said && *said ? said : "out of memory");
    free(said);
    return -1;
}

httpbin_server *httpbin_start(const char *const *options, char **error)
{
    struct hb_config cfg;
    char msg[1024];
    embedded_defaults(&cfg);
    if (read_options(&cfg, options, msg, sizeof(msg))) {
        set_error(error, msg);
        return NULL;
    }
    imply_tls(&cfg, options);
    /* A log file asks for a log (embedded servers log nothing by default). */
    if (cfg.log_file[0] && !names(options, "--log-format"))
        cfg.log_format = HB_LOG_TEXT;
    httpbin_server *s = hb_instance_start(&cfg, msg, sizeof(msg));
    if (!s)
        set_error(error, msg);
    return s;
}

const char *httpbin_url(const httpbin_server *s)
{
    return s->url;
}

const char *httpbin_tls_url(const httpbin_server *s)
{
    return s->tls_url[0] ? s->tls_url : NULL;
}

const char *httpbin_ca_pem(const httpbin_server *s)
{
    return s->engine.tls_ca_pem;
}

unsigned httpbin_port(const httpbin_server *s)
{
    return s->engine.port;
}

unsigned httpbin_tls_port(const httpbin_server *s)
{
    return s->engine.tls_daemon ? s->engine.tls_port : 0;
}

void httpbin_stop(httpbin_server *s)
{
    /* A forked child has a copy of the server but none of its threads:
     * stopping is the parent's business. */
    if (s && s->owner == getpid())
        hb_instance_stop(s);
}

json_t *httpbin_requests(httpbin_server *s)
{
    return s->engine.journal ? hb_journal_requests(s->engine.journal, NULL) : NULL;
}

const char *httpbin_header(const json_t *request, const char *name)
{
    size_t i;
    json_t *pair;
    json_array_foreach(json_object_get(request, "headers"), i, pair) {
        const char *n = json_string_value(json_array_get(pair, 0));
        if (n && !strcasecmp(n, name))
            return json_string_value(json_array_get(pair, 1));
    }
    return NULL;
}

void httpbin_clear(httpbin_server *s)
{
    if (s->engine.journal)
        hb_journal_clear(s->engine.journal);
}

size_t httpbin_requests_dropped(httpbin_server *s)
{
    return s->engine.journal ? hb_journal_dropped(s->engine.journal) : 0;
}
