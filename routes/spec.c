/* SPDX-License-Identifier: MIT */
/* /spec.json: an OpenAPI 3.0.3 description generated once from the route
 * table, so it lists exactly the endpoints the server answers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buildconf.h" /* PACKAGE_VERSION */
#include "route.h"

/* OpenAPI's operation keys, in the order the spec lists them. */
static const struct { unsigned bit; const char *key; } operations[] = {
    { HB_GET, "get" },         { HB_PUT, "put" },     { HB_POST, "post" },
    { HB_DELETE, "delete" },   { HB_OPTIONS, "options" }, { HB_HEAD, "head" },
    { HB_PATCH, "patch" },     { HB_TRACE, "trace" },
};
#define N_OPERATIONS (sizeof(operations) / sizeof(operations[0]))

/* A {name} of the pattern; "{*}" (the rest of the path) is called "path". */
static const char *param_name(const char *open, size_t len, char *buf, size_t size)
{
    if (len == 1 && open[1] == '*')
        return "path";
    if (len >= size)
        len = size - 1;
    memcpy(buf, open + 1, len);
    buf[len] = '\0';
    return buf;
}

/* Fills 'params' with the pattern's path parameters and returns the OpenAPI
 * path ("/anything/{*}" becomes "/anything/{path}"), malloc'd. */
static char *openapi_path(const char *pattern, json_t *params)
{
    /* Each "{*}" grows by 3 into "{path}"; other names can only shrink. */
    size_t size = strlen(pattern) + 1;
    for (const char *p = pattern; (p = strchr(p, '{')); p++)
        size += 3;
    char *out = malloc(size), *o = out;
    if (!out)
        return NULL;
    for (const char *p = pattern; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            *o++ = *p++;
            continue;
        }
        char buf[64];
        const char *name = param_name(p, (size_t)(close - p - 1), buf, sizeof(buf));
        json_t *param = json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
                                  "required", 1, "schema", "type", "string");
        /* OpenAPI has no parameter spanning segments: say so in words. */
        if (param && !strncmp(p, "{*}", 3))
            json_object_set_new(param, "description",
                                json_string("The rest of the path: it may hold slashes."));
        if (json_array_append_new(params, param) < 0) {
            free(out);
            return NULL;
        }
        o += sprintf(o, "{%s}", name);
        p = close + 1;
    }
    *o = '\0';
    return out;
}

/* "get_status_codes" from "get" and "/status/{codes}": unique within the
 * document, as OpenAPI requires (a clash gets the row's index). */
static char *operation_id(const char *method, const char *path, size_t row, json_t *used)
{
    size_t n = strlen(method) + strlen(path) + 32;
    char *id = malloc(n);
    if (!id)
        return NULL;
    size_t len = (size_t)snprintf(id, n, "%s", method);
    for (const char *p = path; *p; p++) {
        if (isalnum((unsigned char)*p))
            id[len++] = (char)tolower((unsigned char)*p);
        else if (id[len - 1] != '_')
            id[len++] = '_';
    }
    while (id[len - 1] == '_')
        len--;
    if (len == strlen(method))
        len += (size_t)snprintf(id + len, n - len, "_index");
    id[len] = '\0';
    if (json_object_get(used, id))
        snprintf(id + len, n - len, "_%zu", row);
    json_object_set_new(used, id, json_true());
    return id;
}

static json_t *operation(const struct hb_route *r, const char *key, const char *path,
                         size_t row, json_t *used)
{
    char *id = operation_id(key, path, row, used);
    if (!id)
        return NULL;
    json_t *op = json_pack("{s:s, s:s, s:{s:{s:s}}}", "summary", r->doc->summary,
                           "operationId", id, "responses", "200", "description", "OK");
    free(id);
    bool has_body = !strcmp(key, "post") || !strcmp(key, "put") || !strcmp(key, "patch");
    if (op && has_body && (r->flags & HB_READS_BODY))
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{}}}}", "required", 0, "content", "*/*",
                                      "schema"));
    return op;
}

/* The path item of one row: its parameters and one operation per method. */
static int add_route(json_t *paths, const struct hb_route *r, size_t row, json_t *used)
{
    int rc = -1;
    json_t *params = json_array();
    char *path = params ? openapi_path(r->pattern, params) : NULL;
    if (!path)
        goto done;
    json_t *item = json_object_get(paths, path);
    if (!item && json_object_set_new(paths, path, item = json_object()) < 0)
        goto done;
    if (json_array_size(params) && json_object_set(item, "parameters", params) < 0)
        goto done;
    /* HEAD comes with GET; name it only for a row that takes HEAD alone. */
    unsigned methods = r->methods;
    if (methods & HB_GET)
        methods &= ~(unsigned)HB_HEAD;
    for (size_t i = 0; i < N_OPERATIONS; i++)
        if ((methods & operations[i].bit) &&
            json_object_set_new(item, operations[i].key,
                                operation(r, operations[i].key, path, row, used)) < 0)
            goto done;
    if ((r->methods & HB_OTHER) &&
        json_object_set_new(item, "description",
                            json_string("Accepts any method, also ones OpenAPI cannot "
                                        "list (PROPFIND, ...).")) < 0)
        goto done;
    rc = 0;
done:
    free(path);
    json_decref(params);
    return rc;
}

static json_t *build_spec(const struct hb_route *rows, size_t count)
{
    json_t *paths = json_object(), *used = json_object();
    json_t *spec = json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s}}, s:o}", "openapi", "3.0.3", "info", "title",
        "httpbin-c", "version", PACKAGE_VERSION, "description",
        "HTTP request and response service, answering as Python httpbin does.", "license",
        "name", "MIT", "paths", paths);
    if (!spec || !used)
        goto fail;
    for (size_t i = 0; i < count; i++)
        if (!(rows[i].flags & HB_MERGE_SLASHES) && add_route(paths, &rows[i], i, used) < 0)
            goto fail;
    json_decref(used);
    return spec;
fail:
    json_decref(used);
    json_decref(spec);
    return NULL;
}

/* Made for each request, from the table of the server that answers (see
 * handle_index). */
int handle_spec_json(struct hb_request *req, struct hb_response *res)
{
    size_t count;
    const struct hb_route *rows = hb_request_routes(req, &count);
    json_t *spec = build_spec(rows, count);
    char *text = spec ? json_dumps(spec, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
    json_decref(spec);
    char *body = text ? hb_printf(req, "%s\n", text) : NULL;
    free(text);
    if (!body)
        return hb_reply_error(res, 500, "out of memory building the spec");
    return hb_reply_text(res, 200, "application/json", body);
}
