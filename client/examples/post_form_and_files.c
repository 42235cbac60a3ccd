/* SPDX-License-Identifier: MIT */
/* Request bodies: a urlencoded form, a multipart upload (fields + files from
 * memory), and JSON, as requests' data=, files= and json= arguments. */
#include <creq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints one member of httpbin's echo ("form", "files", "json"); 1 on error. */
static int show(const creq_response *r, const creq_error *err, const char *member)
{
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err->code), err->message);
        return 1;
    }
    json_t *j = creq_response_json(r, NULL);
    json_t *part = json_object_get(j, member);
    char *text = part ? json_dumps(part, JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
    printf("%-5s %s\n", member, text ? text : "(not JSON)");
    free(text);
    json_decref(j);
    return !text;
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
    snprintf(url, sizeof(url), "%s/post", argv[1]);
    creq_error err;
    int failed = 0;
    creq_session *s = creq_session_new(); /* three requests, one connection */

    /* data=: application/x-www-form-urlencoded, order and repeats kept. */
    creq_response *r = creq_post(s, url, CREQ_OPTS(.data = CREQ_KV({ "name", "Ada" },
                                                                   { "lang", "C" })), &err);
    failed |= show(r, &err, "form");
    creq_response_free(r);

    /* files=: multipart/form-data. Fields of .data come first; a part is
     * read from memory here (.path would stream it from disk instead). */
    static const char csv[] = "id,score\n1,42\n";
    const creq_file files[] = {
        { .field = "report", .filename = "report.csv", .data = csv, .len = strlen(csv),
          .content_type = "text/csv" },
        { .field = "note", .filename = "note.txt", .data = "hello", .len = 5 },
        { 0 },
    };
    r = creq_post(s, url, CREQ_OPTS(.data = CREQ_KV({ "kind", "upload" }), .files = files), &err);
    failed |= show(r, &err, "form") || show(r, &err, "files");
    creq_response_free(r);

    /* json=: dumped like json.dumps(); the json_t stays ours (borrowed). */
    json_t *doc = json_pack("{s:s, s:[i,i,i]}", "lib", "creq", "primes", 2, 3, 5);
    r = creq_post(s, url, CREQ_OPTS(.json = doc), &err);
    json_decref(doc);
    failed |= show(r, &err, "json");
    creq_response_free(r);

    creq_session_free(s);
    return failed;
}
