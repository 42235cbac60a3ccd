/* SPDX-License-Identifier: MIT */
/* From options to the first prepared request, as requests'
 * PreparedRequest.prepare(): URL and params, headers, body, auth. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepare.h"
#include "digest.h"
#include "error.h"
#include "global.h"
#include "headers.h"
#include "prepared.h"
#include "redirect.h"
#include "session.h"
#include "settings.h"
#include "lib/base64.h"
#include "lib/pyjson.h"

#define CREQ__USER_AGENT "libcreq/" CREQ_VERSION

static inline bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

/* Appends Python's quote_plus(s, safe='') of s to out (room: 3 * len). */
static char *quote_plus(char *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (unreserved(c)) {
            *out++ = (char)c;
        } else if (c == ' ') {
            *out++ = '+';
        } else {
            *out++ = '%';
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
        }
    }
    return out;
}

char *creq_urlencode(const creq_kv *pairs)
{
    size_t size = 1;
    for (const creq_kv *kv = pairs; kv && kv->name; kv++)
        if (kv->value)
            size += 3 * (strlen(kv->name) + strlen(kv->value)) + 2;
    char *out = malloc(size), *o = out;
    if (!out)
        return NULL;
    for (const creq_kv *kv = pairs; kv && kv->name; kv++) {
        if (!kv->value)
            continue; /* requests drops None values */
        if (o != out)
            *o++ = '&';
        o = quote_plus(o, kv->name);
        *o++ = '=';
        o = quote_plus(o, kv->value);
    }
    *o = '\0';
    return out;
}

char *creq_quote(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(3 * strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (unreserved(c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* Whether requote() keeps c: unreserved, one of !#$%&'()*+,/:;=?@[] (that
 * is '!' to '/' but '"', and the rest by name), or '%' of an escape. */
static bool kept_in_url(unsigned char c)
{
    return unreserved(c) || (c >= '!' && c <= '/' && c != '"') || c == ':' || c == ';' ||
           c == '=' || c == '?' || c == '@' || c == '[' || c == ']';
}

/* requests' requote_uri: characters that cannot appear in a URL are
 * percent-encoded; valid escapes and reserved characters are kept. */
static char *requote(const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(3 * strlen(url) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (kept_in_url(c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* True for the common "host" or "host:port" authority: no userinfo, IPv6
 * brackets or escapes, a host, and a port of digits. */
static bool plain_authority(const char *a)
{
    size_t n = strcspn(a, "/?#");
    size_t host = strcspn(a, ":/?#");
    if (host == 0 || memchr(a, '@', n) || memchr(a, '[', n) || memchr(a, '%', n))
        return false;
    for (size_t i = 0; i < host; i++)
        if (!unreserved((unsigned char)a[i]))
            return false;
    if (host == n)
        return true;
    size_t digits = n - host - 1;
    return digits > 0 && digits <= 5 && strspn(a + host + 1, "0123456789") == digits;
}

/* Whether any params or raw query are to be appended. */
static bool has_params(const creq_kv *const params[2], const char *const raws[2])
{
    for (int i = 0; i < 2; i++)
        if ((params[i] && params[i]->name) || (raws[i] && *raws[i]))
            return true;
    return false;
}

/* Validates the URL, appends the params and takes out user:password.
 * Returns the URL to send (malloc'd) or NULL with err set. */
static char *prepare_url(const char *url, const struct creq__settings *st, char **userinfo,
                         creq_error *err)
{
    char *fixed = NULL, *out = NULL;
    CURLU *u = NULL;
    if (!url || !*url) {
        creq__fail(err, CREQ_EURL_REQUIRED, "Invalid URL '%s': No URL supplied", url ? url : "");
        return NULL;
    }
    const char *sep = strstr(url, "://");
    if (!sep) {
        creq__fail(err, CREQ_EMISSING_SCHEMA,
                   "Invalid URL '%s': No scheme supplied. Perhaps you meant http://%s?", url, url);
        return NULL;
    }
    size_t scheme_len = (size_t)(sep - url);
    if (!((scheme_len == 4 && !strncasecmp(url, "http", 4)) ||
          (scheme_len == 5 && !strncasecmp(url, "https", 5)))) {
        creq__fail(err, CREQ_EINVALID_SCHEMA, "No connection adapters were found for '%s'", url);
        return NULL;
    }
    fixed = requote(url);
    if (!fixed) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto out;
    }
    fixed[strcspn(fixed, "#")] = '\0'; /* fragments are never sent */
    if (plain_authority(fixed + scheme_len + 3))
        goto params; /* nothing for libcurl's parser to check or take out */
    u = curl_url();
    if (!u) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto out;
    }
    if (curl_url_set(u, CURLUPART_URL, fixed, 0)) {
        creq__fail(err, CREQ_EINVALID_URL, "Invalid URL '%s'", url);
        goto out;
    }
    char *host = NULL;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) || !host || !*host) {
        curl_free(host);
        creq__fail(err, CREQ_EINVALID_URL, "Invalid URL '%s': No host supplied", url);
        goto out;
    }
    curl_free(host);

    char *user = NULL, *password = NULL;
    if (!curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE) && user) {
        curl_url_get(u, CURLUPART_PASSWORD, &password, CURLU_URLDECODE);
        size_t n = strlen(user) + (password ? strlen(password) : 0) + 2;
        *userinfo = malloc(n);
        if (*userinfo)
            snprintf(*userinfo, n, "%s:%s", user, password ? password : "");
    }
    curl_free(user);
    curl_free(password);

    /* The URL is sent as given (requoted), not as libcurl would re-spell
     * it: drop the userinfo and the fragment, then append the params. */
    char *authority = fixed + scheme_len + 3;
    size_t auth_len = strcspn(authority, "/?#");
    char *at = memrchr(authority, '@', auth_len);
    if (at)
        memmove(authority, at + 1, strlen(at + 1) + 1);

params:;
    const creq_kv *params[2] = { st->def->params, st->req->params };
    const char *raws[2] = { st->def->params_raw, st->req->params_raw };
    if (!has_params(params, raws)) {
        out = fixed; /* nothing to append: the URL goes as it is */
        fixed = NULL;
        goto out;
    }
    size_t extra = 0;
    char *encoded[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++) {
        encoded[i] = params[i] && params[i]->name ? creq_urlencode(params[i]) : NULL;
        extra += (encoded[i] ? strlen(encoded[i]) : 0) + (raws[i] ? strlen(raws[i]) : 0) + 2;
    }
    out = malloc(strlen(fixed) + extra + 1);
    if (out) {
        strcpy(out, fixed);
        bool has_query = strchr(out, '?') != NULL;
        const char *pieces[4] = { raws[0], encoded[0], raws[1], encoded[1] };
        for (int i = 0; i < 4; i++) {
            if (!pieces[i] || !*pieces[i])
                continue;
            /* requests joins with '&', or starts the query with '?'. */
            size_t n = strlen(out);
            if (!has_query)
                out[n++] = '?';
            else if (out[n - 1] != '?' && out[n - 1] != '&')
                out[n++] = '&';
            strcpy(out + n, pieces[i]);
            has_query = true;
        }
    } else {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
    }
    free(encoded[0]);
    free(encoded[1]);
out:
    free(fixed);
    curl_url_cleanup(u);
    return out;
}

static int basic_header(creq_prepared *p, const char *user_colon_pass)
{
    size_t n = strlen(user_colon_pass);
    char *value = malloc(6 + hb_base64_encoded_len(n) + 1);
    if (!value)
        return CREQ_ENOMEM;
    memcpy(value, "Basic ", 6);
    hb_base64_encode(user_colon_pass, n, value + 6);
    int rc = creq__headers_set(&p->headers, "Authorization", value);
    free(value);
    return rc;
}

/* Default headers, then the session's, then the request's; a NULL value
 * removes a header, as requests' merge_setting does with None. */
static int prepare_headers(creq_prepared *p, const struct creq__settings *st, creq_error *err)
{
    static const creq_kv defaults[] = {
        { "User-Agent", CREQ__USER_AGENT },
        { "Accept-Encoding", "gzip, deflate, br" },
        { "Accept", "*/*" },
        { "Connection", "keep-alive" },
        { 0 },
    };
    /* The defaults go in as they are, uncopied: the list is empty and they
     * are valid literals. */
    for (const creq_kv *kv = defaults; kv->name; kv++)
        if (creq__headers_add_static(&p->headers, kv->name, kv->value))
            return creq__fail(err, CREQ_ENOMEM, "out of memory");
    const creq_kv *layers[2] = { st->def->headers, st->req->headers };
    for (int l = 0; l < 2; l++) {
        for (const creq_kv *kv = layers[l]; kv && kv->name; kv++) {
            if (!creq__header_name_ok(kv->name) || (kv->value && !creq__header_value_ok(kv->value)))
                return creq__fail(err, CREQ_EINVALID_HEADER,
                                  "Invalid header: '%s' (names and values may not hold CR, LF, "
                                  "and names no ':' or space)", kv->name);
            if (creq__headers_set(&p->headers, kv->name, kv->value))
                return creq__fail(err, CREQ_ENOMEM, "out of memory");
        }
    }
    return CREQ_OK;
}

static int set_default_header(creq_prepared *p, const char *name, const char *value)
{
    if (creq__headers_get(&p->headers, name))
        return CREQ_OK;
    return creq__headers_add(&p->headers, name, value);
}

static int prepare_body(creq_prepared *p, const struct creq__settings *st, creq_error *err)
{
    const creq_opts *o = st->req;
    int rc = CREQ_OK;
    char length[32];

    if (o->files || o->body_reader) {
        p->streamed = true;
        if (o->files)
            return set_default_header(p, "Content-Type", "multipart/form-data");
        if (o->body_size < 0)
            return set_default_header(p, "Transfer-Encoding", "chunked");
        snprintf(length, sizeof(length), "%lld", o->body_size);
        return creq__headers_set(&p->headers, "Content-Length", length);
    }
    if (o->json) {
        /* Byte for byte what requests sends: Python's json.dumps(). */
        char *text = NULL;
        size_t len = 0, cap = 0;
        if (hb_pyjson_append_flags(o->json, &text, &len, &cap,
                                   HB_PYJSON_SPACED | HB_PYJSON_INSERTION_ORDER)) {
            free(text);
            return creq__fail(err, CREQ_EINVALID_JSON, "json= could not be encoded");
        }
        rc = creq__prepared_set_body(p, text, len);
        free(text);
        if (!rc)
            rc = set_default_header(p, "Content-Type", "application/json");
    } else if (o->data) {
        char *form = creq_urlencode(o->data);
        rc = form ? creq__prepared_set_body(p, form, strlen(form)) : CREQ_ENOMEM;
        free(form);
        if (!rc)
            rc = set_default_header(p, "Content-Type", "application/x-www-form-urlencoded");
    } else if (o->body) {
        rc = creq__prepared_set_body(p, o->body, o->body_len);
    }
    if (rc)
        return creq__fail(err, rc, "out of memory");
    /* requests sends Content-Length: 0 for body-less POST, PUT and PATCH. */
    bool wants_length = p->body || !strcmp(p->method, "POST") || !strcmp(p->method, "PUT") ||
                        !strcmp(p->method, "PATCH");
    if (wants_length) {
        snprintf(length, sizeof(length), "%zu", p->body_len);
        rc = creq__headers_set(&p->headers, "Content-Length", length);
    }
    return rc ? creq__fail(err, rc, "out of memory") : CREQ_OK;
}

static int prepare_auth(creq_session *s, creq_prepared *p, const struct creq__settings *st,
                        const char *userinfo, creq_error *err)
{
    const creq_auth *a = st->auth;
    int rc = CREQ_OK;
    if (!a) {
        /* requests takes credentials from the URL when none are given. */
        return userinfo ? basic_header(p, userinfo) : CREQ_OK;
    }
    switch (a->kind) {
    case CREQ_AUTH_BASIC: {
        size_t n = strlen(a->user ? a->user : "") + strlen(a->password ? a->password : "") + 2;
        char *pair = malloc(n);
        if (!pair)
            return creq__fail(err, CREQ_ENOMEM, "out of memory");
        snprintf(pair, n, "%s:%s", a->user ? a->user : "", a->password ? a->password : "");
        rc = basic_header(p, pair);
        free(pair);
        break;
    }
    case CREQ_AUTH_BEARER: {
        const char *token = a->password ? a->password : "";
        if (!creq__header_value_ok(token))
            return creq__fail(err, CREQ_EINVALID_HEADER, "Invalid bearer token");
        size_t n = strlen(token) + 8;
        char *value = malloc(n);
        if (!value)
            return creq__fail(err, CREQ_ENOMEM, "out of memory");
        snprintf(value, n, "Bearer %s", token);
        rc = creq__headers_set(&p->headers, "Authorization", value);
        free(value);
        break;
    }
    case CREQ_AUTH_DIGEST:
        /* With a nonce from an earlier challenge, answer at once. */
        if (s->digest.nonce) {
            char *uri = creq__request_target(p->url);
            char *value = uri ? creq__digest_authorization(&s->digest, a->user, a->password,
                                                           p->method, uri, p->body,
                                                           p->body_len, NULL)
                              : NULL;
            if (value)
                rc = creq__headers_set(&p->headers, "Authorization", value);
            free(value);
            free(uri);
        }
        break;
    case CREQ_AUTH_CUSTOM:
        if (a->fn && a->fn(p, a->userdata))
            return creq__fail(err, CREQ_EABORTED, "the custom auth callback refused the request");
        break;
    default:
        return creq__fail(err, CREQ_EINVAL, "unknown auth kind %d", (int)a->kind);
    }
    return rc ? creq__fail(err, rc, "out of memory") : CREQ_OK;
}

creq_prepared *creq__prepare(creq_session *s, const struct creq__settings *st,
                             const char *method, const char *url, creq_error *err)
{
    char *userinfo = NULL;
    creq_prepared *p = NULL;
    if (!method || !*method || !creq__header_name_ok(method)) {
        creq__fail(err, CREQ_EINVAL, "invalid method '%s'", method ? method : "(null)");
        return NULL;
    }
    if (!creq__http_version_ok(st->http_version)) {
        creq__fail(err, CREQ_EINVAL, "unknown http_version %d", (int)st->http_version);
        return NULL;
    }
    /* Rather than HTTP/1.1 in its place, where h2 was asked for. */
    if (st->http_version >= CREQ_HTTP_2 && !creq__libcurl()->http2) {
        creq__fail(err, CREQ_EINVAL, "this libcurl was built without HTTP/2");
        return NULL;
    }
    char *full = prepare_url(url, st, &userinfo, err);
    if (!full)
        return NULL;
    p = creq__prepared_new(method, full);
    free(full);
    if (!p) {
        creq__fail(err, CREQ_ENOMEM, "out of memory");
        goto fail;
    }
    if (prepare_headers(p, st, err) || prepare_body(p, st, err) ||
        prepare_auth(s, p, st, userinfo, err))
        goto fail;
    free(userinfo);
    return p;
fail:
    free(userinfo);
    creq__prepared_free(p);
    return NULL;
}
