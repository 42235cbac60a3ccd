/* SPDX-License-Identifier: MIT */
/* multipart/form-data bodies (lib/multipart.h), as routes/echo.c reads
 * them: the boundary from the Content-Type value, then the body.
 * Byte 0: bit 0 picks the mode, bits 1-6 max_parts, bit 7 a small arena.
 * Mode 0: a Content-Type line, '\n', then the body. Asserts: a boundary is
 * 1-70 ASCII bytes; on success at most max_parts parts, each inside the
 * body, in order, not overlapping. Mode 1: the rest is field values split on
 * 0xff, framed by us with a fixed boundary; they must parse back exactly. */
#include "fuzz.h"

#include "lib/arena.h"
#include "lib/multipart.h"

#define BOUNDARY "fuzzb0undary"

static void check_parts(const struct hb_multipart *mp, const char *body, size_t len,
                        size_t max_parts)
{
    FUZZ_CHECK(mp->count <= max_parts);
    const char *prev_end = body;
    for (size_t i = 0; i < mp->count; i++) {
        const struct hb_part *p = &mp->parts[i];
        FUZZ_CHECK(p->data >= prev_end && p->len <= len &&
                   p->data + p->len <= body + len);
        prev_end = p->data + p->len;
    }
}

static void parse_raw(struct hb_arena *a, const uint8_t *data, size_t size, size_t max_parts)
{
    struct fuzz_input in = { data, size };
    char *ct = fuzz_piece(&in, '\n', NULL);
    /* The body as MHD hands it over: a buffer of exactly its length. */
    char *body = malloc(in.n ? in.n : 1);
    if (!body)
        abort();
    memcpy(body, in.p, in.n);
    const char *b = hb_multipart_boundary(a, ct);
    if (b) {
        size_t blen = strlen(b);
        FUZZ_CHECK(blen >= 1 && blen <= 70);
        for (size_t i = 0; i < blen; i++)
            FUZZ_CHECK((unsigned char)b[i] < 0x80);
    } else {
        b = BOUNDARY; /* still parse the body: the body parser is the prize */
    }
    struct hb_multipart mp;
    int rc = hb_multipart_parse(a, b, body, in.n, max_parts, &mp);
    FUZZ_CHECK(rc == 0 || rc == HB_MULTIPART_EMALFORMED || rc == HB_MULTIPART_ETOOMANY ||
               rc == HB_MULTIPART_ENOMEM);
    if (rc == 0)
        check_parts(&mp, body, in.n, max_parts);
    else
        FUZZ_CHECK(mp.count == 0 && mp.parts == NULL);
    free(body);
    free(ct);
}

/* Appends s[0..n) to the growing buffer. */
static void put(char **buf, size_t *len, const void *s, size_t n)
{
    char *grown = realloc(*buf, *len + n + 1);
    if (!grown)
        abort();
    memcpy(grown + *len, s, n);
    *buf = grown;
    *len += n;
}

static void round_trip(struct hb_arena *a, const uint8_t *data, size_t size)
{
    const char *delim = "--" BOUNDARY;
    if (memmem(data, size, delim, strlen(delim)))
        return; /* a value holding the delimiter would end early: not a bug */
    char *body = NULL;
    size_t len = 0, fields = 0;
    struct fuzz_input in = { data, size };
    size_t offsets[64], lens[64]; /* offsets: the body still moves */
    do {
        const uint8_t *end = memchr(in.p, 0xff, in.n);
        size_t n = end ? (size_t)(end - in.p) : in.n;
        if (fields == 64)
            break;
        char head[96];
        int hn = snprintf(head, sizeof(head),
                          "--%s\r\nContent-Disposition: form-data; name=\"f%zu\"\r\n\r\n",
                          BOUNDARY, fields);
        put(&body, &len, head, (size_t)hn);
        offsets[fields] = len;
        lens[fields++] = n;
        put(&body, &len, in.p, n);
        put(&body, &len, "\r\n", 2);
        in.p += n + (end != NULL);
        in.n -= n + (end != NULL);
    } while (in.n);
    put(&body, &len, "--" BOUNDARY "--\r\n", strlen(BOUNDARY) + 6);

    struct hb_multipart mp;
    int rc = hb_multipart_parse(a, BOUNDARY, body, len, 1000, &mp);
    if (rc != HB_MULTIPART_ENOMEM) {
        FUZZ_CHECK(rc == 0 && mp.count == fields);
        for (size_t i = 0; i < fields; i++) {
            char name[24];
            snprintf(name, sizeof(name), "f%zu", i);
            FUZZ_CHECK(mp.parts[i].name && !strcmp(mp.parts[i].name, name));
            FUZZ_CHECK(!mp.parts[i].filename && !mp.parts[i].content_type);
            FUZZ_CHECK(mp.parts[i].data == body + offsets[i] && mp.parts[i].len == lens[i]);
        }
    }
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max_parts = (data[0] >> 1) & 0x3f;
    if (max_parts == 0x3f)
        max_parts = 100000;
    struct hb_arena a;
    hb_arena_init(&a, data[0] & 0x80 ? 4096 : 0);
    if (data[0] & 1)
        round_trip(&a, data + 1, size - 1);
    else
        parse_raw(&a, data + 1, size - 1, max_parts);
    hb_arena_cleanup(&a);
    return 0;
}
