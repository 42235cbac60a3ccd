/* SPDX-License-Identifier: MIT */
/* /gzip, /deflate, /brotli: httpbin's small request JSON, compressed with
 * the settings Python httpbin's filters use, so the bytes decompress to
 * exactly what httpbin's do (and mostly compress the same, too). */
#include <brotli/encode.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "echo.h"
#include "lib/pyjson.h"
#include "route.h"

/* httpbin's filters.gzip: GzipFile(compresslevel=4), no file name. */
#define GZIP_LEVEL 4
#define GZIP_OS_UNKNOWN 255 /* what Python's gzip module writes */
/* brotli.compress() defaults: quality 11, a 4 MiB window, generic mode. */
#define BROTLI_Q 11
#define BROTLI_WINDOW 22

enum coding { GZIP, DEFLATE, BROTLI };

/* get_dict('origin', 'headers', method=..., <flag>=True) through jsonify:
 * Flask's JSON and "\n", malloc'd. NULL with *error set for a 400. */
static char *echo_text(struct hb_request *req, const char *flag, size_t *len,
                       const char **error)
{
    json_t *body = hb_echo_new(req, HB_ECHO_ORIGIN | HB_ECHO_HEADERS | HB_ECHO_METHOD, error);
    if (!body || json_object_set_new(body, flag, json_true()) < 0) {
        json_decref(body);
        return NULL;
    }
    char *text = hb_pyjson_dump(body, len);
    json_decref(body);
    char *bigger = text ? realloc(text, *len + 1) : NULL;
    if (!bigger) {
        free(text);
        return NULL;
    }
    bigger[(*len)++] = '\n';
    return bigger;
}

/* zlib in one pass into request memory: the gzip wrapper (with Python's
 * header: the time, no name, OS unknown) or the zlib one. */
static unsigned char *zlib_pack(struct hb_request *req, int gzip, const char *in,
                                size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    int level = gzip ? GZIP_LEVEL : Z_DEFAULT_COMPRESSION;
    if (deflateInit2(&z, level, Z_DEFLATED, gzip ? MAX_WBITS + 16 : MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    gz_header head;
    memset(&head, 0, sizeof(head));
    head.time = (uLong)time(NULL);
    head.os = GZIP_OS_UNKNOWN;
    unsigned char *out = NULL;
    if (gzip && deflateSetHeader(&z, &head) != Z_OK)
        goto done;
    uLong bound = deflateBound(&z, (uLong)len);
    out = hb_alloc(req, bound);
    if (!out)
        goto done;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)bound;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END)
        *out_len = z.total_out;
    else
        out = NULL; /* arena memory: freed with the request */
done:
    deflateEnd(&z);
    return out;
}

static unsigned char *brotli_pack(struct hb_request *req, const char *in, size_t len,
                                  size_t *out_len)
{
    size_t cap = BrotliEncoderMaxCompressedSize(len);
    unsigned char *out = cap ? hb_alloc(req, cap) : NULL;
    if (!out)
        return NULL;
    *out_len = cap;
    if (!BrotliEncoderCompress(BROTLI_Q, BROTLI_WINDOW, BROTLI_MODE_GENERIC, len,
                               (const uint8_t *)in, out_len, out))
        return NULL;
    return out;
}

static int reply_encoded(struct hb_request *req, struct hb_response *res, enum coding how)
{
    static const char *const flags[] = { "gzipped", "deflated", "brotli" };
    static const char *const names[] = { "gzip", "deflate", "br" };
    const char *error = NULL;
    size_t len = 0, packed_len = 0;
    char *text = echo_text(req, flags[how], &len, &error);
    if (!text)
        return error ? hb_reply_error(res, 400, "%s", error)
                     : hb_reply_error(res, 500, "out of memory");
    unsigned char *packed = how == BROTLI ? brotli_pack(req, text, len, &packed_len)
                                          : zlib_pack(req, how == GZIP, text, len, &packed_len);
    free(text);
    if (!packed)
        return hb_reply_error(res, 500, "could not compress the answer");
    hb_reply_header(res, "Content-Encoding", names[how]);
    return hb_reply_bytes(res, 200, "application/json", packed, packed_len);
}

int handle_gzip(struct hb_request *req, struct hb_response *res)
{
    return reply_encoded(req, res, GZIP);
}

int handle_deflate(struct hb_request *req, struct hb_response *res)
{
    return reply_encoded(req, res, DEFLATE);
}

int handle_brotli(struct hb_request *req, struct hb_response *res)
{
    return reply_encoded(req, res, BROTLI);
}
