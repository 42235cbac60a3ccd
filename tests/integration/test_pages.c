/* SPDX-License-Identifier: MIT */
/* The fixed documents and images (routes/pages.c, images.c), /image's Accept
 * negotiation, and the index page and /spec.json made from the route table. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildconf.h" /* PACKAGE_VERSION */
#include "harness.h"
#include "routes/route.h"
#include "routes/table.h"

#define HTML_UTF8 "text/html; charset=utf-8"
#define PNG_MAGIC "\x89PNG\r\n\x1a\n"
/* libcurl sends an Accept header of its own unless "Accept:" drops it. */
#define NO_ACCEPT "Accept:"

static const char not_acceptable[] =
    "{\"message\": \"Client did not request a supported media type.\", \"accept\": "
    "[\"image/webp\", \"image/svg+xml\", \"image/jpeg\", \"image/png\", \"image/*\"]}";

static const char sample_json[] =
    "{\"slideshow\":{\"author\":\"Yours Truly\",\"date\":\"date of publication\","
    "\"slides\":[{\"title\":\"Wake up to WonderWidgets!\",\"type\":\"all\"},"
    "{\"items\":[\"Why <em>WonderWidgets</em> are great\",\"Who <em>buys</em> "
    "WonderWidgets\"],\"title\":\"Overview\",\"type\":\"all\"}],"
    "\"title\":\"Sample Slide Show\"}}\n";

struct file_case {
    const char *name, *method, *path;
    const char *header;   /* one request header, or NULL */
    long status;
    const char *type;     /* exact Content-Type */
    long len;             /* exact Content-Length; -1 not to check */
    const char *magic;    /* the body starts with these bytes (NULL: no check) */
    size_t magic_len;
    const char *contains; /* and holds this text (NULL: no check) */
};

#define M(s) s, sizeof(s) - 1

/* Lengths are those of Python httpbin's answers, measured on loopback. */
static const struct file_case files[] = {
    { "html", "GET", "/html", NULL, 200, HTML_UTF8, 3741, M("<!DOCTYPE html>"),
      "Herman Melville - Moby-Dick" },
    { "xml", "GET", "/xml", NULL, 200, "application/xml", 522,
      M("<?xml version='1.0' encoding='us-ascii'?>"), "</slideshow>" },
    { "json", "GET", "/json", NULL, 200, "application/json", sizeof(sample_json) - 1,
      M(sample_json), NULL },
    { "robots", "GET", "/robots.txt", NULL, 200, "text/plain", 30,
      M("User-agent: *\nDisallow: /deny\n"), NULL },
    { "deny", "GET", "/deny", NULL, 200, "text/plain", 239, M("\n          .-''''''-."),
      "YOU SHOULDN'T BE HERE\n" },
    { "utf8", "GET", "/encoding/utf8", NULL, 200, HTML_UTF8, 2116, M("UTF-8 sample text"),
      "\xf0\x9f\x98\x80" },
    { "form", "GET", "/forms/post", NULL, 200, HTML_UTF8, 315, M("<!DOCTYPE html>"),
      "<form method=\"post\" action=\"/post\">" },
    { "png", "GET", "/image/png", NULL, 200, "image/png", 8090, M(PNG_MAGIC), NULL },
    { "jpeg", "GET", "/image/jpeg", NULL, 200, "image/jpeg", 35588, M("\xff\xd8\xff\xe0"), NULL },
    { "webp", "GET", "/image/webp", NULL, 200, "image/webp", 10568, M("RIFF"), "WEBPVP8" },
    { "svg", "GET", "/image/svg", NULL, 200, "image/svg+xml", 8984, M("<svg "), "</svg>" },
    { "index", "GET", "/", NULL, 200, HTML_UTF8, -1, M("<!DOCTYPE html>"), "</html>\n" },
    { "spec", "GET", "/spec.json", NULL, 200, "application/json", -1, M("{"), "\"3.0.3\"" },
    /* The route matched the decoded path, so must the handler. */
    { "encoded png", "GET", "/image/%70ng", NULL, 200, "image/png", 8090, M(PNG_MAGIC), NULL },
    { "encoded slash", "GET", "/image%2Fsvg", NULL, 200, "image/svg+xml", 8984, M("<svg "), NULL },
    { "doubled slash", "GET", "//image/jpeg", NULL, 200, "image/jpeg", 35588, M("\xff\xd8"), NULL },
    { "query ignored", "GET", "/image/webp?x=1&y", NULL, 200, "image/webp", 10568, M("RIFF"), NULL },
    { "files ignore Accept", "GET", "/image/png", "Accept: text/plain", 200, "image/png", 8090,
      M(PNG_MAGIC), NULL },
    { "index ignores a query", "GET", "/?x=%3Cb%3E", NULL, 200, HTML_UTF8, -1, M("<!DOCTYPE html>"),
      NULL },
    /* HEAD: the GET answer's headers, no body (the dispatcher's work). */
    { "head png", "HEAD", "/image/png", NULL, 200, "image/png", 8090, NULL, 0, NULL },
    { "head image", "HEAD", "/image", "Accept: image/jpeg", 200, "image/jpeg", 35588, NULL, 0, NULL },
    { "head image 406", "HEAD", "/image", "Accept: text/html", 406, "application/json",
      sizeof(not_acceptable) - 1, NULL, 0, NULL },
    { "head html", "HEAD", "/html", NULL, 200, HTML_UTF8, 3741, NULL, 0, NULL },
    { "head index", "HEAD", "/", NULL, 200, HTML_UTF8, -1, NULL, 0, NULL },
    { "head spec", "HEAD", "/spec.json", NULL, 200, "application/json", -1, NULL, 0, NULL },
    /* Bad input: unknown types and methods the rows do not take. */
    { "unknown image type", "GET", "/image/gif", NULL, 404, "application/json", -1, NULL, 0, NULL },
    { "image with a slash", "GET", "/image/png/", NULL, 404, "application/json", -1, NULL, 0, NULL },
    { "image case", "GET", "/image/PNG", NULL, 404, "application/json", -1, NULL, 0, NULL },
    { "post image", "POST", "/image", NULL, 405, "application/json", -1, NULL, 0, NULL },
    { "put png", "PUT", "/image/png", NULL, 405, "application/json", -1, NULL, 0, NULL },
    { "delete spec", "DELETE", "/spec.json", NULL, 405, "application/json", -1, NULL, 0, NULL },
    { "post index", "POST", "/", NULL, 405, "application/json", -1, NULL, 0, NULL },
    { "html subpath", "GET", "/html/x", NULL, 404, "application/json", -1, NULL, 0, NULL },
};

static long content_length(const struct http_reply *r)
{
    char *v = http_reply_header(r, "Content-Length");
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

START_TEST(test_files_answer_with_type_length_and_bytes)
{
    const struct file_case *c = &files[_i];
    const char *hdrs[] = { c->header, NULL };
    struct http_reply r = http_request(c->method, c->path, c->header ? hdrs : NULL, NULL, 0);
    ck_assert_msg(r.status == c->status, "%s: status %ld, want %ld (%s)", c->name, r.status,
                  c->status, r.error);
    char *type = http_reply_header(&r, "Content-Type");
    ck_assert_msg(type && !strcmp(type, c->type), "%s: Content-Type '%s', want '%s'", c->name,
                  type ? type : "(none)", c->type);
    free(type);
    long len = content_length(&r);
    if (c->len >= 0)
        ck_assert_msg(len == c->len, "%s: Content-Length %ld, want %ld", c->name, len, c->len);
    if (!strcmp(c->method, "HEAD")) {
        ck_assert_msg(r.len == 0, "%s: HEAD sent %zu body bytes", c->name, r.len);
        ck_assert_msg(len > 0, "%s: HEAD without Content-Length", c->name);
    } else {
        ck_assert_msg(len < 0 || (size_t)len == r.len, "%s: %zu bytes, header says %ld",
                      c->name, r.len, len);
    }
    if (c->magic)
        ck_assert_msg(r.len >= c->magic_len && !memcmp(r.body, c->magic, c->magic_len),
                      "%s: body does not start as it should: %.40s", c->name, r.body);
    if (c->contains)
        ck_assert_msg(memmem(r.body, r.len, c->contains, strlen(c->contains)) != NULL,
                      "%s: body lacks '%s'", c->name, c->contains);
    if (c->status >= 400 && strcmp(c->method, "HEAD")) {
        json_t *j = http_reply_json(&r);
        ck_assert_msg(json_integer_value(json_object_get(j, "status_code")) == c->status,
                      "%s: not a JSON error: %s", c->name, r.body);
        json_decref(j);
    }
    http_reply_cleanup(&r);
}
END_TEST

/* --- /image: httpbin's substring tests, in its order ---------------------- */

struct accept_case {
    const char *accept; /* the whole header line */
    const char *type;   /* the image type served, NULL for 406 */
};

static const struct accept_case accepts[] = {
    { NO_ACCEPT, "image/png" },
    { "Accept: image/webp", "image/webp" },
    { "Accept: image/svg+xml", "image/svg+xml" },
    { "Accept: image/jpeg", "image/jpeg" },
    { "Accept: image/png", "image/png" },
    { "Accept: image/*", "image/png" },
    { "Accept: IMAGE/WEBP", "image/webp" },
    { "Accept: image/png, image/webp", "image/webp" },
    { "Accept: image/jpeg;q=0.1, image/svg+xml;q=0.01", "image/svg+xml" },
    { "Accept: text/html,image/*;q=0.1", "image/png" },
    { "Accept: image/pngx", "image/png" },
    { "Accept: application/image/webpage", "image/webp" },
    { "Accept: */*", NULL },
    { "Accept;", NULL }, /* present but empty */
    { "Accept: image/gif", NULL },
    { "Accept: text/html", NULL },
    { "Accept: image", NULL },
    { "Accept: image/", NULL },
    { "Accept: image/ png", NULL },
    { "Accept: \xc3\xa9image/\xff", NULL },
};

START_TEST(test_image_negotiates_on_accept)
{
    const struct accept_case *c = &accepts[_i];
    const char *hdrs[] = { c->accept, NULL };
    struct http_reply r = http_request("GET", "/image", hdrs, NULL, 0);
    char *type = http_reply_header(&r, "Content-Type");
    if (c->type) {
        ck_assert_msg(r.status == 200, "'%s': status %ld", c->accept, r.status);
        ck_assert_msg(type && !strcmp(type, c->type), "'%s': got %s, want %s", c->accept,
                      type ? type : "(none)", c->type);
    } else {
        ck_assert_msg(r.status == 406, "'%s': status %ld, want 406", c->accept, r.status);
        ck_assert_msg(type && !strcmp(type, "application/json"), "'%s': type %s", c->accept,
                      type ? type : "(none)");
        ck_assert_msg(r.len == sizeof(not_acceptable) - 1 &&
                          !memcmp(r.body, not_acceptable, r.len),
                      "'%s': 406 body %s", c->accept, r.body);
    }
    free(type);
    http_reply_cleanup(&r);
}
END_TEST

/* The negotiated image is the very file /image/<type> serves. */
START_TEST(test_image_serves_the_same_bytes_as_the_file_route)
{
    static const char *const pairs[][2] = {
        { "Accept: image/webp", "/image/webp" }, { "Accept: image/svg+xml", "/image/svg" },
        { "Accept: image/jpeg", "/image/jpeg" }, { NO_ACCEPT, "/image/png" },
    };
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        const char *hdrs[] = { pairs[i][0], NULL };
        struct http_reply a = http_request("GET", "/image", hdrs, NULL, 0);
        struct http_reply b = http_get(pairs[i][1]);
        ck_assert_msg(a.status == 200 && b.status == 200 && a.len == b.len && a.len > 0 &&
                          !memcmp(a.body, b.body, a.len),
                      "%s differs from %s", pairs[i][0], pairs[i][1]);
        http_reply_cleanup(&a);
        http_reply_cleanup(&b);
    }
}
END_TEST

START_TEST(test_image_survives_a_huge_accept_header)
{
    size_t n = 6000;
    char *line = malloc(n + 64);
    strcpy(line, "Accept: ");
    memset(line + 8, 'x', n);
    strcpy(line + 8 + n, ",image/svg+xml");
    const char *hdrs[] = { line, NULL };
    struct http_reply r = http_request("GET", "/image", hdrs, NULL, 0);
    char *type = http_reply_header(&r, "Content-Type");
    ck_assert_msg(r.status == 200 && type && !strcmp(type, "image/svg+xml"), "status %ld %s",
                  r.status, type ? type : "(none)");
    free(type);
    free(line);
    http_reply_cleanup(&r);
}
END_TEST

/* --- The index page -------------------------------------------------------- */

static char *escaped(const char *s)
{
    char *out = malloc(strlen(s) * 6 + 1), *o = out;
    for (; *s; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
        if (rep)
            o += sprintf(o, "%s", rep);
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* A summary as the page shows it: escaped, `code` in <code>. */
static char *summary_html(const char *s)
{
    char *text = escaped(s);
    char *out = malloc(strlen(text) * 8 + 8), *o = out;
    int code = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '`') {
            o += sprintf(o, code ? "</code>" : "<code>");
            code = !code;
        } else {
            *o++ = *p;
        }
    }
    if (code)
        o += sprintf(o, "</code>");
    *o = '\0';
    free(text);
    return out;
}

/* Rows the pages list: all but the merge-slashes one. */
static size_t listed_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < hb_route_count; i++)
        n += !(hb_routes[i].flags & HB_MERGE_SLASHES);
    return n;
}

/* The badges the page shows: the Allow list less OPTIONS, or "any method". */
static void expected_badges(unsigned methods, char *out, size_t size)
{
    if (methods & HB_OTHER) {
        snprintf(out, size, "<span class=\"m\">any method</span>");
        return;
    }
    char list[128], *save = NULL;
    size_t used = 0;
    hb_method_list(methods, list, sizeof(list));
    out[0] = '\0';
    for (char *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
        if (strcmp(t, "OPTIONS"))
            used += (size_t)snprintf(out + used, size - used, "<span class=\"m\">%s</span>", t);
}

START_TEST(test_index_lists_every_route_with_methods_summary_and_link)
{
    struct http_reply r = http_get("/");
    ck_assert_int_eq(r.status, 200);
    for (size_t i = 0; i < hb_route_count; i++) {
        const struct hb_route *rt = &hb_routes[i];
        if (rt->flags & HB_MERGE_SLASHES)
            continue; /* not an endpoint of its own */
        char *pat = escaped(rt->pattern), *sum = summary_html(rt->doc->summary);
        char cell_text[512], badges[512];
        /* The path cell: linked for GET routes without parameters. */
        bool linked = (rt->methods & HB_GET) && !strchr(rt->pattern, '{');
        if (linked)
            snprintf(cell_text, sizeof(cell_text), "<td><a href=\"%s\"><code>%s</code></a></td>",
                     rt->pattern[1] ? pat + 1 : "./", pat);
        else
            snprintf(cell_text, sizeof(cell_text), "<td><code>%s</code></td>", pat);
        const char *cell = strstr(r.body, cell_text);
        ck_assert_msg(cell != NULL, "%s is not on the index page as %s", rt->pattern, cell_text);
        const char *row = cell;
        while (row > r.body && strncmp(row, "<tr>", 4))
            row--;
        const char *end = strstr(cell, "</tr>");
        ck_assert_msg(end != NULL, "%s: row not closed", rt->pattern);
        size_t row_len = (size_t)(end - row);
        expected_badges(rt->methods, badges, sizeof(badges));
        ck_assert_msg(memmem(row, row_len, badges, strlen(badges)) != NULL,
                      "%s: methods %s not in row %.*s", rt->pattern, badges, (int)row_len, row);
        ck_assert_msg(memmem(row, row_len, sum, strlen(sum)) != NULL,
                      "%s: summary missing from its row", rt->pattern);
        free(pat);
        free(sum);
    }
    http_reply_cleanup(&r);
}
END_TEST

START_TEST(test_index_is_self_contained_and_stable)
{
    struct http_reply a = http_get("/"), b = http_get("/");
    ck_assert_msg(a.len > 1000 && a.len == b.len && !memcmp(a.body, b.body, a.len),
                  "index differs between requests");
    /* No scripts, stylesheets or images fetched from elsewhere. */
    ck_assert_ptr_null(strstr(a.body, "<script"));
    ck_assert_ptr_null(strstr(a.body, "<link"));
    ck_assert_ptr_null(strstr(a.body, "<img"));
    ck_assert_ptr_null(strstr(a.body, "src="));
    ck_assert_ptr_nonnull(strstr(a.body, "<meta charset=\"utf-8\">"));
    ck_assert_ptr_nonnull(strstr(a.body, PACKAGE_VERSION));
    /* Every tag the page opens in a row is closed: rows pair up. */
    size_t open = 0, close = 0;
    for (const char *p = a.body; (p = strstr(p, "<tr>")); p++)
        open++;
    for (const char *p = a.body; (p = strstr(p, "</tr>")); p++)
        close++;
    ck_assert_uint_eq(open, close);
    ck_assert_uint_eq(open, listed_count());
    http_reply_cleanup(&a);
    http_reply_cleanup(&b);
}
END_TEST

/* --- /spec.json ------------------------------------------------------------ */

static json_t *get_spec(void)
{
    struct http_reply r = http_get("/spec.json");
    ck_assert_int_eq(r.status, 200);
    json_error_t err;
    json_t *spec = json_loadb(r.body, r.len, 0, &err);
    ck_assert_msg(spec != NULL, "spec.json is not JSON: %s (line %d)", err.text, err.line);
    http_reply_cleanup(&r);
    return spec;
}

/* "/anything/{*}" -> "/anything/{path}", as the spec names it. */
static void spec_path(const char *pattern, char *out, size_t size)
{
    const char *star = strstr(pattern, "{*}");
    if (star)
        snprintf(out, size, "%.*s{path}%s", (int)(star - pattern), pattern, star + 3);
    else
        snprintf(out, size, "%s", pattern);
}

static const struct { unsigned bit; const char *key; } spec_ops[] = {
    { HB_GET, "get" },         { HB_PUT, "put" },         { HB_POST, "post" },
    { HB_DELETE, "delete" },   { HB_OPTIONS, "options" }, { HB_HEAD, "head" },
    { HB_PATCH, "patch" },     { HB_TRACE, "trace" },
};

START_TEST(test_spec_is_openapi_303_with_info)
{
    json_t *spec = get_spec();
    ck_assert_str_eq(json_string_value(json_object_get(spec, "openapi")), "3.0.3");
    json_t *info = json_object_get(spec, "info");
    ck_assert_str_eq(json_string_value(json_object_get(info, "title")), "httpbin-c");
    ck_assert_str_eq(json_string_value(json_object_get(info, "version")), PACKAGE_VERSION);
    ck_assert(json_is_object(json_object_get(spec, "paths")));
    ck_assert_uint_eq(json_object_size(json_object_get(spec, "paths")), listed_count());
    json_decref(spec);
}
END_TEST

START_TEST(test_spec_has_every_route_with_its_methods_and_params)
{
    json_t *spec = get_spec(), *paths = json_object_get(spec, "paths");
    json_t *ids = json_object();
    for (size_t i = 0; i < hb_route_count; i++) {
        const struct hb_route *rt = &hb_routes[i];
        if (rt->flags & HB_MERGE_SLASHES)
            continue; /* not an endpoint of its own */
        char path[256];
        spec_path(rt->pattern, path, sizeof(path));
        json_t *item = json_object_get(paths, path);
        ck_assert_msg(json_is_object(item), "%s missing from spec paths", path);
        unsigned want = rt->methods;
        if (want & HB_GET)
            want &= ~(unsigned)HB_HEAD;
        size_t n_ops = 0;
        for (size_t k = 0; k < sizeof(spec_ops) / sizeof(spec_ops[0]); k++) {
            json_t *op = json_object_get(item, spec_ops[k].key);
            ck_assert_msg(!op == !(want & spec_ops[k].bit), "%s: %s %s", path,
                          spec_ops[k].key, op ? "unexpected" : "missing");
            if (!op)
                continue;
            n_ops++;
            ck_assert_str_eq(json_string_value(json_object_get(op, "summary")), rt->doc->summary);
            ck_assert(json_is_object(
                json_object_get(json_object_get(op, "responses"), "200")));
            const char *id = json_string_value(json_object_get(op, "operationId"));
            ck_assert_msg(id && !json_object_get(ids, id), "%s %s: operationId %s not unique",
                          spec_ops[k].key, path, id ? id : "(none)");
            json_object_set_new(ids, id, json_true());
        }
        ck_assert_msg(n_ops > 0, "%s has no operation", path);
        /* One required string path parameter per {name} in the path. */
        size_t n_params = 0;
        for (const char *p = path; (p = strchr(p, '{')); p++)
            n_params++;
        json_t *params = json_object_get(item, "parameters");
        ck_assert_uint_eq(json_array_size(params), n_params);
        size_t idx;
        json_t *param;
        json_array_foreach(params, idx, param) {
            char brace[80];
            snprintf(brace, sizeof(brace), "{%s}",
                     json_string_value(json_object_get(param, "name")));
            ck_assert_msg(strstr(path, brace) != NULL, "%s: parameter %s not in path", path,
                          brace);
            ck_assert_str_eq(json_string_value(json_object_get(param, "in")), "path");
            ck_assert(json_is_true(json_object_get(param, "required")));
            ck_assert_str_eq(json_string_value(json_object_get(
                                 json_object_get(param, "schema"), "type")),
                             "string");
        }
    }
    json_decref(ids);
    json_decref(spec);
}
END_TEST

START_TEST(test_spec_is_ascii_and_ends_with_a_newline)
{
    struct http_reply r = http_get("/spec.json");
    ck_assert_uint_gt(r.len, 2);
    ck_assert_int_eq(r.body[r.len - 1], '\n');
    for (size_t i = 0; i < r.len; i++)
        ck_assert_msg((unsigned char)r.body[i] < 0x80, "byte %zu is not ASCII", i);
    http_reply_cleanup(&r);
}
END_TEST

/* --- Built once, under concurrent first requests ----------------------------- */

#define N_THREADS 8

struct fetch {
    const char *path;
    struct http_reply reply;
};

static void *fetch_thread(void *arg)
{
    struct fetch *f = arg;
    f->reply = http_get(f->path);
    return NULL;
}

/* A fresh server gets its first / and /spec.json requests all at once: every
 * answer must be the same complete document. */
START_TEST(test_generated_pages_are_built_once_under_concurrency)
{
    struct fetch f[N_THREADS];
    pthread_t t[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        f[i].path = i % 2 ? "/spec.json" : "/";
        ck_assert_int_eq(pthread_create(&t[i], NULL, fetch_thread, &f[i]), 0);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < N_THREADS; i++) {
        const struct http_reply *a = &f[i].reply, *b = &f[i % 2].reply;
        ck_assert_msg(a->status == 200, "%s: %ld", f[i].path, a->status);
        ck_assert_msg(a->len == b->len && !memcmp(a->body, b->body, a->len),
                      "%s differs between concurrent requests", f[i].path);
    }
    for (int i = 0; i < N_THREADS; i++)
        http_reply_cleanup(&f[i].reply);
}
END_TEST

static Suite *pages_suite(void)
{
    Suite *s = suite_create("pages");

    /* First, on a fresh server: nothing has built the pages yet. */
    TCase *once = tcase_create("once");
    tcase_add_unchecked_fixture(once, harness_start, harness_stop);
    tcase_set_timeout(once, 120);
    tcase_add_test(once, test_generated_pages_are_built_once_under_concurrency);
    suite_add_tcase(s, once);

    TCase *tc = tcase_create("files");
    tcase_add_unchecked_fixture(tc, harness_start, harness_stop);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_files_answer_with_type_length_and_bytes, 0,
                        sizeof(files) / sizeof(files[0]));
    tcase_add_loop_test(tc, test_image_negotiates_on_accept, 0,
                        sizeof(accepts) / sizeof(accepts[0]));
    tcase_add_test(tc, test_image_serves_the_same_bytes_as_the_file_route);
    tcase_add_test(tc, test_image_survives_a_huge_accept_header);
    tcase_add_test(tc, test_index_lists_every_route_with_methods_summary_and_link);
    tcase_add_test(tc, test_index_is_self_contained_and_stable);
    tcase_add_test(tc, test_spec_is_openapi_303_with_info);
    tcase_add_test(tc, test_spec_has_every_route_with_its_methods_and_params);
    tcase_add_test(tc, test_spec_is_ascii_and_ends_with_a_newline);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pages_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
