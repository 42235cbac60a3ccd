/* SPDX-License-Identifier: MIT */
/* creq(1): requests and responses printed as HTTPie prints them: the head
 * with CRLF line ends, a blank line, the body; JSON re-indented like
 * Python's json.dumps(indent=4) and coloured on a terminal. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creq_output.h"
#include "creq_report.h"
#include "lib/pyjson.h"

/* The 16 ANSI colours every terminal has. */
#define C_RESET "\033[0m"
#define C_PROTO "\033[34m"     /* HTTP/1.1, HTTP/2 */
#define C_METHOD "\033[1;32m"
#define C_PATH "\033[36m"
#define C_INFO "\033[1;36m"    /* 1xx */
#define C_OK "\033[1;32m"      /* 2xx */
#define C_REDIRECT "\033[1;33m" /* 3xx */
#define C_FAIL "\033[1;31m"    /* 4xx and 5xx */
#define C_NAME "\033[36m"      /* header names */
#define C_KEY "\033[1;34m"     /* JSON object keys */
#define C_STRING "\033[33m"
#define C_NUMBER "\033[35m"
#define C_LITERAL "\033[36m"   /* true, false, null */

/* HTTPie's words, with its leading newline. */
static const char binary_notice[] = "\n"
                                    "+-----------------------------------------+\n"
                                    "| NOTE: binary data not shown in terminal |\n"
                                    "+-----------------------------------------+";

struct header {
    const char *name, *value;
};

/* Whether the previous message printed a body: HTTPie separates messages
 * with a blank line pair after one, when not on a terminal. */
struct emit_state {
    bool prev_body;
};

static void paint(const struct out_opts *o, const char *color, const char *s, size_t n)
{
    if (o->color)
        fputs(color, stdout);
    fwrite(s, 1, n, stdout);
    if (o->color)
        fputs(C_RESET, stdout);
}

static void paint_str(const struct out_opts *o, const char *color, const char *s)
{
    paint(o, color, s, strlen(s));
}

/* Colours JSON text token by token: a string followed by ':' is a key. */
static void print_json_colored(const struct out_opts *o, const char *s, size_t n)
{
    size_t i = 0, j;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            for (j = i + 1; j < n && s[j] != '"'; j++)
                if (s[j] == '\\' && j + 1 < n)
                    j++;
            j = j < n ? j + 1 : n;
            size_t k = j;
            while (k < n && strchr(" \t\r\n", s[k]))
                k++;
            paint(o, k < n && s[k] == ':' ? C_KEY : C_STRING, s + i, j - i);
        } else if (c == '-' || isdigit(c)) {
            for (j = i; j < n && (isdigit((unsigned char)s[j]) || strchr("+-.eE", s[j])); j++)
                ;
            paint(o, C_NUMBER, s + i, j - i);
        } else if (isalpha(c)) {
            for (j = i; j < n && isalpha((unsigned char)s[j]); j++)
                ;
            paint(o, C_LITERAL, s + i, j - i);
        } else {
            j = i + 1;
            fputc(c, stdout);
        }
        i = j;
    }
}

/* ---- bodies -------------------------------------------------------------- */

/* HTTPie tries JSON on these types (and on every body with --json). */
static bool maybe_json(const struct out_opts *o, const char *content_type)
{
    if (o->explicit_json)
        return true;
    if (!content_type)
        return false;
    static const char *const tokens[] = { "json", "javascript", "text" };
    for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
        if (strcasestr(content_type, tokens[i]))
            return true;
    return false;
}

/* raw: the bytes received or sent; text: the same decoded to UTF-8, or
 * NULL when only the bytes are known. */
static void print_body(const struct out_opts *o, const char *raw, size_t raw_len,
                       const char *text, const char *content_type, bool with_head)
{
    if (!raw || !raw_len)
        return;
    /* Redirected and not prettified: the bytes as they came, as HTTPie. */
    if (!o->tty && !o->format) {
        fwrite(raw, 1, raw_len, stdout);
        return;
    }
    if (memchr(raw, '\0', raw_len)) {
        if (with_head)
            fputc('\n', stdout);
        fputs(binary_notice, stdout);
        return;
    }
    size_t len = text ? strlen(text) : raw_len;
    if (!text)
        text = raw;
    json_t *v = NULL;
    if ((o->format || o->color) && maybe_json(o, content_type))
        v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!v) {
        fwrite(text, 1, len, stdout);
        return;
    }
    /* Re-indented as Python's json.dumps(indent=4, ensure_ascii=False) does;
     * the text as it came when that fails (out of memory). */
    char *pretty = NULL;
    size_t pretty_len = 0, cap = 0;
    unsigned flags = HB_PYJSON_INDENT4 | HB_PYJSON_SPACED | HB_PYJSON_UNICODE |
                     (o->sort ? 0 : HB_PYJSON_INSERTION_ORDER);
    if (o->format && !hb_pyjson_append_flags(v, &pretty, &pretty_len, &cap, flags)) {
        text = pretty;
        len = pretty_len;
    }
    if (o->color)
        print_json_colored(o, text, len);
    else
        fwrite(text, 1, len, stdout);
    free(pretty);
    json_decref(v);
}

/* ---- heads --------------------------------------------------------------- */

/* HTTPie sorts by name, case-sensitively and stably (Python's sorted). */
static void sort_headers(struct header *h, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct header cur = h[i];
        size_t j = i;
        for (; j > 0 && strcmp(h[j - 1].name, cur.name) > 0; j--)
            h[j] = h[j - 1];
        h[j] = cur;
    }
}

static void print_headers(const struct out_opts *o, struct header *h, size_t n)
{
    if (o->format && o->sort)
        sort_headers(h, n);
    for (size_t i = 0; i < n; i++) {
        fputs("\r\n", stdout);
        paint_str(o, C_NAME, h[i].name);
        fputs(": ", stdout);
        fputs(h[i].value, stdout);
    }
    fputs("\r\n\r\n", stdout);
}

static const char *status_color(int status)
{
    return status < 200 ? C_INFO : status < 300 ? C_OK : status < 400 ? C_REDIRECT : C_FAIL;
}

/* "http://user@host:8080/p?q#f": the authority ("host:8080") and where the
 * path starts. */
static void split_url(const char *url, const char **host, size_t *host_len, const char **path)
{
    const char *a = strstr(url, "://");
    a = a ? a + 3 : url;
    size_t n = strcspn(a, "/?#");
    const char *at = memrchr(a, '@', n);
    *host = at ? at + 1 : a;
    *host_len = n - (size_t)(*host - a);
    *path = a + n;
}

/* The version r came in; HTTPie's HTTP/1.1 when it is not known. */
static const char *version_of(const creq_response *r)
{
    const char *v = creq_response_http_version(r);
    return *v ? v : "HTTP/1.1";
}

/* The version r's request went out in: HTTP/2 if it came back in HTTP/2
 * (TLS agreed on it, or prior knowledge), else the HTTP/1.x asked for,
 * whatever the server answered in. */
static const char *request_version_of(const struct out_opts *o, const creq_response *r)
{
    if (!strcmp(version_of(r), "HTTP/2"))
        return "HTTP/2";
    return o->http_version == CREQ_HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1";
}

static void print_request_head(const struct out_opts *o, const creq_prepared *p,
                               const char *version)
{
    const char *host, *path;
    size_t host_len;
    split_url(creq_prepared_url(p), &host, &host_len, &path);
    size_t path_len = strcspn(path, "#");
    paint_str(o, C_METHOD, creq_prepared_method(p));
    fputc(' ', stdout);
    if (o->color)
        fputs(C_PATH, stdout);
    if (*path != '/')
        fputc('/', stdout);
    fwrite(path, 1, path_len, stdout);
    if (o->color)
        fputs(C_RESET, stdout);
    fputc(' ', stdout);
    paint_str(o, C_PROTO, version);

    size_t n = creq_prepared_header_count(p), count = 0;
    struct header *h = calloc(n + 1, sizeof(*h));
    char *host_value = strndup(host, host_len);
    if (!h || !host_value) {
        cli_error("out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (creq_prepared_header_at(p, i, &h[count].name, &h[count].value))
            count++;
    /* libcurl writes Host itself; HTTPie shows it last. */
    if (!creq_prepared_header(p, "Host"))
        h[count++] = (struct header){ "Host", host_value };
    print_headers(o, h, count);
out:
    free(host_value);
    free(h);
}

static void print_response_head(const struct out_opts *o, const creq_response *r)
{
    char code[16];
    int status = creq_response_status(r);
    const char *reason = creq_response_reason(r), *version = version_of(r);
    /* HTTP/2 has no reason phrase: the standard one, as HTTP/1.1 shows it. */
    if (!*reason && !strcmp(version, "HTTP/2"))
        reason = creq_reason(status);
    snprintf(code, sizeof(code), "%d", status);
    paint_str(o, C_PROTO, version);
    fputc(' ', stdout);
    paint_str(o, status_color(status), code);
    if (*reason) {
        fputc(' ', stdout);
        paint_str(o, status_color(status), reason);
    }
    size_t n = creq_response_header_count(r), count = 0;
    struct header *h = calloc(n + 1, sizeof(*h));
    if (!h) {
        cli_error("out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (creq_response_header_at(r, i, &h[count].name, &h[count].value))
            count++;
    print_headers(o, h, count);
    free(h);
}

/* ---- messages ------------------------------------------------------------ */

static bool message_start(const struct out_opts *o, struct emit_state *st, int kind)
{
    bool any = o->head[kind] || o->body[kind];
    if (any && st->prev_body && !o->tty)
        fputs("\n\n", stdout);
    st->prev_body = o->body[kind];
    return any;
}

/* On a terminal every printed body is followed by a blank line. */
static void message_end(const struct out_opts *o, int kind)
{
    if (o->tty && o->body[kind])
        fputs("\n\n", stdout);
}

/* The request that got r. */
static void emit_request(const struct out_opts *o, struct emit_state *st, const creq_response *r)
{
    const creq_prepared *p = creq_response_request(r);
    if (!p || !message_start(o, st, MSG_REQUEST))
        return;
    if (o->head[MSG_REQUEST])
        print_request_head(o, p, request_version_of(o, r));
    if (o->body[MSG_REQUEST]) {
        /* A multipart body is streamed: libcreq has no bytes to show. */
        size_t len = 0;
        const char *body = creq_prepared_body(p, &len);
        print_body(o, body, len, NULL, creq_prepared_header(p, "Content-Type"),
                   o->head[MSG_REQUEST]);
    }
    message_end(o, MSG_REQUEST);
}

static void emit_response(const struct out_opts *o, struct emit_state *st,
                          const creq_response *r, const char *text)
{
    if (!message_start(o, st, MSG_RESPONSE))
        return;
    if (o->head[MSG_RESPONSE])
        print_response_head(o, r);
    if (o->body[MSG_RESPONSE]) {
        size_t len = 0;
        const char *raw = creq_response_content(r, &len);
        print_body(o, raw, len, text, creq_response_header(r, "Content-Type"),
                   o->head[MSG_RESPONSE]);
    }
    message_end(o, MSG_RESPONSE);
}

void output_exchange(const struct out_opts *o, creq_response *r)
{
    struct emit_state st = { 0 };
    size_t hops = creq_response_history_len(r);
    if (o->all) {
        /* History entries are const: their bodies are shown undecoded. */
        for (size_t i = 0; i < hops; i++) {
            const creq_response *h = creq_response_history(r, i);
            emit_request(o, &st, h);
            emit_response(o, &st, h, NULL);
        }
    } else if (hops) {
        emit_request(o, &st, creq_response_history(r, 0));
    }
    if (o->all || !hops)
        emit_request(o, &st, r);
    bool decode = (o->tty || o->format) && o->body[MSG_RESPONSE];
    emit_response(o, &st, r, decode ? creq_response_text(r) : NULL);
    fflush(stdout);
}
