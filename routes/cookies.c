/* SPDX-License-Identifier: MIT */
/* /cookies, /cookies/set, /cookies/set/{name}/{value}, /cookies/delete. */
#include <string.h>

#include "lib/cookie_header.h"
#include "echo.h"
#include "route.h"

/* Analytics cookies httpbin hides unless the query has show_env. */
static const char *const env_cookies[] = {
    "_gauges_unique", "_gauges_unique_year", "_gauges_unique_month",
    "_gauges_unique_day", "_gauges_unique_hour", "__utmz", "__utma", "__utmb",
};

static int is_env_cookie(const char *name)
{
    for (size_t i = 0; i < sizeof(env_cookies) / sizeof(env_cookies[0]); i++)
        if (!strcmp(name, env_cookies[i]))
            return 1;
    return 0;
}

int handle_cookies(struct hb_request *req, struct hb_response *res)
{
    const struct hb_kvlist *jar = hb_request_cookies(req);
    if (!jar)
        return hb_reply_error(res, 500, "out of memory");
    int show_env = hb_request_arg(req, "show_env") != NULL;
    json_t *cookies = json_object();
    for (size_t i = 0; cookies && i < jar->count; i++) {
        const struct hb_kv *c = &jar->items[i];
        /* The first value of a repeated name wins, as in Werkzeug. */
        if ((show_env || !is_env_cookie(c->name)) && !json_object_get(cookies, c->name))
            json_object_set_new(cookies, c->name, json_stringn(c->value, c->len));
    }
    return hb_reply_json_new(res, 200, json_pack("{s:o}", "cookies", cookies));
}

/* A header value must not smuggle a line break into the response. */
static int sendable(const char *s)
{
    return !strpbrk(s, "\r\n");
}

static int set_cookie(struct hb_request *req, struct hb_response *res, const char *name,
                      const char *value)
{
    const char *quoted = hb_cookie_quote(hb_request_arena(req), value);
    if (!*name || !sendable(name) || !quoted || !sendable(quoted))
        return -1;
    /* Secure when the request came over TLS, as gunicorn tells httpbin. */
    const char *secure = strcmp(hb_echo_wsgi_scheme(req), "https") ? "" : "; Secure";
    const char *line = hb_printf(req, "%s=%s%s; Path=/", name, quoted, secure);
    if (!line)
        return -1;
    hb_reply_header(res, "Set-Cookie", line);
    return 0;
}

/* /cookies/set?name=value...: sets each (first value of a repeated name). */
int handle_cookies_set(struct hb_request *req, struct hb_response *res)
{
    const struct hb_kvlist *args = hb_request_args(req);
    for (size_t i = 0; i < args->count; i++) {
        if (hb_kvlist_get(args, args->items[i].name) != args->items[i].value)
            continue; /* not the first of its name */
        if (set_cookie(req, res, args->items[i].name, args->items[i].value))
            return hb_reply_error(res, 400, "cookie names must be non-empty and neither "
                                            "may hold a line break");
    }
    return hb_reply_redirect(res, 302, "/cookies");
}

int handle_cookies_set_path(struct hb_request *req, struct hb_response *res)
{
    if (set_cookie(req, res, hb_request_param(req, "name"), hb_request_param(req, "value")))
        return hb_reply_error(res, 400, "the cookie name and value must not hold a line break");
    return hb_reply_redirect(res, 302, "/cookies");
}

/* /cookies/delete?name...: expires each named cookie. */
int handle_cookies_delete(struct hb_request *req, struct hb_response *res)
{
    const struct hb_kvlist *args = hb_request_args(req);
    for (size_t i = 0; i < args->count; i++) {
        const char *name = args->items[i].name;
        if (hb_kvlist_get(args, name) != args->items[i].value || !sendable(name))
            continue;
        hb_reply_header(res, "Set-Cookie",
                        hb_printf(req, "%s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                                       "Max-Age=0; Path=/", name));
    }
    return hb_reply_redirect(res, 302, "/cookies");
}
