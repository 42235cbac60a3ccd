/* SPDX-License-Identifier: MIT */
/* creq(1)'s name/value lists; see creq_kv.h. */
#include "creq_kv.h"

#include <stdlib.h>
#include <string.h>

bool kv_list_add(struct kv_list *l, const char *name, const char *value)
{
    if (l->n + 1 >= l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        creq_kv *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    char *n = strdup(name), *v = value ? strdup(value) : NULL;
    if (!n || (value && !v)) {
        free(n);
        free(v);
        return false;
    }
    l->v[l->n++] = (creq_kv){ n, v };
    l->v[l->n] = (creq_kv){ 0 };
    return true;
}

void kv_list_free(struct kv_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->v[i].name);
        free((char *)l->v[i].value);
    }
    free(l->v);
    *l = (struct kv_list){ 0 };
}
