/* The ISO 9660 writer: primary volume descriptor, set terminator, path tables, directories.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ISO9660_WRITER_H
#define FSI_ISO9660_WRITER_H

#include "layout.h"

fsi_hresult iso9660_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err);

#endif
