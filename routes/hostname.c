/* SPDX-License-Identifier: MIT */
/* /hostname (from go-httpbin): a fixed name, so that answers do not reveal
 * the machine, unless --use-real-hostname asks for gethostname(). */
#include <unistd.h>

#include "route.h"

#define DEFAULT_HOSTNAME "httpbin-c"

int handle_hostname(struct hb_request *req, struct hb_response *res)
{
    char name[256] = DEFAULT_HOSTNAME;
    if (hb_request_config(req)->use_real_hostname) {
        /* POSIX leaves a truncated name unterminated: terminate it. */
        if (gethostname(name, sizeof(name) - 1) != 0)
            return hb_reply_error(res, 500, "cannot read the host name");
        name[sizeof(name) - 1] = '\0';
    }
    json_t *value = json_string(name);
    if (!value) /* not UTF-8 */
        return hb_reply_error(res, 500, "the host name is not valid UTF-8");
    return hb_reply_json_new(res, 200, json_pack("{s:o}", "hostname", value));
}
