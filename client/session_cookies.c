/* SPDX-License-Identifier: MIT */
/* A session's cookie jar: libcurl's cookie engine behind the share handle,
 * set, read, cleared, saved and loaded in Netscape cookie file lines. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session.h"

/* An easy handle on the jar, for COOKIELIST reads and writes. A handle of
 * its own: pooled handles must keep their cookie engine state. */
static CURL *jar_handle(creq_session *s)
{
    CURL *e = curl_easy_init();
    if (e)
        curl_easy_setopt(e, CURLOPT_SHARE, s->share);
    return e;
}

static void jar_done(CURL *e)
{
    curl_easy_cleanup(e);
}

int creq_session_set_cookie(creq_session *s, const char *name, const char *value,
                            const char *domain, const char *path)
{
    if (!name || !value || !domain || !*domain || strpbrk(name, ";\r\n\t =") ||
        strpbrk(value, ";\r\n") || strpbrk(domain, "\t\r\n") || (path && strpbrk(path, "\t\r\n")))
        return CREQ_EINVAL;
    CURL *e = jar_handle(s);
    if (!e)
        return CREQ_ENOMEM;
    /* Netscape format: domain, subdomains, path, secure, expiry, name, value. */
    char line[4096];
    snprintf(line, sizeof(line), "%s\t%s\t%s\tFALSE\t0\t%s\t%s", domain ? domain : "",
             domain && domain[0] == '.' ? "TRUE" : "FALSE", path ? path : "/", name, value);
    CURLcode rc = curl_easy_setopt(e, CURLOPT_COOKIELIST, line);
    jar_done(e);
    return rc == CURLE_OK ? CREQ_OK : CREQ_ENOMEM;
}

const char *creq_session_cookie(creq_session *s, const char *name, const char *domain)
{
    CURL *e = jar_handle(s);
    struct curl_slist *list = NULL;
    free(s->cookie_value);
    s->cookie_value = NULL;
    if (!e)
        return NULL;
    curl_easy_getinfo(e, CURLINFO_COOKIELIST, &list);
    for (struct curl_slist *c = list; c; c = c->next) {
        char d[256], sub[8], p[1024], secure[8], n[256], v[2048] = "";
        long long expires;
        const char *line = c->data;
        if (!strncmp(line, "#HttpOnly_", 10))
            line += 10;
        if (sscanf(line, "%255[^\t]\t%7[^\t]\t%1023[^\t]\t%7[^\t]\t%lld\t%255[^\t]\t%2047[^\n]", d,
                   sub, p, secure, &expires, n, v) < 6)
            continue;
        const char *dom = d[0] == '.' ? d + 1 : d;
        if (!strcmp(n, name) && (!domain || !strcasecmp(dom, domain[0] == '.' ? domain + 1 : domain))) {
            s->cookie_value = strdup(v);
            break;
        }
    }
    curl_slist_free_all(list);
    jar_done(e);
    return s->cookie_value;
}

int creq_session_clear_cookies(creq_session *s)
{
    CURL *e = jar_handle(s);
    if (!e)
        return CREQ_ENOMEM;
    curl_easy_setopt(e, CURLOPT_COOKIELIST, "ALL");
    jar_done(e);
    return CREQ_OK;
}

int creq_session_save_cookies(creq_session *s, const char *path)
{
    CURL *e = jar_handle(s);
    if (!e)
        return CREQ_ENOMEM;
    struct curl_slist *list = NULL;
    curl_easy_getinfo(e, CURLINFO_COOKIELIST, &list);
    jar_done(e);
    FILE *f = fopen(path, "w");
    if (!f) {
        curl_slist_free_all(list);
        return CREQ_EINVAL;
    }
    fputs("# Netscape HTTP Cookie File\n", f);
    for (struct curl_slist *c = list; c; c = c->next)
        fprintf(f, "%s\n", c->data);
    curl_slist_free_all(list);
    return fclose(f) ? CREQ_EINVAL : CREQ_OK;
}

int creq_session_load_cookies(creq_session *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return CREQ_EINVAL;
    CURL *e = jar_handle(s);
    if (!e) {
        fclose(f);
        return CREQ_ENOMEM;
    }
    char line[8192];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || (line[0] == '#' && strncmp(line, "#HttpOnly_", 10)))
            continue;
        curl_easy_setopt(e, CURLOPT_COOKIELIST, line);
    }
    fclose(f);
    jar_done(e);
    return CREQ_OK;
}
