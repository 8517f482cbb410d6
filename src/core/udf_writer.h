/* The UDF writer (OSTA UDF 1.02 to 2.60 over ECMA-167): its volume structures, its file set in the
 * physical partition or, from 2.50 on, in a metadata partition, and file entries that point at the
 * data extents the other file systems share. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_UDF_WRITER_H
#define FSI_UDF_WRITER_H

#include "layout.h"

/* The writer of the image's UDF revision. With with_readme it also keeps the one-file tree of the
 * ISO 9660 part of a UDF-only image (udf_writer_readme_tree) and the block of that file's text. */
fsi_hresult udf_writer_create(fsi_image *img, const layout_tree *tree, int with_readme, fsi_writer **out,
                              fsi_error *err);
const layout_tree *udf_writer_readme_tree(const fsi_writer *w);

#endif
