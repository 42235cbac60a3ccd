/* SPDX-License-Identifier: MIT */
/* Following a redirect the way requests' SessionRedirectMixin does: where
 * the Location leads, which method and body go on, when credentials stay. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redirect.h"
#include "headers.h"
#include "prepared.h"
#include "response_data.h"

bool creq__is_redirect_status(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

char *creq__resolve_location(const char *base, const char *location)
{
    char *out = NULL, *joined = NULL;
    CURLU *u = curl_url();
    if (!u || curl_url_set(u, CURLUPART_URL, base, 0))
        goto out;
    /* Relative, "//host/path" and absolute forms all resolve against base;
     * odd characters are percent-encoded rather than refused. */
    if (curl_url_set(u, CURLUPART_URL, location, CURLU_URLENCODE | CURLU_ALLOW_SPACE) ||
        curl_url_get(u, CURLUPART_URL, &joined, 0))
        goto out;
    out = strdup(joined);
out:
    curl_free(joined);
    curl_url_cleanup(u);
    return out;
}

char *creq__request_target(const char *url)
{
    CURLU *u = curl_url();
    char *path = NULL, *query = NULL, *out = NULL;
    if (u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
        !curl_url_get(u, CURLUPART_PATH, &path, 0)) {
        curl_url_get(u, CURLUPART_QUERY, &query, 0);
        size_t n = strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
        out = malloc(n);
        if (out)
            snprintf(out, n, "%s%s%s", path, query ? "?" : "", query ? query : "");
    }
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(u);
    return out;
}

struct url_parts {
    char *scheme, *host, *port; /* port NULL when the URL names none */
};

static void parts_get(const char *url, struct url_parts *p)
{
    CURLU *u = curl_url();
    memset(p, 0, sizeof(*p));
    if (u && !curl_url_set(u, CURLUPART_URL, url, 0)) {
        curl_url_get(u, CURLUPART_SCHEME, &p->scheme, 0);
        curl_url_get(u, CURLUPART_HOST, &p->host, 0);
        curl_url_get(u, CURLUPART_PORT, &p->port, 0);
    }
    curl_url_cleanup(u);
}

static void parts_free(struct url_parts *p)
{
    curl_free(p->scheme);
    curl_free(p->host);
    curl_free(p->port);
}

static bool port_is(const char *port, const char *scheme)
{
    const char *def = !strcasecmp(scheme, "https") ? "443" : "80";
    return !port || !strcmp(port, def);
}

/* requests' should_strip_auth: another host, or another scheme or port
 * (but http -> https on default ports keeps the credentials). */
static bool should_strip_auth(const char *old_url, const char *new_url)
{
    struct url_parts o, n;
    parts_get(old_url, &o);
    parts_get(new_url, &n);
    bool strip = true;
    if (!o.host || !n.host || !o.scheme || !n.scheme || strcasecmp(o.host, n.host))
        goto out;
    if (!strcasecmp(o.scheme, "http") && port_is(o.port, "http") &&
        !strcasecmp(n.scheme, "https") && port_is(n.port, "https")) {
        strip = false;
        goto out;
    }
    bool changed_scheme = strcasecmp(o.scheme, n.scheme) != 0;
    if (!changed_scheme && port_is(o.port, o.scheme) && port_is(n.port, n.scheme)) {
        strip = false;
        goto out;
    }
    bool changed_port = (o.port == NULL) != (n.port == NULL) ||
                        (o.port && n.port && strcmp(o.port, n.port));
    strip = changed_port || changed_scheme;
out:
    parts_free(&o);
    parts_free(&n);
    return strip;
}

creq_prepared *creq__redirect_next(const creq_prepared *p, const creq_response *r,
                                   const char *new_url)
{
    /* requests' rebuild_method: 303 (but HEAD) and 302 (but HEAD) become
     * GET, and so does a 301 POST, as browsers do. */
    const char *method = p->method;
    if ((r->status == 303 && strcmp(method, "HEAD")) ||
        (r->status == 302 && strcmp(method, "HEAD")) ||
        (r->status == 301 && !strcmp(method, "POST")))
        method = "GET";
    creq_prepared *next = creq__prepared_new(method, new_url);
    if (!next || creq__headers_copy(&next->headers, &p->headers))
        goto fail;
    if (r->status == 307 || r->status == 308) {
        if (p->body && creq__prepared_set_body(next, p->body, p->body_len))
            goto fail;
        next->streamed = p->streamed;
    } else {
        /* The body goes, and the headers that described it. */
        creq__headers_set(&next->headers, "Content-Length", NULL);
        creq__headers_set(&next->headers, "Content-Type", NULL);
        creq__headers_set(&next->headers, "Transfer-Encoding", NULL);
    }
    creq__headers_set(&next->headers, "Cookie", NULL); /* the jar decides again */
    if (should_strip_auth(p->url, new_url))
        creq__headers_set(&next->headers, "Authorization", NULL);
    return next;
fail:
    creq__prepared_free(next);
    return NULL;
}
