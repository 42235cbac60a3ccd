/* SPDX-License-Identifier: MIT */
/* The engine's rows, made from table.def, in its order. */
#include "table.h"

#include "route.h"

#define ROUTE(section, pattern, methods, handler, flags, summary)                          \
    { pattern, methods, handler, flags,                                                   \
      &(const struct hb_route_doc){ HB_SECTION_##section, summary } },

const struct hb_route hb_routes[] = {
#include "table.def"
};
#undef ROUTE

const size_t hb_route_count = sizeof(hb_routes) / sizeof(hb_routes[0]);
