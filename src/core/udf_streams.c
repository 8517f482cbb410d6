/* Named streams in the UDF file set (ECMA-167 4/9.2 and 4/14.17, OSTA UDF 2.01 3.3.5): per file that
 * has them, in the area after the allocation extents, its stream directory's entry, the directory's
 * identifier descriptors (the parent's, naming the file itself, then one per stream) and the streams'
 * entries; the streams' data is placed with the other files' data. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "udf_private.h"
#include "udf_streams.h"
#include "udf_tag.h"

enum {
    FID_HEADER = 38,
    FID_PARENT = 0x08,
    FID_MAX = FID_HEADER + UDF_CS0_MAX_NAME + 3,
};

static uint32_t fid_size(size_t identifier_len) { return (uint32_t)((FID_HEADER + identifier_len + 3) & ~(size_t)3); }

static size_t stream_identifier(const fsi_node *stream, uint8_t out[UDF_CS0_MAX_NAME])
{
    const fsi_char *name = fsi_node_name(stream);
    return udf_cs0_encode(name, fsi_strlen16(name), NULL, out, UDF_CS0_MAX_NAME, NULL);
}

uint32_t udf_stream_directory_bytes(fsi_node *const *streams, uint32_t count)
{
    uint8_t id[UDF_CS0_MAX_NAME];
    uint32_t bytes = fid_size(0);
    for (uint32_t i = 0; i < count; i++)
        bytes += fid_size(stream_identifier(streams[i], id));
    return bytes;
}

uint64_t udf_stream_set_blocks(fsi_node *const *streams, uint32_t count)
{
    return 1 + (udf_stream_directory_bytes(streams, count) + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE + count;
}

/* The streams of a set, as the nodes the layout retained. */
static fsi_node *set_stream(const udf_writer *w, const layout_stream_set *s, uint32_t k)
{
    return w->tree->files[s->first + k].node;
}

fsi_hresult udf_streams_plan(udf_writer *w, uint32_t first_block, fsi_error *err)
{
    const layout_tree *t = w->tree;
    /* A stream's descriptors must fit its entry: streams have no allocation extents of their own. */
    uint64_t most = (uint64_t)(FSI_BLOCK_SIZE - 216) / (w->metadata_partition ? 16 : 8) * UDF_MAX_EXTENT;
    uint64_t next = first_block;

    if (!t->stream_set_count)
        return FSI_S_OK;
    w->stream_dirs = calloc(t->stream_set_count, sizeof(*w->stream_dirs));
    if (!w->stream_dirs)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the UDF named streams");
    for (uint32_t i = 0; i < t->stream_set_count; i++) {
        const layout_stream_set *s = &t->stream_sets[i];
        fsi_node *streams[FSI_NAMED_STREAMS_MAX];
        for (uint32_t k = 0; k < s->count && k < FSI_NAMED_STREAMS_MAX; k++) {
            streams[k] = set_stream(w, s, k);
            if (t->files[s->first + k].size > most) {
                char path[256];
                layout_tree_path(t, s->file, 0, path, sizeof(path));
                return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "a named stream of '%s' is too big for UDF", path);
            }
        }
        w->stream_dirs[i] = (udf_stream_dir){.first_block = (uint32_t)next,
                                             .bytes = udf_stream_directory_bytes(streams, s->count)};
        next += udf_stream_set_blocks(streams, s->count);
        if (next > UINT32_MAX / 2)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF named streams would need more than %lu blocks",
                            (unsigned long)(UINT32_MAX / 2));
    }
    w->stream_blocks = (uint32_t)(next - first_block);
    return FSI_S_OK;
}

int64_t udf_find_stream_set(const udf_writer *w, uint32_t file)
{
    const layout_tree *t = w->tree;
    uint32_t lo = 0, hi = t->stream_set_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->stream_sets[mid].file < file)
            lo = mid + 1;
        else if (t->stream_sets[mid].file > file)
            hi = mid;
        else
            return mid;
    }
    return -1;
}

/* Descriptor ordinal of the set's identifier stream (0: the parent), recorded at logical block location.
 * The parent's names the file the streams belong to (ECMA-167 4/9.2). */
static size_t build_fid(const udf_writer *w, uint32_t set, uint32_t ordinal, uint32_t location, uint8_t *fid)
{
    const layout_stream_set *s = &w->tree->stream_sets[set];
    const udf_stream_dir *d = &w->stream_dirs[set];
    uint32_t fid_blocks = (d->bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    uint32_t target, unique_id = 0;
    uint8_t id_len = 0;

    memset(fid, 0, FID_MAX);
    if (ordinal == 0) {
        fid[18] = FID_PARENT;
        target = udf_file_entry_block(w, s->file);
        unique_id = udf_file_unique_id(w, s->file);
    } else {
        target = d->first_block + 1 + fid_blocks + ordinal - 1;
        id_len = (uint8_t)stream_identifier(set_stream(w, s, ordinal - 1), fid + FID_HEADER);
    }
    put_le16(fid + 16, 1); /* file version number */
    fid[19] = id_len;
    udf_put_long_ad(fid + 20, FSI_BLOCK_SIZE, w->area_logical + target, udf_area_partition(w), unique_id);
    size_t size = fid_size(id_len);
    udf_tag_finish(fid, UDF_TAG_FILE_IDENTIFIER, udf_descriptor_version(w), location, size);
    return size;
}

/* A block of a set's identifier stream: every descriptor that overlaps it (a stream directory holds
 * at most FSI_NAMED_STREAMS_MAX, so walking from the start is cheap). */
static void render_fid_block(const udf_writer *w, uint32_t set, uint32_t index, uint8_t *block)
{
    const udf_stream_dir *d = &w->stream_dirs[set];
    uint64_t block_start = (uint64_t)index * FSI_BLOCK_SIZE, block_end = block_start + FSI_BLOCK_SIZE;
    uint8_t fid[FID_MAX];
    uint64_t offset = 0;

    for (uint32_t ordinal = 0; offset < d->bytes && offset < block_end; ordinal++) {
        uint32_t location = w->area_logical + d->first_block + 1 + (uint32_t)(offset / FSI_BLOCK_SIZE);
        size_t size = build_fid(w, set, ordinal, location, fid);
        if (offset + size > block_start) {
            uint64_t from = offset > block_start ? offset : block_start;
            uint64_t to = offset + size < block_end ? offset + size : block_end;
            memcpy(block + (from - block_start), fid + (from - offset), (size_t)(to - from));
        }
        offset += size;
    }
}

void udf_render_stream_block(const udf_writer *w, const fsi_layout *layout, uint32_t index, uint8_t *block)
{
    uint32_t base = w->stream_dirs[0].first_block, lo = 0, hi = w->tree->stream_set_count;
    (void)layout;
    while (hi - lo > 1) { /* the last set starting at or before index */
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->stream_dirs[mid].first_block - base <= index)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t at = index - (w->stream_dirs[lo].first_block - base);
    uint32_t fid_blocks = (w->stream_dirs[lo].bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    memset(block, 0, FSI_BLOCK_SIZE);
    if (at == 0)
        udf_render_stream_dir_entry(w, lo, block);
    else if (at <= fid_blocks)
        render_fid_block(w, lo, at - 1, block);
    else
        udf_render_stream_entry(w, lo, at - 1 - fid_blocks, block);
}
