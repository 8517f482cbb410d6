/* An ECMA-119 directory hierarchy: the directories, path tables and records of one file system
 * (the primary ISO 9660 one, or Joliet's), laid out from the layout's snapshot and rendered on demand.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_DIRREC_TREE_H
#define FSI_DIRREC_TREE_H

#include "iso_names.h"
#include "layout.h"

typedef struct dirrec_naming {
    const char *file_system; /* for messages */
    uint32_t fs;             /* FSI_FS_ISO9660 or FSI_FS_JOLIET: which of a sized tree's sizes are its own */
    int level;               /* ISO 9660 interchange level, passed to map */
    void (*map)(const fsi_char *name, int is_dir, int level, mapped_name *out);
    fsi_char unique_marker;  /* what starts the "~N" of names made unique */
    /* The identifier as recorded (at most 255 bytes); returns its length. */
    size_t (*encode)(const mapped_name *name, int is_dir, uint8_t *out);
} dirrec_naming;

typedef struct dirrec_tree dirrec_tree;

/* Maps and sorts every directory's names and sizes every directory and the path table.
 * IMAPI_E_NO_UNIQUE_NAME naming the item, IMAPI_E_TOO_MANY_DIRS beyond 65535 directories. A sized
 * tree (layout_tree.sizes) gives a hierarchy that can only reserve its blocks. */
fsi_hresult dirrec_tree_create(const layout_tree *tree, const dirrec_naming *naming, dirrec_tree **out,
                               fsi_error *err);
void dirrec_tree_destroy(dirrec_tree *t);

/* Blocks of the whole image the tree needs, as it would reserve them. */
uint32_t dirrec_tree_path_table_blocks(const dirrec_tree *t);
uint32_t dirrec_tree_directory_blocks(const dirrec_tree *t);
/* Blocks of one directory of the tree. */
uint32_t dirrec_tree_blocks_of(const dirrec_tree *t, uint32_t dir);

/* Reserves the L then the M path table (tags tag_l and tag_m), or all directories (tag). */
fsi_hresult dirrec_tree_reserve_path_tables(dirrec_tree *t, fsi_layout *layout, fsi_writer *w, uint32_t tag_l,
                                            uint32_t tag_m, fsi_error *err);
fsi_hresult dirrec_tree_reserve_directories(dirrec_tree *t, fsi_layout *layout, fsi_writer *w, uint32_t tag,
                                            fsi_error *err);

void dirrec_tree_render_path_table(const dirrec_tree *t, int big_endian, uint32_t index, uint8_t *block);
void dirrec_tree_render_directory(const dirrec_tree *t, uint32_t index, uint8_t *block);

/* What a volume descriptor records about the hierarchy. */
void dirrec_tree_root_record(const dirrec_tree *t, uint8_t out[34]);
uint32_t dirrec_tree_path_table_size(const dirrec_tree *t);
uint32_t dirrec_tree_l_path_table(const dirrec_tree *t);
uint32_t dirrec_tree_m_path_table(const dirrec_tree *t);

/* The identifier entry (of the layout's tree) is recorded under, as its record holds it; returns its
 * length. */
size_t dirrec_tree_entry_identifier(const dirrec_tree *t, uint32_t entry, uint8_t out[256]);

/* The files in the order of the directories (path table order) and of each directory's records. */
void dirrec_tree_file_order(const dirrec_tree *t, uint32_t *order);

#endif
