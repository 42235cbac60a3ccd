/* SPDX-License-Identifier: MIT */
/* Ordered header lists (repeats kept, looked up in any case), and the arena
 * whose blocks hold many small strings that are freed together, such as
 * the ones of a response's header list. */
#ifndef CREQ_HEADERS_H
#define CREQ_HEADERS_H

#include <stdbool.h>
#include <stddef.h>
#include <strings.h>

/* ---- arenas: many small strings that are freed together ----------------- */
struct creq__arena_block;
struct creq__arena {
    struct creq__arena_block *head; /* the block being filled, then older ones */
    size_t used, cap;               /* of head */
};
/* n bytes that live until creq__arena_free(), or NULL. */
char *creq__arena_alloc(struct creq__arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s, or NULL. */
char *creq__arena_strndup(struct creq__arena *a, const char *s, size_t n);
void creq__arena_free(struct creq__arena *a);

/* ---- header lists: ordered, repeats kept, malloc'd copies or borrowed ---- */
struct creq__header {
    char *name, *value;
    size_t name_len;
    bool borrowed; /* the strings belong to something else: never freed here */
};
struct creq__headers {
    struct creq__header *items;
    size_t count, cap;
};
int creq__headers_add(struct creq__headers *h, const char *name, const char *value);
int creq__headers_addn(struct creq__headers *h, const char *name, size_t name_len,
                       const char *value, size_t value_len);
/* The same, the strings copied into 'a' (which must outlive the list). */
int creq__headers_addn_arena(struct creq__headers *h, struct creq__arena *a, const char *name,
                             size_t name_len, const char *value, size_t value_len);
/* Adds strings that outlive the list (string literals) without copying. */
int creq__headers_add_static(struct creq__headers *h, const char *name, const char *value);
/* Whether h is named name (any case), name_len being strlen(name): names
 * of other lengths never match, so most strcasecmp() calls are spared. */
static inline bool creq__header_named(const struct creq__header *h, const char *name,
                                      size_t name_len)
{
    return h->name_len == name_len && !strcasecmp(h->name, name);
}
/* Replaces every header of that name (any case) by one, or removes them
 * when value is NULL. */
int creq__headers_set(struct creq__headers *h, const char *name, const char *value);
const char *creq__headers_get(const struct creq__headers *h, const char *name);
int creq__headers_copy(struct creq__headers *dst, const struct creq__headers *src);
void creq__headers_free(struct creq__headers *h);
/* True when a header name or value is safe to send (no CR, LF or NUL;
 * names also need at least one character and no ':' or space). */
bool creq__header_name_ok(const char *name);
bool creq__header_value_ok(const char *value);

#endif
