/* SPDX-License-Identifier: MIT */
/* creq-check's results: one row per check, recorded as the groups run
 * (a row's "got" built piece by piece), then printed as one table with the
 * counts under it. */
#include "check_table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
size_t ck_report(void)
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
        printf("%zu skipped (not implemented by the server, httpbin-c only, or see the row)\n",
               skipped);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed;
}

void ck_rows_free(void)
{
    for (size_t i = 0; i < rows.count; i++) {
        free(rows.items[i].check);
        free(rows.items[i].expected);
        free(rows.items[i].got);
    }
    free(rows.items);
}
