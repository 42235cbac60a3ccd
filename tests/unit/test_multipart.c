/* SPDX-License-Identifier: MIT */
/* multipart/form-data parsing; every expectation here was checked against
 * Werkzeug 2.2.2 (Debian 12's python3-werkzeug) unless it says otherwise. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/multipart.h"

/* A byte string literal with its length (bodies hold NULs). */
#define B(s) s, sizeof(s) - 1

struct want_part {
    const char *name;
    const char *filename;
    const char *content_type;
    const char *data;
    size_t len;
};

struct split_case {
    const char *name;
    const char *boundary;
    const char *body;
    size_t len;
    size_t count;
    struct want_part parts[2];
};

static void check_part(const char *label, size_t i, const struct hb_part *got,
                       const struct want_part *want)
{
    if (!want->name)
        ck_assert_msg(!got->name, "%s: part %zu name \"%s\", want none", label, i, got->name);
    else
        ck_assert_msg(got->name && strcmp(got->name, want->name) == 0,
                      "%s: part %zu name \"%s\", want \"%s\"", label, i,
                      got->name ? got->name : "(none)", want->name);
    if (!want->filename)
        ck_assert_msg(!got->filename, "%s: part %zu has filename \"%s\", want none", label, i,
                      got->filename);
    else
        ck_assert_msg(got->filename && strcmp(got->filename, want->filename) == 0,
                      "%s: part %zu filename \"%s\", want \"%s\"", label, i,
                      got->filename ? got->filename : "(none)", want->filename);
    if (!want->content_type)
        ck_assert_msg(!got->content_type, "%s: part %zu has content type \"%s\", want none",
                      label, i, got->content_type);
    else
        ck_assert_msg(got->content_type && strcmp(got->content_type, want->content_type) == 0,
                      "%s: part %zu content type \"%s\", want \"%s\"", label, i,
                      got->content_type ? got->content_type : "(none)", want->content_type);
    ck_assert_msg(got->len == want->len && memcmp(got->data, want->data, want->len) == 0,
                  "%s: part %zu data of %zu bytes differs (want %zu)", label, i, got->len,
                  want->len);
}

#define HEAD_A "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"

static const struct split_case split_cases[] = {
    {"a simple field", "b",
     B(HEAD_A "hello\r\n--b--\r\n"), 1, {{"a", NULL, NULL, B("hello")}}},
    {"a file with its content type", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a b.txt\"\r\n"
       "Content-Type: text/plain\r\n\r\nx\r\ny\r\n--b--\r\n"),
     1, {{"f", "a b.txt", "text/plain", B("x\r\ny")}}},
    {"an empty filename is still a file", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\nx\r\n--b--"),
     1, {{"f", "", NULL, B("x")}}},
    {"a filename parameter without a value makes a field", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"f\"; filename\r\n\r\nx\r\n--b--"),
     1, {{"f", NULL, NULL, B("x")}}},
    {"two fields", "b",
     B(HEAD_A "1\r\n--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n2\r\n--b--"),
     2, {{"a", NULL, NULL, B("1")}, {"c", NULL, NULL, B("2")}}},
    {"a preamble is skipped", "b",
     B("pre\r\namble\r\n" HEAD_A "x\r\n--b--"), 1, {{"a", NULL, NULL, B("x")}}},
    {"a preamble may run straight into the boundary", "b",
     B("pre" HEAD_A "x\r\n--b--"), 1, {{"a", NULL, NULL, B("x")}}},
    {"a boundary glued to text is preamble too", "b",
     B("--bx\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--"), 0, {{0}}},
    {"a body of just the closing delimiter has no parts", "b", B("--b--"), 0, {{0}}},
    {"the epilogue is ignored", "b",
     B(HEAD_A "x\r\n--b-- \t\r\nepilogue\r\n--b\r\n"), 1, {{"a", NULL, NULL, B("x")}}},
    {"LF line breaks work everywhere", "b",
     B("--b\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b--"),
     1, {{"a", NULL, NULL, B("x")}}},
    {"CR line breaks work everywhere", "b",
     B("--b\rContent-Disposition: form-data; name=\"a\"\r\rx\r--b\r"
       "Content-Disposition: form-data; name=\"c\"\r\ry\r--b--"),
     2, {{"a", NULL, NULL, B("x")}, {"c", NULL, NULL, B("y")}}},
    {"transport whitespace may follow a delimiter", "b",
     B("--b \t\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b \r\n"
       "Content-Disposition: form-data; name=c\r\n\r\ny\r\n--b--"),
     2, {{"a", NULL, NULL, B("x")}, {"c", NULL, NULL, B("y")}}},
    {"near boundaries stay in the data", "b",
     B(HEAD_A "x--b\r\n--bx\r\n--b-\r\n--b\t-\r\n\r\n--b--"),
     1, {{"a", NULL, NULL, B("x--b\r\n--bx\r\n--b-\r\n--b\t-\r\n")}}},
    {"binary data keeps its NULs", "b",
     B(HEAD_A "\0a\0\r\n--b--"), 1, {{"a", NULL, NULL, B("\0a\0")}}},
    {"an empty part body", "b", B(HEAD_A "\r\n--b--"), 1, {{"a", NULL, NULL, B("")}}},
    /* Werkzeug's unquoting: \\ then \" are replaced, other backslashes stay. */
    {"quoted names keep semicolons and unescape quotes", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"a\\\"b;c\\\\d\\x\"\r\n\r\nx\r\n--b--"),
     1, {{"a\"b;c\\d\\x", NULL, NULL, B("x")}}},
    {"a UNC filename keeps every backslash", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename=\"\\\\\\\\srv\\\\f\"\r\n\r\nx\r\n--b--"),
     1, {{"a", "\\\\\\\\srv\\\\f", NULL, B("x")}}},
    {"token values keep inner and trailing spaces", "b",
     B("--b\r\nContent-Disposition: form-data; name=a b ; filename=c d\r\n\r\nx\r\n--b--"),
     1, {{"a b ", "c d", NULL, B("x")}}},
    {"parameters need no spaces", "b",
     B("--b\r\nContent-Disposition:form-data;name=a;filename=f\r\n\r\nx\r\n--b--"),
     1, {{"a", "f", NULL, B("x")}}},
    {"filename* is percent-decoded UTF-8", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''b%20%C3%A9.txt\r\n\r\nx\r\n--b--"),
     1, {{"a", "b \xc3\xa9.txt", NULL, B("x")}}},
    {"filename* after filename wins", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename=\"a.txt\"; filename*=UTF-8''b.txt\r\n\r\nx\r\n--b--"),
     1, {{"a", "b.txt", NULL, B("x")}}},
    {"filename after filename* wins", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''b.txt; filename=\"a.txt\"\r\n\r\nx\r\n--b--"),
     1, {{"a", "a.txt", NULL, B("x")}}},
    {"Latin-1 and ASCII charsets are decoded", "b",
     B("--b\r\nContent-Disposition: form-data; name*=us-ascii''%41; filename*=iso-8859-1'en'%E9t%E9.txt\r\n\r\nx\r\n--b--"),
     1, {{"A", "\xc3\xa9t\xc3\xa9.txt", NULL, B("x")}}},
    {"an empty filename* value makes a field", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''\r\n\r\nx\r\n--b--"),
     1, {{"a", NULL, NULL, B("x")}}},
    {"RFC 2231 continuations are joined", "b",
     B("--b\r\nContent-Disposition: form-data; name*0=\"a\"; name*1=b; name*2=\"c d\"\r\n\r\nx\r\n--b--"),
     1, {{"abc d", NULL, NULL, B("x")}}},
    /* Werkzeug's start regex stops at the space: no parameters at all. */
    {"a space before the first semicolon hides the parameters", "b",
     B("--b\r\nContent-Disposition: form-data ; name=a\r\n\r\nx\r\n--b--"),
     1, {{NULL, NULL, NULL, B("x")}}},
    {"any disposition type is accepted", "b",
     B("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--"),
     1, {{"a", NULL, NULL, B("x")}}},
    /* Werkzeug names this field None, as we do with NULL. */
    {"an empty Content-Disposition gives an unnamed field", "b",
     B("--b\r\nContent-Disposition:\r\n\r\nx\r\n--b--"), 1, {{NULL, NULL, NULL, B("x")}}},
    {"folded header lines are joined", "b",
     B("--b\nContent-Disposition: form-data;\n\tname=\"a\"\n\nx\n--b--"),
     1, {{"a", NULL, NULL, B("x")}}},
    {"header and parameter names are case-insensitive", "b",
     B("--b\r\nCONTENT-DISPOSITION: form-data; NAME=\"a\"; FileName=x\r\ncontent-TYPE: t/x\r\n\r\nx\r\n--b--"),
     1, {{"a", "x", "t/x", B("x")}}},
    {"the first Content-Type counts, stripped", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename=f\r\nContent-Type:  text/plain \r\n"
       "content-type: x/y\r\n\r\nx\r\n--b--"),
     1, {{"a", "f", "text/plain", B("x")}}},
    {"an empty Content-Type stays empty", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename=f\r\nContent-Type:\r\n\r\nx\r\n--b--"),
     1, {{"a", "f", "", B("x")}}},
    {"headers run to the first blank line, even past a delimiter", "x:y",
     B("--x:y\r\nContent-Disposition: form-data; name=a\r\n--x:y\r\n"
       "Content-Disposition: form-data; name=b\r\n\r\nv\r\n--x:y--"),
     1, {{"a", NULL, NULL, B("v")}}},
};

START_TEST(test_multipart_splits_bodies_like_werkzeug)
{
    const struct split_case *c = &split_cases[_i];
    struct hb_arena a;
    struct hb_multipart mp;

    hb_arena_init(&a, 0);
    int rc = hb_multipart_parse(&a, c->boundary, c->body, c->len, 1000, &mp);
    ck_assert_msg(rc == 0, "%s: rc %d", c->name, rc);
    ck_assert_msg(mp.count == c->count, "%s: %zu parts, want %zu", c->name, mp.count, c->count);
    for (size_t i = 0; i < mp.count; i++)
        check_part(c->name, i, &mp.parts[i], &c->parts[i]);
    hb_arena_cleanup(&a);
}
END_TEST

struct malformed_case {
    const char *name;
    const char *boundary;
    const char *body;
    size_t len;
};

static const struct malformed_case malformed_cases[] = {
    {"an empty body", "b", B("")},
    {"an empty boundary", "", B("--\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n----")},
    {"no opening boundary", "b", B("Content-Disposition: form-data; name=a\r\n\r\nx\r\n")},
    {"a missing closing boundary", "b", B(HEAD_A "hello")},
    {"a body ending right after a delimiter", "b", B(HEAD_A "hello\r\n--b")},
    {"a closing delimiter with no line break before it", "b", B(HEAD_A "--b--")},
    {"a part without the blank line after its headers", "b",
     B("--b\r\nContent-Disposition: form-data; name=a\r\n--b--")},
    {"a part without headers", "b", B("--b\r\n\r\nx\r\n--b--")},
    {"a header line without a colon", "b",
     B("--b\r\nContent-Disposition: form-data; name=a\r\nbogus\r\n\r\nx\r\n--b--")},
    /* Werkzeug raises rather than skipping the part. */
    {"a part without Content-Disposition", "b",
     B("--b\r\nX: y\r\n\r\nx\r\n" HEAD_A "y\r\n--b--")},
    {"a header line that is not UTF-8", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"\xe9\"\r\n\r\nx\r\n--b--")},
    {"filename* that is not UTF-8", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%C3\r\n\r\nx\r\n--b--")},
    {"filename* pieces are decoded one by one", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*0*=UTF-8''%C3; filename*1*=%A9\r\n\r\nx\r\n--b--")},
    {"an ASCII parameter with a high byte", "b",
     B("--b\r\nContent-Disposition: form-data; name*=us-ascii''%C3\r\n\r\nx\r\n--b--")},
    {"a bad charset in a parameter we do not use", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; foo*=utf-8''%FF\r\n\r\nx\r\n--b--")},
    /* Werkzeug: LookupError, a 500. */
    {"an unknown charset", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename*=foo''x\r\n\r\nx\r\n--b--")},
    /* Werkzeug: TypeError (None + str), a 500. */
    {"a continuation of a valueless parameter", "b",
     B("--b\r\nContent-Disposition: form-data; name=a; filename; filename*1=x\r\n\r\nx\r\n--b--")},
    /* Werkzeug accepts this; a C string cannot hold it. */
    {"a NUL in a field name", "b",
     B("--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\nx\r\n--b--")},
};

START_TEST(test_multipart_rejects_malformed_bodies)
{
    const struct malformed_case *c = &malformed_cases[_i];
    struct hb_arena a;
    struct hb_multipart mp = {(struct hb_part *)1, 99};

    hb_arena_init(&a, 0);
    int rc = hb_multipart_parse(&a, c->boundary, c->body, c->len, 1000, &mp);
    ck_assert_msg(rc == HB_MULTIPART_EMALFORMED, "%s: rc %d", c->name, rc);
    ck_assert_msg(mp.parts == NULL && mp.count == 0, "%s: output not emptied", c->name);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_multipart_keeps_every_file_of_a_field)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"1.txt\"\r\n\r\none\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"2.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\ntwo\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nthree\r\n--b--\r\n";
    static const struct want_part want[] = {
        {"f", "1.txt", NULL, B("one")},
        {"f", "2.bin", "application/octet-stream", B("two")},
        {"f", NULL, NULL, B("three")},
    };
    struct hb_arena a;
    struct hb_multipart mp;

    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_multipart_parse(&a, "b", body, sizeof(body) - 1, 1000, &mp), 0);
    ck_assert_uint_eq(mp.count, 3);
    for (size_t i = 0; i < 3; i++)
        check_part("repeated field", i, &mp.parts[i], &want[i]);
    hb_arena_cleanup(&a);
}
END_TEST

/* xorshift: the same bytes on every run. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

START_TEST(test_multipart_splits_a_4mib_binary_file_with_near_boundaries)
{
    static const char boundary[] = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    /* Everything but a delimiter: a boundary is one only after a line break
     * and before "--" or (whitespace and) a line break. */
    static const char *const traps[] = {
        "\r\n", "\r\n\r\n", "\n\n", "\r\r", "\r\n--",
        "\r\n------WebKitFormBoundary7MA4YWxkTrZu0g.",
        "x------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n",
        "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gWx",
        "\n------WebKitFormBoundary7MA4YWxkTrZu0gW-\r\n",
        "x------WebKitFormBoundary7MA4YWxkTrZu0gW--",
    };
    static const char head[] =
        "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
        "Content-Disposition: form-data; name=\"upload\"; filename=\"blob.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n";
    static const char tail[] =
        "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
        "Content-Disposition: form-data; name=\"after\"\r\n\r\nend\r\n"
        "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
    const size_t file_len = 4u << 20;
    size_t len = sizeof(head) - 1 + file_len + sizeof(tail) - 1;
    char *body = malloc(len);
    ck_assert_ptr_nonnull(body);
    char *file = body + sizeof(head) - 1;
    uint32_t state = 2463534242u;

    memcpy(body, head, sizeof(head) - 1);
    for (size_t i = 0; i < file_len;) {
        uint32_t r = next_random(&state);
        if (r % 64 == 0) {
            const char *t = traps[(r >> 8) % (sizeof(traps) / sizeof(traps[0]))];
            size_t n = strlen(t);
            if (n > file_len - i)
                n = file_len - i;
            memcpy(file + i, t, n);
            i += n;
        } else {
            file[i++] = (char)(r >> 16);
        }
    }
    memcpy(file + file_len, tail, sizeof(tail) - 1);

    struct hb_arena a;
    struct hb_multipart mp;
    hb_arena_init(&a, 0);
    ck_assert_int_eq(hb_multipart_parse(&a, boundary, body, len, 1000, &mp), 0);
    ck_assert_uint_eq(mp.count, 2);
    ck_assert_str_eq(mp.parts[0].name, "upload");
    ck_assert_str_eq(mp.parts[0].filename, "blob.bin");
    ck_assert_ptr_eq(mp.parts[0].data, file);
    ck_assert_uint_eq(mp.parts[0].len, file_len);
    ck_assert_str_eq(mp.parts[1].name, "after");
    ck_assert_uint_eq(mp.parts[1].len, 3);
    ck_assert(memcmp(mp.parts[1].data, "end", 3) == 0);
    hb_arena_cleanup(&a);
    free(body);
}
END_TEST

#define PART(n) "--b\r\nContent-Disposition: form-data; name=\"" n "\"\r\n\r\nv\r\n"

struct limit_case {
    const char *name;
    const char *body;
    size_t len;
    size_t max_parts;
    int rc;
};

static const struct limit_case limit_cases[] = {
    {"exactly max_parts parts pass", B(PART("1") PART("2") PART("3") "--b--"), 3, 0},
    {"one part too many", B(PART("1") PART("2") PART("3") "--b--"), 2, HB_MULTIPART_ETOOMANY},
    {"no part allowed", B(PART("1") "--b--"), 0, HB_MULTIPART_ETOOMANY},
    {"no part allowed and none sent", B("--b--"), 0, 0},
    /* Werkzeug counts a part once its headers are read, before its data. */
    {"the extra part counts before the body turns out truncated",
     B(PART("1") PART("2") "--b\r\nContent-Disposition: form-data; name=\"3\"\r\n\r\nv"), 2,
     HB_MULTIPART_ETOOMANY},
    {"bad headers of the extra part come first",
     B(PART("1") PART("2") "--b\r\nbogus\r\n\r\nv\r\n--b--"), 2, HB_MULTIPART_EMALFORMED},
};

START_TEST(test_multipart_enforces_max_parts)
{
    const struct limit_case *c = &limit_cases[_i];
    struct hb_arena a;
    struct hb_multipart mp;

    hb_arena_init(&a, 0);
    int rc = hb_multipart_parse(&a, "b", c->body, c->len, c->max_parts, &mp);
    ck_assert_msg(rc == c->rc, "%s: rc %d, want %d", c->name, rc, c->rc);
    if (rc == 0)
        ck_assert_uint_eq(mp.count, c->max_parts);
    hb_arena_cleanup(&a);
}
END_TEST

/* Every prefix in a buffer of its own size, so the sanitizer sees any read
 * past the end; only prefixes holding the closing delimiter parse. */
START_TEST(test_multipart_never_reads_past_a_truncated_body)
{
    static const char body[] =
        "pre\r\n--b \r\nContent-Disposition: form-data; name*0=\"a\"; name*1=b;\r\n"
        " filename*=UTF-8''%C3%A9\r\nContent-Type: text/plain\r\n\r\nx\r\n--b-\r\n"
        "--b\nContent-Disposition: form-data; name=\"c\\\"\"\n\n\n--b-- \r\nepilogue";
    const size_t closed = (size_t)(strstr(body, "--b--") - body) + 5;

    for (size_t len = 0; len < sizeof(body); len++) {
        char *copy = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, body, len);
        struct hb_arena a;
        struct hb_multipart mp;
        hb_arena_init(&a, 0);
        int rc = hb_multipart_parse(&a, "b", copy, len, 1000, &mp);
        if (len < closed) {
            ck_assert_msg(rc == HB_MULTIPART_EMALFORMED, "prefix of %zu: rc %d", len, rc);
        } else {
            ck_assert_msg(rc == 0, "prefix of %zu: rc %d", len, rc);
            ck_assert_uint_eq(mp.count, 2);
            ck_assert_str_eq(mp.parts[0].name, "ab");
            ck_assert_str_eq(mp.parts[0].filename, "\xc3\xa9");
            ck_assert_str_eq(mp.parts[1].name, "c\"");
            ck_assert_uint_eq(mp.parts[1].len, 0);
        }
        hb_arena_cleanup(&a);
        free(copy);
    }
}
END_TEST

/* Under every arena limit the parse either succeeds or says ENOMEM. */
START_TEST(test_multipart_fails_cleanly_at_every_arena_limit)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"a\\\"\"; filename*=UTF-8''%C3%A9\r\n"
        "Content-Type: text/plain\r\n\r\nx\r\n" PART("1") PART("2") PART("3") PART("4") PART("5")
        PART("6") PART("7") PART("8") PART("9") "--b--";
    bool passed = false;

    for (size_t limit = 1; limit < 4096 && !passed; limit++) {
        struct hb_arena a;
        struct hb_multipart mp;
        hb_arena_init(&a, limit);
        int rc = hb_multipart_parse(&a, "b", body, sizeof(body) - 1, 1000, &mp);
        ck_assert_msg(rc == 0 || rc == HB_MULTIPART_ENOMEM, "limit %zu: rc %d", limit, rc);
        if (rc == 0) {
            ck_assert_uint_eq(mp.count, 10);
            ck_assert_str_eq(mp.parts[0].filename, "\xc3\xa9");
            passed = true;
        }
        hb_arena_cleanup(&a);
    }
    ck_assert_msg(passed, "never parsed under 4096 bytes of arena");
}
END_TEST

struct boundary_case {
    const char *name;
    const char *content_type;
    const char *want; /* NULL: none */
};

static const struct boundary_case boundary_cases[] = {
    {"a token", "multipart/form-data; boundary=abc", "abc"},
    {"a quoted string", "multipart/form-data; boundary=\"a b\"", "a b"},
    {"an escaped quote", "multipart/form-data; boundary=\"a\\\"b\"", "a\"b"},
    {"a parameter name in capitals", "multipart/form-data; BOUNDARY=x", "x"},
    {"no spaces", "multipart/form-data;boundary=x", "x"},
    {"among other parameters", "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
     "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
    {"a token keeps spaces before the next semicolon", "multipart/form-data; boundary=abc ; x=y", "abc "},
    {"the last of two", "multipart/form-data; boundary=a; boundary=b", "b"},
    {"RFC 2231 encoded", "multipart/form-data; boundary*=UTF-8''%41%42", "AB"},
    {"70 characters",
     "multipart/form-data; boundary=1234567890123456789012345678901234567890123456789012345678901234567890",
     "1234567890123456789012345678901234567890123456789012345678901234567890"},
    /* Werkzeug takes any length. */
    {"71 characters",
     "multipart/form-data; boundary=12345678901234567890123456789012345678901234567890123456789012345678901",
     NULL},
    {"absent", "multipart/form-data", NULL},
    {"without a value", "multipart/form-data; boundary", NULL},
    {"an empty token", "multipart/form-data; boundary=", NULL},
    {"an empty quoted string", "multipart/form-data; boundary=\"\"", NULL},
    {"not ASCII", "multipart/form-data; boundary=\xc3\xa9", NULL},
    {"hidden by a space before the semicolon", "multipart/form-data ;boundary=x", NULL},
    {"after a comma", "multipart/form-data, boundary=x", NULL},
    {"no media type", "; boundary=x", NULL},
};

START_TEST(test_multipart_extracts_the_boundary_like_werkzeug)
{
    const struct boundary_case *c = &boundary_cases[_i];
    struct hb_arena a;

    hb_arena_init(&a, 0);
    const char *got = hb_multipart_boundary(&a, c->content_type);
    if (c->want)
        ck_assert_msg(got && strcmp(got, c->want) == 0, "%s: got \"%s\", want \"%s\"", c->name,
                      got ? got : "(none)", c->want);
    else
        ck_assert_msg(!got, "%s: got \"%s\", want none", c->name, got);
    hb_arena_cleanup(&a);
}
END_TEST

START_TEST(test_multipart_has_no_boundary_without_a_content_type)
{
    struct hb_arena a;
    hb_arena_init(&a, 0);
    ck_assert_ptr_null(hb_multipart_boundary(&a, NULL));
    hb_arena_cleanup(&a);
}
END_TEST

struct hostile_case {
    const char *name;
    const char *boundary;
    const char *head, *unit, *tail;
    int rc;
};

/* 4 MiB of one unit each: quadratic scanning would blow the timeout. */
static const struct hostile_case hostile_cases[] = {
    {"near misses before the delimiter line break", "b", HEAD_A, "x--b", "\r\n--b--", 0},
    {"near misses after the delimiter", "b", HEAD_A, "\n--bx", "\r\n--b--", 0},
    {"a one-dash boundary in a sea of dashes", "-",
     "---\r\nContent-Disposition: form-data; name=a\r\n\r\n", "-", "\r\n-----", 0},
    {"near misses in the preamble", "b", "", "--bx", "\r\n--b--", 0},
    {"a huge header block", "b", "--b\r\nContent-Disposition: form-data; name=a\r\n",
     "X-A: b\r\n", "\r\nv\r\n--b--", 0},
    {"many parameter continuations", "b", "--b\r\nContent-Disposition: form-data",
     ";name*1=a", "\r\n\r\nv\r\n--b--", 0},
    {"many failed charset prefixes", "b", "--b\r\nContent-Disposition: form-data", ";a*=x'",
     "\r\n\r\nv\r\n--b--", 0},
    {"an unterminated quoted string", "b", "--b\r\nContent-Disposition: form-data; name=\"",
     "\\\"", "\r\n\r\nv\r\n--b--", 0},
    {"many tiny parts", "b", "", PART("a"), "--b--", 0},
};

START_TEST(test_multipart_stays_linear_on_hostile_bodies)
{
    const struct hostile_case *c = &hostile_cases[_i];
    size_t hl = strlen(c->head), ul = strlen(c->unit), tl = strlen(c->tail);
    size_t units = (4u << 20) / ul, len = hl + units * ul + tl;
    char *body = malloc(len);
    ck_assert_ptr_nonnull(body);
    memcpy(body, c->head, hl);
    for (size_t i = 0; i < units; i++)
        memcpy(body + hl + i * ul, c->unit, ul);
    memcpy(body + hl + units * ul, c->tail, tl);

    struct hb_arena a;
    struct hb_multipart mp;
    hb_arena_init(&a, 0);
    int rc = hb_multipart_parse(&a, c->boundary, body, len, SIZE_MAX, &mp);
    ck_assert_msg(rc == c->rc, "%s: rc %d, want %d", c->name, rc, c->rc);
    hb_arena_cleanup(&a);
    free(body);
}
END_TEST

#define N_CASES(t) ((int)(sizeof(t) / sizeof((t)[0])))

static TCase *new_tcase(Suite *s, const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *multipart_suite(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc;

    tc = new_tcase(s, "split");
    tcase_add_loop_test(tc, test_multipart_splits_bodies_like_werkzeug, 0, N_CASES(split_cases));
    tcase_add_test(tc, test_multipart_keeps_every_file_of_a_field);
    tc = new_tcase(s, "malformed");
    tcase_add_loop_test(tc, test_multipart_rejects_malformed_bodies, 0, N_CASES(malformed_cases));
    tcase_add_test(tc, test_multipart_never_reads_past_a_truncated_body);
    tc = new_tcase(s, "limits");
    tcase_add_loop_test(tc, test_multipart_enforces_max_parts, 0, N_CASES(limit_cases));
    tcase_add_test(tc, test_multipart_fails_cleanly_at_every_arena_limit);
    tc = new_tcase(s, "boundary");
    tcase_add_loop_test(tc, test_multipart_extracts_the_boundary_like_werkzeug, 0,
                        N_CASES(boundary_cases));
    tcase_add_test(tc, test_multipart_has_no_boundary_without_a_content_type);
    tc = new_tcase(s, "large");
    tcase_add_test(tc, test_multipart_splits_a_4mib_binary_file_with_near_boundaries);
    tc = new_tcase(s, "hostile");
    tcase_add_loop_test(tc, test_multipart_stays_linear_on_hostile_bodies, 0,
                        N_CASES(hostile_cases));
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(multipart_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
