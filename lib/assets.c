/* SPDX-License-Identifier: MIT */
/* Looking up the embedded static/ files; see assets.h. */
#include "assets.h"

#include <string.h>

const struct hb_asset *hb_asset_find(const char *name)
{
    for (size_t i = 0; i < hb_asset_count; i++)
        if (!strcmp(hb_assets[i].name, name))
            return &hb_assets[i];
    return NULL;
}
