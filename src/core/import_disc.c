/* fsi_disc over a file of this machine or over bytes in memory (import.h): what tests, fuzzing and
 * IIsoImageManager read images through. A disc in a drive comes from the COM layer instead.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "import.h"
#include "platform.h"

static fsi_hresult read_file_sectors(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    size_t len = (size_t)count * FSI_BLOCK_SIZE, got = 0;
    fsi_hresult hr = platform_read_at(ctx, (uint64_t)lba * FSI_BLOCK_SIZE, buf, len, &got);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "cannot read sectors %u to %u of the image (error 0x%08X)",
                        lba, lba + count - 1, (unsigned)hr);
    if (got < len)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sectors %u to %u lie past the end of the image", lba,
                        lba + count - 1);
    return FSI_S_OK;
}

fsi_hresult import_disc_open_file(const fsi_char *path, fsi_disc *disc, fsi_error *err)
{
    platform_file_info info;
    platform_file *file;
    fsi_hresult hr = platform_stat(path, &info);

    if (hr >= 0 && info.is_directory)
        hr = FSI_HR(0x80070005); /* E_ACCESSDENIED, as opening a folder for reading gives on Windows */
    if (hr >= 0)
        hr = platform_open_read(path, &file);
    if (hr < 0)
        return fsi_fail(err, hr, "cannot open the image file (error 0x%08X)", (unsigned)hr);
    memset(disc, 0, sizeof *disc);
    disc->read = read_file_sectors;
    disc->ctx = file;
    disc->end = info.size / FSI_BLOCK_SIZE > UINT32_MAX ? UINT32_MAX : (uint32_t)(info.size / FSI_BLOCK_SIZE);
    return FSI_S_OK;
}

typedef struct memory_disc {
    const uint8_t *data;
    size_t len;
} memory_disc;

static fsi_hresult read_memory_sectors(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    const memory_disc *mem = ctx;
    uint64_t from = (uint64_t)lba * FSI_BLOCK_SIZE, len = (uint64_t)count * FSI_BLOCK_SIZE;
    if (from + len > ((uint64_t)mem->len + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE * FSI_BLOCK_SIZE)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sectors %u to %u lie past the end of the image", lba,
                        lba + count - 1);
    size_t have = from >= mem->len ? 0 : (size_t)(mem->len - from < len ? mem->len - from : len);
    memcpy(buf, mem->data + from, have);
    memset((uint8_t *)buf + have, 0, (size_t)len - have);
    return FSI_S_OK;
}

void import_disc_from_memory(const void *data, size_t len, fsi_disc *disc)
{
    /* The wrapper is freed by import_disc_close; if it cannot be allocated the disc reads nothing. */
    memory_disc *mem = malloc(sizeof *mem);
    memset(disc, 0, sizeof *disc);
    if (!mem)
        return;
    mem->data = data;
    mem->len = len;
    disc->read = read_memory_sectors;
    disc->ctx = mem;
    disc->end = (uint32_t)((len + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE > UINT32_MAX
                               ? UINT32_MAX
                               : (len + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
}

void import_disc_close(fsi_disc *disc)
{
    if (!disc->ctx)
        return;
    if (disc->read == read_file_sectors)
        platform_close(disc->ctx);
    else
        free(disc->ctx);
    disc->ctx = NULL;
    disc->read = NULL;
}
