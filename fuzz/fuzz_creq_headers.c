/* SPDX-License-Identifier: MIT */
/* libcreq's response head parsing: the libcurl header callback of
 * client/transfer_callbacks.c on a bare transfer, then what reads those
 * headers: repeated headers joined, the charset from Content-Type, the body
 * decoded to text, and line reading. Input: a raw
 * response head and body. It is cut into lines and fed one line per call
 * as libcurl does (each ending in '\n'; a blank line ends a header block,
 * 1xx blocks are followed by another). Asserts: the status line resets the
 * headers; names and values hold no LF, values no outer spaces or CR;
 * a joined header has every value; the text is valid UTF-8; readline
 * returns the body in at most len + 1 lines. */
#include "fuzz.h"

#include <stdbool.h>

#include "client/headers.h"
#include "client/response_data.h"
#include "client/textenc.h"
#include "client/transfer_callbacks.h"
#include "client/transfer_state.h"
#include "lib/utf8.h"

/* Feeds each line of the head; returns where the body starts. */
static size_t feed_head(struct creq__transfer *t, const uint8_t *data, size_t size)
{
    size_t pos = 0;
    while (pos < size) {
        const uint8_t *nl = memchr(data + pos, '\n', size - pos);
        if (!nl)
            break; /* libcurl never hands over an unterminated line */
        size_t len = (size_t)(nl - (data + pos)) + 1;
        if (len > 100 * 1024 || memchr(data + pos, '\0', len))
            break; /* libcurl fails the transfer: too long, or a NUL in it */
        /* libcurl ends a header block at any line starting with CR or LF
         * and hands over just the line break; other lines go over whole,
         * followed by the NUL its header buffer (a dynbuf) always has:
         * ASan guards anything further. */
        bool blank = data[pos] == '\r' || data[pos] == '\n';
        size_t fed = blank ? 2 : len;
        char *line = fuzz_cstr(blank ? (const uint8_t *)"\r\n" : data + pos, fed);
        size_t took = creq__transfer_on_header(line, 1, fed, t);
        free(line);
        FUZZ_CHECK(took == fed || took == 0);
        pos += len;
        if (len >= 5 && !memcmp(data + pos - len, "HTTP/", 5))
            FUZZ_CHECK(t->r->headers.count == 0);
        if (t->headers_done)
            break;
    }
    return pos;
}

static void check_headers(const creq_response *r)
{
    for (size_t i = 0; i < r->headers.count; i++) {
        const char *v = r->headers.items[i].value;
        size_t n = strlen(v);
        FUZZ_CHECK(!strchr(r->headers.items[i].name, '\n') && !strchr(v, '\n'));
        FUZZ_CHECK(n == 0 || (v[0] != ' ' && v[0] != '\t' && v[n - 1] != ' ' &&
                              v[n - 1] != '\t' && v[n - 1] != '\r'));
        /* Joined repeats hold this value too. */
        const char *joined = creq_response_header(r, r->headers.items[i].name);
        FUZZ_CHECK(joined && strstr(joined, v));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    creq_response *r = creq__response_new();
    if (!r)
        abort();
    struct creq__transfer t;
    memset(&t, 0, sizeof(t));
    t.r = r;
    size_t body = feed_head(&t, data, size);
    check_headers(r);
    if (creq__response_append(r, (const char *)data + body, size - body))
        abort();

    /* The charset from Content-Type, then the body decoded with it. */
    const char *enc = creq_response_encoding(r);
    size_t text_len;
    char *text = creq__decode_text(r->content, r->len, enc ? enc : "utf-8", &text_len);
    FUZZ_CHECK(text && hb_utf8_valid(text, text_len));
    free(text);
    (void)creq_response_text(r);
    (void)creq_response_is_redirect(r);

    const char *line;
    size_t lines = 0;
    ssize_t n;
    while ((n = creq_response_readline(r, &line, NULL)) >= 0 && line)
        FUZZ_CHECK(++lines <= size - body + 1 && (size_t)n <= size - body);
    FUZZ_CHECK(n == 0);
    creq_response_free(r);
    return 0;
}
