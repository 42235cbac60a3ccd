/* SPDX-License-Identifier: MIT */
/* creq(1), an HTTPie-like client on libcreq: what creq.c (command line and
 * request), creq_items.c (REQUEST_ITEMs) and creq_output.c (printing) share. */
#ifndef CREQ_CLI_H
#define CREQ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"

#define CLI_FMT(a, b) __attribute__((format(printf, a, b)))

/* HTTPie's exit statuses. */
enum cli_exit {
    CLI_OK = 0,
    CLI_ERROR = 1,
    CLI_TIMEOUT = 2,
    CLI_HTTP_3XX = 3,
    CLI_HTTP_4XX = 4,
    CLI_HTTP_5XX = 5,
    CLI_TOO_MANY_REDIRECTS = 6,
};

/* "creq: error: ..." and "creq: warning: ..." on stderr. */
void cli_error(const char *fmt, ...) CLI_FMT(1, 2);
void cli_warning(const char *fmt, ...) CLI_FMT(1, 2);

/* ---- request items (creq_items.c) ---------------------------------------- */
enum body_mode { MODE_JSON, MODE_FORM, MODE_MULTIPART };
enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM, BODY_MULTIPART };

/* A creq_kv list that owns its strings and always ends with { 0 }. */
struct kv_list {
    creq_kv *v;
    size_t n, cap;
};

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
/* Appends a copy of name/value (value may be NULL). false: out of memory. */
bool kv_list_add(struct kv_list *l, const char *name, const char *value);
void kv_list_free(struct kv_list *l);

/* ---- output (creq_output.c) ---------------------------------------------- */
enum { MSG_REQUEST, MSG_RESPONSE };

struct out_opts {
    bool head[2], body[2]; /* --print: H B (request) h b (response) */
    bool tty;              /* stdout is a terminal */
    bool color, format;    /* --pretty, after the tty and NO_COLOR checks */
    bool sort;             /* --sorted / --unsorted */
    bool all;              /* --all: intermediary requests and responses too */
    bool explicit_json;    /* --json: try every body as JSON */
};

/* Prints what o asks for of r, its request and (with all) its history. */
void output_exchange(const struct out_opts *o, creq_response *r);

#endif /* CREQ_CLI_H */
