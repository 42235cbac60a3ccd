/* SPDX-License-Identifier: MIT */
/* /client-cert: the certificate the HTTPS client presented, or that it
 * presented none (ask for one with --tls-client-ca). */
#include "route.h"

int handle_client_cert(struct hb_request *req, struct hb_response *res)
{
    struct hb_client_cert c;
    int rc = hb_request_client_cert(req, &c);
    if (rc < 0)
        return hb_reply_error(res, 500, "the client certificate cannot be read");
    if (rc == 0)
        return hb_reply_json_new(res, 200, json_pack("{s:b,s:s}", "presented", 0, "scheme",
                                                     hb_request_scheme(req)));
    return hb_reply_json_new(res, 200, json_pack("{s:b,s:b,s:s,s:s,s:s,s:s,s:s?,s:s?}",
                                                 "presented", 1, "verified", c.verified,
                                                 "subject", c.subject, "issuer", c.issuer,
                                                 "serial", c.serial, "sha256", c.sha256,
                                                 "not_before", c.not_before, "not_after",
                                                 c.not_after));
}
