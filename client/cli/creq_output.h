/* SPDX-License-Identifier: MIT */
/* creq(1)'s output: requests and responses printed as HTTPie prints them,
 * the parts that --print asks for, JSON re-indented and coloured. */
#ifndef CREQ_OUTPUT_H
#define CREQ_OUTPUT_H

#include <stdbool.h>

#include "creq.h"

enum { MSG_REQUEST, MSG_RESPONSE };

struct out_opts {
    bool head[2], body[2]; /* --print: H B (request) h b (response) */
    bool tty;              /* stdout is a terminal */
    bool color, format;    /* --pretty, after the tty and NO_COLOR checks */
    bool sort;             /* --sorted / --unsorted */
    bool all;              /* --all: intermediary requests and responses too */
    bool explicit_json;    /* --json: try every body as JSON */
    creq_http_version http_version; /* the one asked for: requests go out in it */
};

/* Prints what o asks for of r, its request and (with all) its history. */
void output_exchange(const struct out_opts *o, creq_response *r);

#endif
