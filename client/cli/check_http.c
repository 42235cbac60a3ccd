/* SPDX-License-Identifier: MIT */
/* What the checks use to ask the server: requests on the shared session,
 * a clock to time them, and lookups into the JSON the server answers. */
#include "check_http.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check_table.h"

const char *ck_url(const struct ck_ctx *c, const char *path, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", c->base, path);
    return buf;
}

creq_response *ck_call(const struct ck_ctx *c, const char *method, const char *path,
                       const creq_opts *o, creq_error *err)
{
    char url[1024];
    return creq_request(c->s, method, ck_url(c, path, url, sizeof(url)), o, err);
}

bool ck_missing(const creq_response *r)
{
    return creq_response_status(r) == 404;
}

double ck_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

json_t *ck_json(const creq_response *r)
{
    return creq_response_json(r, NULL);
}

json_t *ck_get(json_t *root, const char *path)
{
    char key[128];
    json_t *at = root;
    while (at && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof(key))
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        at = json_object_get(at, key);
        path += n + (path[n] == '.');
    }
    return at;
}

const char *ck_str(json_t *root, const char *path)
{
    return json_string_value(ck_get(root, path));
}

void ck_note_str(struct ck_got *g, json_t *root, const char *path, const char *want)
{
    const char *got = ck_str(root, path);
    if (got)
        ck_note(g, !strcmp(got, want), "%s=%s", path, got);
    else
        ck_note(g, false, "%s missing", path);
}
