/* SPDX-License-Identifier: MIT */
/* creq(1)'s command line: the options, [METHOD] URL [REQUEST_ITEM]..., and
 * what they ask of the output. */
#ifndef CREQ_ARGS_H
#define CREQ_ARGS_H

#include <stdbool.h>

#include "creq.h"
#include "creq_items.h"
#include "creq_output.h"

#define CLI_GO_ON (-1) /* cli_parse_args: no exit status yet */

struct cli {
    enum body_mode mode;
    bool explicit_json;
    const char *auth, *verify, *cert, *cert_key;
    enum creq_auth_kind auth_kind;
    const char *print;  /* --print, --headers or --body: the last one wins */
    const char *pretty; /* NULL: by the terminal */
    double timeout;
    int max_redirects;
    creq_http_version http_version; /* --http1.0 ... --http2-prior-knowledge */
    bool follow, all, check_status, sorted;
    int verbose, quiet;
    char *method, *url; /* owned */
    char *const *items;
    int n_items;
};

/* Reads argv into c (which holds the defaults). CLI_GO_ON to send the
 * request, else the exit status (after --help, --version or a usage error,
 * said on stderr). */
int cli_parse_args(struct cli *c, int argc, char **argv);
/* What c asks of the output, the terminal and NO_COLOR considered. */
void cli_output_options(const struct cli *c, struct out_opts *o);

#endif
