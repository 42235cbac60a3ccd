/* SPDX-License-Identifier: MIT */
/* A session: defaults every request starts from, Basic auth, and the cookie
 * jar that redirects and later requests share, as requests.Session. */
#include <creq.h>
#include <stdio.h>
#include <string.h>

static char base[256];

static const char *at(const char *path) /* creq copies the URL during the call */
{
    static char url[512];
    snprintf(url, sizeof(url), "%s%s", base, path);
    return url;
}

/* Prints the status and httpbin's answer; 1 when there was none. */
static int show(const char *what, creq_response *r, const creq_error *err)
{
    if (!r) {
        fprintf(stderr, "%s: %s: %s\n", what, creq_strerror(err->code), err->message);
        return 1;
    }
    printf("%-8s %d after %zu redirect(s): %s", what, creq_response_status(r),
           creq_response_history_len(r), creq_response_text(r));
    creq_response_free(r);
    return 0;
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
    snprintf(base, sizeof(base), "%s", argv[1]);
    creq_error err;
    int failed = 0;
    creq_session *s = creq_session_new();
    if (!s)
        return 1;
    /* Deep-copied: the compound literals may go away after this call. */
    if (creq_session_defaults(s, CREQ_OPTS(.headers = CREQ_KV({ "X-Client", "example" }),
                                           .auth = CREQ_BASIC("alice", "s3cret"),
                                           .timeout = 5)) != CREQ_OK) {
        creq_session_free(s);
        return 1;
    }

    /* The default credentials go with every request of s. */
    failed |= show("auth", creq_get(s, at("/basic-auth/alice/s3cret"), NULL, &err), &err);

    /* The 302 sets a cookie; the jar keeps it and sends it on the redirect
     * and on every later request to that host. */
    failed |= show("set", creq_get(s, at("/cookies/set?flavour=oatmeal"), NULL, &err), &err);
    const char *jar = creq_session_cookie(s, "flavour", NULL); /* valid until next call on s */
    printf("jar: flavour=%s\n", jar ? jar : "(none)");

    /* Cookies of one request go with it only; the jar is untouched. */
    creq_response *r = creq_get(s, at("/cookies"), CREQ_OPTS(.cookies = CREQ_KV({ "seen", "1" })),
                                &err);
    failed |= show("once", r, &err);

    /* A NULL header value drops a session default for one request. (Not
     * auth: as in requests, it is applied after the headers.) */
    r = creq_get(s, at("/headers"), CREQ_OPTS(.headers = CREQ_KV({ "X-Client", NULL })), &err);
    failed |= show("headers", r, &err);

    creq_session_clear_cookies(s);
    printf("jar after clear: %s\n", creq_session_cookie(s, "flavour", NULL) ? "kept" : "empty");
    creq_session_free(s); /* closes its connections */
    return failed;
}
