/* SPDX-License-Identifier: MIT */
/* Routes that echo the request back: /get /post /put /patch /delete
 * /anything /headers /ip /user-agent /uuid. */
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>

#include "echo.h"
#include "route.h"

/* /get: args, headers, origin, url. */
int handle_get(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_echo(req, res, HB_ECHO_GET);
}

/* /post, /put, /patch, /delete: the echo plus the body (no "method"). */
int handle_body_method(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_echo(req, res, HB_ECHO_BODY);
}

/* /anything and /anything/{*}: everything, "method" included. */
int handle_anything(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_echo(req, res, HB_ECHO_BODY | HB_ECHO_METHOD);
}

int handle_headers(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_json_new(res, 200, json_pack("{s:o}", "headers", hb_echo_headers(req)));
}

int handle_ip(struct hb_request *req, struct hb_response *res)
{
    return hb_reply_json_new(res, 200, json_pack("{s:s}", "origin", hb_echo_origin(req)));
}

/* {"user-agent": null} when the header is absent, as httpbin answers. */
int handle_user_agent(struct hb_request *req, struct hb_response *res)
{
    const json_t *headers = hb_echo_headers(req);
    json_t *ua = json_object_get(headers, "User-Agent");
    json_t *body = json_pack("{s:O}", "user-agent", ua ? ua : json_null());
    json_decref((json_t *)headers);
    return hb_reply_json_new(res, 200, body);
}

/* A random (version 4) UUID. */
int handle_uuid(struct hb_request *req, struct hb_response *res)
{
    uint8_t b[16];
    (void)req;
    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
        return hb_reply_error(res, 500, "no randomness available");
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    char text[37];
    snprintf(text, sizeof(text),
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
    return hb_reply_json_new(res, 200, json_pack("{s:s}", "uuid", text));
}
