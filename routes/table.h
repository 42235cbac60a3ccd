/* SPDX-License-Identifier: MIT */
/* httpbin's route table, for what starts the engine (app/main.c, the test
 * harness) and the pages that list it. */
#ifndef HB_TABLE_H
#define HB_TABLE_H

#include <stddef.h>

#include "server/http.h"

extern const struct hb_route hb_routes[];
extern const size_t hb_route_count;

#endif
