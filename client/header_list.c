/* SPDX-License-Identifier: MIT */
/* libcurl's header list of a request, in one reused block; see header_list.h. */
#include "header_list.h"

#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "prepared.h"

/* Whether a header of ours goes into libcurl's list: libcurl decodes only
 * what it asked for itself, so Accept-Encoding goes through
 * CURLOPT_ACCEPT_ENCODING; a multipart Content-Type it writes itself, with
 * the boundary. */
static bool is_encoding(const struct creq__header *h)
{
    return creq__header_named(h, "Accept-Encoding", 15);
}

static bool listed(const struct creq__header *h, bool multipart)
{
    return !is_encoding(h) && !(multipart && creq__header_named(h, "Content-Type", 12));
}

/* Writes "Name: value", or "Name;" (libcurl's way to send an empty
 * value), and its NUL; returns the end. */
static char *put_line(char *o, const struct creq__header *h)
{
    size_t v = strlen(h->value);
    memcpy(o, h->name, h->name_len);
    o += h->name_len;
    if (v) {
        memcpy(o, ": ", 2);
        memcpy(o + 2, h->value, v);
        o += 2 + v;
    } else {
        *o++ = ';';
    }
    *o++ = '\0';
    return o;
}

int creq__header_list_build(struct creq__header_list *l, const creq_prepared *p, bool multipart,
                            bool reader, const char **encoding)
{
    const char *tail[2];
    size_t tails = 0;
    /* Never wait for 100-continue: requests does not send Expect, and only
     * a request with a body makes libcurl add one. */
    if (p->body || p->streamed)
        tail[tails++] = "Expect:";
    /* libcurl labels any POSTFIELDS body as a form; requests sends raw
     * bytes without a Content-Type. */
    if ((p->body || reader) && !creq__headers_get(&p->headers, "Content-Type"))
        tail[tails++] = "Content-Type:";

    *encoding = NULL;
    l->head = NULL;
    size_t lines = tails, bytes = 0;
    for (size_t i = 0; i < p->headers.count; i++) {
        const struct creq__header *h = &p->headers.items[i];
        if (is_encoding(h))
            *encoding = h->value; /* the last one wins */
        if (listed(h, multipart)) {
            lines++;
            bytes += h->name_len + strlen(h->value) + 3;
        }
    }
    for (size_t i = 0; i < tails; i++)
        bytes += strlen(tail[i]) + 1;
    if (!lines)
        return CREQ_OK;
    size_t need = lines * sizeof(struct curl_slist) + bytes;
    if (need > l->cap) {
        void *room = malloc(need);
        if (!room)
            return CREQ_ENOMEM;
        free(l->mem);
        l->mem = room;
        l->cap = need;
    }
    struct curl_slist *list = l->mem;
    char *o = (char *)(list + lines);
    size_t k = 0;
    for (size_t i = 0; i < p->headers.count; i++) {
        const struct creq__header *h = &p->headers.items[i];
        if (!listed(h, multipart))
            continue;
        list[k++].data = o;
        o = put_line(o, h);
    }
    for (size_t i = 0; i < tails; i++) {
        list[k++].data = o;
        o = stpcpy(o, tail[i]) + 1;
    }
    for (size_t i = 0; i < lines; i++)
        list[i].next = i + 1 < lines ? &list[i + 1] : NULL;
    l->head = list;
    return CREQ_OK;
}

void creq__header_list_free(struct creq__header_list *l)
{
    free(l->mem);
    *l = (struct creq__header_list){ NULL, NULL, 0 };
}
