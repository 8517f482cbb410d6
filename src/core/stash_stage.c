/* Staging: a source's bytes copied into the stash, and the source that reads them back from there.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "stash.h"

struct staged_source {
    fsi_source base;
    stash *owner;
    uint64_t first_block;
};

enum { COPY_BYTES = 1 << 20 };

static uint64_t blocks_of(uint64_t bytes)
{
    return (bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
}

/* The stash is shared and positional: a read needs no per-open state. */
static fsi_hresult staged_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return FSI_S_OK;
}

static fsi_hresult staged_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                               fsi_error *err)
{
    struct staged_source *staged = (struct staged_source *)src;
    (void)handle;
    if (offset > src->size || len > src->size - offset)
        return fsi_fail(err, IMAPI_E_STASHFILE_READ_FAILURE,
                        "a read of %llu bytes at offset %llu goes past the %llu bytes of a staged file",
                        (unsigned long long)len, (unsigned long long)offset, (unsigned long long)src->size);
    return stash_read(staged->owner, staged->first_block * FSI_BLOCK_SIZE + offset, buf, len, err);
}

static void staged_close(fsi_source *src, void *handle)
{
    (void)src, (void)handle;
}

static void staged_destroy(fsi_source *src)
{
    struct staged_source *staged = (struct staged_source *)src;
    if (src->size)
        stash_free_run(staged->owner, staged->first_block, blocks_of(src->size));
    stash_release(staged->owner);
    free(staged);
}

static const fsi_source_ops staged_ops = {staged_open, staged_read, staged_close, staged_destroy};

int stash_source_extent(const fsi_source *src, stash **owner, uint64_t *first_block)
{
    const struct staged_source *staged = (const struct staged_source *)src;
    if (src->ops != &staged_ops)
        return 0;
    if (owner)
        *owner = staged->owner;
    if (first_block)
        *first_block = staged->first_block;
    return 1;
}

/* src's bytes to the run at first, in whole blocks (the last one padded with zeros, so that every
 * stash file is exactly as long as its runs), reporting each MiB copied. */
static fsi_hresult copy_source(stash *s, fsi_source *src, uint64_t first, unsigned char *buf, stash_progress progress,
                               void *ctx, fsi_error *err)
{
    uint64_t total = blocks_of(src->size);
    void *handle = NULL;
    fsi_hresult hr = src->ops->open(src, &handle, err);
    if (hr < 0)
        return hr;
    if (progress)
        progress(ctx, 0, total);
    for (uint64_t done = 0; done < src->size && hr >= 0;) {
        size_t part = src->size - done < COPY_BYTES ? (size_t)(src->size - done) : COPY_BYTES;
        size_t padded = (size_t)blocks_of(part) * FSI_BLOCK_SIZE;
        if ((hr = src->ops->read(src, handle, done, buf, part, err)) < 0)
            break;
        memset(buf + part, 0, padded - part);
        if ((hr = stash_write(s, first * FSI_BLOCK_SIZE + done, buf, padded, err)) < 0)
            break;
        done += part;
        if (progress)
            progress(ctx, blocks_of(done), total);
    }
    src->ops->close(src, handle);
    return hr;
}

/* A small file's bytes into the batch after what it holds (the run at first follows them), in whole
 * blocks; the batch written first when the file would not follow on or not fit. */
static fsi_hresult copy_into_batch(stash *s, fsi_source *src, uint64_t first, stash_batch *batch,
                                   stash_progress progress, void *ctx, fsi_error *err)
{
    uint64_t total = blocks_of(src->size);
    size_t padded = (size_t)total * FSI_BLOCK_SIZE;
    void *handle = NULL;
    fsi_hresult hr;
    if (batch->used && (first != batch->first_block + batch->used / FSI_BLOCK_SIZE ||
                        padded > STASH_BATCH_BYTES - batch->used) &&
        (hr = stash_batch_flush(s, batch, err)) < 0)
        return hr;
    if (!batch->buf && !(batch->buf = malloc(STASH_BATCH_BYTES)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory staging a file");
    if (!batch->used)
        batch->first_block = first;
    if ((hr = src->ops->open(src, &handle, err)) < 0)
        return hr;
    if (progress)
        progress(ctx, 0, total);
    hr = src->ops->read(src, handle, 0, batch->buf + batch->used, (size_t)src->size, err);
    src->ops->close(src, handle);
    if (hr < 0)
        return hr;
    memset(batch->buf + batch->used + src->size, 0, padded - (size_t)src->size);
    batch->used += padded;
    if (progress)
        progress(ctx, total, total);
    return FSI_S_OK;
}

fsi_hresult stash_batch_flush(stash *s, stash_batch *batch, fsi_error *err)
{
    size_t used = batch->used;
    batch->used = 0;
    return used ? stash_write(s, batch->first_block * FSI_BLOCK_SIZE, batch->buf, used, err) : FSI_S_OK;
}

void stash_batch_free(stash_batch *batch)
{
    free(batch->buf);
    batch->buf = NULL;
    batch->used = 0;
}

fsi_hresult stash_stage_batched(stash *s, fsi_source *src, stash_progress progress, void *ctx, stash_batch *batch,
                                fsi_source **out, fsi_error *err)
{
    uint64_t blocks = blocks_of(src->size), first = 0;
    int batched = batch && blocks && blocks * FSI_BLOCK_SIZE <= STASH_BATCH_BYTES;
    unsigned char *buf = NULL;
    fsi_hresult hr;
    struct staged_source *staged = malloc(sizeof(*staged));
    if (!staged || (blocks && !batched && !(buf = malloc(COPY_BYTES)))) {
        free(staged);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory staging a file");
    }
    if (blocks && (hr = stash_take_run(s, blocks, &first, err)) < 0) {
        free(buf);
        free(staged);
        return hr;
    }
    hr = batched ? copy_into_batch(s, src, first, batch, progress, ctx, err)
                 : copy_source(s, src, first, buf, progress, ctx, err);
    free(buf);
    if (hr < 0) {
        if (blocks)
            stash_free_run(s, first, blocks);
        free(staged);
        return hr;
    }
    fsi_source_init(&staged->base, &staged_ops, src->size);
    staged->owner = stash_retain(s);
    staged->first_block = first;
    *out = &staged->base;
    return FSI_S_OK;
}

fsi_hresult stash_stage(stash *s, fsi_source *src, stash_progress progress, void *ctx, fsi_source **out,
                        fsi_error *err)
{
    return stash_stage_batched(s, src, progress, ctx, NULL, out, err);
}
