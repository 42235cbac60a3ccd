/* SPDX-License-Identifier: MIT */
/* The engine's rows, made from table.def in its order, and the titles of
 * the sections they name. */
#include "table.h"

#include "route.h"

const char *const hb_section_titles[HB_SECTION_COUNT] = {
    [HB_SECTION_SERVICE] = "This service",
    [HB_SECTION_METHODS] = "HTTP methods",
    [HB_SECTION_REQUEST] = "Request inspection",
    [HB_SECTION_STATUS] = "Status codes",
    [HB_SECTION_AUTH] = "Auth",
    [HB_SECTION_REDIRECTS] = "Redirects",
    [HB_SECTION_COOKIES] = "Cookies",
    [HB_SECTION_RESPONSE] = "Response inspection",
    [HB_SECTION_FORMATS] = "Response formats",
    [HB_SECTION_IMAGES] = "Images",
    [HB_SECTION_DYNAMIC] = "Dynamic data",
};

#define ROUTE(section, pattern, methods, handler, flags, summary)                          \
    { pattern, methods, handler, flags,                                                   \
      &(const struct hb_route_doc){ HB_SECTION_##section, summary } },

const struct hb_route hb_routes[] = {
#include "table.def"
};
#undef ROUTE

const size_t hb_route_count = sizeof(hb_routes) / sizeof(hb_routes[0]);
