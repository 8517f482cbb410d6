/* The layout of a virtual image: snapshot, writers, block owners. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "eltorito_writer.h"
#include "hresult.h"
#include "iso9660_writer.h"
#include "joliet_writer.h"
#include "layout.h"
#include "layout_snapshot.h"
#include "result_watch.h"
#include "udf_writer.h"
#include "platform.h"
#include "volume_desc.h"

enum { MAX_WRITERS = 4 };

struct fsi_layout {
    long refs;
    layout_tree tree;
    fsi_writer *writers[MAX_WRITERS];
    size_t writer_count;
    layout_extent *extents; /* ascending, not overlapping; all file data is one extent */
    size_t extent_count, extent_capacity;
    /* The files with data in the order of their blocks, so that a file is found from a block without
     * an extent of its own (20 bytes per file). */
    uint32_t *data_files;
    uint32_t data_file_count;
    uint32_t next_block;    /* first block not reserved yet */
    fsi_time created;
    result_watch *watch; /* what counts it as a live result of its image (fsi_layout_create only) */
};

const layout_tree *layout_get_tree(const fsi_layout *layout) { return &layout->tree; }
fsi_time layout_created(const fsi_layout *layout) { return layout->created; }
const uint32_t *layout_data_files(const fsi_layout *layout, uint32_t *count)
{
    *count = layout->data_file_count;
    return layout->data_files;
}
uint32_t fsi_layout_total_blocks(const fsi_layout *layout) { return layout->next_block; }
uint32_t layout_next_block(const fsi_layout *layout) { return layout->next_block; }

static fsi_hresult append_extent(fsi_layout *layout, extent_kind kind, uint32_t owner, uint32_t tag,
                                 uint32_t blocks, uint32_t *start, fsi_error *err)
{
    if (blocks > UINT32_MAX - layout->next_block)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the image would need more than %lu blocks",
                        (unsigned long)UINT32_MAX);
    if (layout->extent_count == layout->extent_capacity) {
        size_t capacity = layout->extent_capacity ? layout->extent_capacity * 2 : 64;
        layout_extent *grown = realloc(layout->extents, capacity * sizeof(*grown));
        if (!grown)
            return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
        layout->extents = grown;
        layout->extent_capacity = capacity;
    }
    layout->extents[layout->extent_count++] =
        (layout_extent){.start = layout->next_block, .count = blocks, .owner = owner, .tag = tag, .kind = kind};
    if (start)
        *start = layout->next_block;
    layout->next_block += blocks;
    return FSI_S_OK;
}

fsi_hresult layout_reserve(fsi_layout *layout, fsi_writer *w, uint32_t tag, uint32_t blocks, uint32_t *start,
                           fsi_error *err)
{
    uint32_t owner = 0;
    while (owner < layout->writer_count && layout->writers[owner] != w)
        owner++;
    return append_extent(layout, EXTENT_WRITER, owner, tag, blocks, start, err);
}

static uint32_t file_blocks(const layout_file *f)
{
    return (uint32_t)((f->size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
}

/* Each file's data starts on a block of its own, in the first writer's order. An empty file takes
 * no block: its records point at block 0, inside the image, where a reader finds nothing to read. */
static fsi_hresult place_file_data(fsi_layout *layout, fsi_error *err)
{
    layout_tree *t = &layout->tree;
    uint32_t placed = t->file_count + t->boot_count + t->stream_count, first = layout->next_block, with_data = 0;
    uint32_t *order;
    uint64_t next = first;

    if (t->sizes) {
        if (t->sizes->data_blocks > UINT32_MAX - next)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the image would need more than %lu blocks",
                            (unsigned long)UINT32_MAX);
        return t->sizes->data_blocks ? append_extent(layout, EXTENT_FILE, 0, 0, (uint32_t)t->sizes->data_blocks,
                                                     NULL, err)
                                     : FSI_S_OK;
    }
    order = malloc((placed + 1) * sizeof(*order));
    if (!order)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    layout->data_files = order;
    for (uint32_t i = 0; i < t->boot_count; i++)
        order[i] = t->file_count + i;
    for (uint32_t i = 0; i < t->file_count; i++)
        order[t->boot_count + i] = i;
    for (uint32_t i = 0; i < t->stream_count; i++) /* named streams last, in their files' order */
        order[t->boot_count + t->file_count + i] = t->file_count + t->boot_count + i;
    for (size_t w = 0; w < layout->writer_count; w++)
        if (layout->writers[w]->ops->order_files) {
            layout->writers[w]->ops->order_files(layout->writers[w], order + t->boot_count);
            break;
        }
    for (uint32_t i = 0; i < placed; i++) {
        layout_file *f = &t->files[order[i]];
        uint64_t blocks = (f->size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
        if (blocks > UINT32_MAX - next)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the image would need more than %lu blocks",
                            (unsigned long)UINT32_MAX);
        if (blocks) {
            f->block = (uint32_t)next;
            next += blocks;
            order[with_data++] = order[i];
        }
    }
    layout->data_file_count = with_data;
    return with_data ? append_extent(layout, EXTENT_FILE, 0, 0, (uint32_t)(next - first), NULL, err) : FSI_S_OK;
}

static fsi_hresult add_writers(fsi_layout *layout, fsi_image *img, fsi_error *err)
{
    uint32_t systems = fsi_image_file_systems(img);
    int udf_only = !(systems & (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    fsi_writer *udf = NULL;
    fsi_hresult hr = FSI_S_OK;

    if (!(systems & (FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF)))
        return fsi_fail(err, IMAPI_E_NO_OUTPUT, "FileSystemsToCreate 0x%X selects no file system this build writes",
                        (unsigned)systems);
    /* A UDF-only disc still has an ISO 9660 part: one readme file saying the disc needs UDF. */
    if (systems & FSI_FS_UDF) {
        hr = udf_writer_create(img, &layout->tree, udf_only, &udf, err);
        if (hr < 0)
            return hr;
        layout->writers[layout->writer_count++] = udf; /* first for now, so that a failure below frees it */
    }
    /* Joliet is a supplement: its volume still needs the primary ISO 9660 descriptor and hierarchy. */
    hr = iso9660_writer_create(img, udf_only ? udf_writer_readme_tree(udf) : &layout->tree,
                               &layout->writers[layout->writer_count], err);
    if (hr < 0)
        return hr;
    layout->writer_count++;
    /* Its boot record goes right after the primary volume descriptor. */
    if (fsi_image_boot_entry_count(img)) {
        hr = eltorito_writer_create(img, &layout->tree, &layout->writers[layout->writer_count], err);
        if (hr < 0)
            return hr;
        layout->writer_count++;
    }
    if (systems & FSI_FS_JOLIET) {
        hr = joliet_writer_create(img, &layout->tree, &layout->writers[layout->writer_count], err);
        if (hr < 0)
            return hr;
        layout->writer_count++;
    }
    /* Last: its recognition sequence follows the terminator, its second anchor ends the image. */
    if (udf) {
        memmove(&layout->writers[0], &layout->writers[1], (layout->writer_count - 1) * sizeof(layout->writers[0]));
        layout->writers[layout->writer_count - 1] = udf;
    }
    return hr;
}

static fsi_hresult lay_out(fsi_layout *layout, fsi_error *err)
{
    fsi_hresult hr = FSI_S_OK;
    layout->next_block = VOLUME_DESC_FIRST_BLOCK;
    for (int phase = 0; phase < PHASE_COUNT && hr >= 0; phase++) {
        for (size_t w = 0; w < layout->writer_count && hr >= 0; w++)
            hr = layout->writers[w]->ops->reserve(layout->writers[w], (layout_phase)phase, layout, err);
        if (phase == PHASE_FILE_DATA && hr >= 0)
            hr = place_file_data(layout, err);
    }
    return hr;
}

fsi_hresult layout_create_at(fsi_image *img, fsi_time created, fsi_layout **out, fsi_error *err)
{
    fsi_layout *layout = calloc(1, sizeof(*layout));
    fsi_hresult hr;

    *out = NULL;
    if (!layout)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    layout->refs = 1;
    layout->created = created;
    hr = layout_snapshot(img, created, &layout->tree, err);
    if (hr >= 0)
        hr = add_writers(layout, img, err);
    if (hr >= 0)
        hr = lay_out(layout, err);
    if (hr < 0) {
        fsi_layout_release(layout);
        return hr;
    }
    *out = layout;
    return FSI_S_OK;
}

fsi_hresult layout_total_of_sized(fsi_image *img, const layout_tree *sized, uint32_t *total, fsi_error *err)
{
    fsi_layout *layout = calloc(1, sizeof(*layout));
    fsi_hresult hr;

    if (!layout)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    layout->refs = 1;
    layout->tree = *sized;
    hr = add_writers(layout, img, err);
    if (hr >= 0)
        hr = lay_out(layout, err);
    *total = hr >= 0 ? layout->next_block : 0;
    fsi_layout_release(layout);
    return hr;
}

fsi_hresult fsi_layout_create(fsi_image *img, fsi_layout **out, fsi_error *err)
{
    fsi_hresult hr = layout_create_at(img, platform_now(), out, err);
    if (hr >= 0 && !((*out)->watch = result_watch_layout_made(img))) {
        fsi_layout_release(*out);
        *out = NULL;
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    }
    return hr;
}

fsi_layout *fsi_layout_retain(fsi_layout *layout)
{
    platform_atomic_increment(&layout->refs);
    return layout;
}

void fsi_layout_release(fsi_layout *layout)
{
    if (!layout || platform_atomic_decrement(&layout->refs) > 0)
        return;
    for (size_t w = 0; w < layout->writer_count; w++)
        layout->writers[w]->ops->destroy(layout->writers[w]);
    result_watch_layout_gone(layout->watch);
    layout_snapshot_free(&layout->tree);
    free(layout->extents);
    free(layout->data_files);
    free(layout);
}

/* The file whose data holds block, a block of the file data extent. */
static layout_extent find_file(const fsi_layout *layout, uint32_t block)
{
    const layout_file *files = layout->tree.files;
    uint32_t lo = 0, hi = layout->data_file_count; /* the last file starting at or before block */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (files[layout->data_files[mid]].block <= block)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t file = layout->data_files[lo];
    return (layout_extent){.start = files[file].block, .count = file_blocks(&files[file]), .owner = file,
                           .kind = EXTENT_FILE};
}

int layout_find_extent(const fsi_layout *layout, uint32_t block, layout_extent *out)
{
    size_t lo = 0, hi = layout->extent_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const layout_extent *e = &layout->extents[mid];
        if (block < e->start)
            hi = mid;
        else if (block - e->start >= e->count)
            lo = mid + 1;
        else {
            *out = e->kind == EXTENT_FILE ? find_file(layout, block) : *e;
            return 1;
        }
    }
    return 0;
}

void layout_render(const fsi_layout *layout, const layout_extent *e, uint32_t block, uint8_t *out)
{
    const fsi_writer *w = layout->writers[e->owner];
    w->ops->render(w, layout, e->tag, block - e->start, out);
}
