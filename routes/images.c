/* SPDX-License-Identifier: MIT */
/* /image and /image/{png,jpeg,webp,svg}: httpbin's four sample images,
 * embedded from static/images/, with httpbin's Accept negotiation. */
#include <ctype.h>
#include <string.h>

#include "route.h"
#include "static_files.h"

struct image {
    const char *name;  /* the last path segment: /image/<name> */
    const char *asset; /* under static/ */
    const char *type;
};

/* In the order httpbin's view_image tries them. */
static const struct image images[] = {
    { "webp", "images/wolf_1.webp", "image/webp" },
    { "svg", "images/svg_logo.svg", "image/svg+xml" },
    { "jpeg", "images/jackal.jpg", "image/jpeg" },
    { "png", "images/pig_icon.png", "image/png" },
};
#define N_IMAGES (sizeof(images) / sizeof(images[0]))
#define PNG (&images[3])

/* status_code(406) in httpbin: json.dumps' spaced separators, no newline. */
static const char not_acceptable[] =
    "{\"message\": \"Client did not request a supported media type.\", \"accept\": "
    "[\"image/webp\", \"image/svg+xml\", \"image/jpeg\", \"image/png\", \"image/*\"]}";

static int reply_image(struct hb_response *res, const struct image *img)
{
    const struct hb_asset *a = hb_static_file(img->asset);
    if (!a)
        return hb_reply_error(res, 500, "%s is missing from the build", img->asset);
    return hb_reply_bytes(res, 200, img->type, a->data, a->len);
}

/* httpbin tests each type as a substring of the lowercased header, so
 * "image/pngx" gives a PNG and "*" + "/" + "*" alone gives 406; we keep that. */
static const struct image *negotiate(struct hb_request *req)
{
    const char *accept = hb_request_header(req, "Accept");
    if (!accept)
        return PNG;
    char *lower = hb_strdup(req, accept);
    if (!lower)
        return NULL;
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; i < N_IMAGES; i++)
        if (strstr(lower, images[i].type))
            return &images[i];
    return strstr(lower, "image/*") ? PNG : NULL;
}

int handle_image(struct hb_request *req, struct hb_response *res)
{
    const struct image *img = negotiate(req);
    if (!img)
        return hb_reply_bytes(res, 406, "application/json", not_acceptable,
                              sizeof(not_acceptable) - 1);
    return reply_image(res, img);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The decoded path's last segment: the route matched the decoded path, so a
 * client may have sent /image/%70ng or /image%2Fpng. */
static const char *last_segment(struct hb_request *req)
{
    const char *raw = hb_request_raw_path(req);
    char *out = hb_alloc(req, strlen(raw) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = raw; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0) {
            *o++ = (char)(hi << 4 | lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    const char *slash = strrchr(out, '/');
    return slash ? slash + 1 : out;
}

/* One handler for the four /image/<type> rows: the path says which. */
int handle_image_file(struct hb_request *req, struct hb_response *res)
{
    const char *name = last_segment(req);
    if (!name)
        return hb_reply_error(res, 500, "out of memory");
    for (size_t i = 0; i < N_IMAGES; i++)
        if (!strcmp(name, images[i].name))
            return reply_image(res, &images[i]);
    return hb_reply_error(res, 404, "no image '%s': try png, jpeg, webp or svg", name);
}
