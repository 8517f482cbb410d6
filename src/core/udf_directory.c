/* UDF directories: each one a stream of file identifier descriptors (ECMA-167 4/14.4), the parent's
 * first, that may cross block boundaries; an index of the first descriptor of every block lets a
 * block be rendered alone. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "udf_private.h"
#include "udf_tag.h"

enum {
    FID_HEADER = 38,
    FID_HIDDEN = 0x01,
    FID_DIRECTORY = 0x02,
    FID_PARENT = 0x08,
    FID_MAX = FID_HEADER + UDF_CS0_MAX_NAME + 3,
};

static uint32_t fid_size(size_t identifier_len) { return (uint32_t)((FID_HEADER + identifier_len + 3) & ~(size_t)3); }

static const udf_cut_name *find_cut_name(const udf_writer *w, uint32_t entry)
{
    size_t lo = 0, hi = w->cut_name_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->cut_names[mid].entry < entry)
            lo = mid + 1;
        else if (w->cut_names[mid].entry > entry)
            hi = mid;
        else
            return &w->cut_names[mid];
    }
    return NULL;
}

static size_t encode_with_number(const fsi_char *name, uint32_t number, uint8_t *out)
{
    char suffix[16];
    snprintf(suffix, sizeof(suffix), "~%lu", (unsigned long)number);
    return udf_cs0_encode(name, fsi_strlen16(name), suffix, out, UDF_CS0_MAX_NAME, NULL);
}

size_t udf_entry_identifier(const udf_writer *w, uint32_t entry, uint8_t out[UDF_CS0_MAX_NAME])
{
    const fsi_char *name = layout_entry_name(w->tree, &w->tree->entries[entry]);
    const udf_cut_name *cut = find_cut_name(w, entry);
    if (cut)
        return encode_with_number(name, cut->number, out);
    return udf_cs0_encode(name, fsi_strlen16(name), NULL, out, UDF_CS0_MAX_NAME, NULL);
}

static int taken(const udf_writer *w, const layout_dir *d, uint32_t self, const uint8_t *id, size_t len)
{
    uint8_t other[UDF_CS0_MAX_NAME];
    for (uint32_t e = d->first_entry; e < d->first_entry + d->entry_count; e++) {
        if (e == self)
            continue;
        size_t other_len = udf_entry_identifier(w, e, other);
        if (udf_cs0_same(id, len, other, other_len))
            return 1;
    }
    return 0;
}

/* A name longer than 255 bytes of CS0 is cut and given the first "~N" no other child has. */
static fsi_hresult number_cut_name(udf_writer *w, const layout_dir *d, uint32_t entry, fsi_error *err)
{
    const fsi_char *name = layout_entry_name(w->tree, &w->tree->entries[entry]);
    uint8_t id[UDF_CS0_MAX_NAME];
    udf_cut_name *grown = realloc(w->cut_names, (w->cut_name_count + 1) * sizeof(*grown));
    uint32_t number = 1;

    if (!grown)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the UDF directories");
    w->cut_names = grown;
    while (taken(w, d, entry, id, encode_with_number(name, number, id)))
        number++;
    w->cut_names[w->cut_name_count++] = (udf_cut_name){.entry = entry, .number = number};
    return FSI_S_OK;
}

static fsi_hresult size_directory(udf_writer *w, uint32_t dir, fsi_error *err)
{
    const layout_dir *d = &w->tree->dirs[dir];
    uint8_t id[UDF_CS0_MAX_NAME];
    uint64_t bytes = fid_size(0);

    for (uint32_t e = d->first_entry; e < d->first_entry + d->entry_count; e++) {
        const fsi_char *name = layout_entry_name(w->tree, &w->tree->entries[e]);
        int cut;
        udf_cs0_encode(name, fsi_strlen16(name), NULL, id, UDF_CS0_MAX_NAME, &cut);
        if (cut) {
            fsi_hresult hr = number_cut_name(w, d, e, err);
            if (hr < 0)
                return hr;
        }
        bytes += fid_size(udf_entry_identifier(w, e, id));
    }
    if (bytes > UDF_MAX_EXTENT)
        return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "a UDF directory of %lu items is too big",
                        (unsigned long)d->entry_count);
    w->dirs[dir].bytes = (uint32_t)bytes;
    return FSI_S_OK;
}

static void index_directory(udf_writer *w, uint32_t dir)
{
    const layout_dir *d = &w->tree->dirs[dir];
    udf_dir *ud = &w->dirs[dir];
    uint8_t id[UDF_CS0_MAX_NAME];
    uint32_t offset = 0, next_block = 0;

    for (uint32_t ordinal = 0; ordinal <= d->entry_count; ordinal++) {
        uint32_t size = ordinal ? fid_size(udf_entry_identifier(w, d->first_entry + ordinal - 1, id)) : fid_size(0);
        while ((uint64_t)next_block * FSI_BLOCK_SIZE < (uint64_t)offset + size) {
            w->blocks[ud->first_index + next_block] = (udf_dir_block){.ordinal = ordinal, .offset = offset};
            next_block++;
        }
        offset += size;
    }
}

fsi_hresult udf_directories_plan(udf_writer *w, fsi_error *err)
{
    const layout_tree *t = w->tree;
    uint64_t blocks = 0;

    w->dirs = calloc(t->dir_count, sizeof(*w->dirs));
    if (!w->dirs)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the UDF directories");
    for (uint32_t dir = 0; dir < t->dir_count; dir++) {
        fsi_hresult hr = size_directory(w, dir, err);
        if (hr < 0)
            return hr;
        w->dirs[dir].first_block = UDF_AREA_ENTRIES + t->dir_count + t->file_count + (uint32_t)blocks;
        w->dirs[dir].first_index = (uint32_t)blocks;
        blocks += (w->dirs[dir].bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
        if (blocks + t->dir_count + t->file_count > UINT32_MAX / 2)
            return fsi_fail(err, IMAPI_E_IMAGE_TOO_BIG, "the UDF directories would need more than %lu blocks",
                            (unsigned long)(UINT32_MAX / 2));
    }
    w->dir_blocks = (uint32_t)blocks;
    w->blocks = malloc((blocks ? blocks : 1) * sizeof(*w->blocks));
    if (!w->blocks)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the UDF directories");
    for (uint32_t dir = 0; dir < t->dir_count; dir++)
        index_directory(w, dir);
    return FSI_S_OK;
}

/* Builds the descriptor of ordinal in dir's stream, recorded at logical block location. */
static size_t build_fid(const udf_writer *w, uint32_t dir, uint32_t ordinal, uint32_t location, uint8_t *fid)
{
    const layout_tree *t = w->tree;
    uint8_t characteristics, id_len = 0;
    uint32_t target_block, unique_id;

    memset(fid, 0, FID_MAX);
    if (ordinal == 0) {
        uint32_t parent = t->dirs[dir].parent;
        characteristics = FID_DIRECTORY | FID_PARENT;
        target_block = udf_dir_entry_block(parent);
        unique_id = udf_dir_unique_id(parent);
    } else {
        uint32_t entry = t->dirs[dir].first_entry + ordinal - 1;
        const layout_entry *e = &t->entries[entry];
        int hidden = e->is_dir ? t->dirs[e->index].hidden : t->files[e->index].hidden;
        characteristics = (uint8_t)((e->is_dir ? FID_DIRECTORY : 0) | (hidden ? FID_HIDDEN : 0));
        target_block = e->is_dir ? udf_dir_entry_block(e->index) : udf_file_entry_block(w, e->index);
        unique_id = e->is_dir ? udf_dir_unique_id(e->index) : udf_file_unique_id(w, e->index);
        id_len = (uint8_t)udf_entry_identifier(w, entry, fid + FID_HEADER);
    }
    put_le16(fid + 16, 1); /* file version number */
    fid[18] = characteristics;
    fid[19] = id_len;
    udf_put_long_ad(fid + 20, FSI_BLOCK_SIZE, w->area_logical + target_block, udf_area_partition(w), unique_id);
    size_t size = fid_size(id_len);
    udf_tag_finish(fid, UDF_TAG_FILE_IDENTIFIER, udf_descriptor_version(w), location, size);
    return size;
}

void udf_render_directory_block(const udf_writer *w, uint32_t dir, uint32_t index, uint8_t *block)
{
    const udf_dir *d = &w->dirs[dir];
    const udf_dir_block *start = &w->blocks[d->first_index + index];
    uint64_t block_start = (uint64_t)index * FSI_BLOCK_SIZE, block_end = block_start + FSI_BLOCK_SIZE;
    uint32_t ordinal = start->ordinal;
    uint64_t offset = start->offset;
    uint8_t fid[FID_MAX];

    memset(block, 0, FSI_BLOCK_SIZE);
    while (offset < d->bytes && offset < block_end) {
        uint32_t location = w->area_logical + d->first_block + (uint32_t)(offset / FSI_BLOCK_SIZE);
        size_t size = build_fid(w, dir, ordinal++, location, fid);
        uint64_t from = offset > block_start ? offset : block_start;
        uint64_t to = offset + size < block_end ? offset + size : block_end;
        memcpy(block + (from - block_start), fid + (from - offset), (size_t)(to - from));
        offset += size;
    }
}
