/* SPDX-License-Identifier: MIT */
/* creq_response: status, headers, body, text, JSON, history and the
 * helpers requests puts on Response. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "response.h"
#include "error.h"
#include "headers.h"
#include "links.h"
#include "prepared.h"
#include "redirect.h"
#include "textenc.h"
#include "transfer.h"

creq_response *creq__response_new(void)
{
    /* malloc and clear: glibc's calloc skips its fast per-thread cache. */
    creq_response *r = malloc(sizeof(*r));
    if (!r)
        return NULL;
    *r = (creq_response){ 0 };
    r->content = r->no_content; /* "" without an allocation of its own */
    r->cap = 1;
    return r;
}

int creq__response_append(creq_response *r, const char *data, size_t len)
{
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap * 2;
        while (cap < r->len + len + 1)
            cap *= 2;
        /* Nothing is stored yet while content is no_content. */
        char *grown = r->content == r->no_content ? malloc(cap) : realloc(r->content, cap);
        if (!grown)
            return CREQ_ENOMEM;
        r->content = grown;
        r->cap = cap;
    }
    memcpy(r->content + r->len, data, len);
    r->len += len;
    r->content[r->len] = '\0';
    return CREQ_OK;
}

void creq_response_free(creq_response *r)
{
    if (!r)
        return;
    creq__transfer_free(r->stream);
    for (size_t i = 0; i < r->history_len; i++)
        creq_response_free(r->history[i]);
    free(r->history);
    creq__prepared_free(r->request);
    creq__prepared_free(r->next);
    creq__headers_free(&r->headers);
    creq__headers_free(&r->joined);
    creq__headers_free(&r->cookies);
    creq__arena_free(&r->arena); /* after the lists that borrow from it */
    if (r->content != r->no_content)
        free(r->content);
    free(r->text);
    free(r->encoding);
    free(r->line);
    creq_session_free(r->owned_session); /* after the stream that used it */
    free(r);
}

int creq_response_status(const creq_response *r)
{
    return r->status;
}

bool creq_response_ok(const creq_response *r)
{
    return r->status < 400 || r->status >= 600;
}

const char *creq_response_reason(const creq_response *r)
{
    return r->reason ? r->reason : "";
}

const char *creq_response_url(const creq_response *r)
{
    return r->url ? r->url : "";
}

const char *creq_response_header(const creq_response *r, const char *name)
{
    const char *first = NULL;
    size_t total = 0, count = 0, name_len = strlen(name);
    for (size_t i = 0; i < r->headers.count; i++) {
        if (!creq__header_named(&r->headers.items[i], name, name_len))
            continue;
        if (!first)
            first = r->headers.items[i].value;
        total += strlen(r->headers.items[i].value) + 2;
        count++;
    }
    if (count <= 1)
        return first;
    /* Repeats joined with ", " as urllib3's HTTPHeaderDict; kept with r. */
    const char *cached = creq__headers_get(&r->joined, name);
    if (cached)
        return cached;
    char *joined = malloc(total + 1), *o = joined;
    if (!joined)
        return first;
    for (size_t i = 0; i < r->headers.count; i++)
        if (creq__header_named(&r->headers.items[i], name, name_len))
            o += sprintf(o, "%s%s", o == joined ? "" : ", ", r->headers.items[i].value);
    creq_response *mut = (creq_response *)r; /* a cache, not a visible change */
    int rc = creq__headers_add(&mut->joined, name, joined);
    free(joined);
    return rc ? first : mut->joined.items[mut->joined.count - 1].value;
}

size_t creq_response_header_count(const creq_response *r)
{
    return r->headers.count;
}

bool creq_response_header_at(const creq_response *r, size_t i, const char **name,
                             const char **value)
{
    if (i >= r->headers.count)
        return false;
    *name = r->headers.items[i].name;
    *value = r->headers.items[i].value;
    return true;
}

const char *creq_response_content(const creq_response *r, size_t *len)
{
    if (len)
        *len = r->len;
    return r->content;
}

const char *creq_response_encoding(const creq_response *r)
{
    if (r->encoding)
        return r->encoding;
    creq_response *mut = (creq_response *)r; /* computed once, then cached */
    const char *ct = creq_response_header(r, "Content-Type");
    mut->encoding = ct ? creq__encoding_from_content_type(ct) : NULL;
    return mut->encoding;
}

int creq_response_set_encoding(creq_response *r, const char *charset)
{
    char *copy = charset ? strdup(charset) : NULL;
    if (charset && !copy)
        return CREQ_ENOMEM;
    free(r->encoding);
    r->encoding = copy;
    free(r->text);
    r->text = NULL;
    return CREQ_OK;
}

const char *creq_response_text(creq_response *r)
{
    if (!r->text) {
        size_t len;
        /* No charset known: requests guesses; UTF-8 is the honest default. */
        const char *enc = creq_response_encoding(r);
        r->text = creq__decode_text(r->content, r->len, enc ? enc : "utf-8", &len);
    }
    return r->text ? r->text : "";
}

json_t *creq_response_json(const creq_response *r, creq_error *err)
{
    json_error_t jerr;
    if (r->consumed) {
        creq__fail(err, CREQ_ESTREAM_CONSUMED, "The content for this response was already "
                                               "consumed");
        return NULL;
    }
    json_t *j = json_loadb(r->content, r->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!j)
        creq__fail(err, CREQ_EJSON_DECODE, "%s: line %d column %d (char %d)",
                   r->len ? jerr.text : "Expecting value", jerr.line, jerr.column,
                   jerr.position);
    return j;
}

creq_code creq_raise_for_status(const creq_response *r, creq_error *err)
{
    const char *kind = r->status >= 400 && r->status < 500   ? "Client"
                       : r->status >= 500 && r->status < 600 ? "Server"
                                                             : NULL;
    if (!kind)
        return CREQ_OK;
    creq__fail(err, CREQ_EHTTP, "%d %s Error: %s for url: %s", r->status, kind,
               creq_response_reason(r), creq_response_url(r));
    if (err)
        err->status = r->status;
    return CREQ_EHTTP;
}

size_t creq_response_history_len(const creq_response *r)
{
    return r->history_len;
}

const creq_response *creq_response_history(const creq_response *r, size_t i)
{
    return i < r->history_len ? r->history[i] : NULL;
}

bool creq_response_is_redirect(const creq_response *r)
{
    return creq__is_redirect_status(r->status) && creq_response_header(r, "Location");
}

bool creq_response_is_permanent_redirect(const creq_response *r)
{
    return (r->status == 301 || r->status == 308) && creq_response_header(r, "Location");
}

const creq_prepared *creq_response_next(const creq_response *r)
{
    return r->next;
}

const char *creq_response_link(const creq_response *r, const char *rel)
{
    /* Answers are kept with the response under "\n" + rel (never a header
     * name), matched exactly as requests' dict keys are, and never replaced:
     * each one lives as long as r. */
    for (size_t i = 0; i < r->joined.count; i++)
        if (r->joined.items[i].name[0] == '\n' && !strcmp(r->joined.items[i].name + 1, rel))
            return r->joined.items[i].value;
    const char *header = creq_response_header(r, "Link");
    if (!header)
        return NULL;
    struct creq__link links[32];
    size_t n = creq__links_parse(header, links, 32);
    const char *found = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *key = links[i].rel ? links[i].rel : links[i].url;
        if (!found && key && !strcmp(key, rel)) {
            creq_response *mut = (creq_response *)r;
            size_t len = strlen(rel);
            char *name = malloc(len + 2);
            if (name) {
                name[0] = '\n';
                memcpy(name + 1, rel, len + 1);
                if (!creq__headers_add(&mut->joined, name, links[i].url))
                    found = mut->joined.items[mut->joined.count - 1].value;
                free(name);
            }
        }
        free(links[i].url);
        free(links[i].rel);
    }
    return found;
}

/* Cookie names are case-sensitive, as in requests' jar: "a" and "A" are two
 * cookies. The last Set-Cookie of a name wins, in the first one's place. */
static int set_cookie(struct creq__headers *jar, const char *name, const char *value)
{
    for (size_t i = 0; i < jar->count; i++) {
        if (strcmp(jar->items[i].name, name))
            continue;
        struct creq__headers one = { NULL, 0, 0 };
        int rc = creq__headers_add(&one, name, value);
        if (rc)
            return rc;
        free(jar->items[i].name); /* the value lives in the same block */
        jar->items[i] = one.items[0];
        free(one.items);
        return CREQ_OK;
    }
    return creq__headers_add(jar, name, value);
}

void creq__response_collect_cookies(creq_response *r)
{
    for (size_t i = 0; i < r->headers.count; i++) {
        if (!creq__header_named(&r->headers.items[i], "Set-Cookie", 10))
            continue;
        const char *v = r->headers.items[i].value;
        const char *eq = strchr(v, '=');
        size_t end = strcspn(v, ";");
        if (!eq || (size_t)(eq - v) > end)
            continue;
        char *name = strndup(v, (size_t)(eq - v));
        char *value = strndup(eq + 1, end - (size_t)(eq + 1 - v));
        if (name && value) {
            /* requests unquotes "..." values in its cookie jar. */
            size_t n = strlen(value);
            if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
                memmove(value, value + 1, n - 2);
                value[n - 2] = '\0';
            }
            set_cookie(&r->cookies, name, value);
        }
        free(name);
        free(value);
    }
}

const char *creq_response_cookie(const creq_response *r, const char *name)
{
    for (size_t i = 0; i < r->cookies.count; i++)
        if (!strcmp(r->cookies.items[i].name, name))
            return r->cookies.items[i].value;
    return NULL;
}

double creq_response_elapsed(const creq_response *r)
{
    return r->elapsed;
}

void creq_response_timing(const creq_response *r, creq_timing *out)
{
    *out = r->timing;
}

const creq_prepared *creq_response_request(const creq_response *r)
{
    return r->request;
}
