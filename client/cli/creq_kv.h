/* SPDX-License-Identifier: MIT */
/* creq(1)'s lists of name/value pairs (headers, params, form fields): a
 * creq_kv array that owns its strings and always ends with { 0 }, as
 * libcreq's options take it. */
#ifndef CREQ_KV_H
#define CREQ_KV_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"

struct kv_list {
    creq_kv *v;
    size_t n, cap;
};

/* Appends a copy of name/value (value may be NULL). false: out of memory. */
bool kv_list_add(struct kv_list *l, const char *name, const char *value);
void kv_list_free(struct kv_list *l);

#endif
