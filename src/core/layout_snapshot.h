/* The snapshot of the model a layout is made from. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_LAYOUT_SNAPSHOT_H
#define FSI_LAYOUT_SNAPSHOT_H

#include "layout.h"

/* Copies the tree breadth-first (directories in the order they are met, each directory's children
 * in the model's order), retaining each file's node. Times never set become created. */
fsi_hresult layout_snapshot(fsi_image *img, fsi_time created, layout_tree *out, fsi_error *err);
/* Just dir and its children, the directories among them without children of their own: what the
 * writers need to size one directory (dir_sizes.c). */
fsi_hresult layout_snapshot_directory(fsi_node *dir, layout_tree *out, fsi_error *err);
void layout_snapshot_free(layout_tree *t);

#endif
