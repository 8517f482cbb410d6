/* What the ISO 9660 and Joliet writers share: a volume descriptor over a directory hierarchy.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ISO9660_WRITER_COMMON_H
#define FSI_ISO9660_WRITER_COMMON_H

#include "dirrec_tree.h"
#include "writer.h"

typedef struct hierarchy_writer {
    fsi_writer base;
    dirrec_tree *tree;
    fsi_char *volume_id;
    int joliet;
} hierarchy_writer;

enum hierarchy_tag { TAG_DESCRIPTOR, TAG_TERMINATOR, TAG_L_TABLE, TAG_M_TABLE, TAG_DIRECTORIES };

/* Makes the writer: the hierarchy named by naming and the volume label of file_system. */
fsi_hresult hierarchy_writer_create(fsi_image *img, const layout_tree *tree, const dirrec_naming *naming,
                                    uint32_t file_system, const writer_ops *ops, fsi_writer **out,
                                    fsi_error *err);
/* Reserves the descriptor, the path tables and the directories in their phases; the terminator
 * too when with_terminator. */
fsi_hresult hierarchy_writer_reserve(hierarchy_writer *w, layout_phase phase, fsi_layout *layout,
                                     int with_terminator, fsi_error *err);
void hierarchy_writer_render(const fsi_writer *w, const fsi_layout *layout, uint32_t tag, uint32_t index,
                             uint8_t *block);
void hierarchy_writer_destroy(fsi_writer *w);

#endif
