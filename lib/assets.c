/* SPDX-License-Identifier: MIT */
/* Looking up an embedded file by name; see assets.h. */
#include "assets.h"

#include <string.h>

const struct hb_asset *hb_asset_find(const struct hb_asset *assets, size_t count,
                                     const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (!strcmp(assets[i].name, name))
            return &assets[i];
    return NULL;
}
