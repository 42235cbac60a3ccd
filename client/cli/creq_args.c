/* SPDX-License-Identifier: MIT */
/* creq(1)'s command line, read in HTTPie's words: the options, then
 * [METHOD] URL [REQUEST_ITEM]..., and what they ask of the output. */
#include "creq_args.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "creq_report.h"

static const char usage_line[] = "usage: creq [OPTION]... [METHOD] URL [REQUEST_ITEM]...\n";

static const char help_text[] =
    "An HTTPie-like HTTP client on libcreq.\n"
    "\n"
    "  METHOD         GET without data items, POST with them\n"
    "  URL            http:// is added when no scheme is given; ':3000/x' and ':/x'\n"
    "                 mean http://localhost:3000/x and http://localhost/x\n"
    "\n"
    "Request items (a backslash escapes a separator: 'a\\=b=c' is the field 'a=b'):\n"
    "  Header:value   a request header; 'Header:' removes it, 'Header;' sends it empty\n"
    "  name==value    a query parameter (repeatable, order kept); name==@file reads it\n"
    "  name=value     a JSON string field, or a form field with --form; name=@file\n"
    "  name:=json     a raw JSON value: age:=29 list:='[1,2]'; name:=@file.json\n"
    "  field@path     a file upload (multipart, implies --form); ';type=MIME' sets\n"
    "                 its Content-Type\n"
    "\n"
    "Body:\n"
    "  -j, --json               data items as a JSON object (the default)\n"
    "  -f, --form               data items as a urlencoded form, multipart with files\n"
    "      --multipart          always a multipart form\n"
    "\n"
    "Output:\n"
    "  -p, --print=WHAT         H request headers, B request body, h response\n"
    "                           headers, b response body (default: hb on a terminal,\n"
    "                           b when redirected)\n"
    "  -h, --headers            --print=h\n"
    "  -b, --body               --print=b\n"
    "  -v, --verbose            --print=HBhb and --all\n"
    "      --all                intermediary requests and responses too\n"
    "  -q, --quiet              print nothing; twice: no warnings either\n"
    "      --pretty=STYLE       all, colors, format or none (default: all on a\n"
    "                           terminal, none otherwise); NO_COLOR turns colours off\n"
    "      --sorted, --unsorted sort headers and JSON keys when formatting (default)\n"
    "\n"
    "Network:\n"
    "  -a, --auth=USER:PASS     credentials (the token for --auth-type=bearer)\n"
    "  -A, --auth-type=TYPE     basic (default), digest or bearer\n"
    "  -F, --follow             follow redirects (not followed by default)\n"
    "      --max-redirects=N    redirects followed at most (default 30)\n"
    "      --timeout=SECONDS    for the connection and for each read\n"
    "      --verify=yes|no|PATH check TLS certificates, or against a CA bundle\n"
    "      --cert=FILE          a client certificate\n"
    "      --cert-key=FILE      its private key, when not in --cert\n"
    "      --check-status       exit 3, 4 or 5 on a 3xx (not followed), 4xx or 5xx\n"
    "      --http1.0, --http1.1 speak HTTP/1.0, or HTTP/1.1 (the default)\n"
    "      --http2              HTTP/2 where TLS agrees on it (ALPN), else HTTP/1.1\n"
    "      --http2-prior-knowledge  HTTP/2 at once, also without TLS (h2c)\n"
    "\n"
    "      --help               show this help and exit\n"
    "      --version            show the version and exit\n"
    "\n"
    "Exit status: 0 ok, 1 error, 2 timeout, 3/4/5 with --check-status,\n"
    "6 too many redirects. See creq(1).\n";

enum {
    OPT_MULTIPART = 256,
    OPT_VERIFY,
    OPT_CERT,
    OPT_CERT_KEY,
    OPT_TIMEOUT,
    OPT_MAX_REDIRECTS,
    OPT_ALL,
    OPT_CHECK_STATUS,
    OPT_PRETTY,
    OPT_SORTED,
    OPT_UNSORTED,
    OPT_HELP,
    OPT_VERSION,
    OPT_HTTP = 512, /* + a creq_http_version: --http1.0 to --http2-prior-knowledge */
};

static const char short_options[] = ":jfa:A:Fvhbp:q";
static const struct option long_options[] = {
    { "json", no_argument, NULL, 'j' },
    { "form", no_argument, NULL, 'f' },
    { "multipart", no_argument, NULL, OPT_MULTIPART },
    { "auth", required_argument, NULL, 'a' },
    { "auth-type", required_argument, NULL, 'A' },
    { "verify", required_argument, NULL, OPT_VERIFY },
    { "cert", required_argument, NULL, OPT_CERT },
    { "cert-key", required_argument, NULL, OPT_CERT_KEY },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "follow", no_argument, NULL, 'F' },
    { "max-redirects", required_argument, NULL, OPT_MAX_REDIRECTS },
    { "all", no_argument, NULL, OPT_ALL },
    { "verbose", no_argument, NULL, 'v' },
    { "headers", no_argument, NULL, 'h' },
    { "body", no_argument, NULL, 'b' },
    { "print", required_argument, NULL, 'p' },
    { "quiet", no_argument, NULL, 'q' },
    { "check-status", no_argument, NULL, OPT_CHECK_STATUS },
    { "pretty", required_argument, NULL, OPT_PRETTY },
    { "sorted", no_argument, NULL, OPT_SORTED },
    { "unsorted", no_argument, NULL, OPT_UNSORTED },
    { "http1.0", no_argument, NULL, OPT_HTTP + CREQ_HTTP_1_0 },
    { "http1.1", no_argument, NULL, OPT_HTTP + CREQ_HTTP_1_1 },
    { "http2", no_argument, NULL, OPT_HTTP + CREQ_HTTP_2 },
    { "http2-prior-knowledge", no_argument, NULL, OPT_HTTP + CREQ_HTTP_2_PRIOR_KNOWLEDGE },
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { 0 },
};

/* Usage errors: the usage line, why, and where to read more. */
CLI_FMT(1, 2) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs(usage_line, stderr);
    va_start(ap, fmt);
    cli_verror(fmt, ap);
    va_end(ap);
    fputs("Try 'creq --help' for more information.\n", stderr);
    return CLI_ERROR;
}

static bool one_of(const char *s, const char *const *choices)
{
    for (; *choices; choices++)
        if (!strcmp(s, *choices))
            return true;
    return false;
}

static int parse_auth_type(struct cli *c, const char *arg)
{
    static const char *const names[] = { "basic", "digest", "bearer" };
    static const enum creq_auth_kind kinds[] = { CREQ_AUTH_BASIC, CREQ_AUTH_DIGEST,
                                                 CREQ_AUTH_BEARER };
    for (size_t i = 0; i < 3; i++) {
        if (!strcasecmp(arg, names[i])) {
            c->auth_kind = kinds[i];
            return CLI_GO_ON;
        }
    }
    return usage_error("argument --auth-type/-A: invalid choice: '%s' (choose from 'basic', "
                       "'digest', 'bearer')", arg);
}

static int parse_number(const char *opt, const char *arg, double min, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < min)
        return usage_error("argument %s: invalid value: '%s'", opt, arg);
    *out = v;
    return CLI_GO_ON;
}

/* One option; CLI_GO_ON, or the exit status. */
static int parse_option(struct cli *c, int ch, const char *arg, char *const *argv)
{
    static const char *const pretty[] = { "all", "colors", "format", "none", NULL };
    double n;
    switch (ch) {
    case 'j':
        c->mode = MODE_JSON;
        c->explicit_json = true;
        break;
    case 'f':
        c->mode = MODE_FORM;
        c->explicit_json = false;
        break;
    case OPT_MULTIPART:
        c->mode = MODE_MULTIPART;
        c->explicit_json = false;
        break;
    case 'a':
        c->auth = arg;
        break;
    case 'A':
        return parse_auth_type(c, arg);
    case OPT_VERIFY:
        c->verify = arg;
        break;
    case OPT_CERT:
        c->cert = arg;
        break;
    case OPT_CERT_KEY:
        c->cert_key = arg;
        break;
    case OPT_TIMEOUT:
        if (parse_number("--timeout", arg, 0, &c->timeout) != CLI_GO_ON)
            return CLI_ERROR;
        if (c->timeout <= 0)
            return usage_error("argument --timeout: must be more than 0 seconds");
        break;
    case 'F':
        c->follow = true;
        break;
    case OPT_MAX_REDIRECTS:
        /* libcreq reads 0 as "the default": at least 1 then. */
        if (parse_number("--max-redirects", arg, 1, &n) != CLI_GO_ON)
            return CLI_ERROR;
        if (n > INT_MAX || n != (int)n)
            return usage_error("argument --max-redirects: invalid int value: '%s'", arg);
        c->max_redirects = (int)n;
        break;
    case OPT_ALL:
        c->all = true;
        break;
    case 'v':
        c->verbose++;
        break;
    case 'h':
        c->print = "h";
        break;
    case 'b':
        c->print = "b";
        break;
    case 'p':
        if (arg[strspn(arg, "HBhb")])
            return usage_error("argument --print/-p: unknown output options in '%s' "
                               "(use H, B, h and b)", arg);
        c->print = arg;
        break;
    case 'q':
        c->quiet++;
        break;
    case OPT_CHECK_STATUS:
        c->check_status = true;
        break;
    case OPT_PRETTY:
        if (!one_of(arg, pretty))
            return usage_error("argument --pretty: invalid choice: '%s' (choose from 'all', "
                               "'colors', 'format', 'none')", arg);
        c->pretty = arg;
        break;
    case OPT_SORTED:
    case OPT_UNSORTED:
        c->sorted = ch == OPT_SORTED;
        break;
    case OPT_HTTP + CREQ_HTTP_1_0:
    case OPT_HTTP + CREQ_HTTP_1_1:
    case OPT_HTTP + CREQ_HTTP_2:
    case OPT_HTTP + CREQ_HTTP_2_PRIOR_KNOWLEDGE:
        c->http_version = (creq_http_version)(ch - OPT_HTTP); /* the last one wins */
        break;
    case OPT_HELP:
        fputs(usage_line, stdout);
        fputs(help_text, stdout);
        return CLI_OK;
    case OPT_VERSION:
        puts(CREQ_VERSION);
        return CLI_OK;
    case ':':
        return usage_error("argument %s: expected one argument", argv[optind - 1]);
    default: {
        /* getopt_long says little: optopt is 0 for an unknown long option,
         * the option's letter for "--json=x" and for an unknown "-x". */
        const char *last = argv[optind - 1];
        if (!optopt)
            return usage_error("unrecognized arguments: %s", last);
        if (!strncmp(last, "--", 2) && strchr(last, '='))
            return usage_error("argument %.*s: takes no value", (int)strcspn(last, "="), last);
        return usage_error("unrecognized arguments: -%c", optopt);
    }
    }
    return CLI_GO_ON;
}

/* HTTPie's URL rules: a scheme stays, ":port/path" is localhost, the rest
 * gets "http://". */
static char *normalize_url(const char *arg)
{
    size_t scheme = strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789+.-");
    bool has_scheme = scheme > 0 && !strchr("0123456789+.-", arg[0]) &&
                      !strncmp(arg + scheme, "://", 3);
    size_t n = strlen(arg) + sizeof("http://localhost");
    char *url = malloc(n);
    if (!url)
        return NULL;
    if (has_scheme)
        snprintf(url, n, "%s", arg);
    else if (arg[0] == ':' && arg[1] != ':')
        snprintf(url, n, "http://localhost%s%s", arg[1] && arg[1] != '/' ? ":" : "", arg + 1);
    else
        snprintf(url, n, "http://%s", arg);
    return url;
}

static bool is_word(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    return n > 0 && !s[n];
}

/* [METHOD] URL [ITEM]...: as HTTPie, a first word of letters followed by
 * more arguments is the method. */
static int parse_positionals(struct cli *c, int n, char *const *args)
{
    if (n < 1)
        return usage_error("the following arguments are required: URL");
    int url = 0;
    if (n >= 2 && is_word(args[0])) {
        if (!(c->method = strdup(args[0])))
            goto nomem;
        for (char *p = c->method; *p; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        url = 1;
    }
    if (!(c->url = normalize_url(args[url])))
        goto nomem;
    c->items = args + url + 1;
    c->n_items = n - url - 1;
    return CLI_GO_ON;
nomem:
    cli_error("out of memory");
    return CLI_ERROR;
}

int cli_parse_args(struct cli *c, int argc, char **argv)
{
    int ch, rc = CLI_GO_ON;
    opterr = 0; /* our messages, in HTTPie's words */
    while (rc == CLI_GO_ON && (ch = getopt_long(argc, argv, short_options, long_options, NULL)) != -1)
        rc = parse_option(c, ch, optarg, argv);
    if (rc != CLI_GO_ON)
        return rc;
    if (c->auth && c->auth_kind != CREQ_AUTH_BEARER && !strchr(c->auth, ':'))
        return usage_error("argument --auth/-a: expected USER:PASSWORD (creq does not prompt)");
    if (!c->auth && c->auth_kind)
        return usage_error("argument --auth-type/-A: needs --auth");
    return parse_positionals(c, argc - optind, argv + optind);
}

void cli_output_options(const struct cli *c, struct out_opts *o)
{
    o->tty = isatty(STDOUT_FILENO);
    const char *what = c->quiet     ? ""
                     : c->print   ? c->print
                     : c->verbose ? "HBhb"
                     : o->tty     ? "hb"
                                  : "b";
    o->head[MSG_REQUEST] = strchr(what, 'H') != NULL;
    o->body[MSG_REQUEST] = strchr(what, 'B') != NULL;
    o->head[MSG_RESPONSE] = strchr(what, 'h') != NULL;
    o->body[MSG_RESPONSE] = strchr(what, 'b') != NULL;
    const char *pretty = c->pretty ? c->pretty : o->tty ? "all" : "none";
    const char *no_color = getenv("NO_COLOR");
    o->color = o->tty && !(no_color && *no_color) &&
               (!strcmp(pretty, "all") || !strcmp(pretty, "colors"));
    o->format = !strcmp(pretty, "all") || !strcmp(pretty, "format");
    o->sort = c->sorted;
    o->all = c->all || c->verbose;
    o->explicit_json = c->explicit_json;
    o->http_version = c->http_version;
}
