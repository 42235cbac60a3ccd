/* SPDX-License-Identifier: MIT */
/* The Cookie request header and Set-Cookie values, read and written the way
 * Werkzeug does for httpbin (quoting, octal escapes, first value wins). */
#ifndef HB_COOKIE_HEADER_H
#define HB_COOKIE_HEADER_H

#include "arena.h"
#include "kvlist.h"

/* Appends every name/value pair of a Cookie header to 'out', in order
 * (values unquoted, names and values made valid UTF-8). 0, or -1 when out of
 * memory. */
int hb_cookie_parse(struct hb_arena *a, const char *header, struct hb_kvlist *out);
/* 'value' as Werkzeug writes it in Set-Cookie: bare when every byte is a
 * legal cookie character, else quoted with \" \\ \054 \073 and octal escapes. */
char *hb_cookie_quote(struct hb_arena *a, const char *value);

#endif
