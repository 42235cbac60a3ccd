/* SPDX-License-Identifier: MIT */
/* httpbin's get_dict(): the request as JSON. Each rule below mirrors what
 * Werkzeug and gunicorn do to the request before httpbin sees it. */
#include "echo.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/base64.h"
#include "lib/utf8.h"

/* Proxy headers httpbin hides unless the query has show_env. */
static const char *const env_headers[] = {
    "X-Varnish", "X-Request-Start", "X-Heroku-Queue-Depth", "X-Real-Ip",
    "X-Forwarded-Proto", "X-Forwarded-Protocol", "X-Forwarded-Ssl",
    "X-Heroku-Queue-Wait-Time", "X-Forwarded-For", "X-Heroku-Dynos-In-Use",
    "X-Forwarded-Port", "X-Request-Id", "Via", "Total-Route-Time", "Connect-Time",
};

static int is_env_header(const char *name)
{
    for (size_t i = 0; i < sizeof(env_headers) / sizeof(env_headers[0]); i++)
        if (!strcmp(name, env_headers[i]))
            return 1;
    return 0;
}

/* gunicorn turns "x-my_hdr" into HTTP_X_MY_HDR and Werkzeug back into
 * "X-My-Hdr" with Python's str.title(): a letter is upper case after any
 * non-letter, digits included ("X-Md5Sum"). */
static char *title_case(struct hb_request *req, const char *name)
{
    size_t n = strlen(name);
    char *out = hb_alloc(req, n + 1);
    if (!out)
        return NULL;
    int prev_letter = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '_')
            c = '-';
        int letter = isalpha(c);
        if (letter)
            c = (unsigned char)(prev_letter ? tolower(c) : toupper(c));
        out[i] = (char)c;
        prev_letter = letter;
    }
    return out;
}

json_t *hb_echo_headers(struct hb_request *req)
{
    const struct hb_kvlist *h = hb_request_headers(req);
    int show_env = hb_request_arg(req, "show_env") != NULL;
    json_t *obj = json_object();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < h->count; i++) {
        const char *name = title_case(req, h->items[i].name);
        if (!name)
            continue;
        /* WSGI passes an empty Content-Type or Content-Length as absent. */
        if (!h->items[i].len &&
            (!strcmp(name, "Content-Type") || !strcmp(name, "Content-Length")))
            continue;
        if (!show_env && is_env_header(name))
            continue;
        /* WSGI header values are Latin-1. */
        const char *value = hb_latin1_to_utf8(hb_request_arena(req), h->items[i].value,
                                              h->items[i].len, NULL);
        if (!value)
            continue;
        json_t *seen = json_object_get(obj, name);
        if (seen)
            value = hb_printf(req, "%s,%s", json_string_value(seen), value);
        if (value)
            json_object_set_new(obj, name, json_string(value));
    }
    return obj;
}

const char *hb_echo_origin(struct hb_request *req)
{
    const char *xff = hb_request_header(req, "X-Forwarded-For");
    return xff ? hb_latin1_to_utf8(hb_request_arena(req), xff, strlen(xff), NULL)
               : hb_request_client_ip(req);
}

/* Adds 'value' under 'name', turning a repeated name into a list. */
static void add_flattened(json_t *obj, const char *name, json_t *value)
{
    json_t *seen = json_object_get(obj, name);
    if (!seen)
        json_object_set_new(obj, name, value);
    else if (json_is_array(seen))
        json_array_append_new(seen, value);
    else
        json_object_set_new(obj, name, json_pack("[O,o]", seen, value));
}

json_t *hb_echo_semiflatten(const struct hb_kvlist *list)
{
    json_t *obj = json_object();
    for (size_t i = 0; obj && i < list->count; i++) {
        const struct hb_kv *kv = &list->items[i];
        add_flattened(obj, kv->name, json_stringn(kv->value, kv->len));
    }
    return obj;
}

json_t *hb_echo_json_safe(const char *s, size_t len, const char *type)
{
    if (hb_utf8_valid(s, len))
        return json_stringn_nocheck(s, len); /* checked just now */
    size_t prefix = strlen("data:") + strlen(type) + strlen(";base64,");
    size_t total = prefix + hb_base64_encoded_len(len);
    char *url = malloc(total + 1);
    if (!url)
        return NULL;
    snprintf(url, prefix + 1, "data:%s;base64,", type);
    hb_base64_encode(s, len, url + prefix);
    json_t *out = json_stringn(url, total);
    free(url);
    return out;
}

struct body_parts {
    json_t *form, *files, *data, *json;
};

/* httpbin's request.form and request.files as JSON: one value a string,
 * repeated names a list; files as text, or data: URLs when not UTF-8. */
static void add_form(const struct hb_form *f, struct body_parts *out)
{
    out->form = hb_echo_semiflatten(&f->fields);
    out->files = json_object();
    for (size_t i = 0; out->files && i < f->file_count; i++) {
        /* Every file of a field is kept (a list when several): Python's
         * httpbin shows only the first (postmanlabs/httpbin#682). */
        const struct hb_upload *u = &f->files[i];
        add_flattened(out->files, u->field, hb_echo_json_safe(u->data, u->len, u->content_type));
    }
    out->data = json_string("");
}

/* form, files, data and json from the body, as Werkzeug splits it. 0, -1 when
 * out of memory, or 1 with *error set for a 400. */
static int parse_body(struct hb_request *req, struct body_parts *out, const char **error)
{
    const struct hb_form *f;
    out->form = out->files = out->data = out->json = NULL;
    int rc = hb_request_form(req, &f, error);
    if (rc)
        return rc;
    if (f->is_form) {
        add_form(f, out);
    } else {
        /* Only text is echoed as a string, and only text can be JSON
         * (httpbin decodes the body first). */
        size_t len;
        const char *body = hb_request_body(req, &len);
        bool text = hb_request_body_is_utf8(req);
        out->data = text ? json_stringn_nocheck(body, len)
                         : hb_echo_json_safe(body, len, "application/octet-stream");
        if (text && (rc = hb_request_json(req, &out->json, error)))
            return rc;
    }
    if (!out->form)
        out->form = json_object();
    if (!out->files)
        out->files = json_object();
    if (!out->json)
        out->json = json_null();
    return out->form && out->files && out->data && out->json ? 0 : -1;
}

static void release(struct body_parts *p)
{
    json_decref(p->form);
    json_decref(p->files);
    json_decref(p->data);
    json_decref(p->json);
}

json_t *hb_echo_new(struct hb_request *req, unsigned keys, const char **error)
{
    json_t *obj = json_object();
    *error = NULL;
    if (!obj)
        return NULL;
    if (keys & HB_ECHO_URL) {
        const char *url = hb_echo_url(req);
        json_object_set_new(obj, "url", url ? json_string(url) : json_null());
    }
    if (keys & HB_ECHO_ARGS)
        json_object_set_new(obj, "args", hb_echo_semiflatten(hb_request_args(req)));
    if (keys & HB_ECHO_HEADERS)
        json_object_set_new(obj, "headers", hb_echo_headers(req));
    if (keys & HB_ECHO_ORIGIN)
        json_object_set_new(obj, "origin", json_string(hb_echo_origin(req)));
    if (keys & HB_ECHO_METHOD)
        json_object_set_new(obj, "method", json_string(hb_request_method(req)));
    if (keys & (HB_ECHO_FORM | HB_ECHO_DATA | HB_ECHO_FILES | HB_ECHO_JSON)) {
        struct body_parts parts;
        if (parse_body(req, &parts, error)) {
            release(&parts);
            json_decref(obj);
            return NULL;
        }
        if (keys & HB_ECHO_FORM)
            json_object_set(obj, "form", parts.form);
        if (keys & HB_ECHO_DATA)
            json_object_set(obj, "data", parts.data);
        if (keys & HB_ECHO_FILES)
            json_object_set(obj, "files", parts.files);
        if (keys & HB_ECHO_JSON)
            json_object_set(obj, "json", parts.json);
        release(&parts);
    }
    return obj;
}

int hb_reply_echo(struct hb_request *req, struct hb_response *res, unsigned keys)
{
    const char *error;
    json_t *body = hb_echo_new(req, keys, &error);
    if (!body)
        return error ? hb_reply_error(res, 400, "%s", error)
                     : hb_reply_error(res, 500, "out of memory");
    return hb_reply_json_new(res, 200, body);
}
