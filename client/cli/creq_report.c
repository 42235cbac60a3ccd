/* SPDX-License-Identifier: MIT */
/* creq(1)'s messages on stderr: "creq: error: ..." and "creq: warning: ...". */
#include "creq_report.h"

#include <stdarg.h>
#include <stdio.h>

static void vreport(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "creq: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("error", fmt, ap);
    va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("warning", fmt, ap);
    va_end(ap);
}

void cli_verror(const char *fmt, va_list ap)
{
    vreport("error", fmt, ap);
}
