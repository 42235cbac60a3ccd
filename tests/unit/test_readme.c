/* SPDX-License-Identifier: MIT */
/* The README's endpoint table (the first table under "## Endpoints") names
 * exactly the routes of routes/table.def: a path in the README that is no
 * row, or a row the README leaves out, fails. In the README a path's
 * placeholders may have any name, "[/{x}]" marks optional segments (one row
 * each) and "?..." an example query. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes/table.h"

#define MAX_PATHS 256

struct paths {
    char *items[MAX_PATHS];
    size_t count;
};

static void add(struct paths *p, const char *s, size_t n)
{
    ck_assert_msg(p->count < MAX_PATHS, "more than %d paths", MAX_PATHS);
    p->items[p->count++] = strndup(s, n);
}

/* "{anything}" and "{*}" become "{}": only where a placeholder is counts. */
static void add_normalised(struct paths *p, const char *s, size_t n)
{
    char out[512];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof(out) - 3; i++) {
        if (s[i] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            ck_assert_msg(close != NULL, "unclosed placeholder in %.*s", (int)n, s);
            out[o++] = '{';
            out[o++] = '}';
            i = (size_t)(close - s);
        } else {
            out[o++] = s[i];
        }
    }
    add(p, out, o);
}

/* A README path with optional "[...]" parts: each prefix ending before an
 * optional part is a route, and so is the whole. "/a[/b[/c]]" is /a, /a/b
 * and /a/b/c. The query of an example is dropped. */
static void add_readme_path(struct paths *p, const char *s, size_t n)
{
    const char *q = memchr(s, '?', n);
    if (q)
        n = (size_t)(q - s);
    char plain[512];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof(plain) - 1; i++) {
        if (s[i] == '[') {
            add_normalised(p, plain, o);
            continue;
        }
        if (s[i] != ']')
            plain[o++] = s[i];
    }
    add_normalised(p, plain, o);
}

static int contains(const struct paths *p, const char *s)
{
    for (size_t i = 0; i < p->count; i++)
        if (!strcmp(p->items[i], s))
            return 1;
    return 0;
}

/* The backquoted paths of the first cell of each row of the endpoint table. */
static void read_readme(struct paths *out)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/README.md", TEST_SRCDIR);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char line[4096];
    int in_section = 0, in_table = 0;
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "## ", 3)) {
            if (in_section)
                break;
            in_section = !strncmp(line, "## Endpoints", 12);
            continue;
        }
        if (!in_section)
            continue;
        if (line[0] != '|') {
            if (in_table)
                break; /* the endpoint table has ended */
            continue;
        }
        in_table = 1;
        char *cell = line + 1, *end = strchr(cell, '|');
        if (!end)
            continue;
        *end = '\0';
        for (char *tick = strchr(cell, '`'); tick; tick = strchr(tick + 1, '`')) {
            char *close = strchr(tick + 1, '`');
            if (!close)
                break;
            if (tick[1] == '/')
                add_readme_path(out, tick + 1, (size_t)(close - tick - 1));
            tick = close;
        }
    }
    fclose(f);
    ck_assert_msg(out->count > 0, "no endpoint table under \"## Endpoints\" in README.md");
}

static void free_paths(struct paths *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i]);
}

START_TEST(test_readme_endpoint_table_names_every_route_and_no_other)
{
    struct paths readme = { 0 }, rows = { 0 };
    read_readme(&readme);
    for (size_t i = 0; i < hb_route_count; i++)
        if (!(hb_routes[i].flags & HB_MERGE_SLASHES))
            add_normalised(&rows, hb_routes[i].pattern, strlen(hb_routes[i].pattern));

    char missing[4096] = "", extra[4096] = "";
    for (size_t i = 0; i < rows.count; i++)
        if (!contains(&readme, rows.items[i]))
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), " %s",
                     rows.items[i]);
    for (size_t i = 0; i < readme.count; i++)
        if (!contains(&rows, readme.items[i]))
            snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), " %s",
                     readme.items[i]);
    ck_assert_msg(!missing[0], "routes missing from the README's endpoint table:%s", missing);
    ck_assert_msg(!extra[0], "README endpoints that are no route:%s", extra);
    free_paths(&readme);
    free_paths(&rows);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("readme");
    TCase *tc = tcase_create("endpoints");
    tcase_add_test(tc, test_readme_endpoint_table_names_every_route_and_no_other);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
