/* SPDX-License-Identifier: MIT */
/* The index page, generated once from the route table, and httpbin's fixed
 * documents (/html, /xml, /json, /robots.txt, /deny, /encoding/utf8,
 * /forms/post), embedded from static/ as Python httpbin serves them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildconf.h" /* PACKAGE_VERSION */
#include "route.h"
#include "static_files.h"

#define HTML_UTF8 "text/html; charset=utf-8"

static int reply_asset(struct hb_response *res, const char *name, const char *type)
{
    const struct hb_asset *a = hb_static_file(name);
    if (!a)
        return hb_reply_error(res, 500, "%s is missing from the build", name);
    return hb_reply_bytes(res, 200, type, a->data, a->len);
}

int handle_html(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "moby.html", HTML_UTF8);
}

int handle_xml(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "sample.xml", "application/xml");
}

/* Later httpbin releases' sample, as their Flask jsonify writes it. */
int handle_json(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "sample.json", "application/json");
}

int handle_forms_post(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "forms-post.html", HTML_UTF8);
}

/* httpbin renders the file as a template, so it goes out as text/html. */
int handle_encoding_utf8(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "utf8-sample.txt", HTML_UTF8);
}

int handle_robots_txt(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "robots.txt", "text/plain");
}

int handle_deny(struct hb_request *req, struct hb_response *res)
{
    (void)req;
    return reply_asset(res, "deny.txt", "text/plain");
}

/* --- The index page ----------------------------------------------------- */

/* The rows the page lists: the table the server was started with. */
struct table {
    const struct hb_route *rows;
    size_t count;
};

/* Whether row i is listed under section s (the merge-slashes row is no
 * endpoint of its own). */
static bool listed_in(const struct table *t, size_t i, size_t s)
{
    const struct hb_route *r = &t->rows[i];
    return !(r->flags & HB_MERGE_SLASHES) && (size_t)r->doc->section == s;
}

/* s[0..n), escaped for HTML text and attribute values. */
static void put_escaped_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void put_escaped(FILE *f, const char *s)
{
    put_escaped_n(f, s, strlen(s));
}

/* A summary: text between `backquotes` in <code>. */
static void put_summary(FILE *f, const char *s)
{
    bool code = false;
    for (const char *tick; (tick = strchr(s, '`')); s = tick + 1) {
        put_escaped_n(f, s, (size_t)(tick - s));
        fputs(code ? "</code>" : "<code>", f);
        code = !code;
    }
    put_escaped(f, s);
    if (code)
        fputs("</code>", f);
}

/* One badge per method, as the Allow header lists them, less OPTIONS: every
 * path answers that (CORS preflight), which the intro says once. */
static void put_methods(FILE *f, unsigned methods)
{
    if (methods & HB_OTHER) {
        fputs("<span class=\"m\">any method</span>", f);
        return;
    }
    char list[128];
    hb_method_list(methods, list, sizeof(list));
    char *save = NULL;
    for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
        if (strcmp(tok, "OPTIONS"))
            fprintf(f, "<span class=\"m\">%s</span>", tok);
}

static void put_route(FILE *f, const struct hb_route *r)
{
    fputs("<tr><td>", f);
    put_methods(f, r->methods);
    fputs("</td><td>", f);
    /* Relative links keep working behind a proxy that mounts us under a prefix. */
    bool link = (r->methods & HB_GET) && !strchr(r->pattern, '{');
    if (link) {
        fputs("<a href=\"", f);
        put_escaped(f, r->pattern[1] ? r->pattern + 1 : "./");
        fputs("\">", f);
    }
    fputs("<code>", f);
    put_escaped(f, r->pattern);
    fputs("</code>", f);
    if (link)
        fputs("</a>", f);
    fputs("</td><td>", f);
    put_summary(f, r->doc->summary);
    fputs("</td></tr>\n", f);
}

static const char page_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>httpbin-c: HTTP request and response service</title>\n"
    "<style>\n"
    "body{font:16px/1.5 system-ui,sans-serif;max-width:62rem;margin:0 auto;padding:1rem;"
    "color:#222;background:#fff}\n"
    "h1{margin-bottom:0}h2{margin-top:2rem;border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "td{padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}\n"
    "td:first-child{width:11rem}td:nth-child(2){white-space:nowrap}\n"
    ".m{display:inline-block;font:bold 11px/1.6 monospace;padding:0 .3rem;margin:1px;"
    "border-radius:3px;background:#e8eef7;color:#124}\n"
    "code{font-size:95%}a{color:#0550ae}nav a{margin-right:.8rem}\n"
    "@media (prefers-color-scheme:dark){body{color:#ddd;background:#161616}"
    "td{border-color:#333}.m{background:#223;color:#cde}a{color:#7ab7ff}}\n"
    "</style>\n</head>\n<body>\n";

static void put_intro(FILE *f, const struct table *t)
{
    fputs(page_head, f);
    fputs("<h1>httpbin-c</h1>\n"
          "<p>An HTTP request and response service in C, answering as "
          "<a href=\"https://github.com/psf/httpbin\">httpbin</a> does: most endpoints "
          "echo your request back as JSON, others answer with a status code, a redirect, "
          "a cookie, an auth challenge or a body of your choice. Try "
          "<a href=\"get?hello=world\"><code>/get?hello=world</code></a>.</p>\n"
          "<p>Every path also answers <code>OPTIONS</code> (CORS preflight), and every "
          "<code>GET</code> route <code>HEAD</code>. Parts in <code>{braces}</code> take a "
          "value; <code>{*}</code> takes the rest of the path. The same list as OpenAPI 3: "
          "<a href=\"spec.json\"><code>/spec.json</code></a>.</p>\n<nav>",
          f);
    for (size_t s = 0; s < HB_SECTION_COUNT; s++) {
        for (size_t i = 0; i < t->count; i++) {
            if (listed_in(t, i, s)) {
                fprintf(f, "<a href=\"#s%zu\">%s</a>", s, hb_section_titles[s]);
                break;
            }
        }
    }
    fputs("</nav>\n", f);
}

static void put_sections(FILE *f, const struct table *t)
{
    for (size_t s = 0; s < HB_SECTION_COUNT; s++) {
        bool open = false;
        for (size_t i = 0; i < t->count; i++) {
            if (!listed_in(t, i, s))
                continue;
            if (!open)
                fprintf(f, "<h2 id=\"s%zu\">%s</h2>\n<table>\n", s, hb_section_titles[s]);
            open = true;
            put_route(f, &t->rows[i]);
        }
        if (open)
            fputs("</table>\n", f);
    }
}

/* Made for each request (a few dozen microseconds): the page lists the
 * table of the server that answers, and no process-wide cache is shared by
 * servers started in one process. */
int handle_index(struct hb_request *req, struct hb_response *res)
{
    struct table t;
    t.rows = hb_request_routes(req, &t.count);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return hb_reply_error(res, 500, "out of memory building the index page");
    put_intro(f, &t);
    put_sections(f, &t);
    fputs("<footer><p><small>httpbin-c " PACKAGE_VERSION "</small></p></footer>\n"
          "</body>\n</html>\n",
          f);
    int failed = ferror(f);
    failed |= fclose(f);
    char *page = failed ? NULL : hb_memdup(req, buf, len);
    free(buf);
    if (!page)
        return hb_reply_error(res, 500, "out of memory building the index page");
    /* Python serves a Swagger UI here; ours is a plain page made from the table. */
    return hb_reply_bytes(res, 200, HTML_UTF8, page, len);
}
