/* A caller's IStream as the data source of a file (AddFile). The stream is read when the image is,
 * by absolute offsets, so its current position when it was added does not matter.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct istream_source {
    fsi_source base;
    IStream *stream;
    /* Seek + Read is one step: several result streams may read this source at once. */
    CRITICAL_SECTION lock;
    char name[MAX_PATH * 3]; /* UTF-8, for messages */
};

static struct istream_source *impl_from_source(fsi_source *src)
{
    return CONTAINING_RECORD(src, struct istream_source, base);
}

static fsi_hresult istream_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return S_OK;
}

static void restore_position(IStream *stream, BOOL saved, ULARGE_INTEGER position)
{
    LARGE_INTEGER back;

    if (!saved)
        return;
    back.QuadPart = (LONGLONG)position.QuadPart;
    IStream_Seek(stream, back, STREAM_SEEK_SET, NULL);
}

static fsi_hresult istream_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                                fsi_error *err)
{
    struct istream_source *source = impl_from_source(src);
    BYTE *out = buf;
    LARGE_INTEGER where, zero = {{0}};
    ULARGE_INTEGER position;
    BOOL saved;
    HRESULT hr = S_OK;

    (void)handle;
    EnterCriticalSection(&source->lock);
    /* The caller may still use its stream: a read (the probe's and staging's at add time too) leaves
     * its position as it was. */
    saved = SUCCEEDED(IStream_Seek(source->stream, zero, STREAM_SEEK_CUR, &position));
    where.QuadPart = (LONGLONG)offset;
    if (FAILED(hr = IStream_Seek(source->stream, where, STREAM_SEEK_SET, NULL))) {
        restore_position(source->stream, saved, position);
        LeaveCriticalSection(&source->lock);
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "Seeking to byte %llu of the stream of \"%s\" failed (0x%08lx).",
                        (unsigned long long)offset, source->name, (unsigned long)hr);
    }
    while (len) {
        ULONG chunk = (ULONG)min(len, (size_t)0x40000000), done = 0;

        hr = IStream_Read(source->stream, out, chunk, &done);
        if (FAILED(hr))
            break;
        if (!done) {
            restore_position(source->stream, saved, position);
            LeaveCriticalSection(&source->lock);
            return fsi_fail(err, IMAPI_E_DATA_STREAM_INCONSISTENCY,
                            "The stream of \"%s\" ended at byte %llu, before the %llu bytes it announced.",
                            source->name, (unsigned long long)(offset + (uint64_t)(out - (BYTE *)buf)),
                            (unsigned long long)src->size);
        }
        out += done;
        len -= done;
    }
    restore_position(source->stream, saved, position);
    LeaveCriticalSection(&source->lock);
    if (FAILED(hr))
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "Reading byte %llu of the stream of \"%s\" failed (0x%08lx).",
                        (unsigned long long)(offset + (uint64_t)(out - (BYTE *)buf)), source->name,
                        (unsigned long)hr);
    return S_OK;
}

static void istream_close(fsi_source *src, void *handle)
{
    (void)src, (void)handle;
}

static void istream_destroy(fsi_source *src)
{
    struct istream_source *source = impl_from_source(src);

    IStream_Release(source->stream);
    DeleteCriticalSection(&source->lock);
    free(source);
}

static const fsi_source_ops istream_source_ops = {istream_open, istream_read, istream_close, istream_destroy};

/* The stream's size from Stat, or else by seeking to its end (and back). */
static HRESULT stream_size(IStream *stream, uint64_t *size)
{
    ULARGE_INTEGER end, position;
    LARGE_INTEGER zero = {{0}}, back;
    STATSTG stat;
    HRESULT hr;

    if (SUCCEEDED(IStream_Stat(stream, &stat, STATFLAG_NONAME))) {
        *size = stat.cbSize.QuadPart;
        return S_OK;
    }
    if (FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &position)) ||
        FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_END, &end)))
        return hr;
    back.QuadPart = (LONGLONG)position.QuadPart;
    IStream_Seek(stream, back, STREAM_SEEK_SET, NULL);
    *size = end.QuadPart;
    return S_OK;
}

HRESULT istream_source_create(IStream *stream, const WCHAR *name, fsi_source **out, fsi_error *err)
{
    struct istream_source *source;
    uint64_t size;
    HRESULT hr;

    *out = NULL;
    if (!(source = calloc(1, sizeof(*source))))
        return fsi_fail(err, E_OUTOFMEMORY, "Out of memory adding a stream.");
    fsi_utf16_to_utf8(fsi_str(name), source->name, sizeof(source->name));
    if (FAILED(hr = stream_size(stream, &size))) {
        hr = fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE,
                      "The size of the stream of \"%s\" cannot be determined (0x%08lx).", source->name,
                      (unsigned long)hr);
        free(source);
        return hr;
    }
    fsi_source_init(&source->base, &istream_source_ops, size);
    source->base.stream = 1;
    source->stream = stream;
    IStream_AddRef(stream);
    InitializeCriticalSection(&source->lock);
    *out = &source->base;
    return S_OK;
}
