/* SPDX-License-Identifier: MIT */
/* procstat PID: one line of a server's footprint for bench/run.sh,
 *   rss_kb=.. pss_kb=.. hwm_kb=.. threads=.. procs=.. cpu_ticks=.. hz=..
 * summed over PID and its descendants. Exit 1 when PID is gone. */
#include "proctree.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PID\n", argv[0]);
        return 2;
    }
    struct proctree t;
    if (proctree_read(atoi(argv[1]), &t)) {
        fprintf(stderr, "procstat: no process %s\n", argv[1]);
        return 1;
    }
    printf("rss_kb=%ld pss_kb=%ld hwm_kb=%ld threads=%ld procs=%ld cpu_ticks=%ld hz=%ld\n",
           t.rss_kb, t.pss_kb, t.hwm_kb, t.threads, t.procs, t.cpu_ticks, proctree_hz());
    return 0;
}
