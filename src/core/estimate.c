/* The size an image would have if laid out now. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "estimate.h"
#include "layout.h"

uint32_t fsi_estimate_blocks(fsi_image *img)
{
    fsi_layout *layout;
    uint32_t total;
    if (layout_create_at(img, 0, &layout, NULL) < 0)
        return 0;
    total = fsi_layout_total_blocks(layout);
    fsi_layout_release(layout);
    return total;
}
