/* SPDX-License-Identifier: MIT */
/* The ClientHello reader (lib/tls_hello.h) the front door uses to send h2
 * clients to the HTTP/2 engine: hellos built by hand and by GnuTLS itself,
 * fragmented, truncated, malformed and randomly mutated. Every call gets a
 * copy of exactly the bytes it may read, so ASan sees any read past them. */
#include <check.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lib/tls_hello.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* --- bytes -------------------------------------------------------------------- */

struct bytes {
    unsigned char *b;
    size_t n, cap;
};

static void put(struct bytes *o, const void *p, size_t n)
{
    if (o->n + n > o->cap) {
        o->cap = (o->n + n) * 2;
        o->b = realloc(o->b, o->cap);
        ck_assert_ptr_nonnull(o->b);
    }
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void put_number(struct bytes *o, size_t v, size_t width)
{
    for (size_t i = width; i-- > 0;) {
        unsigned char c = (unsigned char)(v >> (8 * i));
        put(o, &c, 1);
    }
}

static void drop(struct bytes *o)
{
    free(o->b);
    *o = (struct bytes){ 0 };
}

/* The reader on a heap copy of exactly len bytes (NULL for none). */
static enum hb_tls_hello read_exact(const unsigned char *bytes, size_t len, size_t *need)
{
    unsigned char *copy = len ? malloc(len) : NULL;
    if (len) {
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, bytes, len);
    }
    enum hb_tls_hello r = hb_tls_hello_read(copy, len, need);
    free(copy);
    return r;
}

static enum hb_tls_hello read_all(const struct bytes *w)
{
    size_t need = 0;
    return read_exact(w->b, w->n, &need);
}

/* --- hellos by hand ----------------------------------------------------------- */

/* An extension of the given type with n bytes of body. */
static void put_extension(struct bytes *o, unsigned type, const void *body, size_t n)
{
    put_number(o, type, 2);
    put_number(o, n, 2);
    put(o, body, n);
}

/* An ALPN extension listing names (NULL-terminated). */
static void put_alpn(struct bytes *o, const char *const *names)
{
    struct bytes list = { 0 }, body = { 0 };
    for (; *names; names++) {
        put_number(&list, strlen(*names), 1);
        put(&list, *names, strlen(*names));
    }
    put_number(&body, list.n, 2);
    put(&body, list.b, list.n);
    put_extension(o, 0x0010, body.b, body.n);
    drop(&list);
    drop(&body);
}

/* Extensions most hellos carry (server_name, supported_groups), as filler. */
static void put_common_extensions(struct bytes *o)
{
    static const unsigned char sni[] = { 0, 12, 0, 0, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't' };
    static const unsigned char groups[] = { 0, 4, 0, 0x1d, 0, 0x17 };
    put_extension(o, 0x0000, sni, sizeof(sni));
    put_extension(o, 0x000a, groups, sizeof(groups));
}

/* A ClientHello message, handshake header included. Its layout, which the
 * patch table below relies on (offsets in the wire form, after the 5-byte
 * record header): 9 version, 11 random, 43 session id length (32), 76
 * suites length (4), 82 compression length (1), 84 extensions length, 86
 * the first extension. exts NULL: no extensions block at all. */
static void put_client_hello(struct bytes *o, const struct bytes *exts)
{
    static const unsigned char suites[] = { 0x13, 0x01, 0xc0, 0x2f };
    struct bytes body = { 0 };
    put_number(&body, 0x0303, 2);
    for (unsigned i = 0; i < 32; i++)
        put_number(&body, i * 7, 1); /* random */
    put_number(&body, 32, 1);
    for (unsigned i = 0; i < 32; i++)
        put_number(&body, 0xa0 + i, 1); /* session id */
    put_number(&body, sizeof(suites), 2);
    put(&body, suites, sizeof(suites));
    put_number(&body, 1, 1);
    put_number(&body, 0, 1); /* the null compression method */
    if (exts) {
        put_number(&body, exts->n, 2);
        put(&body, exts->b, exts->n);
    }
    put_number(o, 1, 1);
    put_number(o, body.n, 3);
    put(o, body.b, body.n);
    drop(&body);
}

/* msg in handshake records of at most frag bytes each (0: one record). */
static void put_records(struct bytes *o, const unsigned char *msg, size_t n, size_t frag)
{
    for (size_t off = 0; off < n;) {
        size_t chunk = frag && n - off > frag ? frag : n - off;
        put_number(o, 22, 1);
        put_number(o, 0x0301, 2);
        put_number(o, chunk, 2);
        put(o, msg + off, chunk);
        off += chunk;
    }
}

enum alpn_place { ALPN_LAST, ALPN_FIRST, ALPN_TWICE };

/* A whole hello on the wire: ALPN with names (NULL: no ALPN) among the
 * common extensions, in records of frag bytes. */
static void hand_hello(struct bytes *wire, const char *const *names, enum alpn_place where,
                       size_t frag)
{
    struct bytes exts = { 0 }, msg = { 0 };
    if (names && where != ALPN_LAST)
        put_alpn(&exts, names);
    put_common_extensions(&exts);
    if (names && where != ALPN_FIRST)
        put_alpn(&exts, names);
    put_client_hello(&msg, &exts);
    put_records(wire, msg.b, msg.n, frag);
    drop(&exts);
    drop(&msg);
}

static const char *const h2_and_http11[] = { "h2", "http/1.1", NULL };
static const char *const http11_only[] = { "http/1.1", NULL };

static enum hb_tls_hello hand_answer(const char *const *names, enum alpn_place where, size_t frag)
{
    struct bytes w = { 0 };
    hand_hello(&w, names, where, frag);
    enum hb_tls_hello r = read_all(&w);
    drop(&w);
    return r;
}

/* --- hellos by GnuTLS --------------------------------------------------------- */

struct capture {
    gnutls_session_t session;
    struct bytes wire;
};

static ssize_t capture_push(gnutls_transport_ptr_t ptr, const void *data, size_t n)
{
    put(&((struct capture *)ptr)->wire, data, n);
    return (ssize_t)n;
}

/* The server never answers: the handshake stops after sending the hello. */
static ssize_t silent_pull(gnutls_transport_ptr_t ptr, void *data, size_t n)
{
    (void)data;
    (void)n;
    gnutls_transport_set_errno(((struct capture *)ptr)->session, EAGAIN);
    return -1;
}

/* The bytes a GnuTLS client sends first, offering alpn (NULL-terminated,
 * NULL: no ALPN extension). */
static void gnutls_hello(struct bytes *wire, const char *const *alpn)
{
    struct capture cap = { 0 };
    gnutls_certificate_credentials_t cred;
    ck_assert_int_eq(gnutls_certificate_allocate_credentials(&cred), 0);
    ck_assert_int_eq(gnutls_init(&cap.session, GNUTLS_CLIENT | GNUTLS_NONBLOCK), 0);
    ck_assert_int_eq(gnutls_set_default_priority(cap.session), 0);
    ck_assert_int_eq(gnutls_credentials_set(cap.session, GNUTLS_CRD_CERTIFICATE, cred), 0);
    ck_assert_int_eq(gnutls_server_name_set(cap.session, GNUTLS_NAME_DNS, "localhost", 9), 0);
    gnutls_datum_t protos[4];
    unsigned n = 0;
    for (; alpn && alpn[n]; n++)
        protos[n] = (gnutls_datum_t){ (unsigned char *)(uintptr_t)alpn[n], (unsigned)strlen(alpn[n]) };
    if (n)
        ck_assert_int_eq(gnutls_alpn_set_protocols(cap.session, protos, n, 0), 0);
    gnutls_transport_set_ptr(cap.session, &cap);
    gnutls_transport_set_push_function(cap.session, capture_push);
    gnutls_transport_set_pull_function(cap.session, silent_pull);
    ck_assert_int_eq(gnutls_handshake(cap.session), GNUTLS_E_AGAIN);
    ck_assert_uint_gt(cap.wire.n, 5);
    gnutls_deinit(cap.session);
    gnutls_certificate_free_credentials(cred);
    *wire = cap.wire;
}

/* The handshake message out of a one-record hello, to fragment anew. */
static void message_of(const struct bytes *wire, struct bytes *msg)
{
    size_t n = (size_t)wire->b[3] << 8 | wire->b[4];
    ck_assert_uint_eq(wire->n, 5 + n);
    put(msg, wire->b + 5, n);
}

/* --- what the hello offers ---------------------------------------------------- */

START_TEST(test_hello_offering_h2_and_http11_is_h2)
{
    ck_assert_int_eq(hand_answer(h2_and_http11, ALPN_LAST, 0), HB_HELLO_H2);
}
END_TEST

START_TEST(test_h2_anywhere_in_the_alpn_list_is_h2)
{
    static const char *const names[] = { "http/1.1", "spdy/3", "h2", "h3", NULL };
    ck_assert_int_eq(hand_answer(names, ALPN_LAST, 0), HB_HELLO_H2);
}
END_TEST

START_TEST(test_hello_offering_only_http11_is_other)
{
    ck_assert_int_eq(hand_answer(http11_only, ALPN_LAST, 0), HB_HELLO_OTHER);
}
END_TEST

/* Names that start or end like "h2" but are other protocols. */
static const char *const near_h2[][3] = {
    { "h2c", NULL }, { "h2-14", NULL }, { "h", NULL }, { "H2", NULL },
    { "h3", NULL },  { "xh2", NULL },   { "h2c", "http/1.1" },
};

START_TEST(test_names_that_only_resemble_h2_are_other)
{
    ck_assert_msg(hand_answer(near_h2[_i], ALPN_LAST, 0) == HB_HELLO_OTHER, "\"%s\"", near_h2[_i][0]);
}
END_TEST

START_TEST(test_hello_without_alpn_is_other)
{
    ck_assert_int_eq(hand_answer(NULL, ALPN_LAST, 0), HB_HELLO_OTHER);
}
END_TEST

START_TEST(test_hello_without_any_extensions_is_other)
{
    struct bytes msg = { 0 }, w = { 0 };
    put_client_hello(&msg, NULL);
    put_records(&w, msg.b, msg.n, 0);
    ck_assert_int_eq(read_all(&w), HB_HELLO_OTHER);
    drop(&msg);
    drop(&w);
}
END_TEST

START_TEST(test_alpn_is_found_as_the_first_extension)
{
    ck_assert_int_eq(hand_answer(h2_and_http11, ALPN_FIRST, 0), HB_HELLO_H2);
}
END_TEST

START_TEST(test_alpn_is_found_as_the_last_extension)
{
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_LAST, 0);
    /* The hello ends with the ALPN list's last name. */
    ck_assert_int_eq(memcmp(w.b + w.n - 8, "http/1.1", 8), 0);
    ck_assert_int_eq(read_all(&w), HB_HELLO_H2);
    drop(&w);
}
END_TEST

START_TEST(test_alpn_extension_twice_is_other)
{
    ck_assert_int_eq(hand_answer(h2_and_http11, ALPN_TWICE, 0), HB_HELLO_OTHER);
}
END_TEST

/* --- records: fragments and truncation ---------------------------------------- */

START_TEST(test_hello_fragmented_over_two_records_is_h2)
{
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_LAST, 100); /* a 127-byte message */
    ck_assert_uint_eq(w.n, 127 + 2 * 5);
    ck_assert_int_eq(read_all(&w), HB_HELLO_H2);
    drop(&w);
}
END_TEST

START_TEST(test_hello_fragmented_over_three_records_is_h2)
{
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_LAST, 50);
    ck_assert_uint_eq(w.n, 127 + 3 * 5);
    ck_assert_int_eq(read_all(&w), HB_HELLO_H2);
    drop(&w);
}
END_TEST

/* Fragments of every size, down to one byte: the handshake header, a
 * length and "h2" itself split between records. */
START_TEST(test_hello_fragmented_at_every_size_keeps_its_answer)
{
    size_t frag = (size_t)_i;
    ck_assert_msg(hand_answer(h2_and_http11, ALPN_LAST, frag) == HB_HELLO_H2, "frag %zu", frag);
    ck_assert_msg(hand_answer(http11_only, ALPN_FIRST, frag) == HB_HELLO_OTHER, "frag %zu", frag);
}
END_TEST

/* Each prefix asks for more, for more than it has, and never for less than
 * a shorter prefix did; the last ask is the whole hello. */
static void check_truncations(const struct bytes *w)
{
    size_t last = 0;
    for (size_t len = 0; len < w->n; len++) {
        size_t need = 0;
        ck_assert_msg(read_exact(w->b, len, &need) == HB_HELLO_MORE, "len %zu", len);
        ck_assert_msg(need > len && need <= w->n && need >= last, "len %zu need %zu", len, need);
        last = need;
    }
    ck_assert_uint_eq(last, w->n);
}

START_TEST(test_every_truncation_asks_for_more_with_a_growing_need)
{
    static const size_t frags[] = { 0, 1, 7, 50, 126 };
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_LAST, frags[_i]);
    check_truncations(&w);
    drop(&w);
}
END_TEST

/* The front door's loop: peek as many bytes as *need says, read again. */
static size_t peeks_to_answer(const struct bytes *w, enum hb_tls_hello *answer)
{
    size_t len = 0, peeks = 0, need = 0;
    while ((*answer = read_exact(w->b, len, &need)) == HB_HELLO_MORE && need <= w->n) {
        len = need;
        peeks++;
    }
    return peeks;
}

START_TEST(test_peeking_what_need_says_reaches_the_answer_in_two_steps_a_record)
{
    static const size_t frags[] = { 0, 100, 50 };
    struct bytes w = { 0 };
    enum hb_tls_hello answer;
    hand_hello(&w, h2_and_http11, ALPN_LAST, frags[_i]);
    ck_assert_uint_eq(peeks_to_answer(&w, &answer), 2 * ((size_t)_i + 1));
    ck_assert_int_eq(answer, HB_HELLO_H2);
    drop(&w);
}
END_TEST

/* --- not TLS, odd TLS --------------------------------------------------------- */

static const char *const not_tls[] = {
    "GET / HTTP/1.1\r\n", "G", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\r\n",
    "\x16\x02\x00\x00\x10", /* a handshake record of SSL 2 */
    "\x15\x03\x03\x00\x02", /* an alert record */
};

START_TEST(test_what_is_no_tls_handshake_record_is_not_tls)
{
    const char *s = not_tls[_i];
    ck_assert_msg(read_exact((const unsigned char *)s, strlen(s), NULL) == HB_HELLO_NOT_TLS, "%s", s);
}
END_TEST

START_TEST(test_sslv2_style_hello_is_not_tls)
{
    /* Two-byte length with the top bit set, CLIENT-HELLO, version 3.1,
     * 3-byte cipher specs, no session id, a 16-byte challenge. */
    static const unsigned char v2[] = {
        0x80, 0x1f, 0x01, 0x03, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10,
        0x00, 0x00, 0x2f, 0x00, 0x00, 0x35,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
    };
    ck_assert_int_eq(read_exact(v2, sizeof(v2), NULL), HB_HELLO_NOT_TLS);
    ck_assert_int_eq(read_exact(v2, 1, NULL), HB_HELLO_NOT_TLS);
}
END_TEST

START_TEST(test_nothing_yet_asks_for_a_record_header)
{
    size_t need = 0;
    ck_assert_int_eq(hb_tls_hello_read(NULL, 0, &need), HB_HELLO_MORE);
    ck_assert_uint_eq(need, 5);
}
END_TEST

/* One field of the one-record, ALPN-first hello set to a value (or moved
 * by a delta) it may not have. */
struct patch {
    const char *name;
    size_t offset, width;
    long value;
    bool delta;
};

static const struct patch patches[] = {
    { "record_length_zero", 3, 2, 0, false },
    { "record_length_beyond_any_record", 3, 2, 0xffff, false },
    { "record_running_past_its_hello", 3, 2, 1, true },
    { "handshake_not_a_client_hello", 5, 1, 2, false },
    { "handshake_length_beyond_the_cap", 6, 3, 0xffffff, false },
    { "handshake_length_short_of_its_record", 6, 3, -1, true },
    { "session_id_of_33_bytes", 43, 1, 33, false },
    { "session_id_of_255_bytes", 43, 1, 255, false },
    { "cipher_suites_odd", 76, 2, 3, false },
    { "cipher_suites_empty", 76, 2, 0, false },
    { "cipher_suites_beyond_the_hello", 76, 2, 0xfffe, false },
    { "compression_methods_empty", 82, 1, 0, false },
    { "compression_methods_beyond_the_hello", 82, 1, 0xff, false },
    { "extensions_beyond_the_hello", 84, 2, 0xffff, false },
    { "extensions_short_of_the_hello", 84, 2, -1, true },
    { "alpn_beyond_the_extensions", 88, 2, 0xffff, false },
    { "alpn_list_beyond_the_extension", 90, 2, 0xffff, false },
    { "alpn_list_short_of_the_extension", 90, 2, -1, true },
    { "alpn_list_of_one_byte", 90, 2, 1, false },
    { "alpn_name_empty", 92, 1, 0, false },
    { "alpn_name_beyond_the_list", 92, 1, 255, false },
};

static void apply(struct bytes *w, const struct patch *p)
{
    size_t v = 0;
    for (size_t i = 0; i < p->width; i++)
        v = v << 8 | w->b[p->offset + i];
    v = p->delta ? v + (size_t)p->value : (size_t)p->value;
    for (size_t i = p->width; i-- > 0; v >>= 8)
        w->b[p->offset + i] = (unsigned char)v;
}

START_TEST(test_absurd_lengths_and_types_are_other)
{
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_FIRST, 0);
    /* The layout put_client_hello promises: the patches hit their fields. */
    ck_assert_uint_eq(w.b[43], 32);
    ck_assert_uint_eq(w.b[77], 4);
    ck_assert_int_eq(memcmp(w.b + 92, "\x02h2\x08http/1.1", 12), 0);
    apply(&w, &patches[_i]);
    size_t need = 0;
    enum hb_tls_hello r = read_exact(w.b, w.n, &need);
    ck_assert_msg(r == HB_HELLO_OTHER, "%s: answer %d need %zu", patches[_i].name, r, need);
    drop(&w);
}
END_TEST

START_TEST(test_other_record_types_between_fragments_are_other)
{
    struct bytes w = { 0 };
    hand_hello(&w, h2_and_http11, ALPN_LAST, 100);
    w.b[105] = 21; /* the second record: an alert */
    ck_assert_int_eq(read_all(&w), HB_HELLO_OTHER);
    w.b[105] = 22;
    w.b[106] = 2; /* version 2.1 */
    ck_assert_int_eq(read_all(&w), HB_HELLO_OTHER);
    drop(&w);
}
END_TEST

/* A hello that fits 64 KiB in 16 KiB records but not once cut into 15-byte
 * ones (5 of header, 10 of hello): OTHER as soon as the next record could
 * not fit, which is after the record ending at byte 65535. */
START_TEST(test_hello_larger_than_the_cap_is_other)
{
    struct bytes exts = { 0 }, msg = { 0 }, w = { 0 };
    unsigned char *pad = calloc(60000, 1);
    ck_assert_ptr_nonnull(pad);
    put_alpn(&exts, h2_and_http11);
    put_extension(&exts, 0x0015, pad, 60000); /* padding */
    put_client_hello(&msg, &exts);
    put_records(&w, msg.b, msg.n, 16384);
    ck_assert_int_eq(read_all(&w), HB_HELLO_H2);
    w.n = 0;
    put_records(&w, msg.b, msg.n, 10);
    size_t need = 0;
    ck_assert_int_eq(read_exact(w.b, 65535, &need), HB_HELLO_OTHER);
    ck_assert_int_eq(read_exact(w.b, 65534, &need), HB_HELLO_MORE);
    ck_assert_uint_eq(need, 65535);
    free(pad);
    drop(&exts);
    drop(&msg);
    drop(&w);
}
END_TEST

/* --- GnuTLS's own hellos ------------------------------------------------------ */

static const char *const *const gnutls_offers[] = { h2_and_http11, http11_only, NULL };
static const enum hb_tls_hello gnutls_answers[] = { HB_HELLO_H2, HB_HELLO_OTHER, HB_HELLO_OTHER };

START_TEST(test_gnutls_hello_gets_the_answer_its_alpn_deserves)
{
    struct bytes w = { 0 };
    gnutls_hello(&w, gnutls_offers[_i]);
    ck_assert_int_eq(read_all(&w), gnutls_answers[_i]);
    check_truncations(&w);
    drop(&w);
}
END_TEST

START_TEST(test_gnutls_hello_refragmented_keeps_its_answer)
{
    static const size_t frags[] = { 1, 2, 3, 5, 64, 255, 256, 300 };
    struct bytes w = { 0 }, msg = { 0 };
    gnutls_hello(&w, h2_and_http11);
    message_of(&w, &msg);
    w.n = 0;
    put_records(&w, msg.b, msg.n, frags[_i]);
    ck_assert_int_eq(read_all(&w), HB_HELLO_H2);
    check_truncations(&w);
    drop(&w);
    drop(&msg);
}
END_TEST

/* --- mutations ------------------------------------------------------------------ */

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* A few bytes changed, half the time among the first 128 where the lengths
 * that matter most are. */
static void mutate(unsigned char *b, size_t n, uint32_t *seed)
{
    for (uint32_t k = 1 + next_random(seed) % 4; k > 0; k--) {
        uint32_t r = next_random(seed);
        size_t at = (r & 1) && n > 128 ? r / 2 % 128 : r / 2 % n;
        switch (next_random(seed) % 4) {
        case 0: b[at] ^= (unsigned char)(1u << (r % 8)); break;
        case 1: b[at] = (unsigned char)(r >> 24); break;
        case 2: b[at] = 0; break;
        default: b[at] = 0xff; break;
        }
    }
}

/* Peeking as *need says: each ask grows and stays under the cap, and an
 * answer, once given, is the one all n bytes get. */
static void check_walk(const unsigned char *b, size_t n, enum hb_tls_hello full)
{
    size_t need = 0, len = 0, last = 0;
    enum hb_tls_hello r;
    while ((r = read_exact(b, len, &need)) == HB_HELLO_MORE) {
        ck_assert(need > len && need >= last && need <= HB_TLS_HELLO_MAX);
        if (need > n)
            return; /* the bytes it waits for never come */
        len = last = need;
    }
    ck_assert_int_le(r, HB_HELLO_OTHER);
    ck_assert_int_eq(r, full);
}

/* Two prefixes anywhere: each waits or answers as the whole does, and the
 * shorter never asks for more than the longer. */
static void check_two_prefixes(const unsigned char *b, size_t n, enum hb_tls_hello full,
                               uint32_t *seed)
{
    size_t p1 = next_random(seed) % (n + 1), p2 = next_random(seed) % (n + 1);
    size_t need1 = 0, need2 = 0;
    if (p1 > p2) {
        size_t t = p1;
        p1 = p2;
        p2 = t;
    }
    enum hb_tls_hello r1 = read_exact(b, p1, &need1), r2 = read_exact(b, p2, &need2);
    ck_assert(r1 == HB_HELLO_MORE || r1 == full);
    ck_assert(r2 == HB_HELLO_MORE || r2 == full);
    if (r1 == HB_HELLO_MORE && r2 == HB_HELLO_MORE)
        ck_assert(need1 > p1 && need1 <= need2);
}

START_TEST(test_mutated_hellos_never_crash_and_answers_hold_as_bytes_arrive)
{
    struct bytes base = { 0 };
    if (_i < 2)
        gnutls_hello(&base, _i == 0 ? h2_and_http11 : NULL);
    else
        hand_hello(&base, h2_and_http11, _i == 2 ? ALPN_FIRST : ALPN_LAST, _i == 2 ? 0 : 40);
    unsigned char *m = malloc(base.n);
    ck_assert_ptr_nonnull(m);
    uint32_t seed = 0x9e3779b9u + (uint32_t)_i;
    for (int round = 0; round < 20000; round++) {
        memcpy(m, base.b, base.n);
        mutate(m, base.n, &seed);
        size_t n = next_random(&seed) % 8 ? base.n : next_random(&seed) % base.n;
        size_t need = 0;
        enum hb_tls_hello full = read_exact(m, n, &need);
        check_walk(m, n, full);
        check_two_prefixes(m, n, full, &seed);
    }
    free(m);
    drop(&base);
}
END_TEST

static Suite *tls_hello_suite(void)
{
    Suite *s = suite_create("tls_hello");
    TCase *tc = tcase_create("tls_hello");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hello_offering_h2_and_http11_is_h2);
    tcase_add_test(tc, test_h2_anywhere_in_the_alpn_list_is_h2);
    tcase_add_test(tc, test_hello_offering_only_http11_is_other);
    tcase_add_loop_test(tc, test_names_that_only_resemble_h2_are_other, 0, (int)N_OF(near_h2));
    tcase_add_test(tc, test_hello_without_alpn_is_other);
    tcase_add_test(tc, test_hello_without_any_extensions_is_other);
    tcase_add_test(tc, test_alpn_is_found_as_the_first_extension);
    tcase_add_test(tc, test_alpn_is_found_as_the_last_extension);
    tcase_add_test(tc, test_alpn_extension_twice_is_other);
    tcase_add_test(tc, test_hello_fragmented_over_two_records_is_h2);
    tcase_add_test(tc, test_hello_fragmented_over_three_records_is_h2);
    tcase_add_loop_test(tc, test_hello_fragmented_at_every_size_keeps_its_answer, 1, 140);
    tcase_add_loop_test(tc, test_every_truncation_asks_for_more_with_a_growing_need, 0, 5);
    tcase_add_loop_test(tc, test_peeking_what_need_says_reaches_the_answer_in_two_steps_a_record,
                        0, 3);
    tcase_add_loop_test(tc, test_what_is_no_tls_handshake_record_is_not_tls, 0, (int)N_OF(not_tls));
    tcase_add_test(tc, test_sslv2_style_hello_is_not_tls);
    tcase_add_test(tc, test_nothing_yet_asks_for_a_record_header);
    tcase_add_loop_test(tc, test_absurd_lengths_and_types_are_other, 0, (int)N_OF(patches));
    tcase_add_test(tc, test_other_record_types_between_fragments_are_other);
    tcase_add_test(tc, test_hello_larger_than_the_cap_is_other);
    tcase_add_loop_test(tc, test_gnutls_hello_gets_the_answer_its_alpn_deserves, 0, 3);
    tcase_add_loop_test(tc, test_gnutls_hello_refragmented_keeps_its_answer, 0, 8);
    tcase_add_loop_test(tc, test_mutated_hellos_never_crash_and_answers_hold_as_bytes_arrive, 0, 4);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tls_hello_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
