/* UDF allocation descriptors (ECMA-167 4/14.14): short ones for data in the entry's own partition,
 * long ones for data in another (files, when the entries are in the metadata partition). Each
 * describes at most UDF_MAX_EXTENT bytes; when a file needs more than its entry holds, the entry's
 * last descriptor continues the list in an allocation extent descriptor (4/14.5), and so on.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "udf_private.h"
#include "udf_tag.h"

enum {
    EXTENT_HEADER = 24,
    AD_NEXT_EXTENT = 3u << 30, /* extent type 3: the next extent of allocation descriptors */
};

/* Only files spill, and their descriptors are long in a metadata partition. */
static size_t descriptor_size(const udf_writer *w) { return w->metadata_partition ? 16 : 8; }
static uint32_t entry_capacity(const udf_writer *w)
{
    return (uint32_t)((FSI_BLOCK_SIZE - (w->revision >= 0x200 ? 216 : 176)) / descriptor_size(w));
}
static uint32_t extent_capacity(const udf_writer *w)
{
    return (uint32_t)((FSI_BLOCK_SIZE - EXTENT_HEADER) / descriptor_size(w));
}
static uint64_t descriptors_of(uint64_t length) { return (length + UDF_MAX_EXTENT - 1) / UDF_MAX_EXTENT; }

/* Blocks of allocation extent descriptors a file of n descriptors needs: every block but the last
 * gives one place to the descriptor that continues the list. */
static uint64_t extent_blocks_for(const udf_writer *w, uint64_t n)
{
    uint64_t left, blocks = 0;
    if (n <= entry_capacity(w))
        return 0;
    left = n - (entry_capacity(w) - 1);
    while (left > extent_capacity(w)) {
        left -= extent_capacity(w) - 1;
        blocks++;
    }
    return blocks + 1;
}

fsi_hresult udf_allocation_plan(udf_writer *w, uint32_t first_block, fsi_error *err)
{
    uint64_t next = first_block;
    for (uint32_t f = 0; f < w->tree->file_count; f++) {
        uint64_t blocks = extent_blocks_for(w, descriptors_of(w->tree->files[f].size));
        if (!blocks)
            continue;
        udf_spilled_file *grown = realloc(w->spilled, (w->spilled_count + 1) * sizeof(*grown));
        if (!grown)
            return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the UDF file entries");
        w->spilled = grown;
        w->spilled[w->spilled_count++] = (udf_spilled_file){.file = f, .first_block = (uint32_t)next,
                                                            .blocks = (uint32_t)blocks};
        next += blocks;
        if (next > UINT32_MAX / 2)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF allocation descriptors would need more than %lu blocks",
                            (unsigned long)(UINT32_MAX / 2));
    }
    w->extent_blocks = (uint32_t)(next - first_block);
    return FSI_S_OK;
}

static const udf_spilled_file *find_spilled(const udf_writer *w, uint32_t file)
{
    size_t lo = 0, hi = w->spilled_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->spilled[mid].file < file)
            lo = mid + 1;
        else if (w->spilled[mid].file > file)
            hi = mid;
        else
            return &w->spilled[mid];
    }
    return NULL;
}

static size_t put_descriptor(int long_ad, uint8_t *out, uint32_t length, uint32_t block, uint16_t partition)
{
    if (long_ad) {
        udf_put_long_ad(out, length, block, partition, 0);
        return 16;
    }
    udf_put_short_ad(out, length, block);
    return 8;
}

/* Data descriptors [first, first + count) of run, then (when next_extent) the one continuing the
 * list at area block next_extent. */
static size_t put_descriptors(const udf_writer *w, const udf_run *run, uint64_t first, uint64_t count,
                              uint32_t next_extent, int continues, uint8_t *out)
{
    size_t n = 0;
    for (uint64_t i = first; i < first + count; i++) {
        uint64_t offset = i * UDF_MAX_EXTENT;
        uint64_t piece = run->length - offset < UDF_MAX_EXTENT ? run->length - offset : UDF_MAX_EXTENT;
        uint32_t block = run->block + (uint32_t)(i * (UDF_MAX_EXTENT / FSI_BLOCK_SIZE));
        n += put_descriptor(run->long_ads, out + n, (uint32_t)piece, block, run->partition);
    }
    if (continues)
        n += put_descriptor(run->long_ads, out + n, AD_NEXT_EXTENT | FSI_BLOCK_SIZE, w->area_logical + next_extent,
                            udf_area_partition(w));
    return n;
}

size_t udf_put_entry_allocation(const udf_writer *w, const udf_run *run, uint8_t *out)
{
    uint64_t n = descriptors_of(run->length);
    const udf_spilled_file *s = run->file == UINT32_MAX ? NULL : find_spilled(w, run->file);
    if (!s)
        return put_descriptors(w, run, 0, n, 0, 0, out);
    return put_descriptors(w, run, 0, entry_capacity(w) - 1, s->first_block, 1, out);
}

void udf_render_allocation_extent(const udf_writer *w, uint32_t index, uint8_t *block)
{
    const udf_spilled_file *s = w->spilled;
    uint32_t lo = 0, hi = w->spilled_count;
    while (hi - lo > 1) { /* the last file whose extents start at or before index */
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->spilled[mid].first_block - w->spilled[0].first_block <= index)
            lo = mid;
        else
            hi = mid;
    }
    s = &w->spilled[lo];
    uint32_t nth = index - (s->first_block - w->spilled[0].first_block);
    const layout_file *f = &w->tree->files[s->file];
    udf_run run = {.length = f->size, .block = f->block - w->partition_start, .long_ads = w->metadata_partition};
    uint64_t total = descriptors_of(f->size);
    uint64_t first = (entry_capacity(w) - 1) + (uint64_t)nth * (extent_capacity(w) - 1);
    int last = nth + 1 == s->blocks;
    uint64_t count = last ? total - first : extent_capacity(w) - 1;
    uint32_t location = w->area_logical + s->first_block + nth;

    memset(block, 0, FSI_BLOCK_SIZE);
    size_t length = put_descriptors(w, &run, first, count, s->first_block + nth + 1, !last, block + EXTENT_HEADER);
    put_le32(block + 16, nth ? location - 1 : 0); /* the previous extent; the entry comes before the first */
    put_le32(block + 20, (uint32_t)length);
    udf_tag_finish(block, UDF_TAG_ALLOCATION_EXTENT, udf_descriptor_version(w), location, EXTENT_HEADER + length);
}
