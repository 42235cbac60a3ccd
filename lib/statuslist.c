/* SPDX-License-Identifier: MIT */
/* Parsing and picking from /status code lists; see statuslist.h. */
#include "statuslist.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A code as Python's int() reads it: surrounding whitespace, a '+', leading
 * zeros and '_' between digits are fine. Only 100..999 can be sent. */
static int parse_code(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n && *s == '+')
        s++, n--;
    long v = 0;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' && i > 0 && i + 1 < n && isdigit((unsigned char)s[i - 1]) &&
            isdigit((unsigned char)s[i + 1]))
            continue;
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
        digits++;
        if (v > 999)
            return -1;
    }
    /* 1xx are interim answers: sent as the final one they leave every
     * client waiting for the real answer. */
    return digits && v >= 200 ? (int)v : -1;
}

static int parse_weight(const char *s, size_t n, double *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    double w = strtod(buf, &end);
    /* strtod also reads hex, which Python's float() does not. */
    if (errno || *end || !isfinite(w) || w < 0 || isspace((unsigned char)buf[0]) ||
        strpbrk(buf, "xX"))
        return -1;
    *out = w;
    return 0;
}

int hb_status_list_parse(const char *text, struct hb_status_choice *out)
{
    /* httpbin reads weights only in a comma list: "200:1" alone is not a code. */
    if (!strchr(text, ',')) {
        out[0].code = parse_code(text, strlen(text));
        out[0].weight = 1;
        return out[0].code < 0 ? -1 : 1;
    }
    int n = 0;
    double total = 0;
    const char *p = text;
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *colon = memchr(p, ':', len);
        size_t code_len = colon ? (size_t)(colon - p) : len;
        if (n == HB_STATUS_MAX_CHOICES)
            return -1;
        out[n].code = parse_code(p, code_len);
        out[n].weight = 1;
        if (out[n].code < 0)
            return -1;
        if (colon && parse_weight(colon + 1, len - code_len - 1, &out[n].weight))
            return -1;
        total += out[n].weight;
        n++;
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    return total > 0 ? n : -1;
}

int hb_status_list_pick(const struct hb_status_choice *c, int n, double u)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += c[i].weight;
    double x = u * total, cum = 0;
    for (int i = 0; i < n; i++) {
        cum += c[i].weight;
        if (x < cum)
            return c[i].code;
    }
    return c[n - 1].code;
}
