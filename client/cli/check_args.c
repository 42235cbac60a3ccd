/* SPDX-License-Identifier: MIT */
/* creq-check's command line: [--quick] [--timeout S] [--http2] URL. */
#include "check_args.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void usage(FILE *to)
{
    fputs("usage: creq-check [--quick] [--timeout S] [--http2] URL\n"
          "  Exercises the httpbin-style server at URL with libcreq and prints one\n"
          "  row per check. --quick skips the 200-599 sweep and the slow checks;\n"
          "  --timeout is the connect and read timeout of each request (default 5);\n"
          "  --http2 speaks HTTP/2 (ALPN for https://, prior knowledge for http://).\n",
          to);
}

static bool parse_timeout(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 3600)
        return false;
    *out = v;
    return true;
}

/* 0 to run, 1 after --help, 2 on a usage error. */
int ck_parse_args(int argc, char **argv, struct ck_ctx *c, char **base)
{
    static const struct option longs[] = {
        { "quick", no_argument, NULL, 'q' },
        { "timeout", required_argument, NULL, 't' },
        { "http2", no_argument, NULL, '2' },
        { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "qt:h", longs, NULL)) != -1) {
        switch (opt) {
        case 'q':
            c->quick = true;
            break;
        case 't':
            if (!parse_timeout(optarg, &c->timeout)) {
                fprintf(stderr, "creq-check: --timeout: '%s' is not a number of seconds "
                        "above 0\n", optarg);
                return 2;
            }
            break;
        case '2':
            c->http2 = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    const char *url = argv[optind];
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
        fprintf(stderr, "creq-check: '%s' is not an http:// or https:// URL\n", url);
        return 2;
    }
    c->h2c = c->http2 && !strncasecmp(url, "http://", 7);
    *base = strdup(url);
    if (!*base)
        return 2;
    size_t n = strlen(*base);
    while (n > 8 && (*base)[n - 1] == '/')
        (*base)[--n] = '\0';
    return 0;
}
