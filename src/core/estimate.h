/* The size an image would have if its layout were made now. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ESTIMATE_H
#define FSI_ESTIMATE_H
#include "fsi_core.h"

/* Total blocks of the image as fsi_layout_create would lay it out now (UsedBlocks, and the
 * FreeMediaBlocks check after every edit). Implemented next to the layout; must equal the real
 * layout's total exactly, and stay cheap when called after each of many small edits. */
uint32_t fsi_estimate_blocks(fsi_image *img);

#endif
