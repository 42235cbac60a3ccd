/* SPDX-License-Identifier: MIT */
/* /journal: the requests this server received (with --journal, and always
 * in libhttpbin), for a test that runs the binary out of process and asks
 * what its client sent. GET lists them, DELETE empties the journal; neither
 * is recorded itself. */
#include <string.h>

#include "route.h"

static int journal_off(struct hb_response *res)
{
    return hb_reply_error(res, 404, "the journal is off: start httpbin-c with --journal "
                                    "(HTTPBIN_JOURNAL=1) to record requests");
}

static int clear(struct hb_journal *journal, struct hb_response *res)
{
    size_t cleared = hb_journal_clear(journal);
    return hb_reply_json_new(res, 200, json_pack("{s:I}", "cleared", (json_int_t)cleared));
}

int handle_journal(struct hb_request *req, struct hb_response *res)
{
    struct hb_journal *journal = hb_request_journal(req);
    if (!journal)
        return journal_off(res);
    if (!strcmp(hb_request_method(req), "DELETE"))
        return clear(journal, res);
    size_t dropped = 0;
    json_t *requests = hb_journal_requests(journal, &dropped);
    if (!requests)
        return hb_reply_error(res, 500, "out of memory reading the journal");
    return hb_reply_json_new(res, 200, json_pack("{s:o,s:I}", "requests", requests, "dropped",
                                                 (json_int_t)dropped));
}
