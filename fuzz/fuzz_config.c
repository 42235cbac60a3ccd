/* SPDX-License-Identifier: MIT */
/* Option values (server/config.h): hb_config_parse with fuzzed environment
 * and argv. Input: byte 0 says how many of the NUL-separated pieces that
 * follow are environment entries ("HTTPBIN_PORT=80"); the rest are argv.
 * Asserts: HB_CONFIG_RUN writes nothing and leaves every bounded setting
 * inside its bounds and every string terminated; EXIT_OK writes only to
 * out; EXIT_USAGE writes only to err, starting "httpbin-c: " and ending
 * with a line feed. */
#include "fuzz.h"

#include <math.h>

#include "server/config.h"

#define MAX_PIECES 64

static void check_bounds(const struct hb_config *c)
{
    FUZZ_CHECK(strnlen(c->host, sizeof(c->host)) < sizeof(c->host));
    FUZZ_CHECK(strnlen(c->tls_cert, sizeof(c->tls_cert)) < sizeof(c->tls_cert));
    FUZZ_CHECK(strnlen(c->digest_key, sizeof(c->digest_key)) < sizeof(c->digest_key));
    FUZZ_CHECK(strnlen(c->allowed_redirect_domains, sizeof(c->allowed_redirect_domains)) <
               sizeof(c->allowed_redirect_domains));
    FUZZ_CHECK(c->port <= 65535 && c->tls_port >= -1 && c->tls_port <= 65535);
    FUZZ_CHECK(c->max_body <= 1073741824 && c->max_bytes <= 1073741824);
    FUZZ_CHECK(c->max_url_bytes >= 256 && c->max_url_bytes <= 1048576);
    FUZZ_CHECK(c->max_json_depth >= 1 && c->max_json_depth <= 2000);
    FUZZ_CHECK(isfinite(c->max_delay) && c->max_delay >= 0 && c->max_delay <= 3600);
    FUZZ_CHECK(isfinite(c->header_timeout) && c->header_timeout >= 0.1);
    FUZZ_CHECK(c->log_format == HB_LOG_TEXT || c->log_format == HB_LOG_JSON ||
               c->log_format == HB_LOG_OFF);
    FUZZ_CHECK(c->use_real_hostname == 0 || c->use_real_hostname == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fuzz_input in = { data + 1, size - 1 };
    size_t n_env = data[0] % 8;
    char *pieces[MAX_PIECES], *env[9] = { NULL }, *argv[MAX_PIECES + 2];
    size_t n = 0, e = 0;
    int argc = 0;
    argv[argc++] = "httpbin-c";
    while (in.n && n < MAX_PIECES) {
        pieces[n] = fuzz_piece(&in, 0, NULL);
        if (e < n_env)
            env[e++] = pieces[n];
        else
            argv[argc++] = pieces[n];
        n++;
    }
    argv[argc] = NULL;

    char *out_text = NULL, *err_text = NULL;
    size_t out_len = 0, err_len = 0;
    FILE *out = open_memstream(&out_text, &out_len), *err = open_memstream(&err_text, &err_len);
    if (!out || !err)
        abort();
    struct hb_config cfg;
    hb_config_defaults(&cfg);
    enum hb_config_result r = hb_config_parse(&cfg, argc, argv, env, out, err);
    fclose(out);
    fclose(err);

    switch (r) {
    case HB_CONFIG_RUN:
        FUZZ_CHECK(out_len == 0 && err_len == 0);
        check_bounds(&cfg);
        break;
    case HB_CONFIG_EXIT_OK:
        FUZZ_CHECK(out_len > 0 && err_len == 0);
        break;
    case HB_CONFIG_EXIT_USAGE:
        FUZZ_CHECK(out_len == 0 && err_len > 11 && !strncmp(err_text, "httpbin-c: ", 11) &&
                   err_text[err_len - 1] == '\n');
        break;
    default:
        FUZZ_CHECK(!"a result outside enum hb_config_result");
    }
    free(out_text);
    free(err_text);
    for (size_t i = 0; i < n; i++)
        free(pieces[i]);
    return 0;
}
