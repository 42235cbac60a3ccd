/* SPDX-License-Identifier: MIT */
/* GET with query parameters, then read the JSON answer: libcreq's
 *   requests.get(url, params=..., headers=..., timeout=5).json() */
#include <creq.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: %s BASE_URL   (e.g. http://127.0.0.1:8080)\n", argv[0]);
        return 0; /* built by make check: running it bare must not fail */
    }
    size_t n = strlen(argv[1]); /* "http://127.0.0.1:8080/" as httpbin-c prints it */
    if (n && argv[1][n - 1] == '/')
        argv[1][n - 1] = '\0';
    char url[512];
    snprintf(url, sizeof(url), "%s/get", argv[1]);

    /* err is ours to own, like jansson's json_error_t. Passing NULL as the
     * session makes a one-shot session that lives for this call only. */
    creq_error err;
    creq_response *r = creq_get(NULL, url,
                                CREQ_OPTS(.params = CREQ_KV({ "q", "c lang" }, { "page", "2" }),
                                          .headers = CREQ_KV({ "Accept", "application/json" }),
                                          .timeout = 5),
                                &err);
    if (!r) { /* only transport failures land here: DNS, refused, timeouts */
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        return 1;
    }
    /* A 404 or 500 is a response, not an error, until we ask. */
    if (creq_raise_for_status(r, &err) != CREQ_OK) {
        fprintf(stderr, "%s\n", err.message);
        creq_response_free(r);
        return 1;
    }
    printf("%d %s (%s)\n", creq_response_status(r), creq_response_reason(r),
           creq_response_header(r, "content-type")); /* names: any case */

    json_t *j = creq_response_json(r, &err); /* a new reference: ours to decref */
    if (!j) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        creq_response_free(r);
        return 1;
    }
    /* httpbin echoes the query: the params went out as ?q=c+lang&page=2. */
    const char *key;
    json_t *value;
    json_object_foreach(json_object_get(j, "args"), key, value)
        printf("  args.%s = %s\n", key, json_string_value(value));
    printf("url: %s\n", json_string_value(json_object_get(j, "url")));

    json_decref(j);
    creq_response_free(r); /* strings borrowed from r die with it */
    return 0;
}
