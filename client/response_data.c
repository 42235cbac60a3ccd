/* SPDX-License-Identifier: MIT */
/* A response's memory: made empty for a transfer to fill, its body grown as
 * it arrives, and freed with everything it holds; see response_data.h. */
#include "response_data.h"

#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "prepared.h"

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

void creq__response_destroy(creq_response *r)
{
    if (!r)
        return;
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
    free(r);
}
