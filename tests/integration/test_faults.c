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

static void start(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.header_timeout = 1;
    cfg.shutdown_grace = 3;
    harness_start_with(&cfg);
}

/* A normal GET answers 200 within a second. */
static void assert_served(const char *when)
{
    double t0 = harness_now();
    struct http_reply r = http_get("/get");
    double took = harness_now() - t0;
    ck_assert_msg(r.status == 200 && took < 1.0, "%s: %ld after %.2f s", when, r.status, took);
    http_reply_cleanup(&r);
}

/* Clients send 'request' and vanish after 'ms' without reading the end. */
static void leave_midway(const char *request, int clients, long ms)
{
    int fds[64];
    ck_assert_int_le(clients, 64);
    for (int i = 0; i < clients; i++) {
        fds[i] = harness_raw_connect();
        ck_assert_int_ge(fds[i], 0);
        ck_assert_int_eq(send(fds[i], request, strlen(request), MSG_NOSIGNAL),
                         (ssize_t)strlen(request));
    }
    harness_nap_ms(ms);
    for (int i = 0; i < clients; i++) {
        /* A reset, not a polite close: the rudest way to leave. */
        struct linger lg = { 1, 0 };
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        close(fds[i]);
    }
}

START_TEST(test_clients_leaving_during_waits_and_bodies)
{
    static const char *const requests[] = {
        "GET /delay/2 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /drip?numbytes=100&duration=2 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /stream-bytes/102400?chunk_size=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /bytes/102400 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /sse?count=50&duration=2s HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /stream/100 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /range/102400?duration=2 HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial",
    };
    for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
        leave_midway(requests[i], 20, 300);
        assert_served(requests[i]);
    }
    /* The paced ones wake up to closed sockets and finish: still served. */
    harness_nap_ms(2200);
    assert_served("after the paced answers ended");
}
END_TEST

START_TEST(test_idle_and_slowloris_crowd_does_not_starve_others)
{
    enum { IDLE = 1000, SLOW = 50 };
    static int idle[IDLE], slow[SLOW];
    for (int i = 0; i < IDLE; i++) {
        idle[i] = harness_raw_connect();
        ck_assert_msg(idle[i] >= 0, "idle connection %d: %s", i, strerror(errno));
    }
    for (int i = 0; i < SLOW; i++) {
        slow[i] = harness_raw_connect();
        ck_assert_int_ge(slow[i], 0);
        const char *line = "GET /get HTTP/1.1\r\n";
        ck_assert_int_eq(send(slow[i], line, strlen(line), MSG_NOSIGNAL), (ssize_t)strlen(line));
    }
    /* 2.5 s: the slow ones trickle a header byte each every 100 ms; normal
     * requests keep being answered. */
    int slow_closed = 0;
    double t0 = harness_now();
    for (int tick = 0; harness_now() - t0 < 2.5; tick++) {
        for (int i = 0; i < SLOW; i++)
            if (slow[i] >= 0 && send(slow[i], "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
                errno != EAGAIN) {
                close(slow[i]);
                slow[i] = -1;
                slow_closed++;
            }
        if (tick % 3 == 0)
            assert_served("during the crowd");
        harness_nap_ms(100);
    }
    /* --header-timeout is 1 s: every slow one was shut out by now (a send
     * after the server's shutdown fails, at the latest on the second try). */
    for (int i = 0; i < SLOW; i++) {
        if (slow[i] < 0)
            continue;
        char buf[64];
        struct timeval tv = { 1, 0 };
        setsockopt(slow[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        ssize_t n = recv(slow[i], buf, sizeof(buf), 0);
        slow_closed += n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        close(slow[i]);
    }
    ck_assert_msg(slow_closed == SLOW, "%d of %d slow connections closed", slow_closed, SLOW);
    for (int i = 0; i < IDLE; i++)
        close(idle[i]);
    assert_served("after the crowd");
}
END_TEST

/* libmicrohttpd's silence timeout is what frees a connection whose client
 * stopped reading: short here, to be seen. */
static void start_with_short_timeout(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.connection_timeout = 2;
    harness_start_with(&cfg);
}

START_TEST(test_clients_that_never_read_are_dropped_after_the_timeout)
{
    enum { READERS = 20 };
    static const char request[] =
        "GET /drip?numbytes=10000000&duration=0 HTTP/1.1\r\nHost: x\r\n\r\n";
    int fds[READERS];
    for (int i = 0; i < READERS; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        ck_assert_int_ge(fds[i], 0);
        int small = 4096; /* before connecting: the window stays small */
        setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
        struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(harness_port()) };
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ck_assert_int_eq(connect(fds[i], (struct sockaddr *)&addr, sizeof(addr)), 0);
        ck_assert_int_eq(send(fds[i], request, strlen(request), MSG_NOSIGNAL),
                         (ssize_t)strlen(request));
    }
    /* Their answers are stuck in full socket buffers; everyone else is served. */
    for (int i = 0; i < 5; i++) {
        assert_served("while 20 clients do not read");
        harness_nap_ms(200);
    }
    harness_nap_ms(3000); /* past the 2 s of silence */
    for (int i = 0; i < READERS; i++) {
        struct timeval tv = { 2, 0 };
        setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        char buf[65536];
        size_t got = 0;
        ssize_t n;
        while ((n = recv(fds[i], buf, sizeof(buf), 0)) > 0)
            got += (size_t)n;
        int ended = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        ck_assert_msg(ended && got < 10000000, "reader %d: %zu bytes, %s", i, got,
                      ended ? "closed" : "still open");
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
    tcase_add_test(tc, test_idle_and_slowloris_crowd_does_not_starve_others);
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
