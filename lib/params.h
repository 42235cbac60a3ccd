/* SPDX-License-Identifier: MIT */
/* Numbers from paths and query arguments, read the way Python httpbin reads
 * them (Werkzeug's int converter, Python's int() and float()), so the same
 * URLs mean the same thing; plus Go durations for go-httpbin's endpoints. */
#ifndef HB_PARAMS_H
#define HB_PARAMS_H

#include <stddef.h>
#include <stdint.h>


/* Werkzeug's <int:n>: ASCII digits only. Values past UINT64_MAX saturate (the
 * caller clamps them as Python's min() would). 0, or -1 when not digits. */
int hb_param_digits(const char *s, uint64_t *out);

/* Python's int() refuses longer digit strings, so httpbin cannot answer them. */
#define HB_PARAM_MAX_DIGITS 4300
/* 's' (a path parameter) as Werkzeug's <int:> takes it (ASCII digits, no
 * sign, at most HB_PARAM_MAX_DIGITS) and as str(int()) prints it: leading
 * zeros dropped, borrowed from 's'. For numbers of any size. NULL if not
 * one (or 's' is NULL). */
const char *hb_param_digits_text(const char *s);

/* Python's int(s): surrounding whitespace, a sign, digits with single
 * underscores between them. Saturates at INT64_MIN/INT64_MAX. 0 or -1. */
int hb_param_pyint(const char *s, int64_t *out);

/* Python's float(s): surrounding whitespace, decimal or exponent forms,
 * "inf"/"nan" spellings. No hex. 0 or -1. */
int hb_param_pyfloat(const char *s, double *out);

/* A Go duration ("1.5s", "100ms", "1m30s") or a plain number of seconds, as
 * go-httpbin reads durations. 0 or -1. */
int hb_param_duration(const char *s, double *seconds);

#endif
