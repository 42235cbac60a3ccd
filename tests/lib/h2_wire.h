/* SPDX-License-Identifier: MIT */
/* A small HTTP/2 client for tests that need every frame under their
 * control: h2c with prior knowledge on a raw socket, frames written by
 * hand (so floods and broken header blocks can be sent as they are),
 * HPACK by nghttp2's deflater and inflater, and what the server sends read
 * frame by frame, with the answers kept per stream. */
#ifndef HB_H2_WIRE_H
#define HB_H2_WIRE_H

#include <nghttp2/nghttp2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { H2W_DATA, H2W_HEADERS, H2W_PRIORITY, H2W_RST_STREAM, H2W_SETTINGS, H2W_PUSH_PROMISE,
       H2W_PING, H2W_GOAWAY, H2W_WINDOW_UPDATE, H2W_CONTINUATION };
#define H2W_END_STREAM 0x1
#define H2W_ACK 0x1
#define H2W_END_HEADERS 0x4

#define H2W_STREAMS 256 /* streams 1, 3, ... 511 are kept; later ones only counted */

struct h2w_stream {
    int status;                 /* :status; 0 until the answer's HEADERS */
    char *body;                 /* malloc'd, NUL-terminated */
    size_t body_len;
    bool ended;                 /* END_STREAM came */
    bool reset;                 /* RST_STREAM came, with rst_code */
    uint32_t rst_code;
    int64_t window;             /* what we may still send on it */
};

struct h2w {
    int fd;
    unsigned port;
    nghttp2_hd_deflater *deflater;
    nghttp2_hd_inflater *inflater;
    unsigned char *in;          /* read, not yet taken as frames */
    size_t in_len, in_cap;
    size_t consumed;            /* of 'in', by the frame last given out */
    bool eof;                   /* the server closed (EOF or a reset) */
    bool settings_seen;         /* its first SETTINGS, recorded below */
    bool has_setting[7];
    uint32_t setting[7];        /* by id, 1..6 */
    int settings_acks;          /* ACKs of our SETTINGS */
    bool goaway;
    uint32_t goaway_code;
    int32_t goaway_last;
    int ping_acks;
    unsigned char ping_payload[8]; /* of the last PING ACK */
    int64_t window;             /* connection window we may send into */
    int64_t initial_window;     /* the server's SETTINGS_INITIAL_WINDOW_SIZE */
    size_t window_updates;      /* WINDOW_UPDATE frames received */
    size_t frames, rst_frames;  /* every frame received; RST_STREAM among them */
    size_t refused;             /* RST_STREAM(REFUSED_STREAM) among those */
    size_t answered;            /* streams that reached END_STREAM, any id */
    int32_t header_stream;      /* the server's header block being read */
    struct h2w_stream streams[H2W_STREAMS];
};

/* One frame as read: the payload stays valid until the next read. */
struct h2w_frame {
    uint8_t type, flags;
    int32_t stream;
    uint32_t len;
    const unsigned char *payload;
};

/* Connects to the harness's server and sends the preface and an empty
 * SETTINGS (send_settings false: the preface only). 0, or -1. */
int h2w_connect(struct h2w *c, bool send_settings);
void h2w_close(struct h2w *c);

/* Writes every byte, reading what arrives meanwhile (kept for h2w_read),
 * so neither side blocks the other. 0, or -1 when the server closed or
 * HARNESS_PATIENCE passed without progress. */
int h2w_send(struct h2w *c, const void *buf, size_t len);
/* Appends one frame to 'out' (at least 9 + len bytes): its length. */
size_t h2w_put_frame(unsigned char *out, int type, int flags, int32_t stream,
                     const void *payload, size_t len);
int h2w_frame(struct h2w *c, int type, int flags, int32_t stream, const void *payload,
              size_t len);
/* HPACK for a request head (:method, :scheme, :authority, :path, then
 * 'extra' name/value pairs, NULL-ended; may be NULL) into 'out': its
 * length, 0 when it does not fit. */
size_t h2w_encode(struct h2w *c, unsigned char *out, size_t cap, const char *method,
                  const char *path, const char *const *extra);
/* HEADERS (END_HEADERS, and END_STREAM when 'end') opening 'stream'. */
int h2w_request(struct h2w *c, int32_t stream, const char *method, const char *path,
                bool end);

/* The next frame within 'seconds': 1, 0 at the server's close, -1 when
 * the time passed. SETTINGS are recorded and acknowledged, answers kept
 * per stream, DATA given back with WINDOW_UPDATE. */
int h2w_read(struct h2w *c, struct h2w_frame *f, double seconds);
/* Reads until done(c, arg): 1; 0 when the server closed first, -1 after
 * 'seconds'. */
int h2w_until(struct h2w *c, bool (*done)(struct h2w *c, void *arg), void *arg,
              double seconds);
/* Reads until the server closes: 1, or -1 after 'seconds'. */
int h2w_until_closed(struct h2w *c, double seconds);
/* The record of 'stream' (odd, below 2 * H2W_STREAMS), else NULL. */
struct h2w_stream *h2w_stream(struct h2w *c, int32_t stream);
/* Predicates for h2w_until; 'arg' is a pointer to the int32_t stream id
 * where one is asked for. */
bool h2w_stream_done(struct h2w *c, void *stream); /* ended or reset */
bool h2w_got_settings(struct h2w *c, void *unused);
bool h2w_got_goaway(struct h2w *c, void *unused);

#endif
