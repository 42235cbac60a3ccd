/* SPDX-License-Identifier: MIT */
/* requests.utils.parse_header_links() in C: the same splitting and stripping,
 * quirks included, so a Link header means here what it means in requests. */
#include "links.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "span.h"

/* requests' replace_chars: what it strips from the value, keys and values. */
static const char QUOTE_CHARS[] = " '\"";
/* What it strips from a URL: the quote chars plus the angle brackets. */
static const char URL_CHARS[] = "<> '\"";

/* The next match of re.split's pattern ", *<" at or after p, or NULL.
 * *after gets the position just past the '<'. */
static const char *find_separator(const char *p, const char *e, const char **after)
{
    for (; p < e; p++) {
        if (*p != ',')
            continue;
        const char *q = p + 1;
        while (q < e && *q == ' ')
            q++;
        if (q < e && *q == '<') {
            *after = q + 1;
            return p;
        }
    }
    return NULL;
}

static bool span_is(struct creq__span s, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(s.e - s.b) == n && memcmp(s.b, word, n) == 0;
}

/* The params after the URL: each must be exactly one "key=value" (requests
 * unpacks param.split("=") into two names and stops at the first param that
 * does not fit, an empty one included). Later keys overwrite earlier ones in
 * requests' dict, so the last rel wins. *rel stays {NULL, NULL} without one. */
static void scan_params(struct creq__span params, struct creq__span *rel)
{
    const char *p = params.b;
    for (;;) {
        struct creq__span param = { p, creq__span_find((struct creq__span){ p, params.e }, ';') };
        const char *eq = creq__span_find(param, '=');
        if (eq == param.e)
            return;
        struct creq__span value = { eq + 1, param.e };
        if (creq__span_find(value, '=') != param.e)
            return;
        struct creq__span key = creq__span_strip((struct creq__span){ param.b, eq }, QUOTE_CHARS);
        if (span_is(key, "rel"))
            *rel = creq__span_strip(value, QUOTE_CHARS);
        if (param.e == params.e)
            return;
        p = param.e + 1;
    }
}

/* One entry of the split: "<url>; params". */
static bool parse_entry(struct creq__span entry, struct creq__link *link)
{
    const char *semi = creq__span_find(entry, ';');
    struct creq__span url = creq__span_strip((struct creq__span){ entry.b, semi }, URL_CHARS);
    struct creq__span rel = { NULL, NULL };
    if (semi != entry.e)
        scan_params((struct creq__span){ semi + 1, entry.e }, &rel);

    link->url = creq__span_dup(url);
    link->rel = rel.b != NULL ? creq__span_dup(rel) : NULL;
    if (link->url == NULL || (rel.b != NULL && link->rel == NULL)) {
        free(link->url);
        free(link->rel);
        return false;
    }
    return true;
}

static void free_links(struct creq__link *links, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(links[i].url);
        free(links[i].rel);
        links[i].url = links[i].rel = NULL;
    }
}

size_t creq__links_parse(const char *header, struct creq__link *out, size_t max)
{
    if (header == NULL || max == 0)
        return 0;
    struct creq__span all = { header, header + strlen(header) };
    struct creq__span value = creq__span_strip(all, QUOTE_CHARS);
    if (value.b == value.e)
        return 0;

    size_t n = 0;
    const char *p = value.b;
    while (n < max) {
        const char *next = NULL;
        const char *sep = find_separator(p, value.e, &next);
        struct creq__span entry = { p, sep ? sep : value.e };
        if (!parse_entry(entry, &out[n])) {
            /* A half-parsed header would silently drop links; report none. */
            free_links(out, n);
            return 0;
        }
        n++;
        if (sep == NULL)
            break;
        p = next;
    }
    return n;
}
