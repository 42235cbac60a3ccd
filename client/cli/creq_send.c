/* SPDX-License-Identifier: MIT */
/* creq(1)'s one request: the options and items as libcreq's, sent on a
 * one-shot session; the exchange printed, or the error told; and the exit
 * status picked as HTTPie picks it. */
#include "creq_send.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "creq_kv.h"
#include "creq_report.h"

#define DEFAULT_UA "creq/" CREQ_VERSION
#define JSON_ACCEPT "application/json, */*;q=0.5"
#define JSON_CONTENT_TYPE "application/json"
#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* HTTPie's defaults, then the items: libcreq lets a later header replace
 * an earlier one of the same name, and a NULL value remove it. */
static bool build_headers(const struct cli *c, const struct items *it, struct kv_list *h)
{
    bool ok = kv_list_add(h, "User-Agent", DEFAULT_UA);
    if (c->explicit_json || it->body == BODY_JSON)
        ok = ok && kv_list_add(h, "Accept", JSON_ACCEPT) &&
             kv_list_add(h, "Content-Type", JSON_CONTENT_TYPE);
    else if (it->body == BODY_FORM)
        ok = ok && kv_list_add(h, "Content-Type", FORM_CONTENT_TYPE);
    for (size_t i = 0; ok && i < it->headers.n; i++)
        ok = kv_list_add(h, it->headers.v[i].name, it->headers.v[i].value);
    return ok;
}

static void set_body(const struct items *it, creq_opts *o)
{
    switch (it->body) {
    case BODY_JSON:
        o->json = it->json;
        break;
    case BODY_FORM:
        o->data = it->fields.n ? it->fields.v : NULL;
        break;
    case BODY_MULTIPART:
        o->data = it->fields.n ? it->fields.v : NULL;
        o->files = it->files;
        break;
    case BODY_NONE:
        break;
    }
}

/* --verify: yes/true, no/false (any case), or a CA bundle. */
static int set_verify(const char *verify, creq_opts *o)
{
    static const char *const yes[] = { "yes", "true" }, *const no[] = { "no", "false" };
    if (!verify)
        return CLI_OK;
    for (int i = 0; i < 2; i++) {
        if (!strcasecmp(verify, yes[i]))
            return CLI_OK;
        if (!strcasecmp(verify, no[i])) {
            o->flags |= CREQ_NO_VERIFY;
            return CLI_OK;
        }
    }
    if (access(verify, R_OK)) {
        cli_error("--verify: %s: %s", verify, strerror(errno));
        return CLI_ERROR;
    }
    o->ca_bundle = verify;
    return CLI_OK;
}

/* requests' exceptions carry the request: say which one failed. */
static int report_error(const struct cli *c, const char *method, const creq_error *err)
{
    bool transport = creq_is_connection_error(err->code) || creq_is_timeout(err->code) ||
                     err->code == CREQ_ETOO_MANY_REDIRECTS;
    if (transport)
        cli_error("%s: %s while doing a %s request to URL: %s", creq_strerror(err->code),
                  err->message, method, c->url);
    else
        cli_error("%s: %s", creq_strerror(err->code), err->message);
    if (creq_is_timeout(err->code))
        return CLI_TIMEOUT;
    return err->code == CREQ_ETOO_MANY_REDIRECTS ? CLI_TOO_MANY_REDIRECTS : CLI_ERROR;
}

/* HTTPie's --check-status: 3xx counts only when redirects are not followed. */
static int check_status(const struct cli *c, const struct out_opts *o, const creq_response *r)
{
    int s = creq_response_status(r);
    int rc = s >= 300 && s < 400 && !c->follow ? CLI_HTTP_3XX
           : s >= 400 && s < 500               ? CLI_HTTP_4XX
           : s >= 500 && s < 600               ? CLI_HTTP_5XX
                                               : CLI_OK;
    /* On a terminal the status line already says it. */
    if (rc != CLI_OK && c->quiet < 2 && (!o->tty || !o->head[MSG_RESPONSE]))
        cli_warning("HTTP %d %s", s, creq_response_reason(r));
    return rc;
}

int cli_send(const struct cli *c, const struct items *it, const struct out_opts *out)
{
    struct kv_list headers = { 0 };
    creq_auth auth = { .kind = c->auth_kind ? c->auth_kind : CREQ_AUTH_BASIC };
    creq_opts opts = {
        .flags = c->follow ? CREQ_REDIRECTS : CREQ_NO_REDIRECTS,
        .params = it->params.n ? it->params.v : NULL,
        .timeout = c->timeout,
        .max_redirects = c->max_redirects,
        .http_version = c->http_version,
        .cert = c->cert,
        .key = c->cert_key,
    };
    creq_error err = { 0 };
    creq_response *r = NULL;
    char *user = NULL;
    const char *method = c->method ? c->method : it->has_data ? "POST" : "GET";
    int status = CLI_ERROR;

    if (!build_headers(c, it, &headers)) {
        cli_error("out of memory");
        goto out;
    }
    opts.headers = headers.v;
    set_body(it, &opts);
    if (set_verify(c->verify, &opts))
        goto out;
    if (c->auth) {
        /* bearer: the whole argument is the token. */
        size_t ulen = auth.kind == CREQ_AUTH_BEARER ? 0 : strcspn(c->auth, ":");
        if (auth.kind != CREQ_AUTH_BEARER && !(user = strndup(c->auth, ulen))) {
            cli_error("out of memory");
            goto out;
        }
        auth.user = user;
        auth.password = auth.kind == CREQ_AUTH_BEARER ? c->auth : c->auth + ulen + 1;
        opts.auth = &auth;
    }
    r = creq_request(NULL, method, c->url, &opts, &err);
    if (!r) {
        status = report_error(c, method, &err);
        goto out;
    }
    output_exchange(out, r);
    status = c->check_status ? check_status(c, out, r) : CLI_OK;
out:
    creq_response_free(r);
    kv_list_free(&headers);
    free(user);
    return status;
}
