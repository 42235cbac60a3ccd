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
#include "lib/json_load.h"
#include "lib/multipart.h"
#include "lib/urlencoded.h"
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
                                              h->items[i].len);
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
    return xff ? hb_latin1_to_utf8(hb_request_arena(req), xff, strlen(xff))
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

/* The media type without parameters, lower-cased: "multipart/form-data". */
static char *mimetype(struct hb_request *req, const char *content_type)
{
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    size_t n = strcspn(content_type, ";");
    while (n && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
        n--;
    char *m = hb_memdup(req, content_type, n);
    for (char *p = m; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return m;
}

struct body_parts {
    json_t *form, *files, *data, *json;
};

/* A form field's text: Werkzeug decodes each part with the charset of its
 * own Content-Type (UTF-8 when none). Latin-1 and ASCII are honoured; other
 * charsets are read as UTF-8. Bad bytes become U+FFFD. */
static char *decode_field(struct hb_arena *a, const struct hb_part *p, size_t *len)
{
    const char *cs = p->content_type ? strcasestr(p->content_type, "charset=") : NULL;
    char name[32] = "";
    if (cs) {
        cs += 8;
        if (*cs == '"')
            cs++;
        size_t n = strcspn(cs, "\"; \t");
        if (n < sizeof(name)) {
            for (size_t i = 0; i < n; i++)
                name[i] = (char)tolower((unsigned char)cs[i]);
            name[n] = '\0';
        }
    }
    static const char *const latin1[] = { "latin-1", "latin1", "iso-8859-1", "iso8859-1",
                                          "iso_8859_1", "l1", "cp819", "8859" };
    for (size_t i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++) {
        if (!strcmp(name, latin1[i])) {
            char *text = hb_latin1_to_utf8(a, p->data, p->len);
            if (text && len)
                *len = strlen(text);
            return text;
        }
    }
    if (!strcmp(name, "ascii") || !strcmp(name, "us-ascii")) {
        char *text = hb_arena_alloc(a, p->len * 3 + 1), *o = text;
        for (size_t i = 0; text && i < p->len; i++) {
            if ((unsigned char)p->data[i] < 0x80)
                *o++ = p->data[i];
            else
                memcpy(o, "\xEF\xBF\xBD", 3), o += 3;
        }
        if (text) {
            *o = '\0';
            *len = (size_t)(o - text);
        }
        return text;
    }
    return hb_utf8_sanitize(a, p->data, p->len, len);
}

/* 0, -1 when out of memory, or 1 with *error set for a 400. */
static int parse_multipart(struct hb_request *req, const char *ct, const char *body,
                           size_t len, struct body_parts *out, const char **error)
{
    struct hb_arena *a = hb_request_arena(req);
    unsigned max_parts = hb_request_config(req)->max_form_parts;
    const char *boundary = hb_multipart_boundary(a, ct);
    if (!boundary) {
        *error = "multipart/form-data needs a boundary parameter in Content-Type";
        return 1;
    }
    struct hb_multipart mp;
    int rc = hb_multipart_parse(a, boundary, body, len, max_parts, &mp);
    if (rc == HB_MULTIPART_ENOMEM)
        return -1;
    if (rc) {
        *error = rc == HB_MULTIPART_ETOOMANY
                     ? hb_printf(req, "the multipart body has more than %u parts "
                                      "(--max-form-parts)", max_parts)
                     : "malformed multipart/form-data body";
        return 1;
    }
    out->form = json_object();
    out->files = json_object();
    for (size_t i = 0; out->form && out->files && i < mp.count; i++) {
        const struct hb_part *p = &mp.parts[i];
        /* A part without a name is filed under None, which json.dumps
         * writes as the key "null". */
        const char *name = p->name ? hb_utf8_sanitize(a, p->name, strlen(p->name), NULL) : "null";
        if (!name)
            return -1;
        if (p->filename) {
            /* Every file of a field is kept (a list when several): Python's
             * httpbin shows only the first (postmanlabs/httpbin#682). */
            const char *type = p->content_type && *p->content_type ? p->content_type
                                                                   : "application/octet-stream";
            add_flattened(out->files, name, hb_echo_json_safe(p->data, p->len, type));
        } else {
            size_t vlen = 0;
            const char *value = decode_field(a, p, &vlen);
            if (!value)
                return -1;
            add_flattened(out->form, name, json_stringn(value, vlen));
        }
    }
    return out->form && out->files ? 0 : -1;
}

/* form, files, data and json from the body, as Werkzeug splits it. 0, -1 when
 * out of memory, or 1 with *error set for a 400. */
static int parse_body(struct hb_request *req, struct body_parts *out, const char **error)
{
    size_t len;
    const char *body = hb_request_body(req, &len);
    const char *ct = hb_request_header(req, "Content-Type");
    const char *type = ct ? mimetype(req, ct) : "";
    unsigned max_parts = hb_request_config(req)->max_form_parts;

    out->form = out->files = out->data = out->json = NULL;
    if (!type)
        return -1;
    if (!strcmp(type, "application/x-www-form-urlencoded")) {
        struct hb_kvlist fields = { 0 };
        int rc = hb_urlencoded_parse(hb_request_arena(req), body, len, max_parts, &fields);
        if (rc == -2) {
            *error = hb_printf(req, "the form has more than %u fields (--max-form-parts)",
                               max_parts);
            return 1;
        }
        if (rc)
            return -1;
        out->form = hb_echo_semiflatten(&fields);
        out->data = json_string("");
    } else if (!strcmp(type, "multipart/form-data")) {
        int rc = parse_multipart(req, ct, body, len, out, error);
        if (rc)
            return rc;
        out->data = json_string("");
    } else {
        /* One UTF-8 check serves both: only text is echoed as a string,
         * and only text can be JSON (httpbin decodes the body first). */
        bool text = hb_utf8_valid(body, len);
        out->data = text ? json_stringn_nocheck(body, len)
                         : hb_echo_json_safe(body, len, "application/octet-stream");
        if (text && len) {
            unsigned max_depth = hb_request_config(req)->max_json_depth;
            enum hb_json_load_status status;
            out->json = hb_json_load(body, len, max_depth, &status);
            if (status == HB_JSON_NOMEM)
                return -1;
            /* A clear refusal, not a silent "json": null. */
            if (status == HB_JSON_TOO_DEEP) {
                *error = hb_printf(req, "the JSON body nests deeper than %u levels "
                                   "(--max-json-depth)", max_depth);
                return 1;
            }
        }
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
