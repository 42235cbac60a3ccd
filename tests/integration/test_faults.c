/* SPDX-License-Identifier: MIT */
/* Faults: clients that leave halfway through a wait or a body, and a crowd of
 * idle and slow (slowloris) connections, while normal requests keep being
 * served. The leak check runs when the server stops (harness_stop). */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static void raise_fd_limit(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

/* The header timeout of start(). */
#define HEAD_TIMEOUT 1.0

static void start(void)
{
    raise_fd_limit();
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.header_timeout = HEAD_TIMEOUT;
    /* A thread held by a client until this timeout would keep others
     * waiting far longer than HARNESS_PATIENCE. */
    cfg.connection_timeout = 120;
    cfg.shutdown_grace = 3;
    harness_start_with(&cfg);
}

/* No timeout that a test could reach: whoever else is served while a
 * crowd holds on is served with the crowd still there. */
static void start_patient(void)
{
    raise_fd_limit();
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.header_timeout = 120;
    cfg.body_timeout = 120;
    cfg.connection_timeout = 120;
    cfg.shutdown_grace = 3;
    harness_start_with(&cfg);
}

/* A normal GET is answered (within HARNESS_PATIENCE: a thread held until
 * the server's 120 s timeouts would miss it). */
static void assert_served(const char *when)
{
    double t0 = harness_now();
    struct http_reply r = http_get("/get");
    double took = harness_now() - t0;
    ck_assert_msg(r.status == 200 && took < HARNESS_PATIENCE, "%s: %ld after %.2f s", when,
                  r.status, took);
    http_reply_cleanup(&r);
}

/* Clients send 'request' and vanish without reading the end: once the
 * answer has begun to come when 'answered' (a leave mid-answer), else after
 * 300 ms (a leave mid-wait). */
static void leave_midway(const char *request, int clients, int answered)
{
    int fds[64];
    ck_assert_int_le(clients, 64);
    for (int i = 0; i < clients; i++) {
        fds[i] = harness_raw_connect();
        ck_assert_int_ge(fds[i], 0);
        ck_assert_int_eq(send(fds[i], request, strlen(request), MSG_NOSIGNAL),
                         (ssize_t)strlen(request));
    }
    if (!answered)
        harness_nap_ms(300);
    for (int i = 0; i < clients; i++) {
        ck_assert_msg(!answered || harness_wait_readable(fds[i], HARNESS_PATIENCE),
                      "%s: no answer began", request);
        /* A reset, not a polite close: the rudest way to leave. */
        struct linger lg = { 1, 0 };
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        close(fds[i]);
    }
}

START_TEST(test_clients_leaving_during_waits_and_bodies)
{
    static const struct {
        const char *request;
        int answered; /* the answer begins at once */
    } leaves[] = {
        { "GET /delay/2 HTTP/1.1\r\nHost: x\r\n\r\n", 0 },
        { "GET /drip?numbytes=100&duration=2 HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "GET /stream-bytes/102400?chunk_size=1 HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "GET /bytes/102400 HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "GET /sse?count=50&duration=2s HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "GET /stream/100 HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "GET /range/102400?duration=2 HTTP/1.1\r\nHost: x\r\n\r\n", 1 },
        { "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial", 0 },
    };
    for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
        leave_midway(leaves[i].request, 20, leaves[i].answered);
        assert_served(leaves[i].request);
    }
    /* The paced ones wake up to closed sockets and finish: still served. */
    harness_nap_ms(2200);
    assert_served("after the paced answers ended");
}
END_TEST

/* --- a crowd of idle and slow (slowloris) connections ----------------------- */

enum { IDLE = 1000, SLOW = 50 };
static int idle[IDLE], slow[SLOW];
static double line_sent[SLOW], cut_seen[SLOW];

/* 1000 connections that say nothing, and 50 that send a request line. */
static void open_crowd(void)
{
    for (int i = 0; i < IDLE; i++) {
        idle[i] = harness_raw_connect();
        ck_assert_msg(idle[i] >= 0, "idle connection %d: %s", i, strerror(errno));
    }
    for (int i = 0; i < SLOW; i++) {
        slow[i] = harness_raw_connect();
        ck_assert_int_ge(slow[i], 0);
        const char *line = "GET /get HTTP/1.1\r\n";
        line_sent[i] = harness_now(); /* the header timeout cannot start sooner */
        ck_assert_int_eq(send(slow[i], line, strlen(line), MSG_NOSIGNAL), (ssize_t)strlen(line));
        cut_seen[i] = 0;
    }
}

/* One header byte more from each slow client the server has not cut; notes
 * when a cut is first seen. Returns how many are cut. */
static int trickle(void)
{
    int cut = 0;
    for (int i = 0; i < SLOW; i++) {
        if (!cut_seen[i] && (harness_peer_closed(slow[i]) ||
                             (send(slow[i], "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
                              errno != EAGAIN)))
            cut_seen[i] = harness_now();
        cut += cut_seen[i] > 0;
    }
    return cut;
}

static void close_crowd(void)
{
    for (int i = 0; i < SLOW; i++)
        close(slow[i]);
    for (int i = 0; i < IDLE; i++)
        close(idle[i]);
}

/* With timeouts no test reaches, the crowd holds on throughout: each GET is
 * answered while all of it is there. */
START_TEST(test_idle_and_slowloris_crowd_does_not_starve_others)
{
    open_crowd();
    for (int round = 0; round < 9; round++) {
        ck_assert_msg(trickle() == 0, "the server cut a slow client");
        assert_served("during the crowd");
        harness_nap_ms(100);
    }
    int idle_closed = 0;
    for (int i = 0; i < IDLE; i++)
        idle_closed += harness_peer_closed(idle[i]);
    ck_assert_msg(trickle() == 0 && idle_closed == 0, "the crowd did not hold on");
    close_crowd();
    assert_served("after the crowd");
}
END_TEST

/* With --header-timeout 1, every slow one is cut, none before its second. */
START_TEST(test_slowloris_crowd_is_cut_after_the_header_timeout)
{
    open_crowd();
    double t0 = harness_now();
    int cut = 0;
    for (int tick = 0; cut < SLOW && harness_now() - t0 < HEAD_TIMEOUT + HARNESS_SLACK; tick++) {
        cut = trickle();
        if (tick % 3 == 0)
            assert_served("during the crowd");
        harness_nap_ms(100);
    }
    ck_assert_msg(cut == SLOW, "%d of %d slow connections cut within %.0f s", cut, SLOW,
                  HEAD_TIMEOUT + HARNESS_SLACK);
    for (int i = 0; i < SLOW; i++)
        ck_assert_msg(cut_seen[i] - line_sent[i] >= HEAD_TIMEOUT - 0.05,
                      "slow connection %d cut %.2f s after its request line, before the "
                      "header timeout", i, cut_seen[i] - line_sent[i]);
    close_crowd();
    assert_served("after the crowd");
}
END_TEST

/* --- clients that never read ------------------------------------------------ */

/* The connection timeout of start_with_short_timeout(). */
#define SILENCE_TIMEOUT 2

/* libmicrohttpd's silence timeout is what frees a connection whose client
 * stopped reading: short here, to be seen. */
static void start_with_short_timeout(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.connection_timeout = SILENCE_TIMEOUT;
    harness_start_with(&cfg);
}

enum { READERS = 20 };
#define READER_BYTES 10000000

/* READERS clients ask for 10 MB each and never read it: the answers stick
 * in full socket buffers. Their local ports go to ports[]. */
static void open_readers(int fds[READERS], unsigned ports[READERS])
{
    static const char request[] =
        "GET /drip?numbytes=10000000&duration=0 HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < READERS; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        ck_assert_int_ge(fds[i], 0);
        int small = 4096; /* before connecting: the window stays small */
        setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
        struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(harness_port()) };
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ck_assert_int_eq(connect(fds[i], (struct sockaddr *)&addr, sizeof(addr)), 0);
        socklen_t len = sizeof(addr);
        ck_assert_int_eq(getsockname(fds[i], (struct sockaddr *)&addr, &len), 0);
        ports[i] = ntohs(addr.sin_port);
        ck_assert_int_eq(send(fds[i], request, strlen(request), MSG_NOSIGNAL),
                         (ssize_t)strlen(request));
    }
}

START_TEST(test_clients_that_never_read_do_not_hold_up_others)
{
    int fds[READERS];
    unsigned ports[READERS];
    open_readers(fds, ports);
    for (int i = 0; i < 5; i++) {
        assert_served("while 20 clients do not read");
        harness_nap_ms(200);
    }
    for (int i = 0; i < READERS; i++) {
        struct linger lg = { 1, 0 };
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        close(fds[i]);
    }
    assert_served("after the readers left");
}
END_TEST

/* How many of the connections from 'ports' the server still holds open
 * (ESTABLISHED on its side, in /proc/net/tcp): a connection it dropped
 * leaves that state at once, even with its answer still unsent. */
static int held_by_server(const unsigned *ports, int n)
{
    FILE *f = fopen("/proc/net/tcp", "r");
    ck_assert_ptr_nonnull(f);
    char line[512];
    int held = 0;
    while (fgets(line, sizeof(line), f)) {
        unsigned local_port, remote_port, state;
        if (sscanf(line, " %*d: %*x:%x %*x:%x %x", &local_port, &remote_port, &state) != 3)
            continue;
        if (local_port != harness_port() || state != 1) /* TCP_ESTABLISHED */
            continue;
        for (int i = 0; i < n; i++)
            held += remote_port == ports[i];
    }
    fclose(f);
    return held;
}

struct readers {
    const unsigned *ports;
    double dropped_at;
};

static int all_dropped(void *arg)
{
    struct readers *r = arg;
    if (held_by_server(r->ports, READERS))
        return 0;
    r->dropped_at = harness_now();
    return 1;
}

START_TEST(test_clients_that_never_read_are_dropped_after_the_timeout)
{
    int fds[READERS];
    unsigned ports[READERS];
    double t0 = harness_now(); /* the silence cannot begin sooner */
    open_readers(fds, ports);
    ck_assert_msg(held_by_server(ports, READERS) > 0, "the server holds no reader");
    /* Waiting without reading: a read would be progress, and keep them. */
    struct readers r = { ports, 0 };
    ck_assert_msg(harness_wait_until(all_dropped, &r, SILENCE_TIMEOUT + HARNESS_SLACK),
                  "%d of %d readers still held %.0f s after they stopped reading",
                  held_by_server(ports, READERS), READERS, SILENCE_TIMEOUT + HARNESS_SLACK);
    ck_assert_msg(r.dropped_at - t0 >= SILENCE_TIMEOUT - 0.05,
                  "the readers were dropped %.2f s after connecting, before the %d s timeout",
                  r.dropped_at - t0, SILENCE_TIMEOUT);
    for (int i = 0; i < READERS; i++) {
        size_t got;
        double took = harness_wait_closed(fds[i], HARNESS_PATIENCE, &got);
        ck_assert_msg(took >= 0 && got < READER_BYTES, "reader %d: %zu bytes, %s", i, got,
                      took >= 0 ? "closed" : "still open");
        close(fds[i]);
    }
    assert_served("after the readers were dropped");
}
END_TEST

static Suite *faults_suite(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("faults");
    tcase_add_unchecked_fixture(tc, start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_clients_leaving_during_waits_and_bodies);
    tcase_add_test(tc, test_slowloris_crowd_is_cut_after_the_header_timeout);
    suite_add_tcase(s, tc);
    tc = tcase_create("crowd");
    tcase_add_unchecked_fixture(tc, start_patient, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_idle_and_slowloris_crowd_does_not_starve_others);
    tcase_add_test(tc, test_clients_that_never_read_do_not_hold_up_others);
    suite_add_tcase(s, tc);
    tc = tcase_create("readers");
    tcase_add_unchecked_fixture(tc, start_with_short_timeout, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_clients_that_never_read_are_dropped_after_the_timeout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(faults_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
