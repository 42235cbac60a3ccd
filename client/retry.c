/* SPDX-License-Identifier: MIT */
/* Retries with urllib3's Retry semantics: per-kind budgets under a total,
 * idempotent methods only for read and status failures, exponential backoff
 * and Retry-After. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "retry.h"
#include "response_data.h"

#define DEFAULT_BACKOFF_MAX 120.0
#define RETRY_AFTER_MAX (6 * 3600.0) /* urllib3 caps what a server may ask */

static const char *const idempotent[] = { "HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE",
                                          NULL };

static int budget(int kind_limit, int total)
{
    if (kind_limit < 0)
        return 0;
    if (kind_limit > 0)
        return kind_limit;
    return total > 0 ? total : -1;
}

void creq__retry_start(struct creq__retry_state *rs, const creq_retry *policy)
{
    memset(rs, 0, sizeof(*rs));
    if (!policy || (!policy->total && policy->connect <= 0 && policy->read <= 0 &&
                    policy->status <= 0))
        return; /* requests' default: Retry(0) */
    rs->policy = policy;
    rs->total = policy->total > 0 ? policy->total : -1;
    rs->connect = budget(policy->connect, policy->total);
    rs->read = budget(policy->read, policy->total);
    rs->status = budget(policy->status, policy->total);
}

static bool method_allowed(const creq_retry *p, const char *method)
{
    const char *const *list = p->allowed_methods ? p->allowed_methods : idempotent;
    for (; *list; list++)
        if (!strcasecmp(*list, method))
            return true;
    return false;
}

bool creq__retry_status_wanted(const struct creq__retry_state *rs, const char *method, int status)
{
    if (!rs->policy || !method_allowed(rs->policy, method))
        return false;
    for (const int *c = rs->policy->status_forcelist; c && *c; c++)
        if (*c == status)
            return true;
    return false;
}

/* Retry-After as seconds or an HTTP date; -1 when absent or unreadable. */
static double retry_after(const creq_response *r)
{
    const char *v = r ? creq_response_header(r, "Retry-After") : NULL;
    if (!v)
        return -1;
    char *end;
    double secs = strtod(v, &end);
    if (end != v && *end == '\0')
        return secs < 0 ? 0 : secs;
    struct tm tm = { 0 };
    if (!strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm))
        return -1;
    double delta = difftime(timegm(&tm), time(NULL));
    return delta > 0 ? delta : 0;
}

double creq__retry_next(struct creq__retry_state *rs, enum creq__failure kind,
                        const char *method, const creq_response *r)
{
    const creq_retry *p = rs->policy;
    if (!p)
        return -1;
    int *left = kind == CREQ__FAIL_CONNECT ? &rs->connect
              : kind == CREQ__FAIL_READ    ? &rs->read
                                           : &rs->status;
    /* A request may have reached the server: only idempotent ones again. */
    if (kind != CREQ__FAIL_CONNECT && !method_allowed(p, method))
        return -1;
    if (*left == 0 || rs->total == 0)
        return -1;
    if (*left > 0)
        (*left)--;
    if (rs->total > 0)
        rs->total--;
    rs->done++;

    if (kind == CREQ__FAIL_STATUS && !p->ignore_retry_after && r &&
        (r->status == 413 || r->status == 429 || r->status == 503)) {
        double wait = retry_after(r);
        if (wait >= 0)
            return wait < RETRY_AFTER_MAX ? wait : RETRY_AFTER_MAX;
    }
    /* urllib3: no wait before the first retry, then factor * 2^(n-1). */
    if (rs->done <= 1 || p->backoff_factor <= 0)
        return 0;
    double cap = p->backoff_max > 0 ? p->backoff_max : DEFAULT_BACKOFF_MAX;
    double wait = p->backoff_factor;
    for (int i = 1; i < rs->done && wait < cap; i++)
        wait *= 2;
    return wait < cap ? wait : cap;
}
