/* SPDX-License-Identifier: MIT */
/* The option table and its parser: flags, HTTPBIN_* variables, defaults, bounds. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buildconf.h" /* PACKAGE_VERSION, from configure */

enum opt_type { OPT_STRING, OPT_UINT, OPT_SIZE, OPT_SECONDS, OPT_LOG_FORMAT, OPT_PORT_OR_OFF,
                OPT_BOOL };

struct option_row {
    const char *flag;   /* without the leading "--" */
    const char *env;
    enum opt_type type;
    size_t offset;      /* into struct hb_config */
    double min, max;    /* bounds for numbers */
    const char *help;
};

#define FIELD(f) offsetof(struct hb_config, f)

static const struct option_row options[] = {
    { "host", "HTTPBIN_HOST", OPT_STRING, FIELD(host), 0, sizeof(((struct hb_config *)0)->host),
      "address to listen on (default ::, every IPv6 and IPv4 address; 0.0.0.0: IPv4 only)" },
    { "port", "HTTPBIN_PORT", OPT_UINT, FIELD(port), 0, 65535,
      "TCP port; 0 picks a free one and prints it (default 8080)" },
    { "threads", "HTTPBIN_THREADS", OPT_UINT, FIELD(threads), 1, 256,
      "worker threads (default: number of cores)" },
    { "max-body", "HTTPBIN_MAX_BODY", OPT_SIZE, FIELD(max_body), 0, 1073741824.0,
      "largest request body collected, bytes; K/M/G suffixes (default 16M); larger: 413" },
    { "max-delay", "HTTPBIN_MAX_DELAY", OPT_SECONDS, FIELD(max_delay), 0, 3600,
      "longest /delay in seconds; longer requests are clamped (default 10)" },
    { "max-url-bytes", "HTTPBIN_MAX_URL_BYTES", OPT_SIZE, FIELD(max_url_bytes), 256, 1048576,
      "longest request target (path and query), bytes (default 8K); longer: 414" },
    { "max-query-args", "HTTPBIN_MAX_QUERY_ARGS", OPT_UINT, FIELD(max_query_args), 1, 100000,
      "most query arguments in one request (default 256); more: 414" },
    { "max-header-bytes", "HTTPBIN_MAX_HEADER_BYTES", OPT_SIZE, FIELD(max_header_bytes), 1024,
      16777216, "request headers, bytes in all (default 8K); more: 431 (HTTP/2: a head decoding "
      "to 4 times the limit and 64K at least ends the connection)" },
    { "max-json-depth", "HTTPBIN_MAX_JSON_DEPTH", OPT_UINT, FIELD(max_json_depth), 1, 2000,
      "deepest nesting of a JSON request body (default 512); deeper: 400" },
    { "max-redirects", "HTTPBIN_MAX_REDIRECTS", OPT_UINT, FIELD(max_redirects), 1, 100000000,
      "largest n of /redirect/{n} and friends (default 10000); larger: 400" },
    { "max-bytes", "HTTPBIN_MAX_BYTES", OPT_SIZE, FIELD(max_bytes), 0, 1073741824.0,
      "largest generated body of /bytes, /stream-bytes and /range (default 100K, as httpbin); "
      "/bytes and /stream-bytes are clamped to it, /range past it is 404" },
    { "max-drip-bytes", "HTTPBIN_MAX_DRIP_BYTES", OPT_SIZE, FIELD(max_drip_bytes), 1, 1073741824.0,
      "largest /drip numbytes (default 10M, as httpbin); larger is clamped" },
    { "max-duration", "HTTPBIN_MAX_DURATION", OPT_SECONDS, FIELD(max_duration), 0, 3600,
      "longest paced answer in seconds: /drip duration+delay, /range duration, /sse "
      "duration+delay (default 10); longer: 400" },
    { "max-stream", "HTTPBIN_MAX_STREAM", OPT_UINT, FIELD(max_stream), 1, 1000000,
      "most lines of /stream/{n} (default 100, as httpbin); more are clamped" },
    { "max-links", "HTTPBIN_MAX_LINKS", OPT_UINT, FIELD(max_links), 1, 1000000,
      "most links of /links/{n} (default 200, as httpbin); more are clamped" },
    { "max-sse-events", "HTTPBIN_MAX_SSE_EVENTS", OPT_UINT, FIELD(max_sse_events), 1, 1000000,
      "most events of one /sse answer (default 1000); more: 400" },
    { "use-real-hostname", "HTTPBIN_USE_REAL_HOSTNAME", OPT_BOOL, FIELD(use_real_hostname), 0, 1,
      "/hostname tells the machine's real host name (default: \"httpbin-c\", as go-httpbin)" },
    { "allowed-redirect-domains", "HTTPBIN_ALLOWED_REDIRECT_DOMAINS", OPT_STRING,
      FIELD(allowed_redirect_domains), 0, sizeof(((struct hb_config *)0)->allowed_redirect_domains),
      "comma-separated hosts /redirect-to may send clients to (default: any); others: 403" },
    { "max-form-parts", "HTTPBIN_MAX_FORM_PARTS", OPT_UINT, FIELD(max_form_parts), 1, 1000000,
      "fields or parts one form body may have (default 1000); more: 400" },
    { "header-timeout", "HTTPBIN_HEADER_TIMEOUT", OPT_SECONDS, FIELD(header_timeout), 0.1, 3600,
      "seconds from a request line (HTTP/2: HEADERS) to the end of its head (default 10); "
      "slower: closed" },
    { "body-timeout", "HTTPBIN_BODY_TIMEOUT", OPT_SECONDS, FIELD(body_timeout), 0.1, 3600,
      "seconds from the end of a request head to the end of its body (default 60); "
      "slower: closed" },
    { "max-connections-per-ip", "HTTPBIN_MAX_CONNECTIONS_PER_IP", OPT_UINT,
      FIELD(max_connections_per_ip), 0, 1000000,
      "open connections from one client address (default 0: no limit); more: refused" },
    { "h2-max-streams", "HTTPBIN_H2_MAX_STREAMS", OPT_UINT, FIELD(h2_max_streams), 1, 100000,
      "concurrent streams per HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS, default 100); "
      "more are refused (REFUSED_STREAM)" },
    { "max-connections", "HTTPBIN_MAX_CONNECTIONS", OPT_UINT, FIELD(max_connections), 1, 1000000,
      "open connections at once (default 20000)" },
    { "connection-timeout", "HTTPBIN_CONNECTION_TIMEOUT", OPT_UINT, FIELD(connection_timeout), 1, 86400,
      "seconds an idle connection is kept (default 30); HTTP/2: idle while no stream moves "
      "a frame (PINGs do not count)" },
    { "shutdown-grace", "HTTPBIN_SHUTDOWN_GRACE", OPT_SECONDS, FIELD(shutdown_grace), 0, 3600,
      "seconds in-flight requests may take after SIGTERM (default 15)" },
    { "tls-port", "HTTPBIN_TLS_PORT", OPT_PORT_OR_OFF, FIELD(tls_port), 0, 65535,
      "HTTPS port beside the HTTP one; 0 picks a free one (default off)" },
    { "tls-cert", "HTTPBIN_TLS_CERT", OPT_STRING, FIELD(tls_cert), 0,
      sizeof(((struct hb_config *)0)->tls_cert), "PEM certificate (or chain) for HTTPS" },
    { "tls-key", "HTTPBIN_TLS_KEY", OPT_STRING, FIELD(tls_key), 0,
      sizeof(((struct hb_config *)0)->tls_key), "PEM private key for HTTPS" },
    { "tls-self-signed", "HTTPBIN_TLS_SELF_SIGNED", OPT_BOOL, FIELD(tls_self_signed), 0, 1,
      "make a throwaway CA and a certificate for localhost, 127.0.0.1 and ::1" },
    { "tls-ca-out", "HTTPBIN_TLS_CA_OUT", OPT_STRING, FIELD(tls_ca_out), 0,
      sizeof(((struct hb_config *)0)->tls_ca_out), "write the throwaway CA (PEM) here" },
    { "tls-client-ca", "HTTPBIN_TLS_CLIENT_CA", OPT_STRING, FIELD(tls_client_ca), 0,
      sizeof(((struct hb_config *)0)->tls_client_ca),
      "ask HTTPS clients for a certificate; /client-cert checks it against this PEM CA" },
    { "digest-key", "HTTPBIN_DIGEST_KEY", OPT_STRING, FIELD(digest_key), 0,
      sizeof(((struct hb_config *)0)->digest_key),
      "secret that signs /digest-auth nonces; give replicas the same one (default: random)" },
    { "journal", "HTTPBIN_JOURNAL", OPT_BOOL, FIELD(journal), 0, 1,
      "record the requests received; GET /journal lists them, DELETE /journal clears them "
      "(default off; on in libhttpbin)" },
    { "journal-max-requests", "HTTPBIN_JOURNAL_MAX_REQUESTS", OPT_UINT,
      FIELD(journal_max_requests), 1, 1000000,
      "requests the journal keeps; the oldest are dropped first (default 1000)" },
    { "journal-max-bytes", "HTTPBIN_JOURNAL_MAX_BYTES", OPT_SIZE, FIELD(journal_max_bytes), 4096,
      1073741824.0, "bytes of records the journal keeps, likewise (default 16M)" },
    { "journal-max-body", "HTTPBIN_JOURNAL_MAX_BODY", OPT_SIZE, FIELD(journal_max_body), 0,
      1073741824.0, "body bytes recorded per request; the rest is counted (default 64K)" },
    { "ready-file", "HTTPBIN_READY_FILE", OPT_STRING, FIELD(ready_file), 0,
      sizeof(((struct hb_config *)0)->ready_file),
      "once listening, write the URL here (the HTTPS one on a second line), for scripts; "
      "removed at exit" },
    { "log-format", "HTTPBIN_LOG_FORMAT", OPT_LOG_FORMAT, FIELD(log_format), 0, 0,
      "access log: text, json or off (default text)" },
    { "log-file", "HTTPBIN_LOG_FILE", OPT_STRING, FIELD(log_file), 0,
      sizeof(((struct hb_config *)0)->log_file),
      "append the access log to this file instead of stdout" },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

void hb_config_defaults(struct hb_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    strcpy(cfg->host, "::");
    cfg->port = 8080;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg->threads = cores > 0 ? (unsigned)cores : 1;
    cfg->max_body = 16u << 20;
    cfg->max_delay = 10;
    cfg->max_form_parts = 1000;
    cfg->max_url_bytes = 8 * 1024;
    cfg->max_query_args = 256;
    cfg->max_header_bytes = 8 * 1024;
    cfg->max_json_depth = 512;
    cfg->max_redirects = 10000;
    cfg->max_bytes = 100 * 1024;
    cfg->max_drip_bytes = 10u << 20;
    cfg->max_duration = 10;
    cfg->max_stream = 100;
    cfg->max_links = 200;
    cfg->max_sse_events = 1000;
    cfg->max_connections = 20000;
    cfg->h2_max_streams = 100;
    cfg->connection_timeout = 30;
    cfg->header_timeout = 10;
    cfg->body_timeout = 60;
    cfg->shutdown_grace = 15;
    cfg->journal_max_requests = 1000;
    cfg->journal_max_bytes = 16u << 20;
    cfg->journal_max_body = 64 * 1024;
    cfg->log_format = HB_LOG_TEXT;
    cfg->tls_port = -1;
}

static int parse_number(const char *text, enum opt_type type, double *out)
{
    char *end;
    if (!*text || strchr(" \t\n+-", text[0]))
        return -1;
    errno = 0;
    if (type == OPT_SECONDS) {
        double d = strtod(text, &end);
        if (errno || *end || !isfinite(d))
            return -1;
        *out = d;
        return 0;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return -1;
    double scale = 1;
    if (type == OPT_SIZE && *end) {
        const char *units = "KMG";
        const char *u = isalpha((unsigned char)end[0]) ? strchr(units, end[0] & ~0x20) : NULL;
        if (!u)
            return -1;
        scale = (double)(1ull << (10 * (u - units + 1)));
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
        if (*end == 'B' || *end == 'b')
            end++;
    }
    if (*end)
        return -1;
    *out = (double)v * scale;
    return 0;
}

static const char *range_words(enum opt_type type)
{
    switch (type) {
    case OPT_SECONDS: return "a number of seconds";
    case OPT_SIZE: return "a byte count (K, M, G suffixes allowed)";
    case OPT_PORT_OR_OFF: return "off or a port number";
    default: return "a whole number";
    }
}

static int apply(struct hb_config *cfg, const struct option_row *o,
                 const char *value, const char *source, FILE *err)
{
    char *field = (char *)cfg + o->offset;
    double d;

    switch (o->type) {
    case OPT_STRING: /* max is the size of the field's buffer */
        if (!*value || strlen(value) >= (size_t)o->max) {
            fprintf(err, "httpbin-c: %s: must be a non-empty value under %.0f characters\n",
                    source, o->max);
            return -1;
        }
        strcpy(field, value);
        return 0;
    case OPT_PORT_OR_OFF:
        if (!strcmp(value, "off")) {
            *(int *)field = -1;
            return 0;
        }
        break; /* a number, checked below */
    case OPT_BOOL:
        if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes") ||
            !strcmp(value, "on"))
            *(int *)field = 1;
        else if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no") ||
                 !strcmp(value, "off"))
            *(int *)field = 0;
        else {
            fprintf(err, "httpbin-c: %s: must be true or false (got '%s')\n", source, value);
            return -1;
        }
        return 0;
    case OPT_LOG_FORMAT:
        if (!strcmp(value, "text"))
            *(enum hb_log_format *)field = HB_LOG_TEXT;
        else if (!strcmp(value, "json"))
            *(enum hb_log_format *)field = HB_LOG_JSON;
        else if (!strcmp(value, "off"))
            *(enum hb_log_format *)field = HB_LOG_OFF;
        else {
            fprintf(err, "httpbin-c: %s: must be text, json or off (got '%s')\n", source, value);
            return -1;
        }
        return 0;
    default:
        break;
    }
    if (parse_number(value, o->type, &d) || d < o->min || d > o->max) {
        fprintf(err, "httpbin-c: %s: must be %s from %.15g to %.15g (got '%s')\n",
                source, range_words(o->type), o->min, o->max, value);
        return -1;
    }
    if (o->type == OPT_UINT)
        *(unsigned *)field = (unsigned)d;
    else if (o->type == OPT_PORT_OR_OFF)
        *(int *)field = (int)d;
    else if (o->type == OPT_SIZE)
        *(size_t *)field = (size_t)d;
    else
        *(double *)field = d;
    return 0;
}

static const char *env_lookup(char **envp, const char *name)
{
    if (!envp)
        return getenv(name);
    size_t n = strlen(name);
    for (; *envp; envp++)
        if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
            return *envp + n + 1;
    return NULL;
}

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: httpbin-c [OPTION]...\n"
            "An HTTP request and response service: every httpbin endpoint, in C.\n\n"
            "Each option can also be set by the environment variable shown; flags win.\n\n");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        char left[64];
        snprintf(left, sizeof(left), "--%s=VALUE", options[i].flag);
        fprintf(out, "  %-28s %s\n  %-28s   [%s]\n", left, options[i].help, "", options[i].env);
    }
    fprintf(out, "  %-28s %s\n  %-28s %s\n", "--help", "show this help and exit",
            "--version", "show the version and exit");
}

static const struct option_row *find_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strlen(options[i].flag) == len && !strncmp(options[i].flag, name, len))
            return &options[i];
    return NULL;
}

enum hb_config_result hb_config_parse(struct hb_config *cfg, int argc,
                                      char **argv, char **envp, FILE *out,
                                      FILE *err)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const char *v = env_lookup(envp, options[i].env);
        if (v && apply(cfg, &options[i], v, options[i].env, err))
            return HB_CONFIG_EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            print_help(out);
            return HB_CONFIG_EXIT_OK;
        }
        if (!strcmp(arg, "--version")) {
            fprintf(out, "httpbin-c %s\n", PACKAGE_VERSION);
            return HB_CONFIG_EXIT_OK;
        }
        if (strncmp(arg, "--", 2)) {
            fprintf(err, "httpbin-c: unexpected argument '%s' (see --help)\n", arg);
            return HB_CONFIG_EXIT_USAGE;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct option_row *o = find_flag(name, len);
        if (!o) {
            fprintf(err, "httpbin-c: unknown option '--%.*s' (see --help)\n", (int)len, name);
            return HB_CONFIG_EXIT_USAGE;
        }
        const char *value = eq ? eq + 1 : NULL;
        if (!value && o->type == OPT_BOOL)
            value = "true"; /* a bare switch */
        if (!value) {
            if (i + 1 >= argc) {
                fprintf(err, "httpbin-c: --%s: needs a value\n", o->flag);
                return HB_CONFIG_EXIT_USAGE;
            }
            value = argv[++i];
        }
        char source[80];
        snprintf(source, sizeof(source), "--%s", o->flag);
        if (apply(cfg, o, value, source, err))
            return HB_CONFIG_EXIT_USAGE;
    }
    return HB_CONFIG_RUN;
}
