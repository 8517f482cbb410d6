/* What one directory adds to each file system of an image, kept per directory node until its children
 * or the image's options change, so that fsi_estimate_blocks measures again only the directories
 * edited since it last ran. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_DIR_SIZES_H
#define FSI_DIR_SIZES_H
#include "fsi_core.h"

typedef struct dir_sizes {
    fsi_node **subdirs;         /* its child directories (the directory's own references) */
    uint32_t subdir_count, file_count;
    uint64_t data_blocks;       /* of its files */
    uint32_t iso_table_bytes;   /* its child directories' path table records */
    uint32_t joliet_table_bytes;
    uint32_t iso_blocks;        /* its own directory records */
    uint32_t joliet_blocks;
    uint32_t udf_blocks;        /* its identifier stream */
    uint32_t udf_extent_blocks; /* its files' allocation extent descriptors */
} dir_sizes;

/* The sizes of dir, a directory of img's tree, under img's options now: kept, or measured by the
 * writers themselves (on dir and its children alone) and kept. A directory the writers refuse (no
 * unique name, say) gives their error. */
fsi_hresult dir_sizes_get(fsi_image *img, fsi_node *dir, const dir_sizes **out, fsi_error *err);
/* dir's children changed or dir goes away: what was kept for it is dropped. */
void dir_sizes_forget(fsi_node *dir);
/* Drops everything kept for img's directories (img is being destroyed). */
void dir_sizes_free_all(fsi_image *img);

#endif
