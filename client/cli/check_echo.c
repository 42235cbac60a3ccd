/* SPDX-License-Identifier: MIT */
/* creq-check, echo group: every method on its echo endpoint and /anything,
 * each kind of body echoed back, 405s, and the shapes of /headers, /ip,
 * /user-agent and /uuid. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check_http.h"
#include "check_table.h"
#include "checks.h"

/* Query arguments every echo carries: a space shows the '+' encoding. */
static const creq_kv echo_params[] = { { "q", "c lang" }, { "n", "1" }, { 0 } };
#define ECHO_QUERY "?q=c+lang&n=1"

/* ---- methods ---------------------------------------------------------------- */

struct method_case {
    const char *method;
    const char *path; /* an endpoint that answers this method */
};

static const struct method_case method_cases[] = {
    { "GET", "/get" },     { "POST", "/post" },     { "PUT", "/put" },
    { "PATCH", "/patch" }, { "DELETE", "/delete" },
};

/* Each method is also sent to these, which answer any method. */
static const char *const any_paths[] = { "/anything", "/anything/creq/check" };

static void check_method(struct ck_ctx *c, const char *method, const char *path)
{
    char check[128], expected[128], url[1024];
    bool anything = !strncmp(path, "/anything", 9);
    /* httpbin's get_dict(): /get has args, headers, origin and url; the
     * body endpoints add data, files, form and json; /anything adds method. */
    size_t members = anything ? 9 : !strcmp(method, "GET") ? 4 : 8;
    snprintf(check, sizeof(check), "%s %s", method, path);
    snprintf(expected, sizeof(expected), "200, %zu members%s%s, url ok, args.q=c lang", members,
             anything ? ", method=" : "", anything ? method : "");
    creq_error err;
    creq_response *r = ck_call(c, method, path, CREQ_OPTS(.params = echo_params), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    ck_note(&g, json_object_size(j) == members, "%zu members", json_object_size(j));
    /* Only /anything names the method; the others answer one method only. */
    if (anything)
        ck_note_str(&g, j, "method", method);
    char want_url[1100];
    snprintf(want_url, sizeof(want_url), "%s" ECHO_QUERY, ck_url(c, path, url, sizeof(url)));
    const char *got_url = ck_str(j, "url");
    bool url_ok = got_url && !strcmp(got_url, want_url);
    ck_note(&g, url_ok, "url %s", url_ok ? "ok" : got_url ? got_url : "missing");
    ck_note_str(&g, j, "args.q", "c lang");
    ck_row_got(&g, check, expected);
    json_decref(j);
    creq_response_free(r);
}

/* ---- HEAD, OPTIONS and wrong methods ------------------------------------- */

struct verb_case {
    const char *method, *path;
    int status;
    const char *header, *header_has; /* a header the answer carries, and part of it */
    bool json_error;                 /* httpbin-c answers with its JSON error */
    const char *label;               /* tells rows for one request apart */
};

static const struct verb_case verb_cases[] = {
    { "HEAD", "/get", 200, "Content-Type", "application/json", false, NULL },
    { "OPTIONS", "/get", 200, "Allow", "GET", false, "Allow" },
    { "OPTIONS", "/get", 200, "Access-Control-Allow-Methods", "PATCH", false, "CORS" },
    { "POST", "/get", 405, "Allow", "GET", true, NULL },
    { "GET", "/post", 405, "Allow", "POST", true, NULL },
    { "DELETE", "/put", 405, "Allow", "PUT", true, NULL },
    { "PUT", "/patch", 405, "Allow", "PATCH", true, NULL },
    { "PATCH", "/delete", 405, "Allow", "DELETE", true, NULL },
    { "POST", "/uuid", 405, "Allow", "GET", true, NULL },
};

static void check_verb(struct ck_ctx *c, const struct verb_case *v)
{
    char check[128], expected[160];
    /* Werkzeug's 405 is HTML: the JSON error is a deliberate difference. */
    bool json_error = v->json_error && c->ours;
    snprintf(check, sizeof(check), "%s %s%s%s", v->method, v->path, v->label ? " " : "",
             v->label ? v->label : "");
    snprintf(expected, sizeof(expected), "%d, %s has %s%s%s", v->status, v->header,
             v->header_has, !strcmp(v->method, "HEAD") ? ", no body" : "",
             json_error ? ", JSON error" : "");
    creq_error err;
    creq_response *r = ck_call(c, v->method, v->path, NULL, &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    struct ck_got g = { 0 };
    ck_note_status(&g, r, v->status);
    const char *h = creq_response_header(r, v->header);
    ck_note(&g, h && strstr(h, v->header_has), "%s: %s", v->header, h ? h : "(none)");
    size_t len;
    creq_response_content(r, &len);
    if (!strcmp(v->method, "HEAD"))
        ck_note(&g, len == 0, "%zu body bytes", len);
    if (json_error) {
        json_t *j = ck_json(r);
        json_t *code = json_object_get(j, "status_code");
        ck_note(&g, json_integer_value(code) == v->status && json_is_string(ck_get(j, "error")),
                "JSON error %s", code ? "ok" : "missing");
        json_decref(j);
    }
    ck_row_got(&g, check, expected);
    creq_response_free(r);
}

/* ---- keep-alive --------------------------------------------------------------- */

/* One session for every check: a second request goes out on the first's
 * connection, unless the server said Connection: close (gunicorn's sync
 * worker does), or libcreq cannot reuse h2c connections (libcurl 7.88:
 * see libcreq(3), BUGS). */
static void check_keepalive(struct ck_ctx *c)
{
    const char *check = "GET /get twice: connection reused";
    const char *expected = "200, 0 new connections (unless Connection: close)";
    creq_error err;
    creq_response *first = ck_call(c, "GET", "/get", NULL, &err);
    creq_response *second = first ? ck_call(c, "GET", "/get", NULL, &err) : NULL;
    if (!second) {
        ck_row_error(check, expected, &err);
        creq_response_free(first);
        return;
    }
    const char *conn = creq_response_header(first, "Connection");
    bool closes = conn && strcasestr(conn, "close");
    creq_timing t;
    creq_response_timing(second, &t);
    struct ck_got g = { 0 };
    ck_note_status(&g, second, 200);
    if (c->h2c && t.new_conns > 0 && !g.bad) {
        ck_row(CK_SKIP, check, expected, "%ld new connection%s (h2c: on libcurl 7.88 libcreq "
               "opens one per request)", t.new_conns, t.new_conns == 1 ? "" : "s");
    } else {
        ck_note(&g, closes || t.new_conns == 0, "%ld new connection%s%s", t.new_conns,
                t.new_conns == 1 ? "" : "s", closes ? " (Connection: close)" : "");
        ck_row_got(&g, check, expected);
    }
    creq_response_free(first);
    creq_response_free(second);
}

/* ---- bodies ----------------------------------------------------------------- */

enum body_kind { BODY_FORM, BODY_JSON, BODY_TEXT, BODY_BINARY, BODY_FILE };

struct body_case {
    const char *name;
    enum body_kind kind;
    const char *path1, *want1; /* where the echo shows the body, and what */
    const char *path2, *want2;
};

static const struct body_case body_cases[] = {
    { "form", BODY_FORM, "form.a", "1", "form.b", "x y" },
    { "JSON", BODY_JSON, "json.k", "v", "headers.Content-Type", "application/json" },
    { "raw text", BODY_TEXT, "data", "hello creq", "headers.Content-Type", "text/plain" },
    { "raw bytes", BODY_BINARY, "data", "data:application/octet-stream;base64,/wD+AQ==",
      "headers.Content-Length", "4" },
    { "multipart file", BODY_FILE, "files.f", "file body", "form.c", "3" },
};

/* The endpoints a body is sent to. */
static const struct method_case body_targets[] = {
    { "POST", "/post" },     { "PUT", "/put" },         { "PATCH", "/patch" },
    { "DELETE", "/delete" }, { "POST", "/anything" },
};

static const creq_kv form_fields[] = { { "a", "1" }, { "b", "x y" }, { 0 } };
static const creq_kv text_type[] = { { "Content-Type", "text/plain" }, { 0 } };
static const creq_kv binary_type[] = { { "Content-Type", "application/octet-stream" }, { 0 } };
static const unsigned char binary[] = { 0xff, 0x00, 0xfe, 0x01 }; /* not UTF-8 */
static const creq_kv file_fields[] = { { "c", "3" }, { 0 } };
static const creq_file one_file[] = {
    { .field = "f", .filename = "f.txt", .data = "file body", .len = 9,
      .content_type = "text/plain" },
    { 0 },
};

/* The options that send body kind k; json is used by BODY_JSON. */
static creq_opts body_opts(enum body_kind k, json_t *json)
{
    creq_opts o = { 0 };
    switch (k) {
    case BODY_FORM:
        o.data = form_fields;
        break;
    case BODY_JSON:
        o.json = json;
        break;
    case BODY_TEXT:
        o.body = "hello creq", o.body_len = 10, o.headers = text_type;
        break;
    case BODY_BINARY:
        o.body = binary, o.body_len = sizeof(binary), o.headers = binary_type;
        break;
    case BODY_FILE:
        o.files = one_file, o.data = file_fields;
        break;
    }
    return o;
}

static void check_body(struct ck_ctx *c, const struct method_case *t, const struct body_case *b)
{
    char check[128], expected[160];
    snprintf(check, sizeof(check), "%s %s %s", t->method, t->path, b->name);
    snprintf(expected, sizeof(expected), "200, %s=%s, %s=%s", b->path1, b->want1, b->path2,
             b->want2);
    json_t *doc = json_pack("{s:s, s:i}", "k", "v", "n", 1);
    creq_opts o = body_opts(b->kind, doc);
    creq_error err;
    creq_response *r = ck_call(c, t->method, t->path, &o, &err);
    json_decref(doc);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    ck_note_str(&g, j, b->path1, b->want1);
    ck_note_str(&g, j, b->path2, b->want2);
    ck_row_got(&g, check, expected);
    json_decref(j);
    creq_response_free(r);
}

/* Two files in one field: Python httpbin shows only the first
 * (postmanlabs/httpbin#682), httpbin-c the list. */
static void check_two_files(struct ck_ctx *c)
{
    static const creq_file two[] = {
        { .field = "f", .filename = "1.txt", .data = "one", .len = 3 },
        { .field = "f", .filename = "2.txt", .data = "two", .len = 3 },
        { 0 },
    };
    const char *check = "POST /post two files in one field", *expected = "200, files.f=[one,two]";
    if (!c->ours) {
        ck_row(CK_SKIP, check, expected, "httpbin-c only");
        return;
    }
    creq_error err;
    creq_response *r = ck_call(c, "POST", "/post", CREQ_OPTS(.files = two), &err);
    if (!r) {
        ck_row_error(check, expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    json_t *f = ck_get(j, "files.f");
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    const char *a = json_string_value(json_array_get(f, 0));
    const char *b = json_string_value(json_array_get(f, 1));
    ck_note(&g, json_array_size(f) == 2 && a && b && !strcmp(a, "one") && !strcmp(b, "two"),
            "files.f=[%s,%s]", a ? a : "?", b ? b : "?");
    ck_row_got(&g, check, expected);
    json_decref(j);
    creq_response_free(r);
}

/* ---- shapes of the one-piece endpoints ------------------------------------ */

static bool is_probe(const char *v)
{
    return !strcmp(v, "probe");
}

static bool is_libcreq_agent(const char *v)
{
    return !strcmp(v, "libcreq/" CREQ_VERSION);
}

static bool is_check_agent(const char *v)
{
    return !strcmp(v, "creq-check/" CREQ_VERSION);
}

/* One address, or a comma list of them (X-Forwarded-For). */
static bool is_address(const char *v)
{
    if (!*v)
        return false;
    for (; *v; v++)
        if (!isxdigit((unsigned char)*v) && !strchr(".:, ", *v))
            return false;
    return true;
}

static bool is_uuid4(const char *v)
{
    static const char form[] = "xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx";
    if (strlen(v) != sizeof(form) - 1)
        return false;
    for (size_t i = 0; form[i]; i++) {
        char f = form[i], ch = v[i];
        bool ok = f == 'x' ? isxdigit((unsigned char)ch) && !isupper((unsigned char)ch)
                : f == 'V' ? ch && strchr("89ab", ch)
                           : ch == f;
        if (!ok)
            return false;
    }
    return true;
}

struct shape_case {
    const char *path;
    const creq_kv *headers; /* sent with the request */
    const char *key;        /* the member checked */
    bool (*valid)(const char *value);
    const char *expected;
};

static const creq_kv probe_header[] = { { "X-Creq-Check", "probe" }, { 0 } };
static const creq_kv check_agent[] = { { "User-Agent", "creq-check/" CREQ_VERSION }, { 0 } };

static const struct shape_case shape_cases[] = {
    { "/headers", probe_header, "headers.X-Creq-Check", is_probe,
      "200, 1 member, headers.X-Creq-Check=probe" },
    { "/headers", NULL, "headers.User-Agent", is_libcreq_agent,
      "200, 1 member, headers.User-Agent=libcreq/" CREQ_VERSION },
    { "/ip", NULL, "origin", is_address, "200, 1 member, origin an address" },
    { "/user-agent", check_agent, "user-agent", is_check_agent,
      "200, 1 member, user-agent=creq-check/" CREQ_VERSION },
    { "/uuid", NULL, "uuid", is_uuid4, "200, 1 member, uuid a UUID4" },
};

static void check_shape(struct ck_ctx *c, const struct shape_case *s)
{
    char check[128];
    snprintf(check, sizeof(check), "GET %s %s", s->path, s->key);
    creq_error err;
    creq_response *r = ck_call(c, "GET", s->path, CREQ_OPTS(.headers = s->headers), &err);
    if (!r) {
        ck_row_error(check, s->expected, &err);
        return;
    }
    json_t *j = ck_json(r);
    struct ck_got g = { 0 };
    ck_note_status(&g, r, 200);
    size_t members = json_object_size(j);
    ck_note(&g, members == 1, "%zu member%s", members, members == 1 ? "" : "s");
    const char *v = ck_str(j, s->key);
    ck_note(&g, v && s->valid(v), "%s=%s", s->key, v ? v : "(missing)");
    ck_row_got(&g, check, s->expected);
    json_decref(j);
    creq_response_free(r);
}

void ck_echo(struct ck_ctx *c)
{
    for (size_t i = 0; i < sizeof(method_cases) / sizeof(method_cases[0]); i++) {
        check_method(c, method_cases[i].method, method_cases[i].path);
        for (size_t k = 0; k < sizeof(any_paths) / sizeof(any_paths[0]); k++)
            check_method(c, method_cases[i].method, any_paths[k]);
    }
    check_keepalive(c);
    for (size_t i = 0; i < sizeof(verb_cases) / sizeof(verb_cases[0]); i++)
        check_verb(c, &verb_cases[i]);
    for (size_t b = 0; b < sizeof(body_cases) / sizeof(body_cases[0]); b++)
        for (size_t t = 0; t < sizeof(body_targets) / sizeof(body_targets[0]); t++)
            check_body(c, &body_targets[t], &body_cases[b]);
    check_two_files(c);
    for (size_t i = 0; i < sizeof(shape_cases) / sizeof(shape_cases[0]); i++)
        check_shape(c, &shape_cases[i]);
}
