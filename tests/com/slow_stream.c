/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "slow_stream.h"

#include <string.h>

struct slow_stream {
    IStream IStream_iface;
    LONG ref;
    const BYTE *data;
    ULONG size;
    ULONG position;
    LONG *reads;
};

static struct slow_stream *impl(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct slow_stream, IStream_iface);
}

static HRESULT STDMETHODCALLTYPE s_QueryInterface(IStream *iface, REFIID iid, void **out)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_ISequentialStream) || IsEqualIID(iid, &IID_IStream)) {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE s_AddRef(IStream *iface)
{
    return InterlockedIncrement(&impl(iface)->ref);
}

static ULONG STDMETHODCALLTYPE s_Release(IStream *iface)
{
    struct slow_stream *s = impl(iface);
    LONG ref = InterlockedDecrement(&s->ref);
    if (!ref)
        HeapFree(GetProcessHeap(), 0, s);
    return ref;
}

/* 1 ms per 4 KiB asked for: a 256 KiB read takes 64 ms, so any measure gives about 4 MB/s. */
static HRESULT STDMETHODCALLTYPE s_Read(IStream *iface, void *buf, ULONG cb, ULONG *got)
{
    struct slow_stream *s = impl(iface);
    ULONG n = s->size - s->position < cb ? s->size - s->position : cb;
    Sleep(1 + cb / 4096);
    memcpy(buf, s->data + s->position, n);
    s->position += n;
    if (n)
        InterlockedIncrement(s->reads);
    if (got)
        *got = n;
    return n < cb ? S_FALSE : S_OK;
}

static HRESULT STDMETHODCALLTYPE s_Write(IStream *iface, const void *buf, ULONG cb, ULONG *written)
{
    (void)iface, (void)buf, (void)cb, (void)written;
    return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE s_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *now)
{
    struct slow_stream *s = impl(iface);
    LONGLONG base = origin == STREAM_SEEK_SET ? 0 : origin == STREAM_SEEK_CUR ? s->position : s->size;
    if (origin > STREAM_SEEK_END)
        return STG_E_INVALIDFUNCTION;
    if (base + move.QuadPart < 0 || base + move.QuadPart > s->size)
        return STG_E_INVALIDFUNCTION;
    s->position = (ULONG)(base + move.QuadPart);
    if (now)
        now->QuadPart = s->position;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    (void)iface, (void)size;
    return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE s_CopyTo(IStream *iface, IStream *to, ULARGE_INTEGER cb, ULARGE_INTEGER *read,
                                          ULARGE_INTEGER *written)
{
    (void)iface, (void)to, (void)cb, (void)read, (void)written;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE s_Commit(IStream *iface, DWORD flags)
{
    (void)iface, (void)flags;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_Revert(IStream *iface)
{
    (void)iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER cb, DWORD type)
{
    (void)iface, (void)offset, (void)cb, (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE s_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    (void)flags;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = impl(iface)->size;
    return S_OK;
}

/* A clone would read at full speed behind the test's back: the stream offers none. */
static HRESULT STDMETHODCALLTYPE s_Clone(IStream *iface, IStream **out)
{
    (void)iface;
    *out = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl slow_stream_vtbl = {
    s_QueryInterface, s_AddRef, s_Release, s_Read, s_Write, s_Seek, s_SetSize, s_CopyTo,
    s_Commit, s_Revert, s_LockRegion, s_LockRegion, s_Stat, s_Clone,
};

IStream *slow_stream(const BYTE *data, ULONG size, LONG *reads)
{
    struct slow_stream *s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s));
    s->IStream_iface.lpVtbl = &slow_stream_vtbl;
    s->ref = 1;
    s->data = data;
    s->size = size;
    s->reads = reads;
    return &s->IStream_iface;
}
