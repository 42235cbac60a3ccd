/* SPDX-License-Identifier: MIT */
/* The files of static/, embedded at build time: the generated
 * static_assets.c (tools/embed-static.sh) holds the table. */
#ifndef HB_STATIC_FILES_H
#define HB_STATIC_FILES_H

#include <stddef.h>

#include "lib/assets.h"

extern const struct hb_asset hb_static_files[];
extern const size_t hb_static_file_count;

/* The file at 'name' ("images/pig_icon.png"), or NULL. */
static inline const struct hb_asset *hb_static_file(const char *name)
{
    return hb_asset_find(hb_static_files, hb_static_file_count, name);
}

#endif
