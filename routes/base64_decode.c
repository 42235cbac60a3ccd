/* SPDX-License-Identifier: MIT */
/* /base64/{value}: the value decoded as Python's base64.urlsafe_b64decode
 * does (lenient: stray characters skipped, decoding stops at complete
 * padding), served as plain text, never as HTML. */
#include <string.h>

#include "lib/base64.h"
#include "route.h"
#include "lib/utf8.h"

/* CPython's binascii.a2b_base64 without strict mode. 'out' needs len*3/4+3
 * bytes. Returns the length, or -1 when the data ends inside a quantum
 * (Python's "Incorrect padding" and "cannot be 1 more than a multiple of 4"). */
static long lenient_decode(const char *in, size_t len, unsigned char *out)
{
    unsigned char *o = out;
    unsigned quad = 0, pads = 0, left = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=') {
            /* Padding counts only once two characters of a quantum are in;
             * once the quantum is complete, the rest is ignored. */
            if (quad >= 2 && quad + ++pads >= 4)
                return o - out;
            continue;
        }
        int v = hb_base64_sextet(c);
        if (v < 0)
            continue; /* not base64: skipped */
        pads = 0;
        switch (quad) {
        case 0:
            left = (unsigned)v;
            break;
        case 1:
            *o++ = (unsigned char)((left << 2) | ((unsigned)v >> 4));
            left = (unsigned)v & 0x0f;
            break;
        case 2:
            *o++ = (unsigned char)((left << 4) | ((unsigned)v >> 2));
            left = (unsigned)v & 0x03;
            break;
        default:
            *o++ = (unsigned char)((left << 6) | (unsigned)v);
            break;
        }
        quad = (quad + 1) & 3;
    }
    return quad == 0 ? o - out : -1;
}

int handle_base64(struct hb_request *req, struct hb_response *res)
{
    const char *value = hb_request_param(req, "value");
    size_t len = strlen(value);
    unsigned char *out = hb_alloc(req, len / 4 * 3 + 4);
    if (!out)
        return hb_reply_error(res, 500, "out of memory");
    long n = lenient_decode(value, len, out);
    if (n < 0)
        return hb_reply_error(res, 400, "value must be URL-safe base64 (A-Z a-z 0-9 - _, "
                              "padded with = to a multiple of 4 characters): its data "
                              "ends inside a 4-character group");
    if (!hb_utf8_valid((const char *)out, (size_t)n))
        return hb_reply_error(res, 400, "value must decode to UTF-8 text; it decodes to "
                              "other bytes");
    /* Plain text and nosniff: decoded attacker text is never rendered as
     * HTML from this origin (httpbin sends text/html). */
    hb_reply_header(res, "X-Content-Type-Options", "nosniff");
    return hb_reply_bytes(res, 200, "text/plain; charset=utf-8", out, (size_t)n);
}
