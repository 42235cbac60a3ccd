/* SPDX-License-Identifier: MIT */
/* /status/{codes}: answer with a code, or one picked from a weighted list,
 * with httpbin's special headers and bodies for some codes. */
#include <string.h>

#include "lib/random.h"
#include "route.h"
#include "lib/statuslist.h"

static const char teapot[] =
    "\n    -=[ teapot ]=-\n\n       _...._\n     .'  _ _ `.\n    | .\"` ^ `\". _,\n"
    "    \\_;`\"---\"`|//\n      |       ;/\n      \\_     _/\n        `\"\"\"`\n";

static const char not_acceptable[] =
    "{\"message\": \"Client did not request a supported media type.\", \"accept\": "
    "[\"image/webp\", \"image/svg+xml\", \"image/jpeg\", \"image/png\", \"image/*\"]}";

/* httpbin's helpers.status_code(): a special case replaces the default
 * headers, so those answers carry no Content-Type. */
static int reply_status(struct hb_response *res, int code)
{
    switch (code) {
    case 301: case 302: case 303: case 305: case 307:
        hb_reply_header(res, "Location", "/redirect/1");
        return hb_reply_bytes(res, code, NULL, "", 0);
    case 401:
        hb_reply_header(res, "WWW-Authenticate", "Basic realm=\"Fake Realm\"");
        return hb_reply_bytes(res, code, NULL, "", 0);
    case 402:
        hb_reply_header(res, "x-more-info", "http://vimeo.com/22053820");
        return hb_reply_text(res, code, NULL, "Fuck you, pay me!");
    case 406:
        return hb_reply_bytes(res, code, "application/json", not_acceptable,
                              sizeof(not_acceptable) - 1);
    case 407:
        hb_reply_header(res, "Proxy-Authenticate", "Basic realm=\"Fake Realm\"");
        return hb_reply_bytes(res, code, NULL, "", 0);
    case 304:
        /* Werkzeug strips entity headers, Content-Type included, from a 304. */
        return hb_reply_bytes(res, code, NULL, "", 0);
    case 418:
        hb_reply_header(res, "x-more-info", "http://tools.ietf.org/html/rfc2324");
        return hb_reply_bytes(res, code, NULL, teapot, sizeof(teapot) - 1);
    default:
        return hb_reply_bytes(res, code, "text/html; charset=utf-8", "", 0);
    }
}

int handle_status(struct hb_request *req, struct hb_response *res)
{
    struct hb_status_choice choices[HB_STATUS_MAX_CHOICES];
    const char *codes = hb_request_param(req, "codes");
    int n = hb_status_list_parse(codes, choices);
    if (n < 0)
        return hb_reply_error(res, 400,
                              "codes must be a status code from 200 to 999 (1xx are interim "
                              "answers), a comma list of them, or code:weight pairs with "
                              "weights >= 0 (at most %d)",
                              HB_STATUS_MAX_CHOICES);
    int code = n == 1 ? choices[0].code : hb_status_list_pick(choices, n, hb_random_unit());
    return reply_status(res, code);
}
