/* The image: options, totals and the size limit. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "dir_sizes.h"
#include "eltorito_entries.h"
#include "estimate.h"
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "named_streams.h"
#include "node.h"
#include "result_watch.h"
#include "size_limits.h"
#include "stage_image.h"
#include "tree_path.h"

enum { SUPPORTED_FILE_SYSTEMS = FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF };

fsi_image *fsi_image_create(void)
{
    fsi_image *img = calloc(1, sizeof(*img));
    if (!img)
        return NULL;
    img->root = node_create_directory(img, NULL, 0);
    if (!img->root) {
        free(img);
        return NULL;
    }
    img->file_systems = FSI_FS_ISO9660 | FSI_FS_JOLIET;
    img->iso_level = 2;
    img->free_media_blocks = FSI_DEFAULT_FREE_MEDIA_BLOCKS;
    img->udf_revision = FSI_UDF_DEFAULT_REVISION;
    img->udf_redundant_metadata = 1;
    return img;
}

void fsi_image_destroy(fsi_image *img)
{
    if (!img)
        return;
    change_log_free(img);
    dir_sizes_free_all(img);
    fsi_node_release(img->root);
    eltorito_entries_free(img->boot_entries, img->boot_count);
    free(img->volume_name);
    result_watch_image_gone(img->results);
    stage_image_free(img);
    free(img);
}

fsi_hresult fsi_image_set_file_systems(fsi_image *img, uint32_t mask, fsi_error *err)
{
    if (mask == 0)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "FileSystemsToCreate 0 selects no file system (supported: 0x%X)",
                        (unsigned)SUPPORTED_FILE_SYSTEMS);
    if (mask & ~(uint32_t)SUPPORTED_FILE_SYSTEMS)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "FileSystemsToCreate 0x%X asks for a file system not supported (supported: 0x%X)",
                        (unsigned)mask, (unsigned)SUPPORTED_FILE_SYSTEMS);
    if ((mask & FSI_FS_ISO9660) && !(img->file_systems & FSI_FS_ISO9660)) {
        fsi_hresult hr = iso_levels_check_tree(img->root, err);
        if (hr < 0)
            return hr;
    }
    {
        fsi_hresult hr = size_limits_check_options(img, mask, img->iso_level, err);
        if (hr < 0)
            return hr;
    }
    img->file_systems = mask;
    return FSI_S_OK;
}

uint32_t fsi_image_file_systems(const fsi_image *img)
{
    return img->file_systems;
}

uint32_t fsi_image_file_systems_supported(const fsi_image *img)
{
    (void)img;
    return SUPPORTED_FILE_SYSTEMS;
}

fsi_hresult fsi_image_set_iso_level(fsi_image *img, int32_t level, fsi_error *err)
{
    fsi_hresult hr;
    if (level < 1 || level > 3)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "ISO9660InterchangeLevel %ld is not supported (1, 2 or 3)", (long)level);
    hr = size_limits_check_options(img, img->file_systems, level, err);
    if (hr < 0)
        return hr;
    img->iso_level = level;
    return FSI_S_OK;
}

int32_t fsi_image_iso_level(const fsi_image *img)
{
    return img->iso_level;
}

/* More blocks than the image can take, computed from the totals alone: when even this fits the
 * limit, the exact (costlier) estimate is not needed. Generous on purpose:
 * - per entry, ISO 9660 and Joliet directory records of at most 255 bytes each, and a record never
 *   crosses a block (at most 1/8 of a block lost): 1,200 bytes;
 * - per directory, its "." and ".." records, path-table entries in four tables and the unused end of
 *   its last block in each file system: 1,100 bytes and 4 blocks;
 * - per file, its data and one more record per 4 GiB piece (a block each, far more than needed);
 * - with UDF, a 2 KiB file entry and an identifier descriptor of up to 550 bytes per entry, twice
 *   from 2.50 on (the metadata mirror's copy), and 64 blocks aligning the metadata partition;
 * - fixed areas (system area, descriptors, path-table and UDF anchor padding): 1,024 blocks.
 * A writer that adds blocks beyond these (a boot image, say) must be counted here too. */
uint64_t image_size_upper_bound(const fsi_image *img)
{
    uint64_t dirs = (uint64_t)img->directory_count + 1;
    uint64_t entries = (uint64_t)img->file_count + dirs;
    uint64_t metadata_bytes = entries * 1200 + dirs * 1100;
    uint64_t blocks = img->file_blocks + img->file_extents + metadata_bytes / FSI_BLOCK_SIZE + dirs * 4 + 1024;
    if (img->file_systems & FSI_FS_UDF)
        blocks += (entries * 2 + dirs) * 2 + 64;
    blocks += eltorito_entries_blocks(img->boot_entries, img->boot_count);
    blocks += img->stream_data_blocks + img->stream_udf_blocks * 2; /* named streams, twice for the mirror */
    return blocks;
}

uint32_t image_blocks_over_limit(fsi_image *img)
{
    uint32_t needed;
    if (img->free_media_blocks == 0 || image_size_upper_bound(img) <= (uint64_t)img->free_media_blocks)
        return 0;
    needed = fsi_estimate_blocks(img);
    return needed > (uint32_t)img->free_media_blocks ? needed : 0;
}

fsi_hresult image_size_error(const fsi_image *img, uint32_t needed, const char *item, fsi_error *err)
{
    return fsi_fail(err, IMAPI_E_IMAGE_SIZE_LIMIT,
                    "adding %s would make the image %lu blocks, but FreeMediaBlocks allows %ld", item,
                    (unsigned long)needed, (long)img->free_media_blocks);
}

fsi_hresult fsi_image_set_free_media_blocks(fsi_image *img, int32_t blocks, fsi_error *err)
{
    uint32_t needed;
    if (blocks < 0)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "FreeMediaBlocks %ld is negative", (long)blocks);
    if (blocks != 0) {
        needed = fsi_estimate_blocks(img);
        if (needed > (uint32_t)blocks)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG,
                            "FreeMediaBlocks %ld is below the %lu blocks the image already needs",
                            (long)blocks, (unsigned long)needed);
    }
    img->free_media_blocks = blocks;
    return FSI_S_OK;
}

int32_t fsi_image_free_media_blocks(const fsi_image *img)
{
    return img->free_media_blocks;
}

int32_t fsi_image_file_count(const fsi_image *img)
{
    return img->file_count;
}

int32_t fsi_image_directory_count(const fsi_image *img)
{
    return img->directory_count;
}

int32_t fsi_image_used_blocks(fsi_image *img)
{
    return (int32_t)fsi_estimate_blocks(img);
}

fsi_node *fsi_image_root(fsi_image *img)
{
    return img->root;
}

void image_account(fsi_image *img, const fsi_node *node, int sign)
{
    if (node->kind == FSI_KIND_DIRECTORY) {
        uint32_t i;
        img->directory_count += sign;
        for (i = 0; i < node->u.dir.count; i++)
            image_account(img, node->u.dir.items[i], sign);
    } else {
        uint64_t size = node->u.file.source->size;
        uint64_t blocks = (size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
        uint64_t extents = (size >> 32) + 1;
        img->file_count += sign;
        img->file_blocks = sign > 0 ? img->file_blocks + blocks : img->file_blocks - blocks;
        img->file_extents = sign > 0 ? img->file_extents + extents : img->file_extents - extents;
        node_streams_account(img, node, sign);
    }
}

fsi_hresult fsi_image_exists(fsi_image *img, const fsi_char *abs_path, fsi_kind *out, fsi_error *err)
{
    const fsi_char *cursor = abs_path, *name;
    const fsi_node *node = img->root;
    message_text text;
    size_t components, len;
    fsi_hresult hr;
    if (!path_is_separator(abs_path[0]))
        return fsi_fail(err, IMAPI_E_INVALID_PATH, "'%s' is not a full path (it must start with \\ or /)",
                        message_utf8(abs_path, &text));
    hr = path_check(abs_path, &components, err);
    if (hr < 0)
        return hr;
    while (path_next(&cursor, &name, &len)) {
        uint32_t index;
        if (node->kind != FSI_KIND_DIRECTORY || !(node = node_find(node, name, len, &index))) {
            *out = FSI_KIND_NONE;
            return FSI_S_OK;
        }
    }
    *out = (fsi_kind)node->kind;
    return FSI_S_OK;
}
