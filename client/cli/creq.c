/* SPDX-License-Identifier: MIT */
/* creq(1): an HTTPie-like command-line HTTP client on libcreq. This file
 * runs the steps: the command line (creq_args.c), the request items
 * (creq_items.c), then the one request (creq_send.c). */
#include <stdlib.h>

#include "creq_args.h"
#include "creq_items.h"
#include "creq_output.h"
#include "creq_report.h"
#include "creq_send.h"

int main(int argc, char **argv)
{
    struct cli c = { .mode = MODE_JSON, .sorted = true };
    struct items it = { 0 };
    struct out_opts out = { 0 };
    int status = cli_parse_args(&c, argc, argv);
    if (status == CLI_GO_ON) {
        status = items_parse(&it, c.items, c.n_items, c.mode, c.explicit_json);
        if (status == CLI_OK) {
            cli_output_options(&c, &out);
            status = cli_send(&c, &it, &out);
        }
    }
    items_free(&it);
    free(c.method);
    free(c.url);
    creq_global_cleanup();
    return status;
}
