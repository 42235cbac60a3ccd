/* SPDX-License-Identifier: MIT */
/* creq-check's command line: [--quick] [--timeout S] [--http2] URL, read
 * into the context of the run. */
#ifndef CREQ_CHECK_ARGS_H
#define CREQ_CHECK_ARGS_H

#include "check_http.h"

/* Fills c's options and *base (malloc'd, trailing '/' dropped). 0 to run,
 * 1 after --help, 2 on a usage error (said on stderr). */
int ck_parse_args(int argc, char **argv, struct ck_ctx *c, char **base);

#endif
