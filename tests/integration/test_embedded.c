/* SPDX-License-Identifier: MIT */
/* libhttpbin through its public header only, as a user's test suite sees
 * it: start and stop, options, HTTPS, several servers at once, the journal
 * in Check's fork mode, and 1000 start/request/stop cycles that leave no
 * file descriptor or thread behind. */
#include <check.h>
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httpbin.h>

struct reply {
    long status;
    char body[65536];
    size_t len;
};

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    struct reply *r = arg;
    size_t len = size * n, room = sizeof(r->body) - 1 - r->len;
    memcpy(r->body + r->len, data, len < room ? len : room);
    r->len += len < room ? len : room;
    r->body[r->len] = '\0';
    return len;
}

/* One request with libcurl; ca_pem trusts a throwaway CA (or NULL). */
static struct reply fetch(const char *base, const char *path, const char *ca_pem,
                          const char *post)
{
    static struct reply r;
    memset(&r, 0, sizeof(r));
    char url[512];
    snprintf(url, sizeof(url), "%s%s", base, path);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    /* Debian's GnuTLS libcurl takes no CAINFO_BLOB: the CA goes in a file. */
    char ca_path[] = "/tmp/httpbin-ca-XXXXXX";
    if (ca_pem) {
        int fd = mkstemp(ca_path);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, ca_pem, strlen(ca_pem)), (ssize_t)strlen(ca_pem));
        close(fd);
        curl_easy_setopt(c, CURLOPT_CAINFO, ca_path);
    }
    CURLcode rc = curl_easy_perform(c);
    if (ca_pem)
        unlink(ca_path);
    ck_assert_msg(rc == CURLE_OK, "%s: %s", url, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_cleanup(c);
    return r;
}

static httpbin_server *start(const char *const *options)
{
    char *error = NULL;
    httpbin_server *s = httpbin_start(options, &error);
    ck_assert_msg(s, "httpbin_start: %s", error ? error : "(no message)");
    return s;
}

START_TEST(test_start_listens_on_loopback_at_a_free_port)
{
    httpbin_server *s = start(NULL);
    char want[64];
    snprintf(want, sizeof(want), "http://127.0.0.1:%u", httpbin_port(s));
    ck_assert_uint_gt(httpbin_port(s), 0);
    ck_assert_str_eq(httpbin_url(s), want);
    ck_assert_ptr_null(httpbin_tls_url(s));
    ck_assert_ptr_null(httpbin_ca_pem(s));
    struct reply r = fetch(httpbin_url(s), "/get?x=1", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\"x\":\"1\""));
    httpbin_stop(s);
}
END_TEST

START_TEST(test_journal_holds_what_the_client_sent_until_cleared)
{
    httpbin_server *s = start(NULL);
    fetch(httpbin_url(s), "/post", NULL, "name=ada");
    json_t *list = httpbin_requests(s);
    ck_assert_uint_eq(json_array_size(list), 1);
    json_t *e = json_array_get(list, 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "method")), "POST");
    ck_assert_str_eq(json_string_value(json_object_get(e, "body")), "name=ada");
    ck_assert_str_eq(httpbin_header(e, "content-TYPE"), "application/x-www-form-urlencoded");
    ck_assert_ptr_null(httpbin_header(e, "X-Not-Sent"));
    json_decref(list);
    httpbin_clear(s);
    list = httpbin_requests(s);
    ck_assert_uint_eq(json_array_size(list), 0);
    json_decref(list);
    ck_assert_uint_eq(httpbin_requests_dropped(s), 0);
    httpbin_stop(s);
}
END_TEST

START_TEST(test_options_are_the_command_lines)
{
    const char *opts[] = { "--max-bytes=10", "--journal-max-requests", "2", NULL };
    httpbin_server *s = start(opts);
    struct reply r = fetch(httpbin_url(s), "/bytes/100", NULL, NULL);
    ck_assert_uint_eq(r.len, 10);
    fetch(httpbin_url(s), "/get", NULL, NULL);
    fetch(httpbin_url(s), "/get", NULL, NULL);
    json_t *list = httpbin_requests(s);
    ck_assert_uint_eq(json_array_size(list), 2);
    ck_assert_uint_eq(httpbin_requests_dropped(s), 1);
    json_decref(list);
    httpbin_stop(s);
}
END_TEST

START_TEST(test_journal_off_gives_null)
{
    const char *opts[] = { "--journal=off", NULL };
    httpbin_server *s = start(opts);
    fetch(httpbin_url(s), "/get", NULL, NULL);
    ck_assert_ptr_null(httpbin_requests(s));
    httpbin_stop(s);
}
END_TEST

static const struct {
    const char *option, *says;
} bad_options[] = {
    { "--max-delay=soon", "--max-delay" },
    { "--no-such-option", "no-such-option" },
    { "port-without-dashes", "port-without-dashes" },
    { "--help", "command line" },
    { "--tls-client-ca=/nonexistent/ca.pem", "/nonexistent/ca.pem" },
    { "--tls-cert=/etc/hostname", "HTTPS needs --tls-cert and --tls-key" },
    { "--log-file=/nonexistent/dir/log", "--log-file: cannot open /nonexistent/dir/log" },
};

START_TEST(test_bad_option_gives_null_and_says_which)
{
    const char *opts[] = { bad_options[_i].option, NULL };
    char *error = NULL;
    ck_assert_ptr_null(httpbin_start(opts, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error, bad_options[_i].says), "error '%s' does not name '%s'", error,
                  bad_options[_i].says);
    ck_assert_msg(strncmp(error, "httpbin-c:", 10), "'%s' speaks as the program", error);
    free(error);
    ck_assert_ptr_null(httpbin_start(opts, NULL)); /* no message asked for */
}
END_TEST

START_TEST(test_a_taken_port_gives_null_and_says_so)
{
    httpbin_server *s = start(NULL);
    char port[32];
    snprintf(port, sizeof(port), "--port=%u", httpbin_port(s));
    const char *opts[] = { port, NULL };
    char *error = NULL;
    ck_assert_ptr_null(httpbin_start(opts, &error));
    ck_assert_ptr_nonnull(strstr(error, "cannot listen"));
    free(error);
    httpbin_stop(s);
}
END_TEST

START_TEST(test_tls_option_alone_serves_https_beside_http)
{
    const char *opts[] = { "--tls-self-signed", NULL };
    httpbin_server *s = start(opts);
    ck_assert_ptr_nonnull(httpbin_tls_url(s));
    ck_assert_ptr_nonnull(httpbin_ca_pem(s));
    ck_assert_ptr_nonnull(strstr(httpbin_ca_pem(s), "BEGIN CERTIFICATE"));
    ck_assert_uint_ne(httpbin_tls_port(s), httpbin_port(s));
    struct reply r = fetch(httpbin_tls_url(s), "/get", httpbin_ca_pem(s), NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "https://127.0.0.1"));
    r = fetch(httpbin_url(s), "/get", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_t *list = httpbin_requests(s);
    ck_assert(json_is_true(json_object_get(json_array_get(list, 0), "tls")));
    ck_assert(json_is_false(json_object_get(json_array_get(list, 1), "tls")));
    json_decref(list);
    httpbin_stop(s);
}
END_TEST

START_TEST(test_tls_port_off_keeps_https_off)
{
    const char *opts[] = { "--tls-self-signed", "--tls-port=off", NULL };
    httpbin_server *s = start(opts);
    ck_assert_ptr_null(httpbin_tls_url(s));
    httpbin_stop(s);
}
END_TEST

START_TEST(test_two_servers_keep_their_own_options_and_journals)
{
    const char *small[] = { "--max-bytes=5", NULL };
    httpbin_server *a = start(small), *b = start(NULL);
    ck_assert_str_ne(httpbin_url(a), httpbin_url(b));
    ck_assert_uint_eq(fetch(httpbin_url(a), "/bytes/50", NULL, NULL).len, 5);
    ck_assert_uint_eq(fetch(httpbin_url(b), "/bytes/50", NULL, NULL).len, 50);
    fetch(httpbin_url(b), "/get", NULL, NULL);
    json_t *ja = httpbin_requests(a), *jb = httpbin_requests(b);
    ck_assert_uint_eq(json_array_size(ja), 1);
    ck_assert_uint_eq(json_array_size(jb), 2);
    json_decref(ja);
    json_decref(jb);
    httpbin_stop(a);
    httpbin_stop(b);
}
END_TEST

/* The whole file as a string (malloc'd). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

START_TEST(test_two_servers_log_to_their_own_files)
{
    char dir[] = "/tmp/httpbin-logs-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path_a[64], path_b[64], opt_a[80], opt_b[80];
    snprintf(path_a, sizeof(path_a), "%s/a.log", dir);
    snprintf(path_b, sizeof(path_b), "%s/b.log", dir);
    snprintf(opt_a, sizeof(opt_a), "--log-file=%s", path_a);
    snprintf(opt_b, sizeof(opt_b), "--log-file=%s", path_b);
    const char *oa[] = { opt_a, NULL }, *ob[] = { opt_b, NULL };
    httpbin_server *a = start(oa), *b = start(ob);
    fetch(httpbin_url(a), "/get?to=a", NULL, NULL);
    fetch(httpbin_url(b), "/get?to=b", NULL, NULL);
    httpbin_stop(a); /* stopping flushes the last lines */
    httpbin_stop(b);
    char *la = slurp(path_a), *lb = slurp(path_b);
    ck_assert_msg(strstr(la, "/get?to=a") && !strstr(la, "/get?to=b"), "a.log: %s", la);
    ck_assert_msg(strstr(lb, "/get?to=b") && !strstr(lb, "/get?to=a"), "b.log: %s", lb);
    free(la);
    free(lb);
    unlink(path_a);
    unlink(path_b);
    rmdir(dir);
}
END_TEST

START_TEST(test_stop_ignores_null)
{
    httpbin_stop(NULL);
}
END_TEST

/* --- Check's fork mode: a server of the parent, used from forked tests ----
 * GCC 12's AddressSanitizer allocator is not fork-safe: a child forked
 * while one of the parent's server threads holds an allocator lock can
 * hang in it, LeakSanitizer's check at exit most often (it takes them
 * all). So here forked children skip that check (the parent's covers the
 * server), and each test lets the server's threads settle after closing
 * its connection, so that the next fork finds them asleep. Without the
 * sanitizers none of this is needed (glibc's malloc is fork-safe); the
 * manual says so. */

static httpbin_server *shared;
static pid_t main_pid;

int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return main_pid && getpid() != main_pid;
}

/* Whether every thread of process 'pid' but its main one sleeps. */
static int threads_asleep(pid_t pid)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%ld/task", (long)pid);
    DIR *d = opendir(dir);
    if (!d)
        return 1;
    int asleep = 1;
    for (struct dirent *e; asleep && (e = readdir(d));) {
        if (e->d_name[0] == '.' || atol(e->d_name) == (long)pid)
            continue;
        char path[384], stat[512];
        snprintf(path, sizeof(path), "%s/%s/stat", dir, e->d_name);
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(stat, 1, sizeof(stat) - 1, f) : 0;
        if (f)
            fclose(f);
        stat[n] = '\0';
        const char *state = strrchr(stat, ')');
        asleep = !state || state[1] != ' ' || state[2] == 'S';
    }
    closedir(d);
    return asleep;
}

/* Until the server's threads (of process 'pid') have all been asleep for a
 * few polls in a row; bounded, as a hang guard. */
static void let_the_server_settle_in(pid_t pid)
{
    for (int calm = 0, tries = 0; calm < 5 && tries < 5000; tries++) {
        calm = threads_asleep(pid) ? calm + 1 : 0;
        usleep(2000);
    }
}

/* From a forked test: the parent's threads (its main one is in waitpid). */
static void let_the_server_settle(void)
{
    let_the_server_settle_in(getppid());
}

static void start_shared(void)
{
    shared = httpbin_start(NULL, NULL);
    if (!shared)
        abort();
    let_the_server_settle_in(getpid()); /* its threads are still starting */
}

static void stop_shared(void)
{
    httpbin_stop(shared);
}

START_TEST(test_forked_test_reads_the_parents_journal)
{
    httpbin_clear(shared);
    fetch(httpbin_url(shared), "/anything/from-a-test", NULL, NULL);
    json_t *list = httpbin_requests(shared);
    ck_assert_uint_eq(json_array_size(list), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "target")),
                     "/anything/from-a-test");
    json_decref(list);
    let_the_server_settle();
}
END_TEST

START_TEST(test_stop_in_a_forked_child_leaves_the_server_running)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        httpbin_stop(shared); /* not this process's server: nothing happens */
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(fetch(httpbin_url(shared), "/get", NULL, NULL).status, 200);
    let_the_server_settle();
}
END_TEST

/* --- 1000 cycles ------------------------------------------------------- */

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - (strcmp(dir, "/proc/self/fd") == 0); /* opendir's own */
}

START_TEST(test_a_thousand_start_request_stop_cycles_leave_no_fd_or_thread)
{
    /* One cycle first: libcurl's and GnuTLS's one-time setup is not a leak. */
    httpbin_server *s = start(NULL);
    fetch(httpbin_url(s), "/get", NULL, NULL);
    httpbin_stop(s);
    int fds = count_entries("/proc/self/fd"), threads = count_entries("/proc/self/task");
    for (int i = 0; i < 1000; i++) {
        s = start(NULL);
        ck_assert_int_eq(fetch(httpbin_url(s), "/get", NULL, NULL).status, 200);
        httpbin_stop(s);
    }
    ck_assert_int_eq(count_entries("/proc/self/fd"), fds);
    ck_assert_int_eq(count_entries("/proc/self/task"), threads);
}
END_TEST

static Suite *embedded_suite(void)
{
    Suite *s = suite_create("embedded");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_start_listens_on_loopback_at_a_free_port);
    tcase_add_test(tc, test_journal_holds_what_the_client_sent_until_cleared);
    tcase_add_test(tc, test_options_are_the_command_lines);
    tcase_add_test(tc, test_journal_off_gives_null);
    tcase_add_loop_test(tc, test_bad_option_gives_null_and_says_which, 0,
                        sizeof(bad_options) / sizeof(bad_options[0]));
    tcase_add_test(tc, test_a_taken_port_gives_null_and_says_so);
    tcase_add_test(tc, test_tls_option_alone_serves_https_beside_http);
    tcase_add_test(tc, test_tls_port_off_keeps_https_off);
    tcase_add_test(tc, test_two_servers_keep_their_own_options_and_journals);
    tcase_add_test(tc, test_two_servers_log_to_their_own_files);
    tcase_add_test(tc, test_stop_ignores_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("fork");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start_shared, stop_shared);
    tcase_add_test(tc, test_forked_test_reads_the_parents_journal);
    tcase_add_test(tc, test_stop_in_a_forked_child_leaves_the_server_running);
    suite_add_tcase(s, tc);

    /* A hang guard only: the cycles take seconds, minutes when loaded. */
    tc = tcase_create("cycles");
    tcase_set_timeout(tc, 1800);
    tcase_add_test(tc, test_a_thousand_start_request_stop_cycles_leave_no_fd_or_thread);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    main_pid = getpid();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    SRunner *sr = srunner_create(embedded_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
