/* SPDX-License-Identifier: MIT */
/* Server settings (config.h): defaults, flags, HTTPBIN_* variables, bounds and usage errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildconf.h"
#include "server/config.h"

#define MAX_ARGS 8 /* flags in a table row; the row's array ends with NULL or is full */
#define MAX_ENV 6

/* hb_config_parse over defaults, with out and err captured. */
struct run {
    struct hb_config cfg;
    enum hb_config_result result;
    char *out, *err;
    size_t out_len, err_len;
};

static void run_parse(struct run *r, const char *const *args, const char *const *env)
{
    char *argv[MAX_ARGS + 2], *envp[MAX_ENV + 1];
    int argc = 0, envc = 0;
    argv[argc++] = (char *)"httpbin-c";
    for (; args && argc <= MAX_ARGS && args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    for (; env && envc < MAX_ENV && env[envc]; envc++)
        envp[envc] = (char *)env[envc];
    envp[envc] = NULL;

    FILE *out = open_memstream(&r->out, &r->out_len);
    FILE *err = open_memstream(&r->err, &r->err_len);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    hb_config_defaults(&r->cfg);
    r->result = hb_config_parse(&r->cfg, argc, argv, envp, out, err);
    fclose(out);
    fclose(err);
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* --- defaults ------------------------------------------------------------------ */

START_TEST(test_config_defaults_are_documented_values)
{
    struct hb_config cfg;
    memset(&cfg, 0xa5, sizeof(cfg));
    hb_config_defaults(&cfg);
    ck_assert_str_eq(cfg.host, "::");
    ck_assert_uint_eq(cfg.port, 8080);
    ck_assert_uint_eq(cfg.threads, cores());
    ck_assert_uint_eq(cfg.max_body, 16u << 20);
    ck_assert(cfg.max_delay == 10);
    ck_assert_uint_eq(cfg.max_form_parts, 1000);
    ck_assert_uint_eq(cfg.max_connections, 20000);
    ck_assert_uint_eq(cfg.connection_timeout, 30);
    ck_assert(cfg.shutdown_grace == 15);
    ck_assert_int_eq(cfg.log_format, HB_LOG_TEXT);
    ck_assert_ptr_null(cfg.log_stream);
}
END_TEST

START_TEST(test_config_without_flags_or_env_keeps_defaults)
{
    struct run r;
    struct hb_config d;
    hb_config_defaults(&d);
    run_parse(&r, NULL, NULL);
    ck_assert_int_eq(r.result, HB_CONFIG_RUN);
    ck_assert_str_eq(r.cfg.host, d.host);
    ck_assert_uint_eq(r.cfg.port, d.port);
    ck_assert_uint_eq(r.cfg.threads, d.threads);
    ck_assert_uint_eq(r.cfg.max_body, d.max_body);
    ck_assert(r.cfg.max_delay == d.max_delay);
    ck_assert_int_eq(r.cfg.log_format, d.log_format);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_uint_eq(r.err_len, 0);
    run_free(&r);
}
END_TEST

/* --- accepted values -------------------------------------------------------------- */

enum field {
    F_PORT, F_THREADS, F_MAX_BODY, F_MAX_DELAY, F_MAX_FORM_PARTS, F_MAX_CONNECTIONS,
    F_CONNECTION_TIMEOUT, F_SHUTDOWN_GRACE, F_LOG_FORMAT,
};

static double field_value(const struct hb_config *cfg, enum field f)
{
    switch (f) {
    case F_PORT: return cfg->port;
    case F_THREADS: return cfg->threads;
    case F_MAX_BODY: return (double)cfg->max_body;
    case F_MAX_DELAY: return cfg->max_delay;
    case F_MAX_FORM_PARTS: return cfg->max_form_parts;
    case F_MAX_CONNECTIONS: return cfg->max_connections;
    case F_CONNECTION_TIMEOUT: return cfg->connection_timeout;
    case F_SHUTDOWN_GRACE: return cfg->shutdown_grace;
    case F_LOG_FORMAT: return cfg->log_format;
    }
    return -1;
}

struct ok_case {
    const char *name;
    const char *argv[MAX_ARGS];
    const char *envp[MAX_ENV];
    enum field field;
    double want;
};

static const struct ok_case ok_cases[] = {
    { "port_flag_zero", { "--port", "0" }, { NULL }, F_PORT, 0 },
    { "port_flag_with_equals", { "--port=9" }, { NULL }, F_PORT, 9 },
    { "port_highest", { "--port=65535" }, { NULL }, F_PORT, 65535 },
    { "port_leading_zeros", { "--port", "0080" }, { NULL }, F_PORT, 80 },
    { "port_from_env", { NULL }, { "HTTPBIN_PORT=1234" }, F_PORT, 1234 },
    { "flag_wins_over_env", { "--port", "5678" }, { "HTTPBIN_PORT=1234" }, F_PORT, 5678 },
    { "equals_flag_wins_over_env", { "--port=1" }, { "HTTPBIN_PORT=2" }, F_PORT, 1 },
    { "last_flag_wins", { "--port=1", "--port", "2" }, { NULL }, F_PORT, 2 },
    { "env_lookalikes_ignored", { NULL },
      { "HTTPBIN_PORTX=1", "XHTTPBIN_PORT=2", "HTTPBIN_PORT", "httpbin_port=3" }, F_PORT, 8080 },
    { "other_env_does_not_touch_port", { NULL }, { "HTTPBIN_THREADS=3" }, F_PORT, 8080 },
    { "threads_lowest", { "--threads", "1" }, { NULL }, F_THREADS, 1 },
    { "threads_highest", { "--threads=256" }, { NULL }, F_THREADS, 256 },
    { "threads_from_env", { NULL }, { "HTTPBIN_THREADS=3" }, F_THREADS, 3 },
    { "max_body_mega_suffix", { "--max-body", "2M" }, { NULL }, F_MAX_BODY, 2097152 },
    { "max_body_kilo_lowercase", { "--max-body=16k" }, { NULL }, F_MAX_BODY, 16384 },
    { "max_body_giga_is_the_max", { "--max-body", "1G" }, { NULL }, F_MAX_BODY, 1073741824 },
    { "max_body_mib", { "--max-body", "2MiB" }, { NULL }, F_MAX_BODY, 2097152 },
    { "max_body_mb", { "--max-body", "3mb" }, { NULL }, F_MAX_BODY, 3145728 },
    { "max_body_plain_bytes", { "--max-body", "1024" }, { NULL }, F_MAX_BODY, 1024 },
    { "max_body_zero", { "--max-body", "0" }, { NULL }, F_MAX_BODY, 0 },
    { "max_body_from_env", { NULL }, { "HTTPBIN_MAX_BODY=4K" }, F_MAX_BODY, 4096 },
    { "max_delay_fraction", { "--max-delay", "1.5" }, { NULL }, F_MAX_DELAY, 1.5 },
    { "max_delay_zero", { "--max-delay=0" }, { NULL }, F_MAX_DELAY, 0 },
    { "max_delay_highest", { "--max-delay", "3600" }, { NULL }, F_MAX_DELAY, 3600 },
    { "max_delay_from_env", { NULL }, { "HTTPBIN_MAX_DELAY=0.25" }, F_MAX_DELAY, 0.25 },
    { "max_form_parts_lowest", { "--max-form-parts", "1" }, { NULL }, F_MAX_FORM_PARTS, 1 },
    { "max_connections_highest", { "--max-connections=1000000" }, { NULL }, F_MAX_CONNECTIONS,
      1000000 },
    { "connection_timeout_highest", { "--connection-timeout", "86400" }, { NULL },
      F_CONNECTION_TIMEOUT, 86400 },
    { "shutdown_grace_fraction", { "--shutdown-grace", "0.5" }, { NULL }, F_SHUTDOWN_GRACE, 0.5 },
    { "log_format_json", { "--log-format", "json" }, { NULL }, F_LOG_FORMAT, HB_LOG_JSON },
    { "log_format_off", { "--log-format=off" }, { NULL }, F_LOG_FORMAT, HB_LOG_OFF },
    { "log_format_text_flag_over_env", { "--log-format", "text" }, { "HTTPBIN_LOG_FORMAT=json" },
      F_LOG_FORMAT, HB_LOG_TEXT },
    { "log_format_from_env", { NULL }, { "HTTPBIN_LOG_FORMAT=off" }, F_LOG_FORMAT, HB_LOG_OFF },
};

START_TEST(test_config_accepts_flags_and_env)
{
    const struct ok_case *c = &ok_cases[_i];
    struct run r;
    run_parse(&r, c->argv, c->envp);
    ck_assert_msg(r.result == HB_CONFIG_RUN, "%s: result %d, err '%s'", c->name, r.result,
                  r.err);
    double got = field_value(&r.cfg, c->field);
    ck_assert_msg(got == c->want, "%s: value %.17g, want %.17g", c->name, got, c->want);
    ck_assert_msg(r.err_len == 0 && r.out_len == 0, "%s: printed '%s' '%s'", c->name, r.out,
                  r.err);
    run_free(&r);
}
END_TEST

START_TEST(test_config_sets_the_host)
{
    struct run r;
    const char *args[] = { "--host", "127.0.0.1", NULL };
    run_parse(&r, args, NULL);
    ck_assert_int_eq(r.result, HB_CONFIG_RUN);
    ck_assert_str_eq(r.cfg.host, "127.0.0.1");
    run_free(&r);

    const char *env[] = { "HTTPBIN_HOST=::1", NULL };
    run_parse(&r, NULL, env);
    ck_assert_int_eq(r.result, HB_CONFIG_RUN);
    ck_assert_str_eq(r.cfg.host, "::1");
    run_free(&r);

    /* The longest host that fits: 255 characters. */
    char flag[8 + 256];
    memcpy(flag, "--host=", 7);
    memset(flag + 7, 'h', 255);
    flag[7 + 255] = '\0';
    const char *long_args[] = { flag, NULL };
    run_parse(&r, long_args, NULL);
    ck_assert_int_eq(r.result, HB_CONFIG_RUN);
    ck_assert_uint_eq(strlen(r.cfg.host), 255);
    run_free(&r);
}
END_TEST

START_TEST(test_config_reads_the_process_environment_when_envp_is_null)
{
    /* Check runs each test in its own process: setenv stays here. */
    setenv("HTTPBIN_PORT", "4321", 1);
    struct hb_config cfg;
    char *argv[] = { (char *)"httpbin-c", NULL };
    FILE *sink = tmpfile();
    ck_assert_ptr_nonnull(sink);
    hb_config_defaults(&cfg);
    ck_assert_int_eq(hb_config_parse(&cfg, 1, argv, NULL, sink, sink), HB_CONFIG_RUN);
    ck_assert_uint_eq(cfg.port, 4321);
    fclose(sink);
}
END_TEST

/* --- rejected values ---------------------------------------------------------------- */

struct bad_case {
    const char *name;
    const char *argv[MAX_ARGS];
    const char *envp[MAX_ENV];
    const char *names; /* must appear in the one error line */
};

static const struct bad_case bad_cases[] = {
    { "port_out_of_range", { "--port", "70000" }, { NULL }, "--port" },
    { "port_just_out_of_range", { "--port=65536" }, { NULL }, "--port" },
    { "port_letters", { "--port", "abc" }, { NULL }, "--port" },
    { "port_negative", { "--port", "-1" }, { NULL }, "--port" },
    { "port_plus_sign", { "--port", "+1" }, { NULL }, "--port" },
    { "port_empty_after_equals", { "--port=" }, { NULL }, "--port" },
    { "port_empty_argument", { "--port", "" }, { NULL }, "--port" },
    { "port_huge_number", { "--port", "99999999999999999999999" }, { NULL }, "--port" },
    { "port_fraction", { "--port", "1.5" }, { NULL }, "--port" },
    { "port_hex", { "--port", "0x10" }, { NULL }, "--port" },
    { "port_leading_space", { "--port", " 1" }, { NULL }, "--port" },
    { "port_trailing_space", { "--port", "1 " }, { NULL }, "--port" },
    { "port_missing_value", { "--port" }, { NULL }, "--port" },
    { "port_value_is_next_flag", { "--port", "--threads=2" }, { NULL }, "--port" },
    { "threads_zero", { "--threads", "0" }, { NULL }, "--threads" },
    { "threads_too_many", { "--threads", "257" }, { NULL }, "--threads" },
    { "max_body_bad_suffix", { "--max-body", "16X" }, { NULL }, "--max-body" },
    { "max_body_past_the_max", { "--max-body", "2G" }, { NULL }, "--max-body" },
    { "max_body_double_suffix", { "--max-body", "1KK" }, { NULL }, "--max-body" },
    { "max_body_suffix_only", { "--max-body", "K" }, { NULL }, "--max-body" },
    { "max_body_negative", { "--max-body", "-1" }, { NULL }, "--max-body" },
    { "max_body_fraction", { "--max-body", "1.5M" }, { NULL }, "--max-body" },
    { "max_delay_negative", { "--max-delay", "-1" }, { NULL }, "--max-delay" },
    { "max_delay_past_the_max", { "--max-delay", "3601" }, { NULL }, "--max-delay" },
    { "max_delay_nan", { "--max-delay", "nan" }, { NULL }, "--max-delay" },
    { "max_delay_infinite", { "--max-delay", "inf" }, { NULL }, "--max-delay" },
    { "max_delay_with_unit", { "--max-delay", "1.5s" }, { NULL }, "--max-delay" },
    { "max_delay_overflow", { "--max-delay", "1e999" }, { NULL }, "--max-delay" },
    { "log_format_xml", { "--log-format", "xml" }, { NULL }, "--log-format" },
    { "log_format_empty", { "--log-format=" }, { NULL }, "--log-format" },
    { "host_empty", { "--host=" }, { NULL }, "--host" },
    { "unknown_flag", { "--nope" }, { NULL }, "--nope" },
    { "unknown_flag_with_value", { "--nope=1" }, { NULL }, "--nope" },
    { "flag_prefix_is_unknown", { "--por=1" }, { NULL }, "--por" },
    { "flag_names_are_case_sensitive", { "--PORT=1" }, { NULL }, "--PORT" },
    { "bare_double_dash", { "--" }, { NULL }, "--" },
    { "single_dash_flag", { "-p", "1" }, { NULL }, "-p" },
    { "positional_argument", { "extra" }, { NULL }, "extra" },
    { "bad_flag_after_good_ones", { "--port=1", "--threads=2", "--bogus" }, { NULL }, "--bogus" },
    { "env_port_letters", { NULL }, { "HTTPBIN_PORT=abc" }, "HTTPBIN_PORT" },
    { "env_port_empty", { NULL }, { "HTTPBIN_PORT=" }, "HTTPBIN_PORT" },
    { "env_threads_zero", { NULL }, { "HTTPBIN_THREADS=0" }, "HTTPBIN_THREADS" },
    { "env_log_format_xml", { NULL }, { "HTTPBIN_LOG_FORMAT=xml" }, "HTTPBIN_LOG_FORMAT" },
    { "env_max_body_bad_suffix", { NULL }, { "HTTPBIN_MAX_BODY=16X" }, "HTTPBIN_MAX_BODY" },
};

START_TEST(test_config_rejects_bad_values_with_one_line_naming_the_option)
{
    const struct bad_case *c = &bad_cases[_i];
    struct run r;
    run_parse(&r, c->argv, c->envp);
    ck_assert_msg(r.result == HB_CONFIG_EXIT_USAGE, "%s: result %d, want usage", c->name,
                  r.result);
    ck_assert_msg(count_lines(r.err) == 1 && r.err_len > 0 && r.err[r.err_len - 1] == '\n',
                  "%s: err is not one line: '%s'", c->name, r.err);
    ck_assert_msg(strstr(r.err, c->names) != NULL, "%s: err '%s' does not name '%s'", c->name,
                  r.err, c->names);
    ck_assert_msg(r.out_len == 0, "%s: printed to out: '%s'", c->name, r.out);
    run_free(&r);
}
END_TEST

START_TEST(test_config_rejects_a_host_too_long_for_the_buffer)
{
    struct run r;
    char flag[8 + 300];
    memcpy(flag, "--host=", 7);
    memset(flag + 7, 'h', 256);
    flag[7 + 256] = '\0';
    const char *args[] = { flag, NULL };
    run_parse(&r, args, NULL);
    ck_assert_int_eq(r.result, HB_CONFIG_EXIT_USAGE);
    ck_assert_uint_eq(count_lines(r.err), 1);
    ck_assert_ptr_nonnull(strstr(r.err, "--host"));
    ck_assert_str_eq(r.cfg.host, "::");
    run_free(&r);
}
END_TEST

/* --- --help and --version ----------------------------------------------------------- */

struct info_case {
    const char *name;
    const char *argv[MAX_ARGS];
    enum hb_config_result result;
    const char *out; /* must appear on out; NULL: out stays empty */
};

static const struct info_case info_cases[] = {
    { "help", { "--help" }, HB_CONFIG_EXIT_OK, "Usage:" },
    { "short_help", { "-h" }, HB_CONFIG_EXIT_OK, "Usage:" },
    { "help_after_good_flags", { "--port", "1", "--help" }, HB_CONFIG_EXIT_OK, "Usage:" },
    { "help_before_bad_flag", { "--help", "--bogus" }, HB_CONFIG_EXIT_OK, "Usage:" },
    { "bad_flag_before_help", { "--bogus", "--help" }, HB_CONFIG_EXIT_USAGE, NULL },
    { "version", { "--version" }, HB_CONFIG_EXIT_OK, "httpbin-c " PACKAGE_VERSION "\n" },
    { "version_with_value_is_unknown", { "--version=1" }, HB_CONFIG_EXIT_USAGE, NULL },
};

START_TEST(test_config_help_and_version_exit_ok)
{
    const struct info_case *c = &info_cases[_i];
    struct run r;
    run_parse(&r, c->argv, NULL);
    ck_assert_msg(r.result == c->result, "%s: result %d, want %d", c->name, r.result, c->result);
    if (c->out) {
        ck_assert_msg(strstr(r.out, c->out) != NULL, "%s: out '%s' lacks '%s'", c->name, r.out,
                      c->out);
        ck_assert_msg(r.err_len == 0, "%s: printed to err: '%s'", c->name, r.err);
    } else {
        ck_assert_msg(r.out_len == 0, "%s: printed to out: '%s'", c->name, r.out);
    }
    run_free(&r);
}
END_TEST

START_TEST(test_config_help_lists_every_flag_and_variable)
{
    static const char *const words[] = {
        "--host", "HTTPBIN_HOST", "--port", "HTTPBIN_PORT", "--threads", "HTTPBIN_THREADS",
        "--max-body", "HTTPBIN_MAX_BODY", "--max-delay", "HTTPBIN_MAX_DELAY",
        "--max-form-parts", "HTTPBIN_MAX_FORM_PARTS", "--max-connections",
        "HTTPBIN_MAX_CONNECTIONS", "--connection-timeout", "HTTPBIN_CONNECTION_TIMEOUT",
        "--shutdown-grace", "HTTPBIN_SHUTDOWN_GRACE", "--log-format", "HTTPBIN_LOG_FORMAT",
        "--help", "--version",
    };
    struct run r;
    const char *args[] = { "--help", NULL };
    run_parse(&r, args, NULL);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        ck_assert_msg(strstr(r.out, words[i]) != NULL, "help lacks %s", words[i]);
    run_free(&r);
}
END_TEST

START_TEST(test_config_version_is_exactly_one_line)
{
    struct run r;
    const char *args[] = { "--version", NULL };
    run_parse(&r, args, NULL);
    ck_assert_str_eq(r.out, "httpbin-c " PACKAGE_VERSION "\n");
    run_free(&r);
}
END_TEST

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc;

    tc = tcase_create("defaults");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_config_defaults_are_documented_values);
    tcase_add_test(tc, test_config_without_flags_or_env_keeps_defaults);
    suite_add_tcase(s, tc);

    tc = tcase_create("accepted");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_config_accepts_flags_and_env, 0, N_OF(ok_cases));
    tcase_add_test(tc, test_config_sets_the_host);
    tcase_add_test(tc, test_config_reads_the_process_environment_when_envp_is_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("rejected");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_config_rejects_bad_values_with_one_line_naming_the_option, 0,
                        N_OF(bad_cases));
    tcase_add_test(tc, test_config_rejects_a_host_too_long_for_the_buffer);
    suite_add_tcase(s, tc);

    tc = tcase_create("info");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_config_help_and_version_exit_ok, 0, N_OF(info_cases));
    tcase_add_test(tc, test_config_help_lists_every_flag_and_variable);
    tcase_add_test(tc, test_config_version_is_exactly_one_line);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(config_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
