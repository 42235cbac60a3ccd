/* SPDX-License-Identifier: MIT */
/* Ordered name/value pairs in arena memory; see kvlist.h. */
#include "kvlist.h"

#include <string.h>

int hb_kvlist_add(struct hb_arena *a, struct hb_kvlist *list, const char *name,
                  const char *value, size_t len)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        struct hb_kv *items = hb_arena_alloc(a, cap * sizeof(*items));
        if (!items)
            return -1;
        if (list->count)
            memcpy(items, list->items, list->count * sizeof(*items));
        list->items = items; /* the old array stays in the arena until the end */
        list->cap = cap;
    }
    list->items[list->count++] = (struct hb_kv){ name, value, len };
    return 0;
}

const char *hb_kvlist_get(const struct hb_kvlist *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++)
        if (!strcmp(list->items[i].name, name))
            return list->items[i].value;
    return NULL;
}
