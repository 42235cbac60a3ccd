/* SPDX-License-Identifier: MIT */
/* multipart/form-data request bodies split into parts the way Werkzeug 2.2
 * (what python3-httpbin runs on in Debian 12) splits them. */
#ifndef HB_MULTIPART_H
#define HB_MULTIPART_H

#include <stddef.h>

#include "arena.h"

/* Werkzeug swallows every ValueError while parsing a form: for a body that
 * gets HB_MULTIPART_EMALFORMED here httpbin answers with an empty form and no
 * files, not with an error. HB_MULTIPART_ETOOMANY is its 413. */
#define HB_MULTIPART_EMALFORMED (-1)
#define HB_MULTIPART_ETOOMANY (-2)
#define HB_MULTIPART_ENOMEM (-3)

struct hb_part {
    const char *name;         /* form field name from Content-Disposition; NULL if absent */
    const char *filename;     /* NULL when the part has no filename parameter (a form
                               * field); "" when filename="" (still a file, as in Werkzeug) */
    const char *content_type; /* the part's Content-Type value, NULL if absent */
    const char *data;         /* part body; points into the request body (not copied) */
    size_t len;
};

struct hb_multipart {
    struct hb_part *parts; /* arena memory, in body order */
    size_t count;
};

/* Extracts the boundary parameter of a multipart Content-Type header value
 * (quoted or not, case-insensitive parameter name). Returns an arena string,
 * or NULL when absent or invalid (empty, longer than 70 chars, not ASCII). */
const char *hb_multipart_boundary(struct hb_arena *a, const char *content_type);

/* Splits 'body' into parts. At most 'max_parts' parts (a limit against
 * abuse). Returns 0 and fills 'out', or a negative value:
 * HB_MULTIPART_EMALFORMED (no opening boundary, missing closing boundary,
 * part without the blank line after its headers, bad header line),
 * HB_MULTIPART_ETOOMANY, HB_MULTIPART_ENOMEM. On error 'out' is empty. */
int hb_multipart_parse(struct hb_arena *a, const char *boundary,
                       const char *body, size_t len, size_t max_parts,
                       struct hb_multipart *out);

#endif
