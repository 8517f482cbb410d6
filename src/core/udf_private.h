/* What the parts of the UDF writer share. SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout: after the ISO 9660 descriptors the recognition sequence, the main volume descriptor
 * sequence and the integrity sequence, then the first anchor at block 256 and the partition from
 * block 257 to the reserve sequence after the file data; the last block is the second anchor.
 * The "area" holds the file set descriptor, one file entry per directory and file, and the
 * directories' identifier streams, in that order: in the partition itself before 2.50, as the
 * metadata file's single extent (with a mirror) from 2.50 on. Named streams (2.00 on) end the area:
 * per file that has them its stream directory's entry, identifier stream and the streams' entries. */
#ifndef FSI_UDF_PRIVATE_H
#define FSI_UDF_PRIVATE_H

#include "udf_cs0.h"
#include "udf_writer.h"

enum {
    UDF_ANCHOR_BLOCK = 256,
    UDF_VDS_BLOCKS = 16,       /* UDF 2.2.3: a volume descriptor sequence extent of at least 16 blocks */
    UDF_AREA_ENTRIES = 2,      /* area blocks before the file entries: file set and terminating descriptor */
    UDF_META_ALLOCATION_UNIT = 32,
    UDF_META_ALIGNMENT_UNIT = 16,
    UDF_FIRST_UNIQUE_ID = 16,  /* UDF 3.2.1.1: 1..15 are reserved, the root is 0 */
};

/* Where each directory's identifier stream is, and an index of its blocks. */
typedef struct udf_dir {
    uint32_t first_block; /* area block of its stream */
    uint32_t bytes;
    uint32_t first_index; /* into udf_writer.blocks, one per block of its stream */
} udf_dir;

/* The identifier descriptor that covers a directory block's first byte: its ordinal in the stream
 * (0 is the parent's, k the k-th child's) and its offset in the stream. */
typedef struct udf_dir_block {
    uint32_t ordinal;
    uint32_t offset;
} udf_dir_block;

/* A child whose name had to be cut to 255 bytes, and the number that keeps it unique. */
typedef struct udf_cut_name {
    uint32_t entry; /* index into the tree's entries */
    uint32_t number;
} udf_cut_name;

/* A file whose allocation descriptors do not fit its entry: the rest go in allocation extent
 * descriptors (ECMA-167 4/14.5), blocks of the area after the directories. */
typedef struct udf_spilled_file {
    uint32_t file;
    uint32_t first_block; /* area block of its first allocation extent descriptor */
    uint32_t blocks;
} udf_spilled_file;

/* The stream directory of a file with named streams (one per layout_stream_set). */
typedef struct udf_stream_dir {
    uint32_t first_block; /* area block of its entry; its identifier stream and the streams' entries follow */
    uint32_t bytes;       /* of its identifier stream */
} udf_stream_dir;

/* One run of data as allocation descriptors describe it. */
typedef struct udf_run {
    uint64_t length;
    uint32_t block;     /* logical, in partition */
    uint16_t partition;
    int long_ads;       /* the data is in another partition than the descriptors */
    uint32_t file;      /* its file, to find its allocation extents; UINT32_MAX for others */
} udf_run;

typedef struct udf_writer {
    fsi_writer base;
    const layout_tree *tree;
    uint16_t revision;
    int metadata_partition; /* 2.50 and later */
    int duplicate_metadata; /* the mirror is a copy of its own, not the same extent */
    fsi_char *volume_id;

    udf_dir *dirs;
    udf_dir_block *blocks;
    udf_cut_name *cut_names;
    uint32_t cut_name_count;
    uint32_t area_blocks; /* with the padding to the allocation unit in a metadata partition */
    uint32_t dir_blocks;
    udf_spilled_file *spilled;
    uint32_t spilled_count;
    uint32_t extent_blocks; /* allocation extent descriptors, after the directories */
    udf_stream_dir *stream_dirs;
    uint32_t stream_blocks; /* the stream directories and stream entries, after the extents */

    /* Physical blocks. */
    uint32_t main_vds, integrity, partition_start, reserve_vds, area, metadata_fe, mirror;
    /* The area's first block as the file set sees it: in the metadata partition (0) or the physical one. */
    uint32_t area_logical;

    layout_tree readme;
    int with_readme;
} udf_writer;

static inline uint16_t udf_descriptor_version(const udf_writer *w) { return w->revision >= 0x200 ? 3 : 2; }
static inline uint16_t udf_area_partition(const udf_writer *w) { return w->metadata_partition ? 1 : 0; }
static inline uint32_t udf_dir_entry_block(uint32_t dir) { return UDF_AREA_ENTRIES + dir; }
static inline uint32_t udf_file_entry_block(const udf_writer *w, uint32_t file)
{
    return UDF_AREA_ENTRIES + w->tree->dir_count + file;
}
static inline uint32_t udf_dir_unique_id(uint32_t dir) { return dir ? UDF_FIRST_UNIQUE_ID - 1 + dir : 0; }
static inline uint32_t udf_file_unique_id(const udf_writer *w, uint32_t file)
{
    return UDF_FIRST_UNIQUE_ID + w->tree->dir_count - 1 + file;
}
static inline uint32_t udf_physical_length(const udf_writer *w) { return w->reserve_vds - w->partition_start; }

/* udf_directory.c: the identifier streams. */
fsi_hresult udf_directories_plan(udf_writer *w, fsi_error *err);
/* The name of entry as recorded (CS0, at most 255 bytes); returns its length. */
size_t udf_entry_identifier(const udf_writer *w, uint32_t entry, uint8_t out[UDF_CS0_MAX_NAME]);
void udf_render_directory_block(const udf_writer *w, uint32_t dir, uint32_t index, uint8_t *block);

/* udf_allocation.c: allocation descriptors, and extents of them for files too big for one entry. */
fsi_hresult udf_allocation_plan(udf_writer *w, uint32_t first_block, fsi_error *err);
/* Writes the run's descriptors that go in its entry; returns their bytes. */
size_t udf_put_entry_allocation(const udf_writer *w, const udf_run *run, uint8_t *out);
/* Block index of the allocation extent descriptors (after the directories). */
void udf_render_allocation_extent(const udf_writer *w, uint32_t index, uint8_t *block);

/* udf_streams.c: named streams. */
fsi_hresult udf_streams_plan(udf_writer *w, uint32_t first_block, fsi_error *err);
/* The stream set of file (index into tree->stream_sets), or -1 when it has none. */
int64_t udf_find_stream_set(const udf_writer *w, uint32_t file);
/* Block index of the stream part of the area (after the allocation extents). */
void udf_render_stream_block(const udf_writer *w, const fsi_layout *layout, uint32_t index, uint8_t *block);

/* udf_file_entry.c: (extended) file entries. */
void udf_render_dir_entry(const udf_writer *w, const fsi_layout *layout, uint32_t dir, uint8_t *block);
void udf_render_file_entry(const udf_writer *w, uint32_t file, uint8_t *block);
/* A stream directory's entry (type 13) and a named stream's entry (type 5, the stream flag set). */
void udf_render_stream_dir_entry(const udf_writer *w, uint32_t set, uint8_t *block);
void udf_render_stream_entry(const udf_writer *w, uint32_t set, uint32_t stream, uint8_t *block);
/* The metadata file (type 250) or its mirror (251), in the physical partition. */
void udf_render_metadata_entry(const udf_writer *w, const fsi_layout *layout, int mirror, uint8_t *block);

/* udf_volume.c: the volume structures and the file set descriptor. */
void udf_render_anchor(const udf_writer *w, uint32_t location, uint8_t *block);
void udf_render_vds(const udf_writer *w, const fsi_layout *layout, uint32_t first, uint32_t index, uint8_t *block);
void udf_render_integrity(const udf_writer *w, const fsi_layout *layout, uint32_t index, uint8_t *block);
void udf_render_file_set(const udf_writer *w, const fsi_layout *layout, uint8_t *block);
void udf_render_recognition(const udf_writer *w, uint32_t index, uint8_t *block);

#endif
