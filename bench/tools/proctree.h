/* SPDX-License-Identifier: MIT */
/* A server's footprint from /proc, summed over the process and all its
 * descendants (gunicorn's workers; httpbin-c is one process). */
#ifndef BENCH_PROCTREE_H
#define BENCH_PROCTREE_H

struct proctree {
    long rss_kb;    /* VmRSS, summed (pages shared between processes count twice) */
    long hwm_kb;    /* VmHWM: each process's peak RSS, summed */
    long pss_kb;    /* Pss: RSS with each shared page split among its users */
    long threads;
    long procs;
    long cpu_ticks; /* utime + stime so far, in clock ticks */
};

/* Fills 't' for 'pid' and its living descendants; returns -1 (t zeroed)
 * when 'pid' is gone. */
int proctree_read(int pid, struct proctree *t);

/* Clock ticks per second (for cpu_ticks). */
long proctree_hz(void);

#endif
