/* SPDX-License-Identifier: MIT */
/* The files of static/, embedded into the binary at build time by
 * tools/embed-static.sh (the generated static_assets.c holds the table). */
#ifndef HB_ASSETS_H
#define HB_ASSETS_H

#include <stddef.h>

struct hb_asset {
    const char *name;          /* path under static/: "images/pig_icon.png" */
    const unsigned char *data; /* followed by a NUL not counted in len */
    size_t len;
};

extern const struct hb_asset hb_assets[];
extern const size_t hb_asset_count;

/* The asset at 'name', or NULL. */
const struct hb_asset *hb_asset_find(const char *name);

#endif
