/* The Joliet writer: supplementary volume descriptor, path tables, directories with UCS-2 names.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_JOLIET_WRITER_H
#define FSI_JOLIET_WRITER_H

#include "layout.h"

fsi_hresult joliet_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err);

#endif
