/* SPDX-License-Identifier: MIT */
/* creq_prepared: the request as it goes on the wire (requests'
 * PreparedRequest), shown in Response.request and edited by custom auth. */
#include <stdlib.h>
#include <string.h>

#include "prepared.h"
#include "headers.h"

creq_prepared *creq__prepared_new(const char *method, const char *url)
{
    /* Method and URL never change: one block holds them and the request. */
    size_t m = strlen(method) + 1, u = strlen(url) + 1;
    creq_prepared *p = malloc(sizeof(*p) + m + u);
    if (!p)
        return NULL;
    memset(p, 0, sizeof(*p));
    p->method = memcpy(p->text, method, m);
    p->url = memcpy(p->text + m, url, u);
    return p;
}

creq_prepared *creq__prepared_copy(const creq_prepared *src)
{
    creq_prepared *p = creq__prepared_new(src->method, src->url);
    if (!p || creq__headers_copy(&p->headers, &src->headers) ||
        (src->body && creq__prepared_set_body(p, src->body, src->body_len))) {
        creq__prepared_free(p);
        return NULL;
    }
    p->streamed = src->streamed;
    return p;
}

void creq__prepared_free(creq_prepared *p)
{
    if (!p)
        return;
    free(p->body);
    creq__headers_free(&p->headers);
    free(p);
}

int creq__prepared_set_body(creq_prepared *p, const void *body, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return CREQ_ENOMEM;
    if (len)
        memcpy(copy, body, len);
    copy[len] = '\0';
    free(p->body);
    p->body = copy;
    p->body_len = len;
    return CREQ_OK;
}

const char *creq_prepared_method(const creq_prepared *p)
{
    return p->method;
}

const char *creq_prepared_url(const creq_prepared *p)
{
    return p->url;
}

const char *creq_prepared_header(const creq_prepared *p, const char *name)
{
    return creq__headers_get(&p->headers, name);
}

size_t creq_prepared_header_count(const creq_prepared *p)
{
    return p->headers.count;
}

bool creq_prepared_header_at(const creq_prepared *p, size_t i, const char **name,
                             const char **value)
{
    if (i >= p->headers.count)
        return false;
    *name = p->headers.items[i].name;
    *value = p->headers.items[i].value;
    return true;
}

int creq_prepared_set_header(creq_prepared *p, const char *name, const char *value)
{
    if (!name || !creq__header_name_ok(name) || (value && !creq__header_value_ok(value)))
        return CREQ_EINVALID_HEADER;
    return creq__headers_set(&p->headers, name, value);
}

const void *creq_prepared_body(const creq_prepared *p, size_t *len)
{
    if (len)
        *len = p->body_len;
    return p->streamed ? NULL : p->body;
}
