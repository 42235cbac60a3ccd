/* SPDX-License-Identifier: MIT */
/* The router: finds the row of the table the engine was started with for a
 * request's path and method. The table is the application's (http.h says
 * what a row is); the router knows no endpoint. */
#ifndef HB_ROUTER_H
#define HB_ROUTER_H

#include <stddef.h>

#include "lib/arena.h"
#include "lib/kvlist.h"
#include "server/http.h"

struct hb_router {
    const struct hb_route *rows; /* in matching order */
    size_t count;
};

/* The method's bit; HB_OTHER for tokens we do not name. */
unsigned hb_method_bit(const char *method);

/* Finds the first row whose pattern matches the decoded 'path' and accepts
 * 'method'; appends its {name} values to 'params'. When none accepts the
 * method, returns NULL and sets *allowed to the methods the matching
 * patterns take (0: no such path). Rows flagged HB_MERGE_SLASHES are never
 * matched here. */
const struct hb_route *hb_router_find(const struct hb_router *r, const char *path,
                                      unsigned method, struct hb_arena *a,
                                      struct hb_kvlist *params, unsigned *allowed);

/* hb_router_find, plus Werkzeug's merge_slashes: a path with a "//" that
 * matches no row, but would once each run of slashes is collapsed, gets the
 * table's HB_MERGE_SLASHES row with the collapsed path as parameter
 * "path". */
const struct hb_route *hb_router_route(const struct hb_router *r, const char *path,
                                       unsigned method, struct hb_arena *a,
                                       struct hb_kvlist *params, unsigned *allowed);

#endif
