/* SPDX-License-Identifier: MIT */
/* creq(1)'s messages on stderr ("creq: error: ...", "creq: warning: ...")
 * and HTTPie's exit statuses, which every part of the command uses. */
#ifndef CREQ_REPORT_H
#define CREQ_REPORT_H

#include <stdarg.h>

#define CLI_FMT(a, b) __attribute__((format(printf, a, b)))

/* HTTPie's exit statuses. */
enum cli_exit {
    CLI_OK = 0,
    CLI_ERROR = 1,
    CLI_TIMEOUT = 2,
    CLI_HTTP_3XX = 3,
    CLI_HTTP_4XX = 4,
    CLI_HTTP_5XX = 5,
    CLI_TOO_MANY_REDIRECTS = 6,
};

/* "creq: error: ..." and "creq: warning: ..." on stderr. */
void cli_error(const char *fmt, ...) CLI_FMT(1, 2);
void cli_warning(const char *fmt, ...) CLI_FMT(1, 2);
/* cli_error with a va_list, for a message between other lines. */
void cli_verror(const char *fmt, va_list ap) CLI_FMT(1, 0);

#endif
