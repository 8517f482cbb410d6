/* A source over a private copy of some bytes (tests, small generated files).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"

struct memory_source {
    fsi_source base;
    unsigned char data[];
};

static fsi_hresult memory_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src;
    (void)err;
    *handle = NULL;
    return FSI_S_OK;
}

static fsi_hresult memory_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                               fsi_error *err)
{
    struct memory_source *mem = (struct memory_source *)src;
    (void)handle;
    if (offset > src->size || len > src->size - offset)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "read of %llu bytes at %llu is past the end of a %llu-byte memory source",
                        (unsigned long long)len,
                        (unsigned long long)offset, (unsigned long long)src->size);
    memcpy(buf, mem->data + offset, len);
    return FSI_S_OK;
}

static void memory_close(fsi_source *src, void *handle)
{
    (void)src;
    (void)handle;
}

static void memory_destroy(fsi_source *src)
{
    free(src);
}

static const fsi_source_ops memory_ops = {memory_open, memory_read, memory_close, memory_destroy};

fsi_hresult fsi_source_from_memory(const void *data, size_t len, fsi_source **out, fsi_error *err)
{
    struct memory_source *mem = malloc(sizeof(*mem) + len);
    if (!mem)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying %llu bytes",
                        (unsigned long long)len);
    if (len)
        memcpy(mem->data, data, len);
    fsi_source_init(&mem->base, &memory_ops, len);
    *out = &mem->base;
    return FSI_S_OK;
}
