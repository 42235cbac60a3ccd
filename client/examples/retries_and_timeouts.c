/* SPDX-License-Identifier: MIT */
/* Failure handling: a mounted urllib3-style Retry, read and connect timeouts,
 * and telling error kinds apart with creq_strerror() and the family tests. */
#include <creq.h>
#include <stdio.h>
#include <string.h>

/* Prints one outcome (the error names are requests') and returns its code. */
static creq_code report(const char *what, creq_response *r, const creq_error *err)
{
    if (r) {
        creq_error http;
        creq_code code = creq_raise_for_status(r, &http); /* 4xx/5xx: opt-in errors */
        if (code != CREQ_OK)
            printf("%-9s %s: %s\n", what, creq_strerror(http.code), http.message);
        else
            printf("%-9s %d %s\n", what, creq_response_status(r), creq_response_reason(r));
        creq_response_free(r);
        return code;
    }
    printf("%-9s %s%s%s (status %d): %s\n", what, creq_strerror(err->code),
           creq_is_timeout(err->code) ? " [timeout]" : "",
           creq_is_connection_error(err->code) ? " [connection]" : "", err->status, err->message);
    return err->code;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: %s BASE_URL   (e.g. http://127.0.0.1:8080)\n", argv[0]);
        return 0;
    }
    size_t n = strlen(argv[1]); /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    if (n && argv[1][n - 1] == '/')
        argv[1][n - 1] = '\0';
    const char *base = argv[1];
    char url[512];
    creq_error err;
    creq_response *r;
    int wrong = 0; /* outcomes other than the ones this example shows */
    creq_session *s = creq_session_new();
    if (!s)
        return 1;

    /* Retry(total=3, status_forcelist=[502, 503, 504], backoff_factor=0.1)
     * for every URL under base. Reads are never retried (-1): a server that
     * is slow once is likely slow again. Waits: 0, 0.2 s, 0.4 s. */
    const creq_retry retry = { .total = 3, .read = -1, .backoff_factor = 0.1,
                               .status_forcelist = (const int[]){ 502, 503, 504, 0 } };
    creq_session_mount(s, base, &(creq_adapter){ .max_retries = &retry });

    /* 503 four times: the retries run out, a RetryError with the status. */
    snprintf(url, sizeof(url), "%s/status/503", base);
    r = creq_get(s, url, NULL, &err);
    wrong += report("retry", r, &err) != CREQ_ERETRY;

    /* 404 is not in the forcelist: a response, made an error on request. */
    snprintf(url, sizeof(url), "%s/status/404", base);
    r = creq_get(s, url, NULL, &err);
    wrong += report("status", r, &err) != CREQ_EHTTP;

    /* The read timeout bounds each wait for bytes, not the whole exchange
     * (.total_timeout does that): /delay/3 stays silent for 3 s. */
    snprintf(url, sizeof(url), "%s/delay/3", base);
    r = creq_get(s, url, CREQ_OPTS(.connect_timeout = 2, .read_timeout = 0.5), &err);
    wrong += report("read", r, &err) != CREQ_EREAD_TIMEOUT;

    /* Port 1: refused at once. Outside the mount, so not retried. */
    r = creq_get(s, "http://127.0.0.1:1/", CREQ_OPTS(.timeout = 2), &err);
    wrong += !creq_is_connection_error(report("connect", r, &err));

    /* Misuse is reported the same way, before anything is sent. */
    r = creq_get(s, "example.com/get", NULL, &err);
    wrong += report("url", r, &err) != CREQ_EMISSING_SCHEMA;

    creq_session_free(s);
    return wrong != 0;
}
