/* UDF volume structures: the recognition sequence (ECMA-167 2/9), the anchors (3/10.2), the volume
 * descriptor sequence (3/10.1, 3/10.4 to 3/10.9), the integrity descriptor (3/10.10) and the file set
 * descriptor (4/14.1), with the values UDF 2.2 asks for. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "endian.h"
#include "udf_cs0.h"
#include "udf_private.h"
#include "udf_tag.h"

enum {
    VDS_PRIMARY, VDS_IMPLEMENTATION_USE, VDS_PARTITION, VDS_LOGICAL_VOLUME, VDS_UNALLOCATED, VDS_TERMINATING,
    ACCESS_READ_ONLY = 1,
    TYPE1_MAP_LENGTH = 6,
    METADATA_MAP_LENGTH = 64,
    NO_BITMAP = 0xFFFFFFFFu,
};

void udf_render_recognition(const udf_writer *w, uint32_t index, uint8_t *block)
{
    static const char *const ids[] = {"BEA01", "NSR02", "TEA01"};
    memset(block, 0, FSI_BLOCK_SIZE);
    memcpy(block + 1, index == 1 && w->revision >= 0x200 ? "NSR03" : ids[index], 5);
    block[6] = 1;
}

void udf_render_anchor(const udf_writer *w, uint32_t location, uint8_t *block)
{
    memset(block, 0, FSI_BLOCK_SIZE);
    udf_put_extent_ad(block + 16, UDF_VDS_BLOCKS * FSI_BLOCK_SIZE, w->main_vds);
    udf_put_extent_ad(block + 24, UDF_VDS_BLOCKS * FSI_BLOCK_SIZE, w->reserve_vds);
    udf_tag_finish(block, UDF_TAG_ANCHOR, udf_descriptor_version(w), location, UDF_DESCRIPTOR_SIZE);
}

static void primary_volume(const udf_writer *w, const fsi_layout *layout, uint8_t *b)
{
    char set_id[40];
    fsi_time created = layout_created(layout);
    put_le32(b + 16, VDS_PRIMARY);
    udf_put_dstring(b + 24, 32, w->volume_id);
    put_le16(b + 56, 1);  /* volume sequence number */
    put_le16(b + 58, 1);
    put_le16(b + 60, 2);  /* interchange level: a single volume (UDF 2.2.2.1) */
    put_le16(b + 62, 2);
    put_le32(b + 64, 1);  /* character set list: CS0 */
    put_le32(b + 68, 1);
    /* UDF 2.2.2.5: the first 16 characters are unique, here the creation time in hex. */
    snprintf(set_id, sizeof(set_id), "%016llXopenimapi2fs", (unsigned long long)created);
    udf_put_dstring_ascii(b + 72, 128, set_id);
    udf_put_charspec(b + 200);
    udf_put_charspec(b + 264);
    udf_put_timestamp(b + 376, created);
    udf_put_implementation_id(b + 388);
}

static void implementation_use(const udf_writer *w, uint8_t *b)
{
    put_le32(b + 16, VDS_IMPLEMENTATION_USE);
    udf_put_udf_id(b + 20, "*UDF LV Info", w->revision);
    udf_put_charspec(b + 52);
    udf_put_dstring(b + 116, 128, w->volume_id);
    udf_put_implementation_id(b + 352);
}

static void partition(const udf_writer *w, uint8_t *b)
{
    put_le32(b + 16, VDS_PARTITION);
    put_le16(b + 20, 1); /* allocated */
    put_le16(b + 22, 0); /* partition number */
    b[25] = '+';
    memcpy(b + 26, w->revision >= 0x200 ? "NSR03" : "NSR02", 5);
    put_le32(b + 184, ACCESS_READ_ONLY);
    put_le32(b + 188, w->partition_start);
    put_le32(b + 192, udf_physical_length(w));
    udf_put_implementation_id(b + 196);
}

static size_t logical_volume(const udf_writer *w, uint8_t *b)
{
    uint8_t *map = b + 440;
    size_t table = TYPE1_MAP_LENGTH;

    put_le32(b + 16, VDS_LOGICAL_VOLUME);
    udf_put_charspec(b + 20);
    udf_put_dstring(b + 84, 128, w->volume_id);
    put_le32(b + 212, FSI_BLOCK_SIZE);
    udf_put_domain_id(b + 216, w->revision);
    udf_put_long_ad(b + 248, FSI_BLOCK_SIZE, w->area_logical, udf_area_partition(w), 0); /* the file set */
    udf_put_implementation_id(b + 272);
    udf_put_extent_ad(b + 432, 2 * FSI_BLOCK_SIZE, w->integrity);
    map[0] = 1;
    map[1] = TYPE1_MAP_LENGTH;
    put_le16(map + 2, 1); /* volume sequence number */
    put_le16(map + 4, 0); /* partition number */
    if (w->metadata_partition) {
        uint8_t *m = map + TYPE1_MAP_LENGTH;
        m[0] = 2;
        m[1] = METADATA_MAP_LENGTH;
        udf_put_udf_id(m + 4, "*UDF Metadata Partition", w->revision);
        put_le16(m + 36, 1);
        put_le16(m + 38, 0);
        put_le32(m + 40, w->metadata_fe - w->partition_start);
        put_le32(m + 44, w->metadata_fe + 1 - w->partition_start);
        put_le32(m + 48, NO_BITMAP); /* read-only: no bitmap (UDF 2.2.10) */
        put_le32(m + 52, UDF_META_ALLOCATION_UNIT);
        put_le16(m + 56, UDF_META_ALIGNMENT_UNIT);
        m[58] = (uint8_t)(w->duplicate_metadata ? 1 : 0);
        table += METADATA_MAP_LENGTH;
    }
    put_le32(b + 264, (uint32_t)table);
    put_le32(b + 268, w->metadata_partition ? 2 : 1);
    return 440 + table;
}

void udf_render_vds(const udf_writer *w, const fsi_layout *layout, uint32_t first, uint32_t index, uint8_t *block)
{
    static const uint16_t ids[] = {UDF_TAG_PRIMARY_VOLUME, UDF_TAG_IMPLEMENTATION_USE, UDF_TAG_PARTITION,
                                   UDF_TAG_LOGICAL_VOLUME, UDF_TAG_UNALLOCATED_SPACE, UDF_TAG_TERMINATING};
    size_t length = UDF_DESCRIPTOR_SIZE;

    memset(block, 0, FSI_BLOCK_SIZE);
    switch (index) {
    case VDS_PRIMARY:
        primary_volume(w, layout, block);
        break;
    case VDS_IMPLEMENTATION_USE:
        implementation_use(w, block);
        break;
    case VDS_PARTITION:
        partition(w, block);
        break;
    case VDS_LOGICAL_VOLUME:
        length = logical_volume(w, block);
        break;
    case VDS_UNALLOCATED:
        put_le32(block + 16, VDS_UNALLOCATED);
        length = 24; /* no extents: nothing is free on read-only media */
        break;
    case VDS_TERMINATING:
        break;
    default:
        return;
    }
    udf_tag_finish(block, ids[index], udf_descriptor_version(w), first + index, length);
}

void udf_render_integrity(const udf_writer *w, const fsi_layout *layout, uint32_t index, uint8_t *block)
{
    const layout_tree *t = w->tree;
    uint32_t partitions = w->metadata_partition ? 2 : 1;
    uint8_t *use;
    uint64_t next_unique_id = (uint64_t)UDF_FIRST_UNIQUE_ID + t->dir_count - 1 + t->file_count;

    memset(block, 0, FSI_BLOCK_SIZE);
    if (index == 1) {
        udf_tag_finish(block, UDF_TAG_TERMINATING, udf_descriptor_version(w), w->integrity + 1, UDF_DESCRIPTOR_SIZE);
        return;
    }
    udf_put_timestamp(block + 16, layout_created(layout));
    put_le32(block + 28, 1); /* close integrity */
    put_le32(block + 40, (uint32_t)next_unique_id);
    put_le32(block + 44, (uint32_t)(next_unique_id >> 32));
    put_le32(block + 72, partitions);
    put_le32(block + 76, 46);
    /* Free space tables are zero: nothing is free. Sizes: the partition, then the metadata file. */
    put_le32(block + 80 + 4 * partitions, udf_physical_length(w));
    if (w->metadata_partition)
        put_le32(block + 84 + 4 * partitions, w->area_blocks);
    use = block + 80 + 8 * partitions;
    udf_put_implementation_id(use);
    put_le32(use + 32, t->file_count);
    put_le32(use + 36, t->dir_count);
    put_le16(use + 40, w->revision == 0x260 ? 0x250 : w->revision); /* minimum read revision */
    put_le16(use + 42, w->revision);
    put_le16(use + 44, w->revision);
    udf_tag_finish(block, UDF_TAG_INTEGRITY, udf_descriptor_version(w), w->integrity, 80 + 8 * partitions + 46);
}

void udf_render_file_set(const udf_writer *w, const fsi_layout *layout, uint8_t *b)
{
    memset(b, 0, FSI_BLOCK_SIZE);
    udf_put_timestamp(b + 16, layout_created(layout));
    put_le16(b + 28, 3); /* interchange level (UDF 2.3.2.1) */
    put_le16(b + 30, 3);
    put_le32(b + 32, 1);
    put_le32(b + 36, 1);
    udf_put_charspec(b + 48);
    udf_put_dstring(b + 112, 128, w->volume_id);
    udf_put_charspec(b + 240);
    udf_put_dstring(b + 304, 32, w->volume_id);
    udf_put_long_ad(b + 400, FSI_BLOCK_SIZE, w->area_logical + udf_dir_entry_block(0), udf_area_partition(w), 0);
    udf_put_domain_id(b + 416, w->revision);
    udf_tag_finish(b, UDF_TAG_FILE_SET, udf_descriptor_version(w), w->area_logical, UDF_DESCRIPTOR_SIZE);
}
