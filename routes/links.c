/* SPDX-License-Identifier: MIT */
/* /links/{n} and /links/{n}/{offset}: pages of n links to each other, the
 * HTML byte for byte as Python httpbin writes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/params.h"
#include "route.h"

/* Past this many digits a number exceeds any link count or offset we use. */
#define BIG_DIGITS 10

#define PAGE_HEAD "<html><head><title>Links</title></head><body>"
#define PAGE_TAIL "</body></html>"
#define LINK_MAX (sizeof("<a href='/links/4294967295/4294967295'>4294967295</a> ") - 1)

/* The value of a normalised digit string, or 'cap' when it is larger. */
static unsigned long capped(const char *digits, unsigned long cap)
{
    if (strlen(digits) > BIG_DIGITS)
        return cap;
    unsigned long v = strtoul(digits, NULL, 10);
    return v < cap ? v : cap;
}

static int bad_number(struct hb_response *res, const char *what)
{
    return hb_reply_error(res, 400, "%s must be a whole number (digits only, at most %d)",
                          what, HB_PARAM_MAX_DIGITS);
}

/* /links/{n}: to the first page, with n as given (clamping is the page's). */
int handle_links(struct hb_request *req, struct hb_response *res)
{
    const char *n = hb_param_digits_text(hb_request_param(req, "n"));
    if (!n)
        return bad_number(res, "n");
    const char *to = hb_printf(req, "/links/%s/0", n);
    return to ? hb_reply_redirect(res, 302, to) : hb_reply_error(res, 500, "out of memory");
}

/* /links/{n}/{offset}: n clamped to 1..max_links (httpbin: 1..200); the link
 * for 'offset' is plain text. */
int handle_links_page(struct hb_request *req, struct hb_response *res)
{
    const char *n_text = hb_param_digits_text(hb_request_param(req, "n"));
    const char *offset_text = hb_param_digits_text(hb_request_param(req, "offset"));
    if (!n_text)
        return bad_number(res, "n");
    if (!offset_text)
        return bad_number(res, "offset");
    unsigned long max = hb_request_config(req)->max_links;
    unsigned long n = capped(n_text, max > 0 ? max : 1);
    if (n < 1)
        n = 1;
    /* Any offset past the page only means no link is plain text. */
    unsigned long offset = capped(offset_text, n);

    size_t cap = sizeof(PAGE_HEAD) + n * LINK_MAX + sizeof(PAGE_TAIL);
    char *page = hb_alloc(req, cap);
    if (!page)
        return hb_reply_error(res, 500, "out of memory");
    size_t len = (size_t)snprintf(page, cap, "%s", PAGE_HEAD);
    for (unsigned long i = 0; i < n; i++)
        len += (size_t)(i == offset ? snprintf(page + len, cap - len, "%lu ", i)
                                    : snprintf(page + len, cap - len,
                                               "<a href='/links/%lu/%lu'>%lu</a> ", n, i, i));
    len += (size_t)snprintf(page + len, cap - len, "%s", PAGE_TAIL);
    return hb_reply_bytes(res, 200, "text/html; charset=utf-8", page, len);
}
