/* SPDX-License-Identifier: MIT */
/* Helpers for the libcreq test programs; see client_util.h. */
#include "client_util.h"

#include <check.h>
#include <stdio.h>

#include "harness.h"

const char *client_url(const char *path)
{
    static char buf[2][512];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof(buf[which]), "http://127.0.0.1:%u%s", harness_port(), path);
    return buf[which];
}

json_t *client_json_of(creq_response *r)
{
    ck_assert_msg(r != NULL, "no response");
    ck_assert_msg(creq_response_status(r) == 200, "status %d: %s", creq_response_status(r),
                  creq_response_content(r, NULL));
    creq_error err;
    json_t *j = creq_response_json(r, &err);
    ck_assert_msg(j != NULL, "not JSON: %s", err.message);
    return j;
}

const char *client_jstr(json_t *j, const char *a, const char *b)
{
    json_t *v = json_object_get(j, a);
    return json_string_value(b ? json_object_get(v, b) : v);
}
