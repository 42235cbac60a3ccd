/* SPDX-License-Identifier: MIT */
/* creq_response: status, headers, body, text, JSON, history and the
 * helpers requests puts on Response; and freeing it, with any stream it
 * still holds open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "headers.h"
#include "links.h"
#include "redirect.h"
#include "response_data.h"
#include "stream.h"
#include "textenc.h"

void creq_response_free(creq_response *r)
{
    if (!r)
        return;
    creq__stream_close(r); /* its transfer, then the one-shot session it ran on */
    for (size_t i = 0; i < r->history_len; i++)
        creq_response_free(r->history[i]);
    creq__response_destroy(r);
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

const char *creq_response_http_version(const creq_response *r)
{
    return r->http_version ? r->http_version : "";
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
