/* SPDX-License-Identifier: MIT */
/* /delay/{n}: the echo, sent after n seconds (fractions allowed, clamped to
 * --max-delay). The wait holds no thread: the dispatcher suspends the
 * connection and the timer resumes it. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "echo.h"
#include "route.h"

int handle_delay(struct hb_request *req, struct hb_response *res)
{
    const char *text = hb_request_param(req, "n");
    double max = hb_request_config(req)->max_delay;
    char *end;
    errno = 0;
    double seconds = strtod(text, &end);
    if (errno == ERANGE || *end || end == text || !isfinite(seconds) || seconds < 0)
        return hb_reply_error(res, 400, "n must be a number of seconds from 0 to %g "
                                        "(larger values are clamped to it)", max);
    if (seconds > max)
        seconds = max;

    int status = hb_reply_echo(req, res, HB_ECHO_BODY & ~HB_ECHO_JSON);
    if (status == 200)
        hb_reply_delay(res, seconds);
    return status;
}
