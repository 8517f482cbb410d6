/* The UDF writer: where its structures go in the layout, and which part renders each block.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "node.h"
#include "udf_private.h"
#include "udf_tag.h"

enum udf_tag_kind {
    TAG_RECOGNITION, TAG_MAIN_VDS, TAG_INTEGRITY, TAG_GAP, TAG_ANCHOR, TAG_METADATA_FES, TAG_AREA, TAG_README,
    TAG_MIRROR, TAG_RESERVE_VDS, TAG_END_ANCHOR,
};

/* What the ISO 9660 part of a UDF-only disc holds, as the original's do. */
static const char readme_text[] =
    "This disc contains a \"UDF\" file system and requires an operating system\r\n"
    "that supports the ISO-13346 \"UDF\" file system specification.\r\n";
static const fsi_char readme_name[] = {'R', 'E', 'A', 'D', 'M', 'E', '.', 'T', 'X', 'T'};

/* The readme is a file node of its own (its name is the node's), rendered by this writer. */
static fsi_hresult make_readme(udf_writer *w, fsi_image *img, fsi_error *err)
{
    layout_tree *r = &w->readme;
    fsi_source *text = NULL;
    fsi_hresult hr = fsi_source_from_memory(readme_text, sizeof(readme_text) - 1, &text, err);
    if (hr < 0)
        return hr;
    r->dirs = calloc(1, sizeof(*r->dirs));
    r->files = calloc(1, sizeof(*r->files));
    r->entries = calloc(1, sizeof(*r->entries));
    r->names = calloc(1, sizeof(*r->names)); /* the root's empty name */
    if (r->files)
        r->files[0].node = node_create_file(img, readme_name, sizeof(readme_name) / sizeof(readme_name[0]), text);
    fsi_source_release(text);
    if (!r->dirs || !r->files || !r->entries || !r->names || !r->files[0].node)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    r->names_len = 1;
    r->dir_count = r->file_count = r->entry_count = 1;
    fsi_time modified = w->tree->dirs ? w->tree->dirs[0].modified : 0; /* a sized tree has no times */
    r->dirs[0] = (layout_dir){.entry_count = 1, .depth = 1, .modified = modified};
    r->files[0].size = sizeof(readme_text) - 1;
    r->files[0].modified = modified;
    r->entries[0] = (layout_entry){.index = 0, .is_dir = 0};
    return FSI_S_OK;
}

/* Zeros up to the next multiple of unit blocks. */
static fsi_hresult align(udf_writer *w, fsi_layout *layout, uint32_t unit, fsi_error *err)
{
    uint32_t gap = (unit - layout_next_block(layout) % unit) % unit;
    return gap ? layout_reserve(layout, &w->base, TAG_GAP, gap, NULL, err) : FSI_S_OK;
}

static fsi_hresult reserve_descriptors(udf_writer *w, fsi_layout *layout, fsi_error *err)
{
    fsi_hresult hr = layout_reserve(layout, &w->base, TAG_RECOGNITION, 3, NULL, err);
    if (hr >= 0)
        hr = layout_reserve(layout, &w->base, TAG_MAIN_VDS, UDF_VDS_BLOCKS, &w->main_vds, err);
    if (hr >= 0)
        hr = layout_reserve(layout, &w->base, TAG_INTEGRITY, 2, &w->integrity, err);
    if (hr < 0)
        return hr;
    if (layout_next_block(layout) > UDF_ANCHOR_BLOCK)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the volume descriptors end after block %u, where UDF's anchor goes",
                        (unsigned)UDF_ANCHOR_BLOCK);
    if (layout_next_block(layout) < UDF_ANCHOR_BLOCK)
        hr = layout_reserve(layout, &w->base, TAG_GAP, UDF_ANCHOR_BLOCK - layout_next_block(layout), NULL, err);
    if (hr >= 0)
        hr = layout_reserve(layout, &w->base, TAG_ANCHOR, 1, NULL, err);
    w->partition_start = UDF_ANCHOR_BLOCK + 1;
    return hr;
}

static fsi_hresult reserve_area(udf_writer *w, fsi_layout *layout, fsi_error *err)
{
    const layout_tree *t = w->tree;
    fsi_hresult hr = FSI_S_OK;
    uint64_t blocks = (uint64_t)UDF_AREA_ENTRIES + t->dir_count + t->file_count + w->dir_blocks + w->extent_blocks +
                      w->stream_blocks;

    if (w->metadata_partition) {
        blocks = (blocks + UDF_META_ALLOCATION_UNIT - 1) / UDF_META_ALLOCATION_UNIT * UDF_META_ALLOCATION_UNIT;
        hr = layout_reserve(layout, &w->base, TAG_METADATA_FES, 2, &w->metadata_fe, err);
        if (hr >= 0)
            hr = align(w, layout, UDF_META_ALIGNMENT_UNIT, err);
    }
    if (hr < 0)
        return hr;
    if (blocks > UINT32_MAX)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF file set would need more than %lu blocks",
                        (unsigned long)UINT32_MAX);
    w->area_blocks = (uint32_t)blocks;
    hr = layout_reserve(layout, &w->base, TAG_AREA, w->area_blocks, &w->area, err);
    w->area_logical = w->metadata_partition ? 0 : w->area - w->partition_start;
    if (hr >= 0 && w->with_readme)
        hr = layout_reserve(layout, &w->base, TAG_README, 1, &w->readme.files[0].block, err);
    return hr;
}

static fsi_hresult reserve_end(udf_writer *w, fsi_layout *layout, fsi_error *err)
{
    fsi_hresult hr = FSI_S_OK;
    if (w->metadata_partition && w->duplicate_metadata) {
        hr = align(w, layout, UDF_META_ALIGNMENT_UNIT, err);
        if (hr >= 0)
            hr = layout_reserve(layout, &w->base, TAG_MIRROR, w->area_blocks, &w->mirror, err);
    }
    if (hr >= 0)
        hr = layout_reserve(layout, &w->base, TAG_RESERVE_VDS, UDF_VDS_BLOCKS, &w->reserve_vds, err);
    if (hr >= 0)
        hr = layout_reserve(layout, &w->base, TAG_END_ANCHOR, 1, NULL, err);
    return hr;
}

static fsi_hresult udf_reserve(fsi_writer *base, layout_phase phase, fsi_layout *layout, fsi_error *err)
{
    udf_writer *w = (udf_writer *)base;
    switch (phase) {
    case PHASE_DESCRIPTOR_END:
        return reserve_descriptors(w, layout, err);
    case PHASE_DIRECTORIES:
        return reserve_area(w, layout, err);
    case PHASE_AFTER_DATA:
        return reserve_end(w, layout, err);
    default:
        return FSI_S_OK;
    }
}

static void render_area(const udf_writer *w, const fsi_layout *layout, uint32_t index, uint8_t *block)
{
    const layout_tree *t = w->tree;
    uint32_t dirs_start = UDF_AREA_ENTRIES + t->dir_count + t->file_count;

    memset(block, 0, FSI_BLOCK_SIZE);
    if (index == 0)
        udf_render_file_set(w, layout, block);
    else if (index == 1)
        udf_tag_finish(block, UDF_TAG_TERMINATING, udf_descriptor_version(w), w->area_logical + 1, UDF_DESCRIPTOR_SIZE);
    else if (index < UDF_AREA_ENTRIES + t->dir_count)
        udf_render_dir_entry(w, layout, index - UDF_AREA_ENTRIES, block);
    else if (index < dirs_start)
        udf_render_file_entry(w, index - UDF_AREA_ENTRIES - t->dir_count, block);
    else if (index < dirs_start + w->dir_blocks) {
        uint32_t lo = 0, hi = t->dir_count; /* the last directory starting at or before index */
        while (hi - lo > 1) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (w->dirs[mid].first_block <= index)
                lo = mid;
            else
                hi = mid;
        }
        udf_render_directory_block(w, lo, index - w->dirs[lo].first_block, block);
    } else if (index < dirs_start + w->dir_blocks + w->extent_blocks)
        udf_render_allocation_extent(w, index - dirs_start - w->dir_blocks, block);
    else if (index < dirs_start + w->dir_blocks + w->extent_blocks + w->stream_blocks)
        udf_render_stream_block(w, layout, index - dirs_start - w->dir_blocks - w->extent_blocks, block);
}

static void udf_render(const fsi_writer *base, const fsi_layout *layout, uint32_t tag, uint32_t index, uint8_t *block)
{
    const udf_writer *w = (const udf_writer *)base;
    memset(block, 0, FSI_BLOCK_SIZE);
    switch ((enum udf_tag_kind)tag) {
    case TAG_RECOGNITION:
        udf_render_recognition(w, index, block);
        break;
    case TAG_MAIN_VDS:
        udf_render_vds(w, layout, w->main_vds, index, block);
        break;
    case TAG_RESERVE_VDS:
        udf_render_vds(w, layout, w->reserve_vds, index, block);
        break;
    case TAG_INTEGRITY:
        udf_render_integrity(w, layout, index, block);
        break;
    case TAG_ANCHOR:
        udf_render_anchor(w, UDF_ANCHOR_BLOCK, block);
        break;
    case TAG_END_ANCHOR:
        udf_render_anchor(w, fsi_layout_total_blocks(layout) - 1, block);
        break;
    case TAG_METADATA_FES:
        udf_render_metadata_entry(w, layout, (int)index, block);
        break;
    case TAG_AREA:
    case TAG_MIRROR:
        render_area(w, layout, index, block);
        break;
    case TAG_README:
        memcpy(block, readme_text, sizeof(readme_text) - 1);
        break;
    case TAG_GAP:
        break;
    }
}

static void udf_destroy(fsi_writer *base)
{
    udf_writer *w = (udf_writer *)base;
    free(w->readme.dirs);
    if (w->readme.files)
        fsi_node_release(w->readme.files[0].node);
    free(w->readme.files);
    free(w->readme.entries);
    free(w->readme.names);
    free(w->dirs);
    free(w->blocks);
    free(w->cut_names);
    free(w->spilled);
    free(w->stream_dirs);
    fsi_free(w->volume_id);
    free(w);
}

/* A sized tree's directory and allocation extent blocks, with the limits the plans check. */
static fsi_hresult take_sizes(udf_writer *w, fsi_error *err)
{
    const layout_tree *t = w->tree;
    uint64_t entries = (uint64_t)t->dir_count + t->file_count;
    if (t->sizes->udf_dir_blocks + entries > UINT32_MAX / 2)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF directories would need more than %lu blocks",
                        (unsigned long)(UINT32_MAX / 2));
    if (t->sizes->udf_extent_blocks &&
        UDF_AREA_ENTRIES + entries + t->sizes->udf_dir_blocks + t->sizes->udf_extent_blocks > UINT32_MAX / 2)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF allocation descriptors would need more than %lu blocks",
                        (unsigned long)(UINT32_MAX / 2));
    w->dir_blocks = (uint32_t)t->sizes->udf_dir_blocks;
    w->extent_blocks = (uint32_t)t->sizes->udf_extent_blocks;
    w->stream_blocks = (uint32_t)t->sizes->udf_stream_blocks; /* at most 1000 streams: far below the limits */
    return FSI_S_OK;
}

static const writer_ops udf_ops = {
    .reserve = udf_reserve,
    .render = udf_render,
    .destroy = udf_destroy,
};

fsi_hresult udf_writer_create(fsi_image *img, const layout_tree *tree, int with_readme, fsi_writer **out,
                              fsi_error *err)
{
    udf_writer *w = calloc(1, sizeof(*w));
    fsi_hresult hr;

    *out = NULL;
    if (!w)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    w->base.ops = &udf_ops;
    w->tree = tree;
    w->revision = (uint16_t)fsi_image_udf_revision(img);
    w->metadata_partition = w->revision >= 0x250;
    w->duplicate_metadata = w->metadata_partition && fsi_image_udf_redundant_metadata(img);
    w->with_readme = with_readme;
    hr = fsi_image_volume_name_for(img, FSI_FS_UDF, &w->volume_id, err);
    if (hr >= 0 && tree->sizes)
        hr = take_sizes(w, err);
    else if (hr >= 0)
        hr = udf_directories_plan(w, err);
    if (hr >= 0 && !tree->sizes)
        hr = udf_allocation_plan(w, UDF_AREA_ENTRIES + tree->dir_count + tree->file_count + w->dir_blocks, err);
    if (hr >= 0 && !tree->sizes)
        hr = udf_streams_plan(w, UDF_AREA_ENTRIES + tree->dir_count + tree->file_count + w->dir_blocks +
                                     w->extent_blocks, err);
    if (hr >= 0 && with_readme)
        hr = make_readme(w, img, err);
    if (hr < 0) {
        udf_destroy(&w->base);
        return hr;
    }
    *out = &w->base;
    return FSI_S_OK;
}

const layout_tree *udf_writer_readme_tree(const fsi_writer *w)
{
    return &((const udf_writer *)w)->readme;
}
