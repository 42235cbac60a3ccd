/* SPDX-License-Identifier: MIT */
/* creq(1)'s REQUEST_ITEM arguments (Header:value, name==value, name=value,
 * name:=json, field@path) gathered into headers, params and a body of the
 * kind the options chose. */
#ifndef CREQ_ITEMS_H
#define CREQ_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"
#include "creq_kv.h"

enum body_mode { MODE_JSON, MODE_FORM, MODE_MULTIPART };
enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM, BODY_MULTIPART };

struct items {
    struct kv_list headers; /* "Name:value"; "Name:" has a NULL value */
    struct kv_list params;  /* "name==value" */
    struct kv_list fields;  /* form fields: "name=value" with --form */
    json_t *json;           /* the JSON object data items build, or NULL */
    creq_file *files;       /* "field@path", ends with { 0 } when multipart */
    size_t n_files, cap_files;
    bool has_data;          /* any data item: METHOD defaults to POST */
    enum body_kind body;
};

/* Parses args into it for the body mode the options chose (explicit_json:
 * --json was given). 0, or CLI_ERROR after printing why. */
int items_parse(struct items *it, char *const *args, int n, enum body_mode mode,
                bool explicit_json);
void items_free(struct items *it);

#endif
