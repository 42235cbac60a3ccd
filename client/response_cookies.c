/* SPDX-License-Identifier: MIT */
/* A response's cookies as requests' jar sees them: read from its Set-Cookie
 * headers once the response is in, and looked up by exact name. */
#include "response_cookies.h"

#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "response_data.h"

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
