/* SPDX-License-Identifier: MIT */
/* /proc readers for proctree.h: one pass over /proc for the parent links,
 * then status and stat of each process in the tree. Zombies are skipped. */
#define _POSIX_C_SOURCE 200809L
#include "proctree.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pinfo {
    int pid, ppid;
    char state;
    long ticks;
};

/* ppid, state and utime+stime from /proc/PID/stat; the name may hold
 * spaces and parentheses, so fields are counted from the last ')'. */
static int read_stat(int pid, struct pinfo *p)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *s = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!s || sscanf(s + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &p->state,
                     &p->ppid, &ut, &st) != 4)
        return -1;
    p->pid = pid;
    p->ticks = (long)(ut + st);
    return 0;
}

static void add_status(int pid, struct proctree *t)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    long v;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "VmRSS: %ld", &v) == 1)
            t->rss_kb += v;
        else if (sscanf(line, "VmHWM: %ld", &v) == 1)
            t->hwm_kb += v;
        else if (sscanf(line, "Threads: %ld", &v) == 1)
            t->threads += v;
    }
    fclose(f);
}

/* Shared library pages count once per process in RSS; PSS splits them. */
static void add_pss(int pid, struct proctree *t)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    long v;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Pss: %ld", &v) == 1)
            t->pss_kb += v;
    fclose(f);
}

/* Every process's parent link, in a growing array the caller frees. */
static struct pinfo *all_processes(size_t *count)
{
    DIR *d = opendir("/proc");
    if (!d)
        return NULL;
    size_t n = 0, cap = 512;
    struct pinfo *all = malloc(cap * sizeof(*all));
    struct dirent *e;
    while (all && (e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (n == cap) {
            struct pinfo *grown = realloc(all, 2 * cap * sizeof(*all));
            if (!grown)
                break;
            all = grown;
            cap *= 2;
        }
        if (read_stat(atoi(e->d_name), &all[n]) == 0)
            n++;
    }
    closedir(d);
    *count = n;
    return all;
}

int proctree_read(int pid, struct proctree *t)
{
    memset(t, 0, sizeof(*t));
    size_t n = 0;
    struct pinfo *all = all_processes(&n);
    if (!all)
        return -1;
    /* Breadth-first from pid: 'tree' holds indexes into 'all'. */
    size_t *tree = malloc((n + 1) * sizeof(*tree)), len = 0;
    for (size_t i = 0; tree && i < n; i++)
        if (all[i].pid == pid && all[i].state != 'Z')
            tree[len++] = i;
    for (size_t k = 0; tree && k < len; k++)
        for (size_t i = 0; i < n; i++)
            if (all[i].ppid == all[tree[k]].pid && all[i].state != 'Z' && len < n)
                tree[len++] = i;
    for (size_t k = 0; tree && k < len; k++) {
        add_status(all[tree[k]].pid, t);
        add_pss(all[tree[k]].pid, t);
        t->cpu_ticks += all[tree[k]].ticks;
        t->procs++;
    }
    free(tree);
    free(all);
    return t->procs ? 0 : -1;
}

long proctree_hz(void)
{
    return sysconf(_SC_CLK_TCK);
}
