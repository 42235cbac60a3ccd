/* SPDX-License-Identifier: MIT */
/* creq(1): REQUEST_ITEM arguments, split at HTTPie's separators (honouring
 * its backslash escapes) and gathered into headers, params and a body. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "creq_items.h"
#include "creq_kv.h"
#include "creq_report.h"
#include "lib/pyjson.h"

enum sep {
    SEP_HEADER,       /* Name:value, or Name: to remove a header */
    SEP_HEADER_EMPTY, /* Name; sends an empty value */
    SEP_QUERY,        /* name==value */
    SEP_QUERY_FILE,   /* name==@file */
    SEP_DATA,         /* name=value */
    SEP_DATA_FILE,    /* name=@file */
    SEP_JSON,         /* name:=json */
    SEP_JSON_FILE,    /* name:=@file.json */
    SEP_FILE,         /* field@path[;type=mime] */
};

/* Longest first: of two separators starting at the same place the longer
 * wins, so "a:=1" is raw JSON and not the header "a" with value "=1". */
static const struct {
    const char *text;
    enum sep sep;
} separators[] = {
    { ":=@", SEP_JSON_FILE }, { "==@", SEP_QUERY_FILE }, { ":=", SEP_JSON },
    { "==", SEP_QUERY },      { "=@", SEP_DATA_FILE },   { "=", SEP_DATA },
    { ":", SEP_HEADER },      { ";", SEP_HEADER_EMPTY }, { "@", SEP_FILE },
};
#define SEPARATOR_CHARS ":=@;"

struct item {
    const char *arg; /* as given, for messages */
    enum sep sep;
    char *key, *value;
    size_t value_len;
};

static bool is_data(enum sep s)
{
    return s == SEP_DATA || s == SEP_DATA_FILE || s == SEP_JSON || s == SEP_JSON_FILE ||
           s == SEP_FILE;
}

/* ---- splitting ----------------------------------------------------------- */

static bool any_escaped(const bool *escaped, size_t from, size_t len)
{
    for (size_t i = from; i < from + len; i++)
        if (escaped[i])
            return true;
    return false;
}

/* HTTPie's rule: the earliest separator that no backslash escapes, the
 * longest one at that place; "\=" and friends lose their backslash in the
 * key and in the value, other backslashes are kept. 0, -1 when arg has no
 * separator, -2 when out of memory. */
static int item_split(const char *arg, struct item *it)
{
    size_t n = strlen(arg), len = 0;
    char *text = malloc(n + 1);
    bool *escaped = malloc(n + 1);
    int rc = -1;
    if (!text || !escaped) {
        rc = -2;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        bool esc = arg[i] == '\\' && arg[i + 1] && strchr(SEPARATOR_CHARS, arg[i + 1]);
        if (esc)
            i++;
        text[len] = arg[i];
        escaped[len++] = esc;
    }
    text[len] = '\0';
    for (size_t pos = 0; pos < len && rc == -1; pos++) {
        for (size_t s = 0; s < sizeof(separators) / sizeof(separators[0]); s++) {
            size_t sl = strlen(separators[s].text);
            if (pos + sl > len || memcmp(text + pos, separators[s].text, sl) ||
                any_escaped(escaped, pos, sl))
                continue;
            it->arg = arg;
            it->sep = separators[s].sep;
            it->key = strndup(text, pos);
            it->value = strdup(text + pos + sl);
            it->value_len = len - pos - sl;
            rc = it->key && it->value ? 0 : -2;
            break;
        }
    }
out:
    free(text);
    free(escaped);
    return rc;
}

/* ---- files --------------------------------------------------------------- */

/* "~/x" is the user's, as HTTPie's os.path.expanduser has it. */
static char *expand_home(const char *path)
{
    const char *home = getenv("HOME");
    if (path[0] != '~' || (path[1] && path[1] != '/') || !home)
        return strdup(path);
    char *out = malloc(strlen(home) + strlen(path));
    if (out)
        sprintf(out, "%s%s", home, path + 1);
    return out;
}

/* The whole file, NUL-terminated (it may hold NULs: *len says how much). */
static char *slurp(const struct item *item, const char *name, size_t *len)
{
    char *path = expand_home(name), *data = NULL;
    FILE *f = path ? fopen(path, "rb") : NULL;
    size_t cap = 0;
    *len = 0;
    if (!f) {
        cli_error("'%s': %s: %s", item->arg, name, path ? strerror(errno) : "out of memory");
        goto out;
    }
    for (;;) {
        if (*len + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *grown = realloc(data, cap);
            if (!grown) {
                cli_error("out of memory");
                goto fail;
            }
            data = grown;
        }
        size_t got = fread(data + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        cli_error("'%s': %s: read error", item->arg, name);
        goto fail;
    }
    data[*len] = '\0';
    goto out;
fail:
    free(data);
    data = NULL;
out:
    if (f)
        fclose(f);
    free(path);
    return data;
}

/* Python's mimetypes.guess_type for the usual suspects; NULL sends none. */
static const char *guess_type(const char *path)
{
    static const char *const types[][2] = {
        { ".txt", "text/plain" },         { ".json", "application/json" },
        { ".html", "text/html" },         { ".htm", "text/html" },
        { ".css", "text/css" },           { ".js", "text/javascript" },
        { ".csv", "text/csv" },           { ".xml", "application/xml" },
        { ".md", "text/markdown" },       { ".png", "image/png" },
        { ".jpg", "image/jpeg" },         { ".jpeg", "image/jpeg" },
        { ".gif", "image/gif" },          { ".svg", "image/svg+xml" },
        { ".webp", "image/webp" },        { ".pdf", "application/pdf" },
        { ".zip", "application/zip" },    { ".tar", "application/x-tar" },
        { ".bin", "application/octet-stream" },
    };
    const char *base = strrchr(path, '/'), *dot = strrchr(base ? base : path, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcasecmp(dot, types[i][0]))
            return types[i][1];
    return NULL;
}

/* field@path[;type=mime]: checked now so a typo fails before any request. */
static int add_file(struct items *it, const struct item *item)
{
    char *spec = strdup(item->value), *field = strdup(item->key), *path = NULL, *type = NULL;
    const char *guessed = NULL;
    int rc = CLI_ERROR;
    if (!spec || !field) {
        cli_error("out of memory");
        goto out;
    }
    char *semi = strstr(spec, ";type=");
    if (semi) {
        *semi = '\0';
        type = strdup(semi + strlen(";type="));
    } else if ((guessed = guess_type(spec))) {
        type = strdup(guessed);
    }
    path = expand_home(spec);
    if (!path || ((semi || guessed) && !type)) {
        cli_error("out of memory");
        goto out;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("'%s': %s: %s", item->arg, spec, strerror(errno));
        goto out;
    }
    fclose(f);
    if (it->n_files + 1 >= it->cap_files) {
        size_t cap = it->cap_files ? 2 * it->cap_files : 4;
        creq_file *grown = realloc(it->files, cap * sizeof(*grown));
        if (!grown) {
            cli_error("out of memory");
            goto out;
        }
        it->files = grown;
        it->cap_files = cap;
    }
    /* filename NULL: libcreq sends the basename, as HTTPie does. */
    it->files[it->n_files++] = (creq_file){ .field = field, .path = path, .content_type = type };
    it->files[it->n_files] = (creq_file){ 0 };
    field = path = type = NULL;
    rc = CLI_OK;
out:
    free(spec);
    free(field);
    free(path);
    free(type);
    return rc;
}

/* ---- data ---------------------------------------------------------------- */

/* name=value: a JSON string, or a form field. */
static int add_data(struct items *it, const struct item *item, const char *value, size_t len)
{
    if (it->body != BODY_JSON) {
        if (!kv_list_add(&it->fields, item->key, value)) {
            cli_error("out of memory");
            return CLI_ERROR;
        }
        return CLI_OK;
    }
    json_t *s = json_stringn(value, len);
    if (!s || json_object_set_new(it->json, item->key, s)) {
        cli_error("'%s': JSON keys and values must be UTF-8 without NULs", item->arg);
        return CLI_ERROR;
    }
    return CLI_OK;
}

/* name:=json. Forms take the scalar's text, as HTTPie, and refuse the rest. */
static int add_json(struct items *it, const struct item *item, const char *text, size_t len)
{
    json_error_t e;
    const char *value = NULL;
    char *number = NULL; /* a number's text, as json.dumps writes it */
    json_t *v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!v) {
        cli_error("'%s': not valid JSON: %s", item->arg, e.text);
        return CLI_ERROR;
    }
    if (it->body == BODY_JSON) {
        if (json_object_set_new(it->json, item->key, v)) {
            cli_error("'%s': JSON keys must be UTF-8", item->arg);
            return CLI_ERROR;
        }
        return CLI_OK;
    }
    int rc = CLI_OK;
    if (json_is_string(v))
        value = json_string_value(v);
    else if (json_is_number(v))
        value = number = hb_pyjson_dump(v, NULL);
    else if (json_is_boolean(v))
        value = json_is_true(v) ? "true" : "false";
    if (json_is_number(v) && !number) {
        cli_error("out of memory");
        rc = CLI_ERROR;
    } else if (!value) {
        cli_error("'%s': cannot use complex JSON value types with --form/--multipart", item->arg);
        rc = CLI_ERROR;
    } else if (!kv_list_add(&it->fields, item->key, value)) {
        cli_error("out of memory");
        rc = CLI_ERROR;
    }
    free(number);
    json_decref(v);
    return rc;
}

static int add_kv(struct kv_list *l, const char *name, const char *value)
{
    if (kv_list_add(l, name, value))
        return CLI_OK;
    cli_error("out of memory");
    return CLI_ERROR;
}

static int add_item(struct items *it, const struct item *item)
{
    const char *key = item->key, *value = item->value;
    size_t len = 0;
    char *file = NULL;
    int rc = CLI_ERROR;
    switch (item->sep) {
    case SEP_HEADER:
        /* An empty value removes the header (NULL in creq_kv). */
        return add_kv(&it->headers, key, *value ? value : NULL);
    case SEP_HEADER_EMPTY:
        if (*value) {
            cli_error("'%s': to send an empty header use 'Header;'", item->arg);
            return CLI_ERROR;
        }
        return add_kv(&it->headers, key, "");
    case SEP_QUERY:
        return add_kv(&it->params, key, value);
    case SEP_DATA:
        return add_data(it, item, value, item->value_len);
    case SEP_JSON:
        return add_json(it, item, value, item->value_len);
    case SEP_FILE:
        return add_file(it, item);
    case SEP_QUERY_FILE:
    case SEP_DATA_FILE:
    case SEP_JSON_FILE:
        break;
    }
    /* The @file forms: the file's contents stand in for the value. */
    if (!(file = slurp(item, value, &len)))
        return CLI_ERROR;
    if (item->sep == SEP_QUERY_FILE)
        rc = add_kv(&it->params, key, file);
    else if (item->sep == SEP_DATA_FILE)
        rc = add_data(it, item, file, len);
    else
        rc = add_json(it, item, file, len);
    free(file);
    return rc;
}

/* ---- the whole list ------------------------------------------------------ */

int items_parse(struct items *it, char *const *args, int n, enum body_mode mode,
                bool explicit_json)
{
    struct item *list = calloc(n > 0 ? (size_t)n : 1, sizeof(*list));
    bool files = false;
    int rc = CLI_ERROR, i;
    if (!list) {
        cli_error("out of memory");
        return CLI_ERROR;
    }
    for (i = 0; i < n; i++) {
        int split = item_split(args[i], &list[i]);
        if (split) {
            if (split == -1)
                cli_error("'%s' is not a valid request item (Header:value, name==value, "
                          "name=value, name:=json or field@file)", args[i]);
            else
                cli_error("out of memory");
            goto out;
        }
        files |= list[i].sep == SEP_FILE;
        it->has_data |= is_data(list[i].sep);
    }
    if (files && explicit_json) {
        cli_error("file uploads (field@path) need --form or --multipart, not --json");
        goto out;
    }
    if (files || mode == MODE_MULTIPART)
        it->body = BODY_MULTIPART;
    else if (mode == MODE_FORM)
        it->body = BODY_FORM;
    else
        it->body = it->has_data ? BODY_JSON : BODY_NONE;
    if (it->body == BODY_JSON && !(it->json = json_object())) {
        cli_error("out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        if (add_item(it, &list[i]))
            goto out;
    /* Multipart needs a files list even without files: libcreq sends the
     * form fields as parts whenever one is given. */
    if (it->body == BODY_MULTIPART && !it->files) {
        it->files = calloc(1, sizeof(*it->files));
        if (!it->files) {
            cli_error("out of memory");
            goto out;
        }
        it->cap_files = 1;
    }
    rc = CLI_OK;
out:
    for (i = 0; i < n; i++) {
        free(list[i].key);
        free(list[i].value);
    }
    free(list);
    return rc;
}

void items_free(struct items *it)
{
    kv_list_free(&it->headers);
    kv_list_free(&it->params);
    kv_list_free(&it->fields);
    json_decref(it->json);
    for (size_t i = 0; i < it->n_files; i++) {
        free((char *)it->files[i].field);
        free((char *)it->files[i].path);
        free((char *)it->files[i].content_type);
    }
    free(it->files);
    *it = (struct items){ 0 };
}
