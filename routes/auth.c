/* SPDX-License-Identifier: MIT */
/* /basic-auth/{user}/{passwd}, /hidden-basic-auth/{user}/{passwd}, /bearer. */
#include <string.h>

#include "lib/authz.h"
#include "route.h"
#include "lib/utf8.h"

static int credentials_match(struct hb_request *req)
{
    const char *header = hb_request_header(req, "Authorization");
    const char *user, *pass;
    if (!header || hb_basic_auth_parse(hb_request_arena(req), header, &user, &pass))
        return 0;
    /* Both compared, always, so the answer's timing says nothing. */
    int user_ok = hb_secure_equal(user, hb_request_param(req, "user"));
    int pass_ok = hb_secure_equal(pass, hb_request_param(req, "passwd"));
    return user_ok & pass_ok;
}

static int reply_authenticated(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_json_new(res, 200, json_pack("{s:b,s:s}", "authenticated", 1, "user",
                                                 hb_request_param(req, "user")));
}

/* A failed login is an empty 401 with a Basic challenge, as httpbin sends. */
int handle_basic_auth(struct hb_request *req, struct hb_response *res)
{
    if (credentials_match(req))
        return reply_authenticated(req, res);
    hb_reply_header(res, "WWW-Authenticate", "Basic realm=\"Fake Realm\"");
    return hb_reply_bytes(res, 401, NULL, "", 0);
}

/* Like /basic-auth, but a failure looks like a missing page. */
int handle_hidden_basic_auth(struct hb_request *req, struct hb_response *res)
{
    if (credentials_match(req))
        return reply_authenticated(req, res);
    return hb_reply_bytes(res, 404, "text/html; charset=utf-8", "", 0);
}

/* Any "Bearer <token>" is accepted and echoed. */
int handle_bearer(struct hb_request *req, struct hb_response *res)
{
    const char *header = hb_request_header(req, "Authorization");
    const char *token;
    if (!header || hb_bearer_parse(header, &token)) {
        hb_reply_header(res, "WWW-Authenticate", "Bearer");
        return hb_reply_bytes(res, 401, "text/html; charset=utf-8", "", 0);
    }
    /* WSGI header values are Latin-1, as httpbin reads them. */
    token = hb_latin1_to_utf8(hb_request_arena(req), token, strlen(token), NULL);
    if (!token)
        return hb_reply_error(res, 500, "out of memory");
    return hb_reply_json_new(res, 200, json_pack("{s:b,s:s}", "authenticated", 1, "token", token));
}
