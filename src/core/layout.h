/* The layout of a virtual image: a snapshot of the tree, the writers, and the owner of every block.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_LAYOUT_H
#define FSI_LAYOUT_H

#include "fsi_core.h"
#include "writer.h"

/* The snapshot of the model a layout is made from: flat arrays, immutable once made. A file keeps
 * its node (whose name and source never change) rather than copies: per file this is most of what a
 * layout costs. */
typedef struct layout_file {
    fsi_node *node;     /* retained: the name and the source */
    uint64_t size;
    fsi_time modified;
    uint32_t block;     /* first block of its data, set when the layout places the data */
    uint32_t parent : 30; /* index of its directory */
    uint32_t hidden : 1;
    uint32_t real_time : 1; /* IsRealTime */
} layout_file;

typedef struct layout_dir {
    uint32_t parent;      /* the root is its own parent */
    uint32_t first_entry; /* its children are entries[first_entry, first_entry + entry_count) */
    uint32_t entry_count;
    uint32_t name;
    uint32_t depth;       /* the root is at depth 1 */
    fsi_time modified;
    uint8_t hidden;
} layout_dir;

typedef struct layout_entry {
    uint32_t index : 31; /* into dirs or files */
    uint32_t is_dir : 1;
} layout_entry;

/* A tree known only by what its writers reserve (fsi_estimate_blocks): the per-directory numbers of
 * each file system summed up (dir_sizes.h), instead of arrays. */
typedef struct layout_sizes {
    uint64_t data_blocks;       /* the files' and boot images' data */
    uint64_t iso_table_bytes;   /* path table of ISO 9660, then of Joliet */
    uint64_t joliet_table_bytes;
    uint64_t iso_dir_blocks;    /* directory records */
    uint64_t joliet_dir_blocks;
    uint64_t udf_dir_blocks;    /* identifier streams */
    uint64_t udf_extent_blocks; /* allocation extent descriptors */
    uint64_t udf_stream_blocks; /* stream directories and their streams' entries (udf_streams.c) */
} layout_sizes;

/* The named streams of one file, when the image records them (UDF 2.00+): files[first, first + count). */
typedef struct layout_stream_set {
    uint32_t file, first, count;
} layout_stream_set;

typedef struct layout_tree {
    /* Not NULL: a tree of dir_count directories and file_count files known by these sizes alone,
     * dirs, files, entries and names being NULL; only reserving is done with it. */
    const layout_sizes *sizes;
    layout_dir *dirs;   /* dirs[0] is the root */
    layout_file *files;
    layout_entry *entries;
    fsi_char *names;    /* the directories' NUL-terminated names one after the other */
    uint32_t dir_count, file_count, entry_count;
    /* El Torito boot images: files[file_count, file_count + boot_count), in no directory. */
    uint32_t boot_count;
    /* Named streams: files[file_count + boot_count, ... + stream_count), in no directory, a set per
     * file that has them (in file order). */
    uint32_t stream_count, stream_set_count;
    layout_stream_set *stream_sets;
    size_t names_len;
} layout_tree;

static inline const fsi_char *layout_entry_name(const layout_tree *t, const layout_entry *e)
{
    return e->is_dir ? t->names + t->dirs[e->index].name : fsi_node_name(t->files[e->index].node);
}

static inline fsi_source *layout_file_source(const layout_file *f)
{
    return fsi_node_file_source(f->node);
}

/* "\dir\file" of a directory or file of the tree, in UTF-8, for messages. */
void layout_tree_path(const layout_tree *t, uint32_t index, int is_dir, char *out, size_t out_size);

/* fsi_layout_create with a given creation time, so tests get byte-identical images. */
fsi_hresult layout_create_at(fsi_image *img, fsi_time created, fsi_layout **out, fsi_error *err);
/* The total blocks of img's layout if its tree were sized (a tree with sizes set): the same writers
 * reserve the same blocks, from the sizes. */
fsi_hresult layout_total_of_sized(fsi_image *img, const layout_tree *sized, uint32_t *total, fsi_error *err);

/* The first block not reserved yet, while writers reserve (to align or to reach a fixed block). */
uint32_t layout_next_block(const fsi_layout *layout);

/* What the writers read from a complete layout. */
const layout_tree *layout_get_tree(const fsi_layout *layout);
/* The indices into the tree's files (boot images included) of those with data, in block order. */
const uint32_t *layout_data_files(const fsi_layout *layout, uint32_t *count);
fsi_time layout_created(const fsi_layout *layout);

/* Who owns a block: a writer's extent (with its tag and the block's index in it), a file's data, or
 * nobody (zeros). All file data is one extent in the layout; the reader sees one per file. */
typedef enum extent_kind { EXTENT_WRITER, EXTENT_FILE } extent_kind;
typedef struct layout_extent {
    uint32_t start, count; /* blocks */
    uint32_t owner;        /* writer number or file index */
    uint32_t tag;
    extent_kind kind;
} layout_extent;

/* The extent holding block (for file data, the file's), or 0 when the block is zeros (the system area). */
int layout_find_extent(const fsi_layout *layout, uint32_t block, layout_extent *out);
void layout_render(const fsi_layout *layout, const layout_extent *e, uint32_t block, uint8_t *out);

#endif
