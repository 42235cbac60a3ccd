/* SPDX-License-Identifier: MIT */
/* The front door (server/door.c): connections wait there, bounded in time
 * and number, only until their first bytes show the protocol; whatever way
 * those bytes arrive, the request is answered. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

#define DOOR_TIMEOUT 1 /* --connection-timeout of start() */
#define DOOR_LIMIT 8   /* --max-connections of start() */

static void start(void)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.connection_timeout = DOOR_TIMEOUT;
    cfg.max_connections = DOOR_LIMIT;
    harness_start_with(&cfg);
}

/* Sends all of 's', 'step' bytes per send() call. */
static void send_in_steps(int fd, const char *s, size_t step)
{
    size_t len = strlen(s);
    for (size_t at = 0; at < len; at += step) {
        size_t n = len - at < step ? len - at : step;
        ck_assert_int_eq(send(fd, s + at, n, MSG_NOSIGNAL), (ssize_t)n);
        harness_nap_ms(2); /* so that the kernel does not merge them */
    }
}

static void assert_answered_in_steps(size_t step)
{
    int fd = harness_raw_connect();
    ck_assert_int_ge(fd, 0);
    send_in_steps(fd, "GET /get?step=x HTTP/1.1\r\nHost: door\r\nConnection: close\r\n\r\n", step);
    char buf[4096] = { 0 };
    size_t got = 0;
    ssize_t n;
    while (got < sizeof(buf) - 1 && (n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0)) > 0)
        got += (size_t)n;
    close(fd);
    ck_assert_msg(!strncmp(buf, "HTTP/1.1 200 ", 13), "answer: %.80s", buf);
    ck_assert_ptr_nonnull(strstr(buf, "\"args\":{\"step\":\"x\"}"));
}

START_TEST(test_a_request_sent_a_byte_at_a_time_is_answered)
{
    assert_answered_in_steps(1);
}
END_TEST

START_TEST(test_a_request_sent_in_one_piece_is_answered)
{
    assert_answered_in_steps(4096);
}
END_TEST

START_TEST(test_a_silent_connection_is_closed_after_the_connection_timeout)
{
    int fd = harness_raw_connect();
    ck_assert_int_ge(fd, 0);
    double took = harness_wait_closed(fd, HARNESS_PATIENCE, NULL);
    close(fd);
    ck_assert_msg(took >= 0, "a connection that never spoke was never closed");
    ck_assert_msg(took >= DOOR_TIMEOUT - 0.2, "closed after %.2f s, before the timeout", took);
}
END_TEST

/* Once the door has seen the crowd go, there is room again. */
static void assert_served_again(void)
{
    struct http_reply r = { 0 };
    double until = harness_now() + HARNESS_PATIENCE;
    do {
        http_reply_cleanup(&r);
        r = http_get("/get");
    } while (r.status != 200 && harness_now() < until);
    ck_assert_int_eq(r.status, 200);
    http_reply_cleanup(&r);
}

START_TEST(test_connections_past_the_limit_are_closed_while_others_wait)
{
    int waiting[DOOR_LIMIT];
    for (int i = 0; i < DOOR_LIMIT; i++)
        ck_assert_int_ge(waiting[i] = harness_raw_connect(), 0);
    int extra = harness_raw_connect();
    ck_assert_int_ge(extra, 0);
    ck_assert_msg(harness_wait_closed(extra, HARNESS_PATIENCE, NULL) >= 0,
                  "a connection past --max-connections was kept");
    close(extra);
    for (int i = 0; i < DOOR_LIMIT; i++)
        close(waiting[i]);
    assert_served_again();
}
END_TEST

/* Connections that go on to libmicrohttpd up to the limit, then beyond it:
 * each is taken or closed, and the workers keep serving (libmicrohttpd
 * 0.9.75 hangs a worker for good when its own limit is reached, so it must
 * never be: daemon.c). */
START_TEST(test_connections_up_to_the_limit_in_libmicrohttpd_keep_workers_serving)
{
    int fds[DOOR_LIMIT + 4];
    for (int i = 0; i < DOOR_LIMIT + 4; i++) {
        ck_assert_int_ge(fds[i] = harness_raw_connect(), 0);
        send_in_steps(fds[i], "GET /get HTTP/1.1\r\n", 64); /* a head, never ended */
    }
    for (int i = DOOR_LIMIT; i < DOOR_LIMIT + 4; i++)
        ck_assert_msg(harness_wait_closed(fds[i], HARNESS_PATIENCE, NULL) >= 0,
                      "connection %d past the limit was kept", i);
    for (int i = 0; i < DOOR_LIMIT + 4; i++)
        close(fds[i]);
    assert_served_again();
}
END_TEST

static int count_fds(void)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/fd", harness_server_pid());
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* At most as many as before (a connection of an earlier test may still
 * have been closing then). */
static int fds_back_to(void *arg)
{
    return count_fds() <= *(int *)arg;
}

START_TEST(test_clients_that_leave_before_speaking_leave_no_descriptor_behind)
{
    int before = count_fds();
    ck_assert_int_gt(before, 0);
    for (int round = 0; round < 50; round++) {
        int fds[4];
        for (int i = 0; i < 4; i++)
            ck_assert_int_ge(fds[i] = harness_raw_connect(), 0);
        for (int i = 0; i < 4; i++)
            close(fds[i]);
    }
    ck_assert_msg(harness_wait_until(fds_back_to, &before, HARNESS_PATIENCE),
                  "server holds %d descriptors, %d before", count_fds(), before);
}
END_TEST

static Suite *door_suite(void)
{
    Suite *s = suite_create("door");
    TCase *tc = tcase_create("sorting");
    tcase_add_unchecked_fixture(tc, start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_a_request_sent_a_byte_at_a_time_is_answered);
    tcase_add_test(tc, test_a_request_sent_in_one_piece_is_answered);
    tcase_add_test(tc, test_a_silent_connection_is_closed_after_the_connection_timeout);
    tcase_add_test(tc, test_connections_past_the_limit_are_closed_while_others_wait);
    tcase_add_test(tc, test_connections_up_to_the_limit_in_libmicrohttpd_keep_workers_serving);
    tcase_add_test(tc, test_clients_that_leave_before_speaking_leave_no_descriptor_behind);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(door_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
