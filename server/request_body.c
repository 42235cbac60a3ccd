/* SPDX-License-Identifier: MIT */
/* The request body read as Werkzeug reads it for httpbin: urlencoded and
 * multipart forms (text fields decoded by their charset, files kept as
 * bytes), and JSON. See http.h for the contracts. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "exchange.h"
#include "server.h"
#include "lib/json_load.h"
#include "lib/multipart.h"
#include "lib/urlencoded.h"
#include "lib/utf8.h"

/* The media type without parameters, lower-cased: "multipart/form-data". */
static char *mimetype(struct hb_arena *a, const char *content_type)
{
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    size_t n = strcspn(content_type, ";");
    while (n && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
        n--;
    char *m = hb_arena_memdup(a, content_type, n);
    for (char *p = m; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return m;
}

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
            /* All ASCII gives back p->data itself, which is no C string:
             * it runs on into the next part. */
            char *text = hb_latin1_to_utf8(a, p->data, p->len, len);
            return text == p->data ? hb_arena_memdup(a, p->data, p->len) : text;
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
static int read_multipart(struct hb_request *req, const char *ct, struct hb_form *form,
                          const char **error)
{
    struct hb_arena *a = &req->arena;
    unsigned max_parts = req->server->cfg.max_form_parts;
    const char *boundary = hb_multipart_boundary(a, ct);
    if (!boundary) {
        *error = "multipart/form-data needs a boundary parameter in Content-Type";
        return 1;
    }
    struct hb_multipart mp;
    int rc = hb_multipart_parse(a, boundary, req->body ? req->body : "", req->body_len,
                                max_parts, &mp);
    if (rc == HB_MULTIPART_ENOMEM)
        return -1;
    if (rc) {
        *error = rc == HB_MULTIPART_ETOOMANY
                     ? hb_arena_printf(a, "the multipart body has more than %u parts "
                                          "(--max-form-parts)", max_parts)
                     : "malformed multipart/form-data body";
        return *error ? 1 : -1;
    }
    struct hb_upload *files = hb_arena_alloc(a, (mp.count ? mp.count : 1) * sizeof(*files));
    if (!files)
        return -1;
    for (size_t i = 0; i < mp.count; i++) {
        const struct hb_part *p = &mp.parts[i];
        /* A part without a name is filed under None, which json.dumps
         * writes as the key "null". */
        const char *name = p->name ? hb_utf8_sanitize(a, p->name, strlen(p->name), NULL) : "null";
        if (!name)
            return -1;
        if (p->filename) {
            files[form->file_count++] = (struct hb_upload){
                .field = name,
                .filename = p->filename,
                .content_type = p->content_type && *p->content_type ? p->content_type
                                                                    : "application/octet-stream",
                .data = p->data,
                .len = p->len,
            };
            continue;
        }
        size_t vlen = 0;
        const char *value = decode_field(a, p, &vlen);
        if (!value || hb_kvlist_add(a, &form->fields, name, value, vlen))
            return -1;
    }
    form->files = files;
    return 0;
}

/* 0, -1 when out of memory, or 1 with *error set for a 400. */
static int read_form(struct hb_request *req, struct hb_form *form, const char **error)
{
    struct hb_arena *a = &req->arena;
    const char *ct = hb_request_header(req, "Content-Type");
    const char *type = ct ? mimetype(a, ct) : "";
    unsigned max_parts = req->server->cfg.max_form_parts;
    if (!type)
        return -1;
    if (!strcmp(type, "multipart/form-data")) {
        form->is_form = true;
        return read_multipart(req, ct, form, error);
    }
    if (strcmp(type, "application/x-www-form-urlencoded"))
        return 0;
    form->is_form = true;
    int rc = hb_urlencoded_parse(a, req->body ? req->body : "", req->body_len, max_parts,
                                 &form->fields);
    if (rc == -2) {
        *error = hb_arena_printf(a, "the form has more than %u fields (--max-form-parts)",
                                 max_parts);
        return *error ? 1 : -1;
    }
    return rc ? -1 : 0;
}

int hb_request_form(struct hb_request *req, const struct hb_form **form, const char **error)
{
    if (!req->form_read) {
        req->form_read = 1;
        req->form_rc = (signed char)read_form(req, &req->form, &req->form_error);
    }
    *form = &req->form;
    *error = req->form_rc == 1 ? req->form_error : NULL;
    return req->form_rc;
}

bool hb_request_body_is_utf8(struct hb_request *req)
{
    if (!req->body_checked) {
        req->body_checked = 1;
        req->body_utf8 = hb_utf8_valid(req->body ? req->body : "", req->body_len);
    }
    return req->body_utf8;
}

int hb_request_json(struct hb_request *req, json_t **json, const char **error)
{
    unsigned max_depth = req->server->cfg.max_json_depth;
    enum hb_json_load_status status;
    *json = NULL;
    *error = NULL;
    if (!req->body_len || !hb_request_body_is_utf8(req))
        return 0;
    *json = hb_json_load(req->body, req->body_len, max_depth, &status);
    if (status == HB_JSON_NOMEM)
        return -1;
    if (status == HB_JSON_TOO_DEEP) {
        /* A clear refusal, not a silent "json": null. */
        *error = hb_arena_printf(&req->arena, "the JSON body nests deeper than %u levels "
                                              "(--max-json-depth)", max_depth);
        return *error ? 1 : -1;
    }
    return 0;
}
