/* UDF file entries (ECMA-167 4/14.9) before 2.00 and extended file entries (4/14.17) from 2.00 on:
 * one block each, made when read. Named streams (ECMA-167 4/9.2, OSTA UDF 2.01 3.3.5): a file's entry
 * names its stream directory (type 13) in the Stream Directory ICB field; each stream has an entry of
 * type 5 with the ICB "stream" flag. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "endian.h"
#include "layout.h"
#include "udf_private.h"
#include "udf_tag.h"

enum {
    FILE_TYPE_DIRECTORY = 4,
    FILE_TYPE_FILE = 5,
    FILE_TYPE_STREAM_DIRECTORY = 13, /* ECMA-167 4/14.6.6 */
    FILE_TYPE_REAL_TIME = 249,       /* OSTA UDF 2.01 2.3.5.2: a file that needs a minimum data rate */
    FILE_TYPE_METADATA = 250,
    FILE_TYPE_METADATA_MIRROR = 251,
    AD_SHORT = 0,
    AD_LONG = 1,
    ICB_FLAG_STREAM = 0x2000, /* ECMA-167 4/14.6.8 bit 13: the file is a stream of a stream directory */
    REAL_TIME_REVISION = 0x201,
    /* 4/14.9.5: other, group and owner each read (4) and, for directories, execute (1). */
    PERMISSIONS_FILE = 0x1084,
    PERMISSIONS_DIRECTORY = 0x14A5,
};

typedef struct entry_info {
    uint8_t file_type;
    uint16_t links;
    uint32_t permissions;
    uint64_t length;
    uint32_t data_block;     /* logical, in data_partition */
    uint16_t data_partition;
    int long_ads;            /* data in another partition than the entry's */
    fsi_time time;
    uint64_t unique_id;
    uint32_t file;           /* its file, UINT32_MAX for a directory or the metadata files */
    uint32_t location;       /* logical block of the entry itself */
    uint16_t flags;          /* ICB flags beside the allocation descriptor type */
    uint64_t stream_bytes;   /* its named streams' bytes, which the object size counts (4/14.17.5) */
    int has_streams;         /* the stream directory's entry is at area block stream_directory */
    uint32_t stream_directory;
} entry_info;

static void render_entry(const udf_writer *w, const entry_info *e, uint8_t *b)
{
    int extended = w->revision >= 0x200;
    size_t header = extended ? 216 : 176;

    memset(b, 0, FSI_BLOCK_SIZE);
    put_le16(b + 20, 4);               /* strategy 4: one direct entry */
    put_le16(b + 24, 1);               /* maximum number of entries */
    b[27] = e->file_type;
    put_le16(b + 34, (uint16_t)((e->long_ads ? AD_LONG : AD_SHORT) | e->flags));
    put_le32(b + 36, 0xFFFFFFFF);      /* uid and gid not recorded (UDF 3.3.3.1) */
    put_le32(b + 40, 0xFFFFFFFF);
    put_le32(b + 44, e->permissions);
    put_le16(b + 48, e->links);
    put_le32(b + 56, (uint32_t)e->length);
    put_le32(b + 60, (uint32_t)(e->length >> 32));
    uint64_t recorded = (e->length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    udf_run run = {.length = e->length, .block = e->data_block, .partition = e->data_partition,
                   .long_ads = e->long_ads, .file = e->file};
    size_t ad_length = udf_put_entry_allocation(w, &run, b + header);
    if (extended) {
        put_le32(b + 64, (uint32_t)(e->length + e->stream_bytes)); /* object size: every stream's bytes */
        put_le32(b + 68, (uint32_t)((e->length + e->stream_bytes) >> 32));
        put_le32(b + 72, (uint32_t)recorded);
        put_le32(b + 76, (uint32_t)(recorded >> 32));
        for (int i = 0; i < 4; i++)    /* access, modification, creation, attribute */
            udf_put_timestamp(b + 80 + 12 * i, e->time);
        put_le32(b + 128, 1);          /* checkpoint */
        if (e->has_streams)            /* Stream Directory ICB: the stream directory's entry */
            udf_put_long_ad(b + 152, FSI_BLOCK_SIZE, w->area_logical + e->stream_directory, udf_area_partition(w), 0);
        udf_put_implementation_id(b + 168);
        put_le32(b + 200, (uint32_t)e->unique_id);
        put_le32(b + 204, (uint32_t)(e->unique_id >> 32));
        put_le32(b + 212, (uint32_t)ad_length);
    } else {
        put_le32(b + 64, (uint32_t)recorded);
        put_le32(b + 68, (uint32_t)(recorded >> 32));
        for (int i = 0; i < 3; i++)    /* access, modification, attribute */
            udf_put_timestamp(b + 72 + 12 * i, e->time);
        put_le32(b + 108, 1);
        udf_put_implementation_id(b + 128);
        put_le32(b + 160, (uint32_t)e->unique_id);
        put_le32(b + 164, (uint32_t)(e->unique_id >> 32));
        put_le32(b + 172, (uint32_t)ad_length);
    }
    udf_tag_finish(b, extended ? UDF_TAG_EXTENDED_FILE_ENTRY : UDF_TAG_FILE_ENTRY, udf_descriptor_version(w),
                   e->location, header + ad_length);
}

void udf_render_dir_entry(const udf_writer *w, const fsi_layout *layout, uint32_t dir, uint8_t *block)
{
    const layout_tree *t = w->tree;
    const layout_dir *d = &t->dirs[dir];
    uint32_t links = 1; /* its identifier in its parent, then each child's parent identifier */
    (void)layout;
    for (uint32_t e = d->first_entry; e < d->first_entry + d->entry_count; e++)
        links += t->entries[e].is_dir;
    entry_info e = {
        .file_type = FILE_TYPE_DIRECTORY,
        .links = (uint16_t)(links < 0xFFFF ? links : 0xFFFF), /* the field's largest value beyond that */
        .permissions = PERMISSIONS_DIRECTORY,
        .length = w->dirs[dir].bytes,
        .data_block = w->area_logical + w->dirs[dir].first_block,
        .data_partition = udf_area_partition(w),
        .time = d->modified,
        .unique_id = udf_dir_unique_id(dir),
        .file = UINT32_MAX,
        .location = w->area_logical + udf_dir_entry_block(dir),
    };
    render_entry(w, &e, block);
}

void udf_render_file_entry(const udf_writer *w, uint32_t file, uint8_t *block)
{
    const layout_file *f = &w->tree->files[file];
    int64_t set = udf_find_stream_set(w, file);
    entry_info e = {
        .file_type = f->real_time && w->revision >= REAL_TIME_REVISION ? FILE_TYPE_REAL_TIME : FILE_TYPE_FILE,
        .links = 1,
        .permissions = PERMISSIONS_FILE,
        .length = f->size,
        .data_block = f->size ? f->block - w->partition_start : 0,
        .data_partition = 0,
        .long_ads = w->metadata_partition,
        .time = f->modified,
        .unique_id = udf_file_unique_id(w, file),
        .file = file,
        .location = w->area_logical + udf_file_entry_block(w, file),
    };
    if (set >= 0) {
        const layout_stream_set *s = &w->tree->stream_sets[set];
        for (uint32_t k = 0; k < s->count; k++)
            e.stream_bytes += w->tree->files[s->first + k].size;
        e.has_streams = 1;
        e.stream_directory = w->stream_dirs[set].first_block;
    }
    render_entry(w, &e, block);
}

/* UDF 2.01 3.3.5.1: one stream directory per file, identified only by the file's entry; mkudffs and
 * ECMA-167 leave unique IDs to files and directories, so the stream entries carry 0. */
void udf_render_stream_dir_entry(const udf_writer *w, uint32_t set, uint8_t *block)
{
    const layout_stream_set *s = &w->tree->stream_sets[set];
    const udf_stream_dir *d = &w->stream_dirs[set];
    entry_info e = {
        .file_type = FILE_TYPE_STREAM_DIRECTORY,
        .links = 1,
        .permissions = PERMISSIONS_DIRECTORY,
        .length = d->bytes,
        .data_block = w->area_logical + d->first_block + 1,
        .data_partition = udf_area_partition(w),
        .time = w->tree->files[s->file].modified,
        .file = UINT32_MAX,
        .location = w->area_logical + d->first_block,
    };
    render_entry(w, &e, block);
}

void udf_render_stream_entry(const udf_writer *w, uint32_t set, uint32_t stream, uint8_t *block)
{
    const layout_stream_set *s = &w->tree->stream_sets[set];
    const udf_stream_dir *d = &w->stream_dirs[set];
    const layout_file *f = &w->tree->files[s->first + stream];
    uint32_t fid_blocks = (d->bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    entry_info e = {
        .file_type = FILE_TYPE_FILE,
        .links = 1,
        .permissions = PERMISSIONS_FILE,
        .length = f->size,
        .data_block = f->size ? f->block - w->partition_start : 0,
        .long_ads = w->metadata_partition,
        .time = f->modified,
        .file = UINT32_MAX,
        .location = w->area_logical + d->first_block + 1 + fid_blocks + stream,
        .flags = ICB_FLAG_STREAM,
    };
    render_entry(w, &e, block);
}

void udf_render_metadata_entry(const udf_writer *w, const fsi_layout *layout, int mirror, uint8_t *block)
{
    uint32_t data = mirror && w->duplicate_metadata ? w->mirror : w->area;
    entry_info e = {
        .file_type = mirror ? FILE_TYPE_METADATA_MIRROR : FILE_TYPE_METADATA,
        .links = 1,
        .length = (uint64_t)w->area_blocks * FSI_BLOCK_SIZE,
        .data_block = data - w->partition_start,
        .time = layout_created(layout),
        .file = UINT32_MAX,
        .location = (mirror ? w->metadata_fe + 1 : w->metadata_fe) - w->partition_start,
    };
    render_entry(w, &e, block);
}
