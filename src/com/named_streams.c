/* FsiNamedStreams: the named streams of a file (IFsiFileItem2::FsiNamedStreams) as they were when the
 * collection was asked for: Item (zero-based), Count and the two enumerators all read that one snapshot,
 * whose items are file items of their own (IsNamedStream TRUE).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

#define STREAMS_IID (&IID_IFsiNamedStreams)

struct named_streams {
    IFsiNamedStreams IFsiNamedStreams_iface;
    struct support_error_info error_info;
    LONG ref;
    struct item_snapshot *snapshot;
};

static struct named_streams *impl_from_IFsiNamedStreams(IFsiNamedStreams *iface)
{
    return CONTAINING_RECORD(iface, struct named_streams, IFsiNamedStreams_iface);
}

static struct enum_source *streams_source(IFsiNamedStreams *iface)
{
    return item_snapshot_source(impl_from_IFsiNamedStreams(iface)->snapshot);
}

static HRESULT STDMETHODCALLTYPE streams_QueryInterface(IFsiNamedStreams *iface, REFIID riid, void **out)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, STREAMS_IID))
        *out = &streams->IFsiNamedStreams_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &streams->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE streams_AddRef(IFsiNamedStreams *iface)
{
    return InterlockedIncrement(&impl_from_IFsiNamedStreams(iface)->ref);
}

static ULONG STDMETHODCALLTYPE streams_Release(IFsiNamedStreams *iface)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);
    ULONG ref = InterlockedDecrement(&streams->ref);

    if (!ref) {
        item_snapshot_release(streams->snapshot);
        free(streams);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE streams_get__NewEnum(IFsiNamedStreams *iface, IEnumVARIANT **value)
{
    if (!value)
        return null_pointer_error(STREAMS_IID, L"_NewEnum");
    if (FAILED(enum_variant_create(streams_source(iface), 0, value)))
        return out_of_memory_error(STREAMS_IID, L"_NewEnum");
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE streams_get_Item(IFsiNamedStreams *iface, LONG index, IFsiFileItem2 **value)
{
    struct enum_source *source = streams_source(iface);
    ULONG count = source->ops->count(source);
    IDispatch *item;
    HRESULT hr;

    if (!value)
        return null_pointer_error(STREAMS_IID, L"Item");
    *value = NULL;
    if (index < 0 || (ULONG)index >= count)
        return com_error(IMAPI_E_INVALID_PARAM, STREAMS_IID,
                         L"Item %ld is out of range: the file has %lu named streams (indexes from 0)", (long)index,
                         (unsigned long)count);
    if (FAILED(hr = source->ops->item(source, (ULONG)index, &item)))
        return hr;
    hr = IDispatch_QueryInterface(item, &IID_IFsiFileItem2, (void **)value);
    IDispatch_Release(item);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE streams_get_Count(IFsiNamedStreams *iface, LONG *value)
{
    struct enum_source *source = streams_source(iface);

    if (!value)
        return null_pointer_error(STREAMS_IID, L"Count");
    *value = (LONG)source->ops->count(source);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE streams_get_EnumNamedStreams(IFsiNamedStreams *iface, IEnumFsiItems **value)
{
    if (!value)
        return null_pointer_error(STREAMS_IID, L"EnumNamedStreams");
    if (FAILED(enum_fsi_items_create(streams_source(iface), 0, value)))
        return out_of_memory_error(STREAMS_IID, L"EnumNamedStreams");
    return com_success(S_OK);
}

static const DISPATCH_VTBL(IFsiNamedStreams) streams_vtbl = {
    {STREAMS_IID, NULL},
    {
        streams_QueryInterface,
        streams_AddRef,
        streams_Release,
        DISPATCH_SLOTS(IFsiNamedStreams),
        streams_get__NewEnum,
        streams_get_Item,
        streams_get_Count,
        streams_get_EnumNamedStreams,
    },
};

HRESULT named_streams_create(struct fs_image *image, fsi_node *file, IFsiNamedStreams **out)
{
    struct named_streams *streams;
    HRESULT hr;

    *out = NULL;
    if (!(streams = calloc(1, sizeof(*streams))))
        return out_of_memory_error(&IID_IFsiFileItem2, L"FsiNamedStreams");
    fs_image_enter(image);
    hr = stream_snapshot_create(image, file, &streams->snapshot);
    fs_image_leave(image);
    if (FAILED(hr)) {
        free(streams);
        return hr;
    }
    streams->IFsiNamedStreams_iface.lpVtbl = &streams_vtbl.vtbl;
    support_error_info_init(&streams->error_info, (IUnknown *)&streams->IFsiNamedStreams_iface);
    streams->ref = 1;
    module_object_created();
    *out = &streams->IFsiNamedStreams_iface;
    return S_OK;
}
