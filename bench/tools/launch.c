/* SPDX-License-Identifier: MIT */
/* launch: starts one server for bench/run.sh, times exec to its first 200
 * answer, and stays its parent (so the server is reaped and run.sh can
 * wait for it).
 *
 *   launch --info FILE [--path /get] [--timeout S] [--log FILE] -- CMD ARG...
 *
 * Every "{PORT}" inside ARGs is replaced by a free loopback port, picked by
 * binding 127.0.0.1:0. The clock starts right before fork+exec and stops
 * when a GET of --path on 127.0.0.1:PORT first answers 200; the probe runs
 * every 1 ms. FILE is then written (atomically: run.sh polls for it) as
 *   pid=SERVER_PID port=PORT cold_ms=MS
 * with cold_ms=fail when no 200 came within --timeout (default 30 s); the
 * server is then stopped. SIGTERM and SIGINT are passed on to the server;
 * launch exits when the server does, with its status. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t child_pid;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void forward(int sig)
{
    if (child_pid > 0)
        kill((pid_t)child_pid, sig);
}

/* A port nobody listens on now (a small race with other programs, which
 * the 'fail' outcome reports). */
static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sa);
    unsigned port = 0;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* One GET; 1 if the answer's status is 200. */
static int probe(unsigned port, const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    struct timeval tv = { .tv_sec = 1 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    char req[512], head[16] = { 0 };
    int n = snprintf(req, sizeof(req),
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", path,
                     port);
    int ok = 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        send(fd, req, (size_t)n, MSG_NOSIGNAL) == n) {
        size_t got = 0;
        ssize_t r;
        while (got < 12 && (r = recv(fd, head + got, 12 - got, 0)) > 0)
            got += (size_t)r;
        ok = got == 12 && !memcmp(head, "HTTP/1.", 7) && !memcmp(head + 9, "200", 3);
    }
    close(fd);
    return ok;
}

/* Replaces "{PORT}" in each argument (a fresh copy when it occurs). */
static void put_port(char **args, unsigned port)
{
    for (; *args; args++) {
        char *at = strstr(*args, "{PORT}");
        if (!at)
            continue;
        char *s = NULL;
        if (asprintf(&s, "%.*s%u%s", (int)(at - *args), *args, port, at + 6) < 0)
            exit(2);
        *args = s;
    }
}

static void write_info(const char *path, pid_t pid, unsigned port, const char *cold)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "pid=%d port=%u cold_ms=%s\n", (int)pid, port, cold) < 0 || fclose(f) ||
        rename(tmp, path)) {
        perror(path);
        return;
    }
}

static int usage(const char *me)
{
    fprintf(stderr, "usage: %s --info FILE [--path /get] [--timeout S] [--log FILE] -- CMD...\n",
            me);
    return 2;
}

int main(int argc, char **argv)
{
    const char *info = NULL, *path = "/get", *logf = "/dev/null";
    double timeout_s = 30;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--"); i += 2) {
        if (i + 1 >= argc)
            return usage(argv[0]);
        if (!strcmp(argv[i], "--info"))
            info = argv[i + 1];
        else if (!strcmp(argv[i], "--path"))
            path = argv[i + 1];
        else if (!strcmp(argv[i], "--timeout"))
            timeout_s = strtod(argv[i + 1], NULL);
        else if (!strcmp(argv[i], "--log"))
            logf = argv[i + 1];
        else
            return usage(argv[0]);
    }
    if (!info || i + 1 >= argc || timeout_s <= 0)
        return usage(argv[0]);
    char **cmd = argv + i + 1;
    unsigned port = free_port();
    if (!port) {
        perror("launch: no free port");
        return 2;
    }
    put_port(cmd, port);

    struct sigaction sa = { .sa_handler = forward };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("launch: fork");
        return 2;
    }
    if (pid == 0) {
        int fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
        int nul = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (nul >= 0)
            dup2(nul, 0);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execvp(cmd[0], cmd);
        perror(cmd[0]);
        _exit(127);
    }
    child_pid = pid;

    char cold[32] = "fail";
    int status = 0, exited = 0;
    while (now_ms() - t0 < timeout_s * 1e3) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            exited = 1;
            break;
        }
        if (probe(port, path)) {
            snprintf(cold, sizeof(cold), "%.1f", now_ms() - t0);
            break;
        }
        nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
    }
    write_info(info, pid, port, cold);
    if (!exited && !strcmp(cold, "fail"))
        kill(pid, SIGTERM);
    while (!exited) {
        if (waitpid(pid, &status, 0) == pid)
            exited = 1;
        else if (errno != EINTR)
            return 2;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
