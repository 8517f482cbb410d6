/* The El Torito writer: the boot record (right after the primary volume descriptor, as the writer
 * after ISO 9660's) and the boot catalog (first in the file-data phase, before the boot images, which
 * the layout places as the first file extents; neither appears in any directory).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ELTORITO_WRITER_H
#define FSI_ELTORITO_WRITER_H

#include "layout.h"

/* The image's boot entries at this moment; tree holds their images as files[file_count + i]. */
fsi_hresult eltorito_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err);

#endif
