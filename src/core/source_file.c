/* A source that reads a file by path, opened only while a result stream reads it.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "message.h"
#include "platform.h"
#include "source_file.h"

struct file_source {
    fsi_source base;
    fsi_char path[];
};

static fsi_hresult file_open(fsi_source *src, void **handle, fsi_error *err)
{
    struct file_source *file = (struct file_source *)src;
    platform_file *f;
    message_text name;
    fsi_hresult hr = platform_open_read(file->path, &f);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE, "cannot open '%s' (error 0x%08X)",
                        message_utf8(file->path, &name), (unsigned)hr);
    *handle = f;
    return FSI_S_OK;
}

static fsi_hresult file_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                             fsi_error *err)
{
    struct file_source *file = (struct file_source *)src;
    message_text name;
    size_t got = 0;
    fsi_hresult hr;
    if (offset > src->size || len > src->size - offset)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "a read of %llu bytes at offset %llu goes past the %llu bytes of '%s'",
                        (unsigned long long)len, (unsigned long long)offset, (unsigned long long)src->size,
                        message_utf8(file->path, &name));
    hr = platform_read_at(handle, offset, buf, len, &got);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "cannot read %llu bytes at offset %llu of '%s' (error 0x%08X)", (unsigned long long)len,
                        (unsigned long long)offset, message_utf8(file->path, &name), (unsigned)hr);
    if (got < len)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_INCONSISTENCY,
                        "'%s' now ends at %llu bytes, but it had %llu when it was added",
                        message_utf8(file->path, &name), (unsigned long long)(offset + got),
                        (unsigned long long)src->size);
    return FSI_S_OK;
}

static void file_close(fsi_source *src, void *handle)
{
    (void)src;
    platform_close(handle);
}

static void file_destroy(fsi_source *src)
{
    free(src);
}

static const fsi_source_ops file_ops = {file_open, file_read, file_close, file_destroy};

fsi_hresult source_file_create(const fsi_char *path, uint64_t size, fsi_source **out, fsi_error *err)
{
    size_t bytes = (fsi_strlen16(path) + 1) * sizeof(fsi_char);
    struct file_source *file = malloc(sizeof(*file) + bytes);
    if (!file)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a file source");
    memcpy(file->path, path, bytes);
    fsi_source_init(&file->base, &file_ops, size);
    *out = &file->base;
    return FSI_S_OK;
}

fsi_hresult fsi_source_from_path(const fsi_char *path, fsi_source **out, fsi_error *err)
{
    platform_file_info info;
    message_text name;
    fsi_hresult hr = platform_stat(path, &info);
    if (hr < 0)
        return fsi_fail(err, hr, "cannot find '%s' (error 0x%08X)", message_utf8(path, &name),
                        (unsigned)hr);
    if (info.is_directory)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE, "'%s' is a directory, not a file",
                        message_utf8(path, &name));
    return source_file_create(path, info.size, out, err);
}
