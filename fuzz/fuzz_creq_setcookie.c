/* SPDX-License-Identifier: MIT */
/* libcreq's Set-Cookie reading: creq__response_collect_cookies() (what
 * creq_response_cookie() answers from) and the session jar's reading of
 * libcurl's cookie list in creq_session_cookie(). Input: Set-Cookie values,
 * one per line. Asserts: for each value with a '=' before any ';', the
 * cookie of that exact (case-sensitive, as in requests' jar) name is the
 * value of the last such line, quotes stripped; the jar answers without
 * crashing for every name libcurl kept. */
#include "fuzz.h"

#include "client/headers.h"
#include "client/response_cookies.h"
#include "client/response_data.h"
#include "client/session.h"

/* The value a line gives its cookie, as the header comment of
 * creq__response_collect_cookies() describes it; NULL for no cookie. */
static char *expected(const char *line, char **name)
{
    const char *eq = strchr(line, '=');
    size_t end = strcspn(line, ";");
    if (!eq || (size_t)(eq - line) > end)
        return NULL;
    *name = strndup(line, (size_t)(eq - line));
    char *v = strndup(eq + 1, end - (size_t)(eq + 1 - line));
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        memmove(v, v + 1, n - 2);
        v[n - 2] = '\0';
    }
    return v;
}

static creq_session *jar_session(void)
{
    static creq_session *s; /* one for the whole run: making one is slow */
    if (!s && !(s = creq_session_new()))
        abort();
    return s;
}

#define MAX_LINES 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    char *lines[MAX_LINES];
    size_t n = 0;
    while (in.n && n < MAX_LINES)
        lines[n++] = fuzz_piece(&in, '\n', NULL);

    creq_response *r = creq__response_new();
    if (!r)
        abort();
    for (size_t i = 0; i < n; i++)
        if (creq__headers_add(&r->headers, "Set-Cookie", lines[i]))
            abort();
    creq__response_collect_cookies(r);
    for (size_t i = 0; i < n; i++) {
        char *name = NULL, *value = expected(lines[i], &name);
        if (!value)
            continue;
        const char *want = value;
        char *later_name = NULL, *later;
        for (size_t j = i + 1; j < n; j++) {
            if ((later = expected(lines[j], &later_name)) && !strcmp(later_name, name)) {
                free(value);
                value = later;
                want = value;
            } else {
                free(later);
            }
            free(later_name);
            later_name = NULL;
        }
        const char *got = creq_response_cookie(r, name);
        if (!got)
            fprintf(stderr, "cookie '%s' lost (wanted '%s')\n", name, want);
        FUZZ_CHECK(got && !strcmp(got, want));
        free(name);
        free(value);
    }
    creq_response_free(r);

    /* The jar: libcurl parses the lines (as from example.com), we read them back. */
    creq_session *s = jar_session();
    creq_session_clear_cookies(s);
    CURL *e = curl_easy_init();
    if (!e)
        abort();
    curl_easy_setopt(e, CURLOPT_SHARE, s->share);
    for (size_t i = 0; i < n; i++) {
        char *line = malloc(strlen(lines[i]) + 48);
        if (!line)
            abort();
        sprintf(line, "Set-Cookie: %s; domain=example.com", lines[i]);
        curl_easy_setopt(e, CURLOPT_COOKIELIST, line);
        free(line);
    }
    struct curl_slist *list = NULL;
    curl_easy_getinfo(e, CURLINFO_COOKIELIST, &list);
    for (struct curl_slist *c = list; c; c = c->next) {
        /* Netscape lines: the sixth field is the name. */
        const char *f = c->data;
        for (int k = 0; k < 5 && f; k++)
            f = (f = strchr(f, '\t')) ? f + 1 : NULL;
        if (!f)
            continue;
        char *name = strndup(f, strcspn(f, "\t"));
        const char *v = creq_session_cookie(s, name, NULL);
        FUZZ_CHECK(!v || strlen(v) < 2048);
        (void)creq_session_cookie(s, name, "example.com");
        free(name);
    }
    curl_slist_free_all(list);
    curl_easy_cleanup(e);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    return 0;
}
