/* SPDX-License-Identifier: MIT */
/* IPv6: the server on "::1" (that address only) and on "::" (dual stack:
 * IPv6 and IPv4 on one socket), over HTTP and HTTPS; origin, url and Host
 * as httpbin shows them. Skipped (exit 77) where there is no IPv6 loopback. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "routes/table.h"
#include "server/server.h"

/* How a request reaches the server, and what the echo must say. */
struct ipv6_case {
    const char *name;
    bool tls;           /* https on the TLS port, else http */
    const char *host;   /* as in the URL: "[::1]" or "127.0.0.1" */
    const char *path;
    long status;        /* 0: the connection must be refused */
    const char *origin; /* the echo's "origin", or NULL not to check */
};

static const struct ipv6_case loopback_cases[] = {
    { "get over ::1", false, "[::1]", "/get", 200, "::1" },
    { "ip over ::1", false, "[::1]", "/ip", 200, "::1" },
    { "get with a query over ::1", false, "[::1]", "/get?a=1", 200, "::1" },
    { "https get over ::1", true, "[::1]", "/get", 200, "::1" },
    { "unknown path over ::1", false, "[::1]", "/nope", 404, NULL },
    /* "::1" is that address only: no IPv4 on the same port. */
    { "ipv4 is not served on ::1", false, "127.0.0.1", "/get", 0, NULL },
    { "ipv4 https is not served on ::1", true, "127.0.0.1", "/get", 0, NULL },
};

static const struct ipv6_case dual_cases[] = {
    { "get over ::1", false, "[::1]", "/get", 200, "::1" },
    { "get over 127.0.0.1", false, "127.0.0.1", "/get", 200, "127.0.0.1" },
    { "ip over 127.0.0.1 is dotted", false, "127.0.0.1", "/ip", 200, "127.0.0.1" },
    { "https get over ::1", true, "[::1]", "/get", 200, "::1" },
    { "https get over 127.0.0.1", true, "127.0.0.1", "/get", 200, "127.0.0.1" },
    { "post over ::1", false, "[::1]", "/post", 200, "::1" },
};

static void start_on(const char *host)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 2;
    cfg.log_format = HB_LOG_OFF;
    cfg.shutdown_grace = 2;
    cfg.tls_port = 0;
    cfg.tls_self_signed = 1;
    harness_start_on(host, &cfg);
}

static void start_loopback(void)
{
    start_on("::1");
}

static void start_dual(void)
{
    start_on("::");
}

static void check_case(const struct ipv6_case *c)
{
    unsigned port = c->tls ? harness_tls_port() : harness_port();
    char base[64], host_header[64], url[128];
    snprintf(base, sizeof(base), "%s://%s:%u", c->tls ? "https" : "http", c->host, port);
    snprintf(host_header, sizeof(host_header), "%s:%u", c->host, port);
    snprintf(url, sizeof(url), "%s%s", base, c->path);
    const char *method = strcmp(c->path, "/post") ? "GET" : "POST";

    struct http_reply r = http_request_to(base, method, c->path, NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: got %ld (%s), want %ld", c->name, r.status,
                  r.error, c->status);
    if (c->origin) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(j != NULL, "%s: not JSON: %s", c->name, r.body);
        const char *origin = json_string_value(json_object_get(j, "origin"));
        ck_assert_msg(origin && !strcmp(origin, c->origin), "%s: origin %s, want %s", c->name,
                      origin ? origin : "(none)", c->origin);
        json_t *echoed_url = json_object_get(j, "url");
        if (echoed_url)
            ck_assert_str_eq(json_string_value(echoed_url), url);
        json_t *host = json_object_get(json_object_get(j, "headers"), "Host");
        if (host)
            ck_assert_str_eq(json_string_value(host), host_header);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}

START_TEST(test_ipv6_loopback_serves_only_ipv6)
{
    check_case(&loopback_cases[_i]);
}
END_TEST

START_TEST(test_dual_stack_serves_ipv6_and_ipv4)
{
    check_case(&dual_cases[_i]);
}
END_TEST

/* Bad hosts fail to start with a message, and leave nothing behind. */
static const char *const bad_hosts[] = {
    "::2",             /* IPv6, but not an address of this machine */
    "not-a-host.invalid",
    "[::1]",           /* URL spelling, not an address */
    "::1::",           /* malformed */
    "",
};

START_TEST(test_bad_host_fails_to_start)
{
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    cfg.threads = 1;
    cfg.log_format = HB_LOG_OFF;
    cfg.port = 0;
    snprintf(cfg.host, sizeof(cfg.host), "%s", bad_hosts[_i]);
    struct hb_server s;
    int rc = hb_server_start(&s, &cfg, hb_routes, hb_route_count);
    if (rc == 0)
        hb_server_stop(&s);
    ck_assert_msg(rc == -1, "host '%s' started a server", bad_hosts[_i]);
}
END_TEST

/* A socket on [::1] with an ephemeral port, as the tests need. */
static bool have_ipv6_loopback(void)
{
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    struct sockaddr_in6 lo = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    bool ok = bind(fd, (struct sockaddr *)&lo, sizeof(lo)) == 0;
    close(fd);
    return ok;
}

static Suite *ipv6_suite(void)
{
    Suite *s = suite_create("ipv6");
    TCase *tc = tcase_create("loopback ::1");
    tcase_add_unchecked_fixture(tc, start_loopback, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_ipv6_loopback_serves_only_ipv6, 0,
                        sizeof(loopback_cases) / sizeof(loopback_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("dual stack ::");
    tcase_add_unchecked_fixture(tc, start_dual, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dual_stack_serves_ipv6_and_ipv4, 0,
                        sizeof(dual_cases) / sizeof(dual_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("bad hosts");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_bad_host_fails_to_start, 0,
                        sizeof(bad_hosts) / sizeof(bad_hosts[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!have_ipv6_loopback()) {
        puts("ipv6: no IPv6 loopback on this machine: skipped");
        return 77; /* automake's SKIP */
    }
    SRunner *sr = srunner_create(ipv6_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
