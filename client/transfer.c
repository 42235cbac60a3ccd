/* SPDX-License-Identifier: MIT */
/* One HTTP exchange on the session's multi handle: the easy handle set up
 * from the prepared request (on libcurl's defaults, or primed by a plain
 * transfer before), driven with curl_multi_poll() so that read timeouts are
 * exact, and (for CREQ_STREAM) left open for pulling. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "transfer.h"
#include "error.h"
#include "header_list.h"
#include "headers.h"
#include "now.h"
#include "prepared.h"
#include "response.h"
#include "session.h"
#include "settings.h"
#include "transfer_callbacks.h"
#include "transfer_state.h"

/* --- setting up the easy handle -------------------------------------------- */

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

static int add_cookie_header(struct creq__transfer *t, const struct creq__settings *st,
                             char **cookie)
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
    *cookie = line;
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

static int setup(struct creq__transfer *t, const struct creq__settings *st, const creq_prepared *p,
                 char **cookie)
{
    bool multipart = p->streamed && st->req->files;
    if (!t->primed)
        set_constant(t);
    set_url(t, p->url);
    if (set_body(t, st->req, p, multipart) || set_headers(t, p, multipart) ||
        add_cookie_header(t, st, cookie))
        return CREQ_ENOMEM;
    set_limits(t, st);
    set_proxy(t, st, p);
    set_callbacks(t, st);
    return CREQ_OK;
}

/* --- driving it -------------------------------------------------------------- */

/* Marks every finished transfer of the session's multi handle. */
static void collect_done(creq_session *s)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(s->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct creq__transfer *done = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&done);
        if (done) {
            done->done = true;
            done->result = m->data.result;
        }
    }
}

int creq__transfer_check(struct creq__transfer *t, double now, double *wait, creq_error *err)
{
    if (t->done)
        return CREQ_OK;
    if (!t->sent) {
        curl_off_t pre = 0;
        curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pre);
        if (pre > 0) {
            t->sent = true;
            t->last_activity = now;
        }
    }
    if (t->read_timeout > 0 && t->sent) {
        double left = t->last_activity + t->read_timeout - now;
        if (left <= 0)
            return creq__fail(err, CREQ_EREAD_TIMEOUT, "Read timed out. (read timeout=%g)",
                              t->read_timeout);
        if (left < *wait)
            *wait = left;
    }
    if (t->deadline > 0) {
        double left = t->deadline - now;
        if (left <= 0)
            return creq__fail(err, t->sent ? CREQ_EREAD_TIMEOUT : CREQ_ECONNECT_TIMEOUT,
                              "The total timeout ran out");
        if (left < *wait)
            *wait = left;
    }
    return CREQ_OK;
}

int creq__session_pump(creq_session *s, double wait, creq_error *err)
{
    int running;
    CURLMcode mc = curl_multi_perform(s->multi, &running);
    if (mc == CURLM_OK) {
        collect_done(s);
        int ms = (int)(wait * 1000);
        mc = curl_multi_poll(s->multi, NULL, 0, ms > 0 ? ms : 1, NULL);
    }
    if (mc != CURLM_OK)
        return creq__fail(err, CREQ_ENOMEM, "libcurl: %s", curl_multi_strerror(mc));
    collect_done(s);
    return CREQ_OK;
}

/* Drives until t is done, or (until_headers) its headers are in, or there is
 * new body (until_data). 0, or a creq_code with err set. */
static int drive(struct creq__transfer *t, bool until_headers, bool until_data, creq_error *err)
{
    size_t had = t->r->len;
    for (;;) {
        int running;
        CURLMcode mc = curl_multi_perform(t->s->multi, &running);
        if (mc != CURLM_OK)
            return creq__fail(err, CREQ_ENOMEM, "curl_multi_perform: %s", curl_multi_strerror(mc));
        collect_done(t->s);
        if (t->done || (until_headers && t->headers_done) || (until_data && t->r->len > had))
            return CREQ_OK;
        double wait = 1.0;
        /* Only timeouts need checking (conclude() finds out itself whether
         * the request went out). */
        if (t->read_timeout > 0 || t->deadline > 0) {
            int rc = creq__transfer_check(t, creq__now(), &wait, err);
            if (rc)
                return rc;
        }
        int ms = (int)(wait * 1000);
        curl_multi_poll(t->s->multi, NULL, 0, ms > 0 ? ms : 1, NULL);
    }
}

void creq__transfer_free(struct creq__transfer *t)
{
    if (!t)
        return;
    curl_multi_remove_handle(t->s->multi, t->easy);
    /* Drops the list COOKIEFILE left behind (libcurl 7.88 never frees it);
     * the engine itself stays on. */
    if (t->fresh)
        curl_easy_setopt(t->easy, CURLOPT_COOKIEFILE, NULL);
    curl_mime_free(t->mime);
    t->mime = NULL;
    free(t->cookie);
    t->cookie = NULL;
    creq__idle_give(t->s, t);
}

void creq__transfer_destroy(struct creq__transfer *t)
{
    curl_easy_cleanup(t->easy);
    free(t->encoding);
    free(t->url);
    creq__header_list_free(&t->list);
    free(t);
}

/* A new transfer, with a new easy handle. */
static struct creq__transfer *new_transfer(creq_session *s)
{
    /* malloc and clear: glibc's calloc skips its fast per-thread cache. */
    struct creq__transfer *t = malloc(sizeof(*t));
    CURL *easy = t ? curl_easy_init() : NULL;
    if (!easy) {
        free(t);
        return NULL;
    }
    *t = (struct creq__transfer){ .s = s, .easy = easy, .fresh = true };
    return t;
}

/* A transfer ready for setup(): from the session's pool, its handle back to
 * libcurl's defaults (connections, DNS, TLS sessions and cookies stay) or,
 * when the last transfer left it plain, primed; or a new one. */
static struct creq__transfer *take_transfer(creq_session *s)
{
    struct creq__transfer *t = creq__idle_take(s);
    if (!t)
        return new_transfer(s);
    struct creq__transfer kept = { .s = s, .easy = t->easy, .encoding = t->encoding,
                                   .url = t->url, .url_cap = t->url_cap,
                                   .list = { .mem = t->list.mem, .cap = t->list.cap },
                                   .primed = t->reusable };
    if (!kept.primed) {
        curl_easy_reset(kept.easy);
        free(kept.encoding);
        kept.encoding = NULL;
    }
    *t = kept;
    return t;
}

/* Whether the handle may skip curl_easy_reset() before its next transfer:
 * it got only the constant and per-transfer options, and the transfer left
 * none of the state that only a reset clears. libcurl counts its retries on
 * dead connections until a reset (a retry shows as a redirect time, and
 * mostly as a new connection) and keeps what 401 and 407 answers or a proxy
 * negotiated; a failed transfer may leave anything. */
static bool leaves_handle_plain(const struct creq__transfer *t, long connects)
{
    if (t->extra || t->fresh || t->proxied || t->result != CURLE_OK || connects)
        return false;
    if (t->r->status == 401 || t->r->status == 407)
        return false;
    curl_off_t redirect = 1;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_TIME_T, &redirect);
    return redirect == 0;
}

/* The transfer is over: its outcome into r, or an error. */
static int conclude(struct creq__transfer *t, creq_error *err)
{
    creq_response *r = t->r;
    long connects = 0;
    curl_off_t v;
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    t->s->connects += connects;
    r->timing.new_conns = connects;
    if (!curl_easy_getinfo(t->easy, CURLINFO_NAMELOOKUP_TIME_T, &v))
        r->timing.dns = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &v))
        r->timing.connect = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_APPCONNECT_TIME_T, &v))
        r->timing.tls = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_STARTTRANSFER_TIME_T, &v))
        r->timing.ttfb = r->elapsed = (double)v / 1e6;
    if (!curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &v))
        r->timing.total = (double)v / 1e6;
    t->reusable = leaves_handle_plain(t, connects);
    if (t->result == CURLE_OK)
        return CREQ_OK;
    if (t->aborted)
        return creq__fail(err, CREQ_EABORTED, "a callback stopped the transfer");
    /* "Connected" means the request went out: a reused connection has no
     * connect time of its own, but it has a pretransfer time. */
    curl_off_t sent = 0;
    curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &sent);
    creq_code code = creq__map_curl(t->result, t->sent || sent > 0, t->proxied);
    creq__fail(err, code, "%s", *t->errbuf ? t->errbuf : curl_easy_strerror(t->result));
    if (err)
        err->curl_code = (int)t->result;
    return code;
}

struct creq__transfer *creq__transfer_start(creq_session *s, const struct creq__settings *st,
                                            const creq_prepared *p, bool stream,
                                            double deadline, creq_error *err)
{
    creq_response *r = creq__response_new();
    struct creq__transfer *t = r ? take_transfer(s) : NULL;
    if (!t) {
        creq_response_free(r);
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        return NULL;
    }
    t->r = r;
    t->deadline = deadline;
    t->read_timeout = st->read_timeout;
    creq__transfer_touch(t);
    /* A paused stream leaves pause state behind: reset the handle after. */
    t->extra = stream;
    int rc = setup(t, st, p, &t->cookie);
    if (rc) {
        creq__fail(err, rc, rc == CREQ_EINVAL ? "a file to upload cannot be read"
                                              : "out of memory");
        goto fail;
    }
    if (curl_multi_add_handle(s->multi, t->easy) != CURLM_OK) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto fail;
    }
    r->stream = stream ? t : NULL;
    return t;
fail:
    creq__transfer_free(t);
    creq_response_free(r);
    return NULL;
}

bool creq__transfer_done(const struct creq__transfer *t)
{
    return t->done;
}

creq_response *creq__transfer_finish(struct creq__transfer *t, creq_error *err)
{
    creq_response *r = t->r;
    r->stream = NULL;
    int rc = conclude(t, err);
    creq__transfer_free(t);
    if (rc) {
        creq_response_free(r);
        return NULL;
    }
    return r;
}

void creq__transfer_abort(struct creq__transfer *t)
{
    creq_response *r = t->r;
    r->stream = NULL;
    creq__transfer_free(t);
    creq_response_free(r);
}

creq_response *creq__transfer_run(creq_session *s, const struct creq__settings *st,
                                  const creq_prepared *p, bool stream, double deadline,
                                  creq_error *err)
{
    struct creq__transfer *t = creq__transfer_start(s, st, p, stream, deadline, err);
    if (!t)
        return NULL;
    if (drive(t, stream, false, err)) {
        creq__transfer_abort(t);
        return NULL;
    }
    if (stream && !t->done)
        return t->r; /* the body is pulled later, creq_response_read() */
    return creq__transfer_finish(t, err);
}

int creq__transfer_pump(creq_response *r, creq_error *err)
{
    struct creq__transfer *t = r->stream;
    if (!t)
        return 0;
    if (t->paused) {
        t->paused = false;
        curl_easy_pause(t->easy, CURLPAUSE_CONT);
    }
    if (!t->done && drive(t, false, true, err)) {
        r->stream = NULL;
        creq__transfer_free(t);
        return -1;
    }
    if (!t->done)
        return 1;
    r->stream = NULL;
    int rc = conclude(t, err);
    creq__transfer_free(t);
    return rc ? -1 : 0;
}
