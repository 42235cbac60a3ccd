/* SPDX-License-Identifier: MIT */
/* Setting up a transfer's easy handle for one request: the constant options
 * a primed handle keeps, then the URL and HTTP version, method and body,
 * headers, cookies, timeouts, TLS, proxy and callbacks. Any option beyond
 * the constant and per-transfer ones marks the handle for a reset before
 * its next use. */
#include "transfer_setup.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "global.h"
#include "header_list.h"
#include "now.h"
#include "prepared.h"
#include "session.h"
#include "transfer_callbacks.h"
#include "transfer_state.h"

/* requests' select_proxy: "scheme://host", "scheme", "all://host", "all". */
static const char *select_proxy(const creq_kv *proxies, const char *url, const char **no_proxy)
{
    *no_proxy = NULL;
    if (!proxies || !proxies->name)
        return NULL;
    char scheme[8] = "", host[256] = "";
    sscanf(url, "%7[^:]://%255[^/:?#]", scheme, host);
    const char *keys[4];
    char k0[300], k2[300];
    snprintf(k0, sizeof(k0), "%s://%s", scheme, host);
    snprintf(k2, sizeof(k2), "all://%s", host);
    keys[0] = k0, keys[1] = scheme, keys[2] = k2, keys[3] = "all";
    for (const creq_kv *kv = proxies; kv && kv->name; kv++)
        if (!strcasecmp(kv->name, "no_proxy"))
            *no_proxy = kv->value;
    for (int i = 0; i < 4; i++)
        for (const creq_kv *kv = proxies; kv && kv->name; kv++)
            if (!strcasecmp(kv->name, keys[i]))
                return kv->value;
    return NULL;
}

/* Sets an option beyond the constant and per-transfer ones: the handle
 * then needs a reset before it serves another transfer. */
#define SET_EXTRA(t, option, value) ((t)->extra = true, curl_easy_setopt((t)->easy, option, value))

/* The request's own cookies (the session's, then the call's): one Cookie
 * line beside what the jar sends, kept in t->cookie for the transfer. */
static int add_cookie_header(struct creq__transfer *t, const struct creq__settings *st)
{
    size_t n = 1;
    const creq_kv *layers[2] = { st->def->cookies, st->req->cookies };
    for (int l = 0; l < 2; l++)
        for (const creq_kv *kv = layers[l]; kv && kv->name; kv++)
            n += strlen(kv->name) + strlen(kv->value ? kv->value : "") + 3;
    if (n == 1)
        return CREQ_OK;
    char *line = malloc(n), *o = line;
    if (!line)
        return CREQ_ENOMEM;
    for (int l = 0; l < 2; l++)
        for (const creq_kv *kv = layers[l]; kv && kv->name; kv++)
            o += sprintf(o, "%s%s=%s", o == line ? "" : "; ", kv->name, kv->value ? kv->value : "");
    SET_EXTRA(t, CURLOPT_COOKIE, line);
    t->cookie = line;
    return CREQ_OK;
}

static int build_mime(struct creq__transfer *t, const creq_opts *o)
{
    t->mime = curl_mime_init(t->easy);
    if (!t->mime)
        return CREQ_ENOMEM;
    /* Form fields come first, then files, as requests encodes them. */
    for (const creq_kv *kv = o->data; kv && kv->name; kv++) {
        curl_mimepart *part = curl_mime_addpart(t->mime);
        if (!part || curl_mime_name(part, kv->name) ||
            curl_mime_data(part, kv->value ? kv->value : "", CURL_ZERO_TERMINATED))
            return CREQ_ENOMEM;
    }
    for (const creq_file *f = o->files; f && f->field; f++) {
        curl_mimepart *part = curl_mime_addpart(t->mime);
        if (!part || curl_mime_name(part, f->field))
            return CREQ_ENOMEM;
        if (f->path) {
            if (curl_mime_filedata(part, f->path))
                return CREQ_EINVAL;
        } else if (curl_mime_data(part, f->data ? f->data : "", f->len)) {
            return CREQ_ENOMEM;
        }
        const char *filename = f->filename ? f->filename : f->path ? NULL : f->field;
        if (filename && curl_mime_filename(part, filename))
            return CREQ_ENOMEM;
        if (curl_mime_type(part, f->content_type))
            return CREQ_ENOMEM;
        struct curl_slist *extra = NULL;
        for (const creq_kv *h = f->headers; h && h->name; h++) {
            char line[1024];
            snprintf(line, sizeof(line), "%s: %s", h->name, h->value ? h->value : "");
            extra = curl_slist_append(extra, line);
        }
        if (extra)
            curl_mime_headers(part, extra, 1);
    }
    SET_EXTRA(t, CURLOPT_MIMEPOST, t->mime);
    return CREQ_OK;
}

/* The options every transfer sets alike: a primed handle holds them. Those
 * pointing at t too, for a handle stays with its transfer for life. One
 * that did not take (no memory) has the handle reset before its next use. */
static void set_constant(struct creq__transfer *t)
{
    CURL *e = t->easy;
    bool failed = false;
    failed |= curl_easy_setopt(e, CURLOPT_PRIVATE, t) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_HEADERDATA, t) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_WRITEDATA, t) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_SHARE, t->s->share) != CURLE_OK;
    /* The cookie engine stays on across curl_easy_reset() once switched on;
     * switching it on again would leak libcurl 7.88's pending file list. */
    if (t->fresh)
        curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
    failed |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, creq__transfer_on_header) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, creq__transfer_on_body) != CURLE_OK;
    failed |= curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L) != CURLE_OK;
    if (failed)
        t->extra = true;
}

/* The method, and how the body (if any) goes out. */
static int set_body(struct creq__transfer *t, const creq_opts *o, const creq_prepared *p,
                    bool multipart)
{
    if (!strcmp(p->method, "HEAD"))
        SET_EXTRA(t, CURLOPT_NOBODY, 1L);
    else if (strcmp(p->method, "GET") || p->body || p->streamed)
        SET_EXTRA(t, CURLOPT_CUSTOMREQUEST, p->method);

    if (p->body) {
        SET_EXTRA(t, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->body_len);
        SET_EXTRA(t, CURLOPT_POSTFIELDS, p->body);
    } else if (multipart) {
        if (build_mime(t, o))
            return CREQ_ENOMEM;
    } else if (p->streamed && o->body_reader) {
        t->reader = o->body_reader;
        SET_EXTRA(t, CURLOPT_POST, 1L);
        SET_EXTRA(t, CURLOPT_READFUNCTION, creq__transfer_on_upload);
        SET_EXTRA(t, CURLOPT_READDATA, t);
        SET_EXTRA(t, CURLOPT_POSTFIELDSIZE_LARGE,
                  (curl_off_t)(o->body_size >= 0 ? o->body_size : -1));
    }
    return CREQ_OK;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* CURLOPT_URL, unless a primed handle holds that URL already (libcurl
 * copies it, and parses it for every transfer anyway). */
static void set_url(struct creq__transfer *t, const char *url)
{
    if (t->primed && same_text(url, t->url))
        return;
    CURLcode rc = curl_easy_setopt(t->easy, CURLOPT_URL, url);
    size_t n = strlen(url) + 1;
    if (n > t->url_cap) {
        free(t->url);
        t->url_cap = 0;
        t->url = malloc(n);
        if (t->url)
            t->url_cap = n;
    }
    if (t->url)
        memcpy(t->url, url, n);
    if (rc != CURLE_OK || !t->url)
        t->extra = true; /* unsure what the handle holds: reset it */
}

/* CURLOPT_ACCEPT_ENCODING, unless the handle holds that value already. */
static void set_encoding(struct creq__transfer *t, const char *encoding)
{
    if (same_text(encoding, t->encoding))
        return;
    CURLcode rc = curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, encoding);
    free(t->encoding);
    t->encoding = encoding ? strdup(encoding) : NULL;
    if (rc != CURLE_OK || (encoding && !t->encoding))
        t->extra = true; /* unsure what the handle holds: reset it */
}

/* CURLOPT_HTTP_VERSION always: libcurl's own default takes h2 wherever
 * TLS offers it. With h2 a transfer waits for a connection it can share
 * (CURLOPT_PIPEWAIT), so that concurrent requests to one server multiplex
 * on one connection rather than each opening its own. Both are set only
 * when the handle holds other values, as the URL. */
static void set_version(struct creq__transfer *t, creq_http_version v, const char *url)
{
    static const long versions[] = {
        [CREQ_HTTP_1_0] = CURL_HTTP_VERSION_1_0,
        [CREQ_HTTP_1_1] = CURL_HTTP_VERSION_1_1,
        [CREQ_HTTP_2] = CURL_HTTP_VERSION_2TLS,
        [CREQ_HTTP_2_PRIOR_KNOWLEDGE] = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
    };
    bool is_https = !strncasecmp(url, "https:", 6);
    bool wait = v == CREQ_HTTP_2_PRIOR_KNOWLEDGE || (v == CREQ_HTTP_2 && is_https);
    if (versions[v] != t->http_version) {
        bool ok = curl_easy_setopt(t->easy, CURLOPT_HTTP_VERSION, versions[v]) == CURLE_OK;
        t->http_version = ok ? versions[v] : CURL_HTTP_VERSION_NONE;
        if (!ok)
            t->extra = true; /* unsure what the handle holds: reset it */
    }
    if (wait != t->pipewait) {
        bool ok = curl_easy_setopt(t->easy, CURLOPT_PIPEWAIT, wait ? 1L : 0L) == CURLE_OK;
        t->pipewait = ok && wait;
        if (!ok)
            t->extra = true;
    }
    /* libcurl 7.88 breaks an h2c connection it reuses (curl issue #10634):
     * a new one for each request, closed after it. */
    if (v == CREQ_HTTP_2_PRIOR_KNOWLEDGE && !is_https && creq__libcurl()->h2c_no_reuse) {
        SET_EXTRA(t, CURLOPT_FRESH_CONNECT, 1L);
        SET_EXTRA(t, CURLOPT_FORBID_REUSE, 1L);
    }
}

static int set_headers(struct creq__transfer *t, const creq_prepared *p, bool multipart)
{
    const char *encoding;
    if (creq__header_list_build(&t->list, p, multipart, t->reader != NULL, &encoding))
        return CREQ_ENOMEM;
    set_encoding(t, encoding);
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->list.head);
    return CREQ_OK;
}

static void set_limits(struct creq__transfer *t, const struct creq__settings *st)
{
    if (st->connect_timeout > 0)
        SET_EXTRA(t, CURLOPT_CONNECTTIMEOUT_MS, (long)(st->connect_timeout * 1000 + 0.5));
    if (t->deadline > 0) {
        double left = t->deadline - creq__now();
        SET_EXTRA(t, CURLOPT_TIMEOUT_MS, left > 0.001 ? (long)(left * 1000) : 1L);
    }
    if (!st->verify) {
        SET_EXTRA(t, CURLOPT_SSL_VERIFYPEER, 0L);
        SET_EXTRA(t, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (st->ca_bundle)
        SET_EXTRA(t, CURLOPT_CAINFO, st->ca_bundle);
    if (st->cert)
        SET_EXTRA(t, CURLOPT_SSLCERT, st->cert);
    if (st->key)
        SET_EXTRA(t, CURLOPT_SSLKEY, st->key);
}

static void set_proxy(struct creq__transfer *t, const struct creq__settings *st,
                      const creq_prepared *p)
{
    const char *no_proxy = NULL;
    const char *proxy = select_proxy(st->proxies, p->url, &no_proxy);
    if (proxy) {
        SET_EXTRA(t, CURLOPT_PROXY, proxy);
        t->proxied = true;
    } else if (st->flags & CREQ_NO_ENV) {
        SET_EXTRA(t, CURLOPT_PROXY, ""); /* environment proxies off */
    } else {
        t->proxied = t->s->env_proxy[!strncasecmp(p->url, "https", 5)];
    }
    if (no_proxy)
        SET_EXTRA(t, CURLOPT_NOPROXY, no_proxy);
    if (st->proxy_auth) {
        SET_EXTRA(t, CURLOPT_PROXYUSERNAME, st->proxy_auth->user ? st->proxy_auth->user : "");
        SET_EXTRA(t, CURLOPT_PROXYPASSWORD,
                  st->proxy_auth->password ? st->proxy_auth->password : "");
    }
}

static void set_callbacks(struct creq__transfer *t, const struct creq__settings *st)
{
    const creq_opts *o = st->req;
    t->on_data = o->on_data ? o->on_data : st->def->on_data;
    t->on_progress = o->on_progress ? o->on_progress : st->def->on_progress;
    t->userdata = o->userdata ? o->userdata : st->def->userdata;
    if (t->on_progress) {
        SET_EXTRA(t, CURLOPT_NOPROGRESS, 0L);
        SET_EXTRA(t, CURLOPT_XFERINFOFUNCTION, creq__transfer_on_progress);
        SET_EXTRA(t, CURLOPT_XFERINFODATA, t);
    }
}

int creq__transfer_setup(struct creq__transfer *t, const struct creq__settings *st,
                         const creq_prepared *p)
{
    bool multipart = p->streamed && st->req->files;
    if (!t->primed)
        set_constant(t);
    set_url(t, p->url);
    set_version(t, st->http_version, p->url);
    if (set_body(t, st->req, p, multipart) || set_headers(t, p, multipart) ||
        add_cookie_header(t, st))
        return CREQ_ENOMEM;
    set_limits(t, st);
    set_proxy(t, st, p);
    set_callbacks(t, st);
    return CREQ_OK;
}
