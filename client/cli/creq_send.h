/* SPDX-License-Identifier: MIT */
/* creq(1)'s one request: sent as the command line and the items ask, the
 * exchange printed, and the exit status picked as HTTPie picks it. */
#ifndef CREQ_SEND_H
#define CREQ_SEND_H

#include "creq_args.h"
#include "creq_items.h"
#include "creq_output.h"

/* Sends the request, prints it as out asks; the exit status. */
int cli_send(const struct cli *c, const struct items *it, const struct out_opts *out);

#endif
