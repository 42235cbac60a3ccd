/* SPDX-License-Identifier: MIT */
/* The journal: what each request looked like when it arrived, in order,
 * bounded in count and bytes. It lives in memory shared with children
 * forked after the start, so Check's forked tests read what the server's
 * threads in the parent recorded. Handlers reach it through http.h. */
#ifndef HB_JOURNAL_H
#define HB_JOURNAL_H

#include "config.h"
#include "http.h"

/* A journal sized by cfg's journal_* limits, or NULL when out of memory. */
struct hb_journal *hb_journal_new(const struct hb_config *cfg);
void hb_journal_free(struct hb_journal *j);
/* Records a request whose head and body are in and whose answer is decided
 * (dispatch.c calls it just before the answer is queued). */
void hb_journal_record(struct hb_journal *j, struct hb_request *req);
/* The requests dropped since the start or the last clear. */
size_t hb_journal_dropped(struct hb_journal *j);

#endif
