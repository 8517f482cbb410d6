/* Reading the virtual image: metadata rendered on demand, file data copied from each file's source.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "layout.h"

struct fsi_reader {
    fsi_layout *layout;
    /* The source of the last file read stays open: streams read a file in many small pieces. */
    fsi_source *open_source;
    void *open_handle;
    uint32_t open_file;
    uint8_t block[FSI_BLOCK_SIZE];
};

fsi_hresult fsi_reader_create(fsi_layout *layout, fsi_reader **out, fsi_error *err)
{
    fsi_reader *r = calloc(1, sizeof(*r));
    *out = NULL;
    if (!r)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory creating an image reader");
    r->layout = fsi_layout_retain(layout);
    *out = r;
    return FSI_S_OK;
}

static void close_source(fsi_reader *r)
{
    if (!r->open_source)
        return;
    r->open_source->ops->close(r->open_source, r->open_handle);
    r->open_source = NULL;
    r->open_handle = NULL;
}

void fsi_reader_destroy(fsi_reader *r)
{
    if (!r)
        return;
    close_source(r);
    fsi_layout_release(r->layout);
    free(r);
}

static fsi_hresult name_failure(fsi_reader *r, uint32_t file, fsi_hresult hr, const fsi_error *inner,
                                fsi_error *err)
{
    char path[300];
    layout_tree_path(layout_get_tree(r->layout), file, 0, path, sizeof(path));
    return fsi_fail(err, hr, "reading %s for the image: %s", path, inner->message);
}

static fsi_hresult read_file_data(fsi_reader *r, uint32_t file, uint64_t pos, uint8_t *buf, size_t len,
                                  fsi_error *err)
{
    const layout_file *f = &layout_get_tree(r->layout)->files[file];
    fsi_error inner = {0};
    fsi_hresult hr;

    fsi_source *source = layout_file_source(f);
    if (r->open_source != source || r->open_file != file) {
        void *handle;
        close_source(r);
        hr = source->ops->open(source, &handle, &inner);
        if (hr < 0)
            return name_failure(r, file, hr, &inner, err);
        r->open_source = source;
        r->open_handle = handle;
        r->open_file = file;
    }
    hr = source->ops->read(source, r->open_handle, pos, buf, len, &inner);
    return hr < 0 ? name_failure(r, file, hr, &inner, err) : FSI_S_OK;
}

/* Fills buf with up to len bytes at offset from one extent (or one zero block); returns how many. */
static fsi_hresult read_piece(fsi_reader *r, uint64_t offset, uint8_t *buf, size_t len, size_t *done,
                              fsi_error *err)
{
    uint32_t block = (uint32_t)(offset / FSI_BLOCK_SIZE);
    size_t in_block = (size_t)(offset % FSI_BLOCK_SIZE);
    layout_extent found;
    const layout_extent *e = layout_find_extent(r->layout, block, &found) ? &found : NULL;

    if (!e || e->kind == EXTENT_WRITER) {
        size_t n = FSI_BLOCK_SIZE - in_block < len ? FSI_BLOCK_SIZE - in_block : len;
        if (!e)
            memset(buf, 0, n);
        else if (n == FSI_BLOCK_SIZE)
            layout_render(r->layout, e, block, buf);
        else {
            layout_render(r->layout, e, block, r->block);
            memcpy(buf, r->block + in_block, n);
        }
        *done = n;
        return FSI_S_OK;
    }

    const layout_file *f = &layout_get_tree(r->layout)->files[e->owner];
    uint64_t pos = offset - (uint64_t)e->start * FSI_BLOCK_SIZE;
    uint64_t left = (uint64_t)e->count * FSI_BLOCK_SIZE - pos;
    size_t n = left < len ? (size_t)left : len;
    size_t data = pos < f->size ? (f->size - pos < n ? (size_t)(f->size - pos) : n) : 0;
    if (data) {
        fsi_hresult hr = read_file_data(r, e->owner, pos, buf, data, err);
        if (hr < 0)
            return hr;
    }
    memset(buf + data, 0, n - data);
    *done = n;
    return FSI_S_OK;
}

fsi_hresult fsi_reader_read(fsi_reader *r, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    uint64_t total = (uint64_t)fsi_layout_total_blocks(r->layout) * FSI_BLOCK_SIZE;
    uint8_t *out = buf;

    if (offset > total || len > total - offset)
        return fsi_fail(err, FSI_E_INVALIDARG, "read of %llu bytes at offset %llu is beyond the image's %llu bytes",
                        (unsigned long long)len, (unsigned long long)offset, (unsigned long long)total);
    while (len > 0) {
        size_t done;
        fsi_hresult hr = read_piece(r, offset, out, len, &done, err);
        if (hr < 0)
            return hr;
        offset += done;
        out += done;
        len -= done;
    }
    return FSI_S_OK;
}
