/* SPDX-License-Identifier: MIT */
/* Python-compatible number parsing for paths and query arguments; see params.h. */
#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int hb_param_digits(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
    }
    *out = v;
    return 0;
}

const char *hb_param_digits_text(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > HB_PARAM_MAX_DIGITS || strspn(s, "0123456789") != len)
        return NULL;
    while (s[0] == '0' && s[1])
        s++;
    return s;
}

/* [s, e) without Python's whitespace at either end. */
static void trim(const char **s, const char **e)
{
    while (*s < *e && isspace((unsigned char)**s))
        (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

int hb_param_pyint(const char *s, int64_t *out)
{
    if (!s)
        return -1;
    const char *e = s + strlen(s);
    trim(&s, &e);
    int negative = 0;
    if (s < e && (*s == '+' || *s == '-'))
        negative = *s++ == '-';
    if (s == e)
        return -1;
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == '_' && p > s && p + 1 < e && isdigit((unsigned char)p[-1]) &&
            isdigit((unsigned char)p[1]))
            continue;
        if (!isdigit((unsigned char)*p))
            return -1;
        unsigned d = (unsigned)(*p - '0');
        v = v > (limit - d) / 10 ? limit : v * 10 + d;
    }
    *out = negative ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return 0;
}

int hb_param_pyfloat(const char *s, double *out)
{
    if (!s)
        return -1;
    const char *e = s + strlen(s);
    trim(&s, &e);
    size_t n = (size_t)(e - s);
    char buf[128];
    if (n == 0 || n >= sizeof(buf))
        return -1;
    /* Python takes one '_' between two digits ("1_0.5"), as in its
     * literals; strtod takes none. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {
            if (i == 0 || i + 1 == n || !isdigit((unsigned char)s[i - 1]) ||
                !isdigit((unsigned char)s[i + 1]))
                return -1;
            continue;
        }
        buf[k++] = s[i];
    }
    buf[k] = '\0';
    /* strtod also reads hex and "nan(chars)", which Python refuses; its
     * "inf", "infinity" and "nan" words Python reads too. */
    if (strpbrk(buf, "xX("))
        return -1;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (*end || end == buf)
        return -1;
    *out = d; /* overflow gives inf, as Python's float() */
    return 0;
}

/* One Go duration unit, in seconds; 0 if 'u' (length n) is not one. */
static double unit_seconds(const char *u, size_t n)
{
    static const struct { const char *name; double seconds; } units[] = {
        { "ns", 1e-9 }, { "us", 1e-6 }, { "\xc2\xb5s", 1e-6 }, { "\xce\xbcs", 1e-6 },
        { "ms", 1e-3 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i].name) == n && !memcmp(units[i].name, u, n))
            return units[i].seconds;
    return 0;
}

/* Go's time.ParseDuration: [sign] (number unit)+, or "0". */
static int go_duration(const char *s, double *out)
{
    int negative = 0;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';
    if (!strcmp(s, "0")) {
        *out = 0;
        return 0;
    }
    if (!*s)
        return -1;
    double total = 0;
    while (*s) {
        const char *num = s;
        while (isdigit((unsigned char)*s) || *s == '.')
            s++;
        if (s == num || (s - num == 1 && *num == '.'))
            return -1;
        char buf[64];
        if ((size_t)(s - num) >= sizeof(buf))
            return -1;
        memcpy(buf, num, (size_t)(s - num));
        buf[s - num] = '\0';
        if (strchr(buf, '.') != strrchr(buf, '.'))
            return -1;
        const char *unit = s;
        while (*s && !isdigit((unsigned char)*s) && *s != '.')
            s++;
        double scale = unit_seconds(unit, (size_t)(s - unit));
        if (scale == 0)
            return -1;
        total += strtod(buf, NULL) * scale;
    }
    *out = negative ? -total : total;
    return 0;
}

int hb_param_duration(const char *s, double *seconds)
{
    if (!s || !*s)
        return -1;
    if (go_duration(s, seconds) == 0)
        return 0;
    /* go-httpbin falls back to a number of seconds (Go's ParseFloat: no
     * surrounding space). */
    if (isspace((unsigned char)s[0]) || hb_param_pyfloat(s, seconds))
        return -1;
    return isfinite(*seconds) ? 0 : -1;
}
