/* SPDX-License-Identifier: MIT */
/* An ordered list of name/value pairs in arena memory: query arguments, form
 * fields, headers, path parameters. Repeated names are kept in order. */
#ifndef HB_KVLIST_H
#define HB_KVLIST_H

#include <stddef.h>

#include "arena.h"

struct hb_kv {
    const char *name;
    const char *value; /* NUL-terminated; may also hold NULs, see len */
    size_t len;        /* bytes in value */
};

struct hb_kvlist {
    struct hb_kv *items;
    size_t count, cap;
};

/* Appends a pair; name and value are borrowed (not copied). 0, or -1 when out
 * of memory. */
int hb_kvlist_add(struct hb_arena *a, struct hb_kvlist *list, const char *name,
                  const char *value, size_t len);
/* First value with exactly this name, or NULL. */
const char *hb_kvlist_get(const struct hb_kvlist *list, const char *name);

#endif
