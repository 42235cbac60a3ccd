/* SPDX-License-Identifier: MIT */
/* Redirects: followed with requests' rules and kept in the history, not
 * followed (and the next hop inspected), or capped. */
#include <creq.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: %s BASE_URL   (e.g. http://127.0.0.1:8080)\n", argv[0]);
        return 0;
    }
    size_t n = strlen(argv[1]); /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    if (n && argv[1][n - 1] == '/')
        argv[1][n - 1] = '\0';
    char url[512];
    snprintf(url, sizeof(url), "%s/redirect/3", argv[1]);
    creq_error err;
    creq_session *s = creq_session_new();
    if (!s)
        return 1;

    /* Followed by default (up to 30): each hop stays in the history, in
     * order, with its own status, headers and request. */
    creq_response *r = creq_get(s, url, NULL, &err);
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        creq_session_free(s);
        return 1;
    }
    for (size_t i = 0; i < creq_response_history_len(r); i++) {
        const creq_response *hop = creq_response_history(r, i); /* borrowed from r */
        printf("hop %zu: %d %s -> %s\n", i, creq_response_status(hop), creq_response_url(hop),
               creq_response_header(hop, "Location"));
    }
    printf("final: %d %s\n", creq_response_status(r), creq_response_url(r));
    creq_response_free(r); /* frees the history too */

    /* allow_redirects=False: the 302 is the answer, and creq_response_next
     * shows the request a follow would make (method rewritten, body and
     * foreign credentials dropped, as requests does). */
    r = creq_get(s, url, CREQ_OPTS(.flags = CREQ_NO_REDIRECTS), &err);
    if (r) {
        const creq_prepared *next = creq_response_next(r);
        printf("not followed: %d, redirect=%d, next: %s %s\n", creq_response_status(r),
               creq_response_is_redirect(r), next ? creq_prepared_method(next) : "-",
               next ? creq_prepared_url(next) : "-");
        creq_response_free(r);
    }

    /* max_redirects=2 against 3 hops: requests' TooManyRedirects. */
    r = creq_get(s, url, CREQ_OPTS(.max_redirects = 2), &err);
    printf("capped: %s: %s\n", r ? "followed?" : creq_strerror(err.code), r ? "" : err.message);
    int failed = r != NULL;
    creq_response_free(r);
    creq_session_free(s);
    return failed;
}
