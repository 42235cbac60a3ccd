/* SPDX-License-Identifier: MIT */
/* Files embedded into a binary at build time (tools/embed-static.sh writes
 * the table as C), found by name. */
#ifndef HB_ASSETS_H
#define HB_ASSETS_H

#include <stddef.h>

struct hb_asset {
    const char *name;          /* its path: "images/pig_icon.png" */
    const unsigned char *data; /* followed by a NUL not counted in len */
    size_t len;
};

/* The asset of 'assets' (count of them) named 'name', or NULL. */
const struct hb_asset *hb_asset_find(const struct hb_asset *assets, size_t count,
                                     const char *name);

#endif
