/* SPDX-License-Identifier: MIT */
/* creq-check: a conformance runner that exercises a running httpbin-style
 * server through libcreq and prints one table row per check. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"

#define DEFAULT_TIMEOUT 5.0
#define COLUMN_MAX 64 /* wider cells are cut, so one odd message keeps the table readable */

struct row {
    enum ck_verdict v;
    char *check, *expected, *got;
};

static struct {
    struct row *items;
    size_t count, cap;
    bool oom;
} rows;

/* ---- rows ------------------------------------------------------------------- */

void ck_row(enum ck_verdict v, const char *check, const char *expected, const char *got, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, got);
    vsnprintf(text, sizeof(text), got, ap);
    va_end(ap);
    if (rows.count == rows.cap) {
        size_t cap = rows.cap ? rows.cap * 2 : 256;
        struct row *grown = realloc(rows.items, cap * sizeof(*grown));
        if (!grown) {
            rows.oom = true;
            return;
        }
        rows.items = grown;
        rows.cap = cap;
    }
    struct row *r = &rows.items[rows.count];
    r->v = v;
    r->check = strdup(check);
    r->expected = strdup(expected);
    r->got = strdup(text);
    if (!r->check || !r->expected || !r->got) {
        free(r->check);
        free(r->expected);
        free(r->got);
        rows.oom = true; /* counted as a failure: a row was lost */
        return;
    }
    rows.count++;
}

void ck_row_error(const char *check, const char *expected, const creq_error *err)
{
    ck_row(CK_FAIL, check, expected, "%s: %s", creq_strerror(err->code), err->message);
}

void ck_note(struct ck_got *g, bool ok, const char *fmt, ...)
{
    if (!ok)
        g->bad = true;
    /* Pieces past the end of text are cut; the verdict still counts them. */
    if (g->len && g->len + 3 <= sizeof(g->text)) {
        memcpy(g->text + g->len, ", ", 3);
        g->len += 2;
    }
    size_t room = sizeof(g->text) - g->len;
    if (room <= 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->text + g->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        g->len += (size_t)n < room ? (size_t)n : room - 1;
}

void ck_note_status(struct ck_got *g, const creq_response *r, int want)
{
    int got = creq_response_status(r);
    ck_note(g, got == want, "%d", got);
}

void ck_row_got(const struct ck_got *g, const char *check, const char *expected)
{
    ck_row(g->bad ? CK_FAIL : CK_PASS, check, expected, "%s", g->text);
}

/* ---- requests and JSON ---------------------------------------------------- */

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

/* ---- the table -------------------------------------------------------------- */

static int cell_width(const char *s)
{
    size_t n = strlen(s);
    return n > COLUMN_MAX ? COLUMN_MAX : (int)n;
}

/* A cell padded to width, cut with "..." when over COLUMN_MAX. */
static void print_cell(const char *s, int width)
{
    if (strlen(s) > COLUMN_MAX)
        printf("%.*s...%*s", COLUMN_MAX - 3, s, width - COLUMN_MAX, "");
    else
        printf("%-*s", width, s);
}

static void print_table(bool colour)
{
    static const char *const names[] = { "PASS", "FAIL", "SKIP" };
    static const char *const colours[] = { "\033[32m", "\033[31m", "\033[33m" };
    int w[3] = { 5, 8, 3 }; /* "check", "expected", "got" */
    for (size_t i = 0; i < rows.count; i++) {
        const struct row *r = &rows.items[i];
        int cw[3] = { cell_width(r->check), cell_width(r->expected), cell_width(r->got) };
        for (int k = 0; k < 3; k++)
            if (cw[k] > w[k])
                w[k] = cw[k];
    }
    printf("%-*s | %-*s | %-*s | result\n", w[0], "check", w[1], "expected", w[2], "got");
    char dashes[COLUMN_MAX + 1];
    memset(dashes, '-', COLUMN_MAX);
    dashes[COLUMN_MAX] = '\0';
    printf("%.*s-+-%.*s-+-%.*s-+-------\n", w[0], dashes, w[1], dashes, w[2], dashes);
    for (size_t i = 0; i < rows.count; i++) {
        const struct row *r = &rows.items[i];
        print_cell(r->check, w[0]);
        fputs(" | ", stdout);
        print_cell(r->expected, w[1]);
        fputs(" | ", stdout);
        print_cell(r->got, w[2]);
        fputs(" | ", stdout);
        if (colour)
            printf("%s%s\033[0m\n", colours[r->v], names[r->v]);
        else
            printf("%s\n", names[r->v]);
    }
}

/* Colour only on a terminal, and not when NO_COLOR asks for none. */
static bool use_colour(void)
{
    const char *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no && *no);
}

/* The failures whose cells were cut, in full: they are what the reader
 * needs whole. */
static void print_cut_failures(void)
{
    bool first = true;
    for (size_t i = 0; i < rows.count; i++) {
        const struct row *r = &rows.items[i];
        if (r->v != CK_FAIL || (strlen(r->check) <= COLUMN_MAX &&
                                strlen(r->expected) <= COLUMN_MAX && strlen(r->got) <= COLUMN_MAX))
            continue;
        if (first)
            puts("failures in full:");
        first = false;
        printf("  %s\n    expected: %s\n    got: %s\n", r->check, r->expected, r->got);
    }
}

/* The table, then the counts; the last line is "N passed, M failed".
 * Returns M. */
static size_t report(void)
{
    size_t passed = 0, failed = rows.oom, skipped = 0;
    for (size_t i = 0; i < rows.count; i++) {
        passed += rows.items[i].v == CK_PASS;
        failed += rows.items[i].v == CK_FAIL;
        skipped += rows.items[i].v == CK_SKIP;
    }
    print_table(use_colour());
    print_cut_failures();
    if (skipped)
        printf("%zu skipped (not implemented by the server, or httpbin-c only)\n", skipped);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed;
}

static void free_rows(void)
{
    for (size_t i = 0; i < rows.count; i++) {
        free(rows.items[i].check);
        free(rows.items[i].expected);
        free(rows.items[i].got);
    }
    free(rows.items);
}

/* ---- the server ----------------------------------------------------------- */

/* httpbin-c answers an unknown path with a JSON error carrying
 * "status_code"; Python httpbin with Werkzeug's HTML page. */
static bool detect_ours(const struct ck_ctx *c)
{
    creq_response *r = ck_call(c, "GET", "/creq-check/no-such-endpoint", NULL, NULL);
    if (!r)
        return false;
    json_t *j = creq_response_status(r) == 404 ? ck_json(r) : NULL;
    bool ours = json_is_integer(json_object_get(j, "status_code"));
    json_decref(j);
    creq_response_free(r);
    return ours;
}

/* One row that says whether the server answers at all: without it every
 * other row would fail with the same connection error. */
static bool reachable(const struct ck_ctx *c)
{
    creq_error err;
    creq_response *r = ck_call(c, "GET", "/get", NULL, &err);
    if (!r) {
        ck_row_error("server reachable", "GET /get answers", &err);
        return false;
    }
    creq_response_free(r);
    return true;
}

/* ---- the command line ------------------------------------------------------- */

static void usage(FILE *to)
{
    fputs("usage: creq-check [--quick] [--timeout S] URL\n"
          "  Exercises the httpbin-style server at URL with libcreq and prints one\n"
          "  row per check. --quick skips the 200-599 sweep and the slow checks;\n"
          "  --timeout is the connect and read timeout of each request (default 5).\n",
          to);
}

static bool parse_timeout(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 3600)
        return false;
    *out = v;
    return true;
}

/* 0 to run, 1 after --help, 2 on a usage error. */
static int parse_args(int argc, char **argv, struct ck_ctx *c, char **base)
{
    static const struct option longs[] = {
        { "quick", no_argument, NULL, 'q' },
        { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "qt:h", longs, NULL)) != -1) {
        switch (opt) {
        case 'q':
            c->quick = true;
            break;
        case 't':
            if (!parse_timeout(optarg, &c->timeout)) {
                fprintf(stderr, "creq-check: --timeout: '%s' is not a number of seconds "
                        "above 0\n", optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    const char *url = argv[optind];
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
        fprintf(stderr, "creq-check: '%s' is not an http:// or https:// URL\n", url);
        return 2;
    }
    *base = strdup(url);
    if (!*base)
        return 2;
    size_t n = strlen(*base);
    while (n > 8 && (*base)[n - 1] == '/')
        (*base)[--n] = '\0';
    return 0;
}

int main(int argc, char **argv)
{
    struct ck_ctx c = { .timeout = DEFAULT_TIMEOUT };
    char *base = NULL;
    int rc = parse_args(argc, argv, &c, &base);
    if (rc)
        return rc == 1 ? 0 : 2;
    c.base = base;
    c.s = creq_session_new();
    if (!c.s || creq_session_defaults(c.s, CREQ_OPTS(.timeout = c.timeout))) {
        fprintf(stderr, "creq-check: cannot start libcreq\n");
        creq_session_free(c.s);
        free(base);
        return 1;
    }

    if (reachable(&c)) {
        c.ours = detect_ours(&c);
        printf("server: %s (%s)\n", c.base,
               c.ours ? "httpbin-c" : "not httpbin-c: httpbin-c only checks are skipped");
        ck_echo(&c);
        ck_status(&c);
        ck_auth(&c);
        ck_redirect(&c);
        ck_timing(&c);
    }

    size_t failed = report();
    free_rows();
    creq_session_free(c.s);
    creq_global_cleanup();
    free(base);
    return failed ? 1 : 0;
}
