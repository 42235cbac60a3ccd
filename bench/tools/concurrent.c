/* SPDX-License-Identifier: MIT */
/* concurrent: many connections to one loopback server at once, on one
 * epoll loop, every phase bounded in time. For bench/run.sh.
 *
 *   concurrent --port P --path PATH [--n N] [--timeout S] [--pid SERVER_PID]
 *   concurrent --port P --path PATH --idle --n N --hold S [--pid SERVER_PID]
 *   concurrent --port P --path PATH --show
 *
 * Default mode: N connections opened at once, one GET each with
 * "Connection: close"; waits until every answer is complete or --timeout
 * (default 30 s) has passed. Prints
 *   CONC n= ok= http_err= sock_err= unfinished= wall_s= p50_s= max_s=
 *        rss_max_kb= threads_max=
 * ok = a complete 200 answer; wall_s = start to the last completion (or the
 * timeout). With --pid the server's process tree is sampled every 50 ms.
 *
 * --idle: N keep-alive connections, one GET each; once every answer is in
 * (bounded by --timeout) they are held open, silent, for --hold seconds
 * (default 10) while the server is watched, then closed. Prints
 *   IDLE n= held= failed= closed_by_server= connect_s= hold_s=
 *        rss_before_kb= rss_held_kb= rss_max_kb= threads_max= cpu_pct=
 * cpu_pct = the server tree's utime+stime over the hold, in % of one core.
 *
 * --show: one GET exactly as wrk sends it (a Host header only); prints the
 * answer's body to stdout (bench/run.sh sizes the bare server's body so).
 *
 * RLIMIT_NOFILE is raised to N + 64 (exit 2 if the hard limit is lower). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proctree.h"

enum state { CONNECTING, SENDING, READING, HELD, DONE };
enum outcome { PENDING, OK, HTTP_ERR, SOCK_ERR, CLOSED_BY_SERVER };

#define HEAD_MAX 2048

struct conn {
    int fd;
    enum state state;
    enum outcome outcome;
    size_t sent;
    double done_at;        /* seconds since the start */
    char head[HEAD_MAX];   /* the answer's head, until its blank line */
    size_t head_len;
    int head_done;
    int status;
    long clen;             /* Content-Length, -1 if none */
    int chunked;
    long body_got;
    char tail[8];          /* the body's last bytes: the chunked end marker */
};

struct opts {
    unsigned port;
    const char *path;
    long n;
    double timeout, hold;
    int pid, idle, show;
};

struct watch { /* the server's peaks, from its process tree */
    long rss_max_kb, threads_max;
    double next;
};

static char *show_body;
static size_t show_len, show_cap;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sample(int pid, struct watch *w, double t, double every)
{
    if (!pid || t < w->next)
        return;
    struct proctree pt;
    if (proctree_read(pid, &pt) == 0) {
        if (pt.rss_kb > w->rss_max_kb)
            w->rss_max_kb = pt.rss_kb;
        if (pt.threads > w->threads_max)
            w->threads_max = pt.threads;
    }
    w->next = t + every;
}

static int raise_fd_limit(long n)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return -1;
    rlim_t want = (rlim_t)n + 64;
    if (rl.rlim_cur >= want)
        return 0;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
        fprintf(stderr, "concurrent: %ld connections need %lu descriptors, the hard limit is %lu "
                "(raise it: ulimit -Hn)\n", n, (unsigned long)want, (unsigned long)rl.rlim_max);
        return -1;
    }
    rl.rlim_cur = want;
    return setrlimit(RLIMIT_NOFILE, &rl);
}

static void finish(struct conn *c, enum outcome o, double t0)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->state = DONE;
    c->outcome = o;
    c->done_at = now() - t0;
}

/* Parses the head once its blank line is in: status, Content-Length,
 * chunked. Returns the head's length, 0 if not complete yet. */
static size_t parse_head(struct conn *c)
{
    char *end = memmem(c->head, c->head_len, "\r\n\r\n", 4);
    if (!end)
        return 0;
    *end = '\0';
    c->head_done = 1;
    c->clen = -1;
    if (sscanf(c->head, "HTTP/1.%*c %d", &c->status) != 1)
        c->status = 0;
    for (char *l = strstr(c->head, "\r\n"); l; l = strstr(l + 2, "\r\n")) {
        if (!strncasecmp(l + 2, "Content-Length:", 15))
            c->clen = strtol(l + 17, NULL, 10);
        else if (!strncasecmp(l + 2, "Transfer-Encoding:", 18) && strstr(l + 20, "chunked"))
            c->chunked = 1;
    }
    return (size_t)(end - c->head) + 4;
}

static void take_body(struct conn *c, const char *p, size_t len, int keep)
{
    c->body_got += (long)len;
    for (size_t i = 0; i < len; i++) { /* cheap: bodies here are small */
        memmove(c->tail, c->tail + 1, sizeof(c->tail) - 2);
        c->tail[sizeof(c->tail) - 2] = p[i];
    }
    if (keep) {
        if (show_len + len > show_cap) {
            show_cap = (show_len + len) * 2;
            show_body = realloc(show_body, show_cap);
            if (!show_body)
                exit(2);
        }
        memcpy(show_body + show_len, p, len);
        show_len += len;
    }
}

/* Feeds received bytes; returns 1 once the answer is complete. */
static int take(struct conn *c, const char *p, size_t len, int keep)
{
    if (!c->head_done) {
        size_t room = HEAD_MAX - 1 - c->head_len, n = len < room ? len : room;
        memcpy(c->head + c->head_len, p, n);
        c->head_len += n;
        c->head[c->head_len] = '\0';
        size_t head = parse_head(c);
        if (!head && c->head_len == HEAD_MAX - 1) { /* a head we cannot hold */
            c->status = 0;
            return 1;
        }
        if (!head)
            return 0;
        size_t before = c->head_len - n; /* head bytes from earlier reads */
        size_t used = head - before;
        take_body(c, p + used, len - used, keep);
    } else {
        take_body(c, p, len, keep);
    }
    if (c->clen >= 0)
        return c->body_got >= c->clen;
    return c->chunked && !memcmp(c->tail, "\r\n0\r\n\r\n", 7);
}

static int set_events(int ep, struct conn *c, unsigned ev)
{
    struct epoll_event e = { .events = ev, .data.ptr = c };
    return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
}

static void on_writable(int ep, struct conn *c, const char *req, size_t req_len, double t0)
{
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof(err);
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
            finish(c, SOCK_ERR, t0);
            return;
        }
        c->state = SENDING;
    }
    ssize_t w = send(c->fd, req + c->sent, req_len - c->sent, MSG_NOSIGNAL);
    if (w < 0) {
        if (errno != EAGAIN)
            finish(c, SOCK_ERR, t0);
        return;
    }
    c->sent += (size_t)w;
    if (c->sent == req_len) {
        c->state = READING;
        set_events(ep, c, EPOLLIN | EPOLLRDHUP);
    }
}

static void on_readable(struct conn *c, const struct opts *o, double t0)
{
    static char buf[65536];
    for (;;) {
        ssize_t r = recv(c->fd, buf, sizeof(buf), 0);
        if (r < 0) {
            if (errno != EAGAIN)
                finish(c, c->state == HELD ? CLOSED_BY_SERVER : SOCK_ERR, t0);
            return;
        }
        if (r == 0) { /* EOF: the end of a Connection: close answer, or a drop */
            if (c->state == HELD)
                finish(c, CLOSED_BY_SERVER, t0);
            else if (c->head_done && c->clen < 0 && !c->chunked)
                finish(c, c->status == 200 ? OK : HTTP_ERR, t0);
            else
                finish(c, SOCK_ERR, t0);
            return;
        }
        if (c->state == HELD)
            continue; /* nothing expected; ignore */
        if (take(c, buf, (size_t)r, o->show)) {
            if (!o->idle) {
                finish(c, c->status == 200 ? OK : HTTP_ERR, t0);
                return;
            }
            c->outcome = c->status == 200 ? OK : HTTP_ERR;
            c->done_at = now() - t0;
            c->state = HELD;
            if (c->outcome != OK) {
                finish(c, HTTP_ERR, t0);
                return;
            }
        }
    }
}

static int open_all(int ep, struct conn *cs, const struct opts *o, double t0)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    for (long i = 0; i < o->n; i++) {
        struct conn *c = &cs[i];
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
            finish(c, SOCK_ERR, t0);
            continue;
        }
        c->state = CONNECTING;
        if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) {
            finish(c, SOCK_ERR, t0);
            continue;
        }
        struct epoll_event e = { .events = EPOLLOUT, .data.ptr = c };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e)) {
            finish(c, SOCK_ERR, t0);
            continue;
        }
    }
    return 0;
}

/* Runs the loop until no connection is in 'active' states or 'until'. */
static void run_loop(int ep, const struct opts *o, const char *req, size_t req_len,
                     double t0, double until, struct watch *w, int (*busy)(void),
                     double every)
{
    struct epoll_event evs[256];
    for (;;) {
        double t = now();
        sample(o->pid, w, t, every);
        if (t >= until || (busy && !busy()))
            return;
        int wait_ms = (int)((until - t) * 1000) + 1;
        if (wait_ms > 50)
            wait_ms = 50;
        int k = epoll_wait(ep, evs, 256, wait_ms);
        for (int i = 0; i < k; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c->state == DONE)
                continue;
            if ((evs[i].events & EPOLLOUT) && (c->state == CONNECTING || c->state == SENDING))
                on_writable(ep, c, req, req_len, t0);
            else if (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                on_readable(c, o, t0);
        }
    }
}

static struct conn *g_conns;
static long g_n;

/* Some connection still waits for its answer. */
static int answers_pending(void)
{
    for (long i = 0; i < g_n; i++)
        if (g_conns[i].state != DONE && g_conns[i].state != HELD)
            return 1;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report_conc(const struct opts *o, double wall, const struct watch *w)
{
    long count[5] = { 0 };
    double *times = malloc((size_t)g_n * sizeof(*times));
    long nt = 0;
    for (long i = 0; i < g_n; i++) {
        count[g_conns[i].outcome]++;
        if (g_conns[i].outcome != PENDING && times)
            times[nt++] = g_conns[i].done_at;
    }
    double p50 = 0, max = 0;
    if (times && nt) {
        qsort(times, (size_t)nt, sizeof(*times), cmp_double);
        p50 = times[nt / 2];
        max = times[nt - 1];
    }
    if (!count[PENDING])
        wall = max;
    printf("CONC n=%ld ok=%ld http_err=%ld sock_err=%ld unfinished=%ld wall_s=%.3f p50_s=%.3f "
           "max_s=%.3f rss_max_kb=%ld threads_max=%ld\n", o->n, count[OK], count[HTTP_ERR],
           count[SOCK_ERR] + count[CLOSED_BY_SERVER], count[PENDING], wall, p50, max,
           w->rss_max_kb, w->threads_max);
    free(times);
}

static int usage(const char *me)
{
    fprintf(stderr, "usage: %s --port P --path PATH [--n N] [--timeout S] [--pid PID]\n"
            "          [--idle --hold S] [--show]\n", me);
    return 2;
}

static int parse(int argc, char **argv, struct opts *o)
{
    *o = (struct opts){ .path = "/get", .n = 1, .timeout = 30, .hold = 10 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--idle"))
            o->idle = 1;
        else if (!strcmp(a, "--show"))
            o->show = 1;
        else if (!v)
            return -1;
        else if (!strcmp(a, "--port"))
            o->port = (unsigned)strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--path"))
            o->path = v, i++;
        else if (!strcmp(a, "--n"))
            o->n = strtol(v, NULL, 10), i++;
        else if (!strcmp(a, "--timeout"))
            o->timeout = strtod(v, NULL), i++;
        else if (!strcmp(a, "--hold"))
            o->hold = strtod(v, NULL), i++;
        else if (!strcmp(a, "--pid"))
            o->pid = atoi(v), i++;
        else
            return -1;
    }
    if (o->show)
        o->n = 1;
    if (!o->port || o->port > 65535 || o->n < 1 || o->n > 1000000 || o->timeout <= 0 ||
        o->hold < 0 || o->path[0] != '/')
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o;
    if (parse(argc, argv, &o))
        return usage(argv[0]);
    if (raise_fd_limit(o.n))
        return 2;
    char req[1024];
    /* --show sends wrk's request; the others close or keep alive on purpose. */
    int req_len = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s\r\n",
                           o.path, o.port,
                           o.show ? "" : o.idle ? "User-Agent: concurrent\r\n"
                                                : "User-Agent: concurrent\r\nConnection: close\r\n");
    if (req_len < 0 || (size_t)req_len >= sizeof(req))
        return usage(argv[0]);
    g_n = o.n;
    g_conns = calloc((size_t)o.n, sizeof(*g_conns));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (!g_conns || ep < 0) {
        perror("concurrent");
        return 2;
    }
    struct watch w = { 0 };
    struct proctree before = { 0 };
    if (o.pid)
        proctree_read(o.pid, &before);

    double t0 = now();
    open_all(ep, g_conns, &o, t0);
    run_loop(ep, &o, req, (size_t)req_len, t0, t0 + o.timeout, &w, answers_pending, 0.05);
    double t1 = now();

    if (o.show) {
        struct conn *c = &g_conns[0];
        if (c->outcome != OK && c->state != HELD) {
            fprintf(stderr, "concurrent: no 200 answer (status %d)\n", c->status);
            return 1;
        }
        fwrite(show_body, 1, show_len, stdout);
        return 0;
    }
    if (!o.idle) {
        report_conc(&o, t1 - t0, &w);
        return 0;
    }

    /* The hold: everyone silent; only the server's footprint is read. */
    struct proctree h0 = { 0 }, h1 = { 0 };
    if (o.pid)
        proctree_read(o.pid, &h0);
    double hs = now();
    w.rss_max_kb = h0.rss_kb;
    w.threads_max = h0.threads;
    w.next = hs + 0.5;
    run_loop(ep, &o, req, (size_t)req_len, t0, hs + o.hold, &w, NULL, 0.5);
    double hold = now() - hs;
    if (o.pid)
        proctree_read(o.pid, &h1);
    long held = 0, failed = 0, dropped = 0;
    for (long i = 0; i < o.n; i++) {
        held += g_conns[i].state == HELD;
        dropped += g_conns[i].outcome == CLOSED_BY_SERVER;
        failed += g_conns[i].state != HELD && g_conns[i].outcome != CLOSED_BY_SERVER;
    }
    double cpu = hold > 0 ? (double)(h1.cpu_ticks - h0.cpu_ticks) / (double)proctree_hz() /
                 hold * 100 : 0;
    printf("IDLE n=%ld held=%ld failed=%ld closed_by_server=%ld connect_s=%.3f hold_s=%.2f "
           "rss_before_kb=%ld rss_held_kb=%ld rss_max_kb=%ld threads_max=%ld cpu_pct=%.2f\n",
           o.n, held, failed, dropped, t1 - t0, hold, before.rss_kb, h1.rss_kb, w.rss_max_kb,
           w.threads_max, cpu);
    for (long i = 0; i < o.n; i++)
        if (g_conns[i].fd >= 0)
            close(g_conns[i].fd);
    return 0;
}
