/* SPDX-License-Identifier: MIT */
/* What every handler file includes: the engine's handler API (http.h), the
 * index page's sections, and the declaration of every handler, made from
 * the one route table (table.def), so a handler that has no row warns. */
#ifndef HB_ROUTE_H
#define HB_ROUTE_H

#include "server/http.h"

/* The methods httpbin's /anything, /status and friends list. */
#define HB_HTTPBIN_METHODS (HB_GET | HB_POST | HB_PUT | HB_DELETE | HB_PATCH | HB_TRACE)

/* The index page's sections, in the order it shows them. */
enum hb_section {
    HB_SECTION_SERVICE,
    HB_SECTION_METHODS,
    HB_SECTION_REQUEST,
    HB_SECTION_STATUS,
    HB_SECTION_AUTH,
    HB_SECTION_REDIRECTS,
    HB_SECTION_COOKIES,
    HB_SECTION_RESPONSE,
    HB_SECTION_FORMATS,
    HB_SECTION_IMAGES,
    HB_SECTION_DYNAMIC,
    HB_SECTION_COUNT
};
/* Their titles ("HTTP methods"), in sections.c. */
extern const char *const hb_section_titles[HB_SECTION_COUNT];

/* What the index page and /spec.json say of a row (struct hb_route.doc). */
struct hb_route_doc {
    enum hb_section section;
    const char *summary; /* one sentence; `backquotes` mark code */
};

#define ROUTE(section, pattern, methods, handler, flags, summary) hb_handler handler;
#include "table.def"
#undef ROUTE

#endif
