/* SPDX-License-Identifier: MIT */
/* Streaming: pull a body line by line (requests' stream=True and
 * iter_lines()), or have it pushed chunk by chunk without keeping it. */
#include <creq.h>
#include <stdio.h>
#include <string.h>

/* Push streaming: every chunk as it arrives; the body is never stored. */
static int count_bytes(void *userdata, const char *chunk, size_t len)
{
    (void)chunk;
    *(size_t *)userdata += len;
    return 0; /* non-zero would stop the transfer (CREQ_EABORTED) */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: %s BASE_URL [PATH]   (PATH defaults to /status/418, a teapot)\n", argv[0]);
        return 0;
    }
    size_t n = strlen(argv[1]); /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    if (n && argv[1][n - 1] == '/')
        argv[1][n - 1] = '\0';
    char url[512];
    snprintf(url, sizeof(url), "%s%s", argv[1], argc > 2 ? argv[2] : "/status/418");
    creq_error err;

    /* CREQ_STREAM: creq_get returns once the headers are in; the body is
     * read on demand, so a huge or endless one needs little memory. */
    creq_response *r = creq_get(NULL, url, CREQ_OPTS(.flags = CREQ_STREAM, .timeout = 5), &err);
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        return 1;
    }
    const char *length = creq_response_header(r, "Content-Length"); /* borrowed from r */
    printf("%d %s, Content-Length %s\n", creq_response_status(r), creq_response_reason(r),
           length ? length : "(none)");
    int lines = 0;
    for (;;) {
        const char *line; /* borrowed: valid until the next readline */
        ssize_t len = creq_response_readline(r, &line, &err);
        if (len < 0) { /* the connection broke mid-body, or a read timed out */
            fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
            creq_response_free(r);
            return 1;
        }
        if (len == 0 && !line)
            break; /* the end; an empty line is len 0 with a line */
        printf("%3d | %s\n", ++lines, line);
    }
    creq_response_free(r); /* also frees the one-shot session it ran on */

    /* on_data: the same body pushed to a callback as it arrives. */
    size_t bytes = 0;
    r = creq_get(NULL, url, CREQ_OPTS(.on_data = count_bytes, .userdata = &bytes, .timeout = 5),
                 &err);
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        return 1;
    }
    size_t kept;
    creq_response_content(r, &kept);
    printf("%d lines pulled; %zu bytes pushed, %zu kept\n", lines, bytes, kept);
    creq_response_free(r);
    return 0;
}
