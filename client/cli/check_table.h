/* SPDX-License-Identifier: MIT */
/* creq-check's results: each check records one row (PASS, FAIL or SKIP,
 * what was expected, what came), often built piece by piece; at the end
 * the rows print as one table with the counts under it. */
#ifndef CREQ_CHECK_TABLE_H
#define CREQ_CHECK_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "creq.h"

#define CK_FMT(a, b) __attribute__((format(printf, a, b)))

enum ck_verdict { CK_PASS, CK_FAIL, CK_SKIP };

/* Records one table row; 'got' is printf-formatted. */
void ck_row(enum ck_verdict v, const char *check, const char *expected, const char *got, ...)
    CK_FMT(4, 5);
/* A row for a failed request: the error's requests name and message. */
void ck_row_error(const char *check, const char *expected, const creq_error *err);

/* What one response showed, piece by piece: every piece is appended to the
 * 'got' text and any piece that was not as expected fails the row. */
struct ck_got {
    char text[512];
    size_t len;
    bool bad;
};
void ck_note(struct ck_got *g, bool ok, const char *fmt, ...) CK_FMT(3, 4);
/* The status piece, the one almost every row starts with. */
void ck_note_status(struct ck_got *g, const creq_response *r, int want);
/* Records the row: PASS when every piece was as expected. */
void ck_row_got(const struct ck_got *g, const char *check, const char *expected);

/* The table, then the counts; the last line is "N passed, M failed".
 * Returns M (a row lost to out of memory counts as failed). */
size_t ck_report(void);
void ck_rows_free(void);

#endif
