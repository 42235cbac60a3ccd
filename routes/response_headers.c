/* SPDX-License-Identifier: MIT */
/* /response-headers: each query argument becomes a response header, and the
 * body is the JSON of the response's own headers, Content-Length included,
 * found with the same fix-point loop Python httpbin runs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/http_token.h"
#include "lib/pyjson.h"
#include "route.h"
#include "lib/urlencoded.h"

/* httpbin's loop settles in a few rounds (the length only grows with its own
 * digit count); the bound is only a guard. */
#define MAX_ROUNDS 32

/* Headers that frame the message or manage the connection, and Date: the
 * server owns them. A second Content-Length would break the answer (gunicorn
 * sends it anyway); gunicorn silently drops the others, and libmicrohttpd
 * would rewrite or drop them too. */
static const char *const server_owned[] = {
    "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
    "Proxy-Connection", "TE", "Upgrade", "Date",
};

static int is_server_owned(const char *name)
{
    for (size_t i = 0; i < sizeof(server_owned) / sizeof(server_owned[0]); i++)
        if (!strcasecmp(name, server_owned[i]))
            return 1;
    return 0;
}

/* httpbin's after_request sets these two after the view, replacing any the
 * query asked for: the body lists the query's, the wire has the CORS ones
 * (our dispatcher adds them the same way). */
static int is_cors_set_later(const char *name)
{
    return !strcasecmp(name, "Access-Control-Allow-Origin") ||
           !strcasecmp(name, "Access-Control-Allow-Credentials");
}

/* A short printable form of untrusted text for an error message: at most 40
 * characters, control and non-ASCII bytes as \xNN. */
static const char *shown(struct hb_request *req, const char *s, size_t len)
{
    size_t n = len < 40 ? len : 40;
    char *out = hb_alloc(req, n * 4 + 4), *o = out;
    if (!out)
        return "?";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f)
            *o++ = (char)c;
        else
            o += sprintf(o, "\\x%02x", c);
    }
    strcpy(o, len > n ? "..." : "");
    return out;
}

/* The raw query's names hold no NUL (the parsed list would cut them short). */
static int names_have_nul(struct hb_request *req)
{
    const char *q = hb_request_raw_query(req);
    while (*q) {
        size_t piece = strcspn(q, "&");
        size_t name_len = strcspn(q, "=&");
        size_t len;
        const char *name = hb_percent_decode(hb_request_arena(req), q, name_len, 1, &len);
        if (name && strlen(name) != len)
            return 1;
        q += piece + (q[piece] == '&');
    }
    return 0;
}

/* The value as the WSGI server writes it: the text as Latin-1 bytes, spaces
 * and tabs stripped at both ends. NULL when a character is not one a header
 * value may hold (controls but HTAB, DEL, anything past U+00FF), as
 * gunicorn's check refuses them. */
static char *wire_value(struct hb_request *req, const char *v, size_t len)
{
    char *out = hb_alloc(req, len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
            *o++ = (char)c;
            i++;
        } else if ((c == 0xc2 || c == 0xc3) && i + 1 < len &&
                   ((unsigned char)v[i + 1] & 0xc0) == 0x80) {
            *o++ = (char)(((c & 0x03) << 6) | (v[i + 1] & 0x3f));
            i += 2;
        } else {
            return NULL;
        }
    }
    *o = '\0';
    char *start = out;
    while (hb_is_ows(*start))
        start++;
    while (o > start && hb_is_ows(o[-1]))
        *--o = '\0';
    return start;
}

/* Checks every argument; on a bad one replies 400 and returns -1. */
static int check_args(struct hb_request *req, struct hb_response *res,
                      const struct hb_kvlist *args)
{
    if (names_have_nul(req)) {
        hb_reply_error(res, 400, "a response header name must be a token "
                       "(RFC 9110 tchar); a name holds a NUL byte");
        return -1;
    }
    for (size_t i = 0; i < args->count; i++) {
        const struct hb_kv *kv = &args->items[i];
        size_t nlen = strlen(kv->name);
        if (nlen == 0 || hb_token_len(kv->name) != nlen) {
            hb_reply_error(res, 400, "response header name '%s' is not a token: use letters, "
                           "digits and !#$%%&'*+-.^_`|~ only", shown(req, kv->name, nlen));
            return -1;
        }
        if (is_server_owned(kv->name)) {
            hb_reply_error(res, 400, "response header %s cannot be set: the server frames "
                           "the answer, manages the connection and dates it itself", kv->name);
            return -1;
        }
        if (!wire_value(req, kv->value, kv->len)) {
            hb_reply_error(res, 400, "the value of response header %s cannot be sent: '%s' "
                           "holds a control character (only tab is allowed) or a character "
                           "past U+00FF", kv->name, shown(req, kv->value, kv->len));
            return -1;
        }
    }
    return 0;
}

/* Header names compare without case: the key of a name's group. */
static const char *lowered(struct hb_request *req, const char *name)
{
    char *lower = hb_strdup(req, name);
    for (char *p = lower; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return lower;
}

/* Adds 'value' (stolen) to the group of 'name' in 'groups': the values of
 * one header, whatever the casing, as Werkzeug's get_all() finds them. */
static int group_add(struct hb_request *req, json_t *groups, const char *name, json_t *value)
{
    const char *lower = lowered(req, name);
    json_t *list = lower ? json_object_get(groups, lower) : NULL;
    if (lower && !list && json_object_set_new(groups, lower, list = json_array()) < 0)
        list = NULL;
    if (!list || !value) {
        json_decref(value);
        return -1;
    }
    return json_array_append_new(list, value);
}

/* One value as itself, several as a list: httpbin's `if len(value) == 1`. */
static json_t *flatten(json_t *list)
{
    return json_array_size(list) == 1 ? json_incref(json_array_get(list, 0))
                                      : json_incref(list);
}

/* The body's object for the full response: Content-Type, then the query's
 * headers, each name as given with every value of that name in any case.
 * Content-Length is set by the loop. */
static json_t *headers_object(struct hb_request *req, const struct hb_kvlist *args)
{
    json_t *groups = json_object(), *d = json_object();
    if (!groups || !d || group_add(req, groups, "Content-Type", json_string("application/json")))
        goto fail;
    for (size_t i = 0; i < args->count; i++)
        if (group_add(req, groups, args->items[i].name,
                      json_stringn(args->items[i].value, args->items[i].len)))
            goto fail;
    if (json_object_set_new(d, "Content-Type", flatten(json_object_get(groups, "content-type"))))
        goto fail;
    for (size_t i = 0; i < args->count; i++) {
        const char *lower = lowered(req, args->items[i].name);
        if (!lower || json_object_set_new(d, args->items[i].name,
                                          flatten(json_object_get(groups, lower))))
            goto fail;
    }
    json_decref(groups);
    return d;
fail:
    json_decref(groups);
    json_decref(d);
    return NULL;
}

/* The serialisation jsonify() sends: Flask's JSON plus "\n". Malloc'd.
 * 'html_safe' writes <, > and & as \u escapes (the same JSON value): a
 * client-chosen Content-Type such as text/html must not turn echoed text
 * into markup (with two Content-Types, browsers use the last). */
static char *jsonify(const json_t *v, size_t *len, int html_safe)
{
    size_t n;
    char *text = hb_pyjson_dump(v, &n);
    if (!text)
        return NULL;
    size_t special = 0;
    for (size_t i = 0; html_safe && i < n; i++)
        special += text[i] == '<' || text[i] == '>' || text[i] == '&';
    char *out = malloc(n + special * 5 + 2), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        char c = text[i];
        if (html_safe && (c == '<' || c == '>' || c == '&'))
            o += sprintf(o, "\\u%04x", (unsigned)c);
        else
            *o++ = c;
    }
    free(text);
    if (!out)
        return NULL;
    *o++ = '\n';
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* The first response: jsonify(list(headers.lists())), [name, [values]]
 * pairs of the grouped arguments. Only its length matters: the loop starts
 * from it. */
static json_t *first_body(const struct hb_kvlist *args)
{
    json_t *pairs = json_array(), *values = NULL;
    for (size_t i = 0; pairs && i < args->count; i++) {
        const struct hb_kv *kv = &args->items[i];
        if (i == 0 || strcmp(kv->name, args->items[i - 1].name)) {
            values = json_array();
            if (json_array_append_new(pairs, json_pack("[so]", kv->name, values)))
                goto fail;
        }
        if (json_array_append_new(values, json_stringn(kv->value, kv->len)))
            goto fail;
    }
    return pairs;
fail:
    json_decref(pairs);
    return NULL;
}

/* httpbin's loop: each round lists the previous response's headers (so
 * its Content-Length) and stops once the body no longer changes. The first
 * round's previous response carries no query headers yet. */
static char *settle_body(const struct hb_kvlist *args, json_t *full, size_t *len,
                         int html_safe)
{
    json_t *first = first_body(args);
    size_t prev_len = 0, cur_len = 0;
    char *prev = first ? jsonify(first, &prev_len, html_safe) : NULL;
    json_decref(first);
    json_t *bare = json_pack("{s:s}", "Content-Type", "application/json");
    for (int round = 0; prev && bare && round < MAX_ROUNDS; round++) {
        json_t *d = round == 0 ? bare : full;
        char length[32];
        snprintf(length, sizeof(length), "%zu", prev_len);
        if (json_object_set_new(d, "Content-Length", json_string(length)))
            break;
        char *cur = jsonify(d, &cur_len, html_safe);
        if (!cur)
            break;
        int same = cur_len == prev_len && !memcmp(cur, prev, cur_len);
        free(prev);
        prev = cur;
        prev_len = cur_len;
        if (same) {
            json_decref(bare);
            *len = cur_len;
            return cur;
        }
    }
    json_decref(bare);
    free(prev);
    return NULL;
}

/* An argument's place once grouped: its name's first appearance, then its own. */
struct slot {
    size_t first, index;
};

static int slot_cmp(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The arguments as httpbin adds them: through a MultiDict, so grouped by
 * exact name in order of each name's first appearance ("a=1&b=2&a=3" gives
 * a, a, b). NULL when out of memory. */
static struct hb_kvlist *grouped(struct hb_request *req, const struct hb_kvlist *args)
{
    struct hb_kvlist *out = hb_alloc(req, sizeof(*out));
    struct slot *slots = hb_alloc(req, (args->count + 1) * sizeof(*slots));
    json_t *first = json_object();
    if (!out || !slots || !first)
        goto fail;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < args->count; i++) {
        json_t *seen = json_object_get(first, args->items[i].name);
        if (!seen && json_object_set_new(first, args->items[i].name,
                                         seen = json_integer((json_int_t)i)))
            goto fail;
        slots[i].first = (size_t)json_integer_value(seen);
        slots[i].index = i;
    }
    qsort(slots, args->count, sizeof(*slots), slot_cmp);
    for (size_t i = 0; i < args->count; i++) {
        const struct hb_kv *kv = &args->items[slots[i].index];
        if (hb_kvlist_add(hb_request_arena(req), out, kv->name, kv->value, kv->len))
            goto fail;
    }
    json_decref(first);
    return out;
fail:
    json_decref(first);
    return NULL;
}

int handle_response_headers(struct hb_request *req, struct hb_response *res)
{
    const struct hb_kvlist *args = hb_request_args(req);
    if (check_args(req, res, args) < 0)
        return 400;
    args = grouped(req, args);
    if (!args)
        return hb_reply_error(res, 500, "out of memory");
    json_t *full = headers_object(req, args);
    int html_safe = 0;
    for (size_t i = 0; i < args->count; i++)
        html_safe |= !strcasecmp(args->items[i].name, "Content-Type");
    size_t len = 0;
    char *text = full ? settle_body(args, full, &len, html_safe) : NULL;
    json_decref(full);
    char *body = text ? hb_memdup(req, text, len) : NULL;
    free(text);
    if (!body)
        return hb_reply_error(res, 500, "out of memory");
    for (size_t i = 0; i < args->count; i++) {
        const struct hb_kv *kv = &args->items[i];
        if (is_cors_set_later(kv->name))
            continue;
        const char *v = wire_value(req, kv->value, kv->len);
        /* libmicrohttpd refuses an empty value; "Name:  " is one to a reader,
         * which strips the whitespace around a field value. */
        hb_reply_header(res, kv->name, v && !*v ? " " : v);
    }
    return hb_reply_bytes(res, 200, "application/json", body, len);
}
