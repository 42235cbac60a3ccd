/* SPDX-License-Identifier: MIT */
/* The 308 Werkzeug sends when a path matches only with its "//" collapsed. */
#include "echo.h"
#include "route.h"

int handle_merge_slashes(struct hb_request *req, struct hb_response *res)
{
    /* Werkzeug builds this URL from the scheme the request really used. */
    const char *url = hb_echo_url_with(req, hb_request_param(req, "path"), 0);
    if (!url)
        return hb_reply_error(res, 500, "out of memory");
    return hb_reply_redirect(res, 308, url);
}
