/* A read-only, seekable IStream over a backend that reads any range of its bytes: the result image
 * (FsiStream) and a file item's Data share it.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

/* CopyTo moves data in chunks of this size: large enough for burners, small enough for memory. */
enum { COPY_CHUNK = 1 << 20 };

struct read_only_stream {
    IStream IStream_iface;
    LONG ref;
    const struct stream_backend_ops *ops;
    const CLSID *clsid;
    WCHAR *name;
    uint64_t size;
    /* Guards the position and the backend (a backend serves one caller at a time). */
    CRITICAL_SECTION lock;
    void *backend;
    uint64_t position;
};

static struct read_only_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct read_only_stream, IStream_iface);
}

static HRESULT STDMETHODCALLTYPE stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    struct read_only_stream *stream = impl_from_IStream(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISequentialStream) ||
        IsEqualIID(riid, &IID_IStream)) {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    if (stream->ops->query)
        return stream->ops->query(stream->backend, (IUnknown *)iface, riid, out);
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE stream_AddRef(IStream *iface)
{
    return InterlockedIncrement(&impl_from_IStream(iface)->ref);
}

static void stream_destroy(struct read_only_stream *stream)
{
    stream->ops->destroy(stream->backend);
    DeleteCriticalSection(&stream->lock);
    free(stream->name);
    free(stream);
    module_object_destroyed();
}

static ULONG STDMETHODCALLTYPE stream_Release(IStream *iface)
{
    struct read_only_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&stream->ref);

    if (!ref)
        stream_destroy(stream);
    return ref;
}

/* How many of wanted bytes remain from the position (inside the lock). */
static size_t bytes_left(const struct read_only_stream *stream, uint64_t wanted)
{
    uint64_t left = stream->position < stream->size ? stream->size - stream->position : 0;
    return (size_t)min(wanted, left);
}

/* Reads every byte asked for up to the end; the position moves only by what was read. */
static HRESULT STDMETHODCALLTYPE stream_Read(IStream *iface, void *buf, ULONG wanted, ULONG *done)
{
    struct read_only_stream *stream = impl_from_IStream(iface);
    size_t len;
    HRESULT hr = S_OK;

    if (done)
        *done = 0;
    if (!buf)
        return STG_E_INVALIDPOINTER;
    EnterCriticalSection(&stream->lock);
    len = bytes_left(stream, wanted);
    if (len && SUCCEEDED(hr = stream->ops->read(stream->backend, stream->position, buf, len)))
        stream->position += len;
    LeaveCriticalSection(&stream->lock);
    if (FAILED(hr))
        return hr;
    if (done)
        *done = (ULONG)len;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE stream_Write(IStream *iface, const void *buf, ULONG len, ULONG *done)
{
    (void)iface, (void)buf, (void)len;
    if (done)
        *done = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
                                             ULARGE_INTEGER *new_position)
{
    struct read_only_stream *stream = impl_from_IStream(iface);
    LONGLONG base, target;

    EnterCriticalSection(&stream->lock);
    switch (origin) {
    case STREAM_SEEK_SET:
        base = 0;
        break;
    case STREAM_SEEK_CUR:
        base = (LONGLONG)stream->position;
        break;
    case STREAM_SEEK_END:
        base = (LONGLONG)stream->size;
        break;
    default:
        LeaveCriticalSection(&stream->lock);
        return STG_E_INVALIDFUNCTION;
    }
    if ((move.QuadPart < 0 && base + move.QuadPart < 0) || (move.QuadPart > 0 && move.QuadPart > INT64_MAX - base)) {
        LeaveCriticalSection(&stream->lock);
        return STG_E_INVALIDFUNCTION;
    }
    target = base + move.QuadPart;
    stream->position = (uint64_t)target;
    LeaveCriticalSection(&stream->lock);
    if (new_position)
        new_position->QuadPart = (ULONGLONG)target;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    (void)iface, (void)size;
    return STG_E_ACCESSDENIED;
}

/* Reads chunk by chunk into a page-aligned buffer (much faster to fill than a malloc'ed one). */
static HRESULT STDMETHODCALLTYPE stream_CopyTo(IStream *iface, IStream *target, ULARGE_INTEGER wanted,
                                               ULARGE_INTEGER *read_total, ULARGE_INTEGER *written_total)
{
    struct read_only_stream *stream = impl_from_IStream(iface);
    uint64_t read = 0, written = 0;
    HRESULT hr = S_OK;
    BYTE *buffer;

    if (read_total)
        read_total->QuadPart = 0;
    if (written_total)
        written_total->QuadPart = 0;
    if (!target)
        return STG_E_INVALIDPOINTER;
    if (!(buffer = VirtualAlloc(NULL, COPY_CHUNK, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)))
        return E_OUTOFMEMORY;
    EnterCriticalSection(&stream->lock);
    while (read < wanted.QuadPart) {
        size_t len = bytes_left(stream, min(wanted.QuadPart - read, (uint64_t)COPY_CHUNK));
        ULONG chunk_written = 0;

        if (!len)
            break;
        if (FAILED(hr = stream->ops->read(stream->backend, stream->position, buffer, len)))
            break;
        stream->position += len;
        read += len;
        hr = IStream_Write(target, buffer, (ULONG)len, &chunk_written);
        written += chunk_written;
        if (FAILED(hr))
            break;
        if (chunk_written < len) {
            hr = STG_E_MEDIUMFULL;
            break;
        }
    }
    LeaveCriticalSection(&stream->lock);
    VirtualFree(buffer, 0, MEM_RELEASE);
    if (read_total)
        read_total->QuadPart = read;
    if (written_total)
        written_total->QuadPart = written;
    return FAILED(hr) ? hr : S_OK;
}

/* Direct mode: nothing is ever pending, so there is nothing to commit or revert. */
static HRESULT STDMETHODCALLTYPE stream_Commit(IStream *iface, DWORD flags)
{
    (void)iface, (void)flags;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE stream_Revert(IStream *iface)
{
    (void)iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER len,
                                                   DWORD type)
{
    (void)iface, (void)offset, (void)len, (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER len,
                                                     DWORD type)
{
    (void)iface, (void)offset, (void)len, (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct read_only_stream *stream = impl_from_IStream(iface);

    if (!stat)
        return STG_E_INVALIDPOINTER;
    if (flags & ~(DWORD)(STATFLAG_NONAME | STATFLAG_NOOPEN))
        return STG_E_INVALIDFLAG;
    memset(stat, 0, sizeof(*stat));
    if (!(flags & STATFLAG_NONAME)) {
        size_t size = (wcslen(stream->name) + 1) * sizeof(WCHAR);

        if (!(stat->pwcsName = CoTaskMemAlloc(size)))
            return STG_E_INSUFFICIENTMEMORY;
        memcpy(stat->pwcsName, stream->name, size);
    }
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = STGM_READ | STGM_SHARE_DENY_NONE;
    stat->clsid = *stream->clsid;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE stream_Clone(IStream *iface, IStream **out)
{
    struct read_only_stream *stream = impl_from_IStream(iface);
    struct read_only_stream *clone;
    void *backend;
    HRESULT hr;

    if (!out)
        return STG_E_INVALIDPOINTER;
    *out = NULL;
    EnterCriticalSection(&stream->lock);
    hr = stream->ops->clone(stream->backend, &backend);
    LeaveCriticalSection(&stream->lock);
    if (FAILED(hr))
        return hr;
    if (FAILED(hr = read_only_stream_create(stream->ops, backend, stream->size, stream->name, stream->clsid, out)))
        return hr;
    clone = impl_from_IStream(*out);
    EnterCriticalSection(&stream->lock);
    clone->position = stream->position;
    LeaveCriticalSection(&stream->lock);
    return S_OK;
}

static const IStreamVtbl read_only_stream_vtbl = {
    stream_QueryInterface,
    stream_AddRef,
    stream_Release,
    stream_Read,
    stream_Write,
    stream_Seek,
    stream_SetSize,
    stream_CopyTo,
    stream_Commit,
    stream_Revert,
    stream_LockRegion,
    stream_UnlockRegion,
    stream_Stat,
    stream_Clone,
};

HRESULT read_only_stream_create(const struct stream_backend_ops *ops, void *backend, uint64_t size,
                                const WCHAR *name, const CLSID *clsid, IStream **out)
{
    struct read_only_stream *stream;
    size_t name_size = (wcslen(name) + 1) * sizeof(WCHAR);

    *out = NULL;
    if (!(stream = calloc(1, sizeof(*stream))) || !(stream->name = malloc(name_size))) {
        free(stream);
        ops->destroy(backend);
        return E_OUTOFMEMORY;
    }
    memcpy(stream->name, name, name_size);
    stream->IStream_iface.lpVtbl = &read_only_stream_vtbl;
    stream->ref = 1;
    stream->ops = ops;
    stream->clsid = clsid;
    stream->size = size;
    stream->backend = backend;
    InitializeCriticalSection(&stream->lock);
    module_object_created();
    *out = &stream->IStream_iface;
    return S_OK;
}
