/* SPDX-License-Identifier: MIT */
/* The README's endpoint tables, made from the route table (routes/table.def)
 * so that they cannot drift from it:
 *   readme_endpoints --write README.md   rewrites the part between the markers
 *   readme_endpoints --check README.md   exits 1 when that part differs
 * `make readme` runs the first, tests/lint/readme.sh the second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "routes/route.h"
#include "routes/table.h"

#define BEGIN "<!-- endpoints: made from routes/table.def by `make readme`; do not edit -->\n"
#define END "<!-- end of endpoints -->\n"

/* The methods a row takes, as the README shows them (HEAD comes with GET
 * and every path answers OPTIONS: the README says so once). */
static void put_methods(FILE *f, unsigned methods)
{
    if (methods & HB_OTHER) {
        fputs("any", f);
        return;
    }
    static const struct { unsigned bit; const char *name; } names[] = {
        { HB_GET, "GET" },     { HB_POST, "POST" },   { HB_PUT, "PUT" },
        { HB_DELETE, "DELETE" }, { HB_PATCH, "PATCH" }, { HB_TRACE, "TRACE" },
    };
    const char *sep = "";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (methods & names[i].bit) {
            fprintf(f, "%s%s", sep, names[i].name);
            sep = " ";
        }
}

/* A summary in a table cell: '|' would end the cell. */
static void put_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* The generated part, markers included, as one malloc'd string. */
static char *tables(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fputs(BEGIN, f);
    for (size_t s = 0; s < HB_SECTION_COUNT; s++) {
        int open = 0;
        for (size_t i = 0; i < hb_route_count; i++) {
            const struct hb_route *r = &hb_routes[i];
            if ((r->flags & HB_MERGE_SLASHES) || (size_t)r->doc->section != s)
                continue;
            if (!open)
                fprintf(f, "\n**%s**\n\n| endpoint | methods | what it answers |\n"
                           "|---|---|---|\n",
                        hb_section_titles[s]);
            open = 1;
            fprintf(f, "| `%s` | ", r->pattern);
            put_methods(f, r->methods);
            fputs(" | ", f);
            put_cell(f, r->doc->summary);
            fputs(" |\n", f);
        }
    }
    fputs("\n" END, f);
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "--write") && strcmp(argv[1], "--check"))) {
        fprintf(stderr, "usage: %s --write|--check README.md\n", argv[0]);
        return 2;
    }
    const char *path = argv[2];
    int rc = 1;
    char *text = hb_file_read(path, NULL), *made = tables();
    char *begin = text ? strstr(text, BEGIN) : NULL;
    char *end = begin ? strstr(begin, END) : NULL;
    if (!made || !end) {
        fprintf(stderr, "readme_endpoints: %s has no \"%.*s\" ... \"%.*s\" part\n", path,
                (int)strlen(BEGIN) - 1, BEGIN, (int)strlen(END) - 1, END);
        goto done;
    }
    end += strlen(END);
    size_t old_len = (size_t)(end - begin);
    if (!strcmp(argv[1], "--check")) {
        rc = strlen(made) == old_len && !memcmp(begin, made, old_len) ? 0 : 1;
        if (rc)
            fprintf(stderr, "readme_endpoints: %s's endpoint tables differ from "
                            "routes/table.def: run `make readme`\n", path);
        else
            printf("readme: the endpoint tables match routes/table.def\n");
        goto done;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        goto done;
    }
    fwrite(text, 1, (size_t)(begin - text), f);
    fputs(made, f);
    fputs(end, f);
    rc = fclose(f) ? 1 : 0;
done:
    free(text);
    free(made);
    return rc;
}
