/* SPDX-License-Identifier: MIT */
/* Pulling a CREQ_STREAM body: read() and readline(), correct across chunk
 * boundaries however the bytes arrive (psf/requests#3980); and ending what
 * the stream holds open, which creq_response_free() leaves to this file. */
#include "stream.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "response_data.h"
#include "transfer.h"

/* Makes at least 'want' unread bytes available, or all there will be.
 * 0, or -1 with err set. */
static int fill(creq_response *r, size_t want, creq_error *err)
{
    while (r->len - r->read_pos < want && r->stream) {
        if (creq__transfer_pump(r, err) < 0)
            return -1;
    }
    return 0;
}

/* Drops what was read, so a long stream needs no more memory than a chunk. */
static void compact(creq_response *r)
{
    if (r->read_pos == 0 || r->read_pos < r->len / 2)
        return;
    memmove(r->content, r->content + r->read_pos, r->len - r->read_pos);
    r->len -= r->read_pos;
    r->content[r->len] = '\0';
    r->read_pos = 0;
}

ssize_t creq_response_read(creq_response *r, void *buf, size_t len, creq_error *err)
{
    r->consumed = true;
    if (len == 0)
        return 0;
    if (fill(r, 1, err))
        return -1;
    size_t n = r->len - r->read_pos;
    if (n > len)
        n = len;
    memcpy(buf, r->content + r->read_pos, n);
    r->read_pos += n;
    compact(r);
    return (ssize_t)n;
}

ssize_t creq_response_readline(creq_response *r, const char **line, creq_error *err)
{
    r->consumed = true;
    *line = NULL;
    for (;;) {
        char *start = r->content + r->read_pos;
        char *nl = memchr(start, '\n', r->len - r->read_pos);
        if (nl || !r->stream) {
            size_t n = nl ? (size_t)(nl - start) : r->len - r->read_pos;
            if (!nl && n == 0)
                return 0; /* the end */
            size_t take = nl ? n + 1 : n;
            if (n && start[n - 1] == '\r')
                n--;
            if (n + 1 > r->line_cap) {
                char *grown = realloc(r->line, n + 1);
                if (!grown)
                    return creq__fail(err, CREQ_ENOMEM, "out of memory"), -1;
                r->line = grown;
                r->line_cap = n + 1;
            }
            memcpy(r->line, start, n);
            r->line[n] = '\0';
            r->read_pos += take;
            compact(r);
            *line = r->line;
            return (ssize_t)n;
        }
        /* No newline yet: a "\r" at the end may still be half of "\r\n". */
        size_t have = r->len - r->read_pos;
        if (fill(r, have + 1, err))
            return -1;
    }
}

void creq__stream_own_session(creq_response *r, creq_session *s)
{
    r->owned_session = s;
}

void creq__stream_close(creq_response *r)
{
    creq__transfer_free(r->stream);
    r->stream = NULL;
    creq_session_free(r->owned_session); /* after the transfer that used it */
    r->owned_session = NULL;
}
