/* SPDX-License-Identifier: MIT */
/* Custom auth, as a requests.AuthBase subclass: a callback edits the
 * prepared request (here, adds an X-TokenAuth header) before it is sent. */
#include <creq.h>
#include <stdio.h>
#include <string.h>

struct token_auth {
    const char *token; /* NULL: refuse to send */
    int calls;
};

/* Runs on the calling thread once per request prepared. 0 = send it; any
 * other value stops it with CREQ_EABORTED. */
static int add_token(creq_prepared *req, void *userdata)
{
    struct token_auth *auth = userdata;
    auth->calls++;
    if (!auth->token)
        return 1;
    printf("auth: %s %s\n", creq_prepared_method(req), creq_prepared_url(req));
    /* Refused (CREQ_EINVALID_HEADER, non-zero) if the token holds CR or LF. */
    return creq_prepared_set_header(req, "X-TokenAuth", auth->token);
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
    char url[512];
    snprintf(url, sizeof(url), "%s/headers", argv[1]);
    creq_error err;
    struct token_auth auth = { .token = "secret-token" };

    creq_response *r = creq_get(NULL, url, CREQ_OPTS(.auth = CREQ_AUTH_FN(add_token, &auth)), &err);
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        return 1;
    }
    /* What was sent (Response.request) and what the server saw. */
    printf("sent:     X-TokenAuth: %s\n",
           creq_prepared_header(creq_response_request(r), "x-tokenauth"));
    json_t *j = creq_response_json(r, NULL);
    printf("received: X-Tokenauth: %s\n",
           json_string_value(json_object_get(json_object_get(j, "headers"), "X-Tokenauth")));
    json_decref(j);
    creq_response_free(r);

    /* The callback says no: nothing is sent, the call fails. */
    auth.token = NULL;
    r = creq_get(NULL, url, CREQ_OPTS(.auth = CREQ_AUTH_FN(add_token, &auth)), &err);
    printf("refused:  %s (%s); callback ran %d times\n",
           r ? "sent anyway?" : creq_strerror(err.code), r ? "" : err.message, auth.calls);
    creq_response_free(r); /* NULL is fine */
    return r != NULL;
}
