/* BlockRange and BlockRangeList: the blocks of a result a burner must write (ModifiedBlocks, or
 * QueryInterface(IID_IBlockRangeList) on the ImageStream). An image written from scratch is written
 * whole: one range [0, TotalBlocks - 1]. (Appending to a rewritable disc will list only the new
 * session's ranges.) On the stream the list is a tear-off: its own object and count, holding the
 * stream, to which every other interface is left, so the stream keeps one identity (the stream has no
 * ISupportErrorInfo, so neither has the tear-off; the list ModifiedBlocks gives and each range have one).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

/* ------------------------------------------------------------------ BlockRange */

struct block_range {
    IBlockRange IBlockRange_iface;
    struct support_error_info error_info;
    LONG ref;
    LONG start, end;
};

static struct block_range *impl_from_IBlockRange(IBlockRange *iface)
{
    return CONTAINING_RECORD(iface, struct block_range, IBlockRange_iface);
}

static HRESULT STDMETHODCALLTYPE range_QueryInterface(IBlockRange *iface, REFIID riid, void **out)
{
    struct block_range *range = impl_from_IBlockRange(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IBlockRange))
        *out = iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &range->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE range_AddRef(IBlockRange *iface)
{
    return InterlockedIncrement(&impl_from_IBlockRange(iface)->ref);
}

static ULONG STDMETHODCALLTYPE range_Release(IBlockRange *iface)
{
    struct block_range *range = impl_from_IBlockRange(iface);
    ULONG ref = InterlockedDecrement(&range->ref);

    if (!ref) {
        free(range);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE range_get_StartLba(IBlockRange *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(&IID_IBlockRange, L"StartLba");
    *value = impl_from_IBlockRange(iface)->start;
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE range_get_EndLba(IBlockRange *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(&IID_IBlockRange, L"EndLba");
    *value = impl_from_IBlockRange(iface)->end;
    return com_success(S_OK);
}

static const DISPATCH_VTBL(IBlockRange) range_vtbl = {
    {&IID_IBlockRange, NULL},
    {
        range_QueryInterface,
        range_AddRef,
        range_Release,
        DISPATCH_SLOTS(IBlockRange),
        range_get_StartLba,
        range_get_EndLba,
    },
};

static HRESULT block_range_create(LONG start, LONG end, IBlockRange **out)
{
    struct block_range *range;

    *out = NULL;
    if (!(range = calloc(1, sizeof(*range))))
        return E_OUTOFMEMORY;
    range->IBlockRange_iface.lpVtbl = &range_vtbl.vtbl;
    support_error_info_init(&range->error_info, (IUnknown *)&range->IBlockRange_iface);
    range->ref = 1;
    range->start = start;
    range->end = end;
    module_object_created();
    *out = &range->IBlockRange_iface;
    return S_OK;
}

/* ------------------------------------------------------------------ BlockRangeList */

struct block_range_list {
    IBlockRangeList IBlockRangeList_iface;
    struct support_error_info error_info; /* answered only when not a tear-off */
    LONG ref;
    IUnknown *outer; /* the stream this is a tear-off of (a reference), or NULL */
    LONG total_blocks;
};

static struct block_range_list *impl_from_IBlockRangeList(IBlockRangeList *iface)
{
    return CONTAINING_RECORD(iface, struct block_range_list, IBlockRangeList_iface);
}

static HRESULT STDMETHODCALLTYPE list_QueryInterface(IBlockRangeList *iface, REFIID riid, void **out)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IBlockRangeList) ||
        (!list->outer && (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch)))) {
        *out = iface;
        IBlockRangeList_AddRef(iface);
        return S_OK;
    }
    if (!list->outer && IsEqualIID(riid, &IID_ISupportErrorInfo)) {
        *out = &list->error_info.ISupportErrorInfo_iface;
        IBlockRangeList_AddRef(iface);
        return S_OK;
    }
    if (list->outer)
        return IUnknown_QueryInterface(list->outer, riid, out);
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE list_AddRef(IBlockRangeList *iface)
{
    return InterlockedIncrement(&impl_from_IBlockRangeList(iface)->ref);
}

static ULONG STDMETHODCALLTYPE list_Release(IBlockRangeList *iface)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);
    ULONG ref = InterlockedDecrement(&list->ref);

    if (!ref) {
        if (list->outer)
            IUnknown_Release(list->outer);
        free(list);
        module_object_destroyed();
    }
    return ref;
}

/* A SAFEARRAY of VARIANTs, each a BlockRange as VT_DISPATCH, in the order to write them. */
static HRESULT STDMETHODCALLTYPE list_get_BlockRanges(IBlockRangeList *iface, SAFEARRAY **value)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);
    IBlockRange *range = NULL;
    SAFEARRAY *array;
    VARIANT element;
    LONG index = 0;
    HRESULT hr;

    if (!value)
        return null_pointer_error(&IID_IBlockRangeList, L"BlockRanges");
    *value = NULL;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, 1)))
        return out_of_memory_error(&IID_IBlockRangeList, L"BlockRanges");
    if (FAILED(hr = block_range_create(0, list->total_blocks - 1, &range))) {
        SafeArrayDestroy(array);
        return out_of_memory_error(&IID_IBlockRangeList, L"BlockRanges");
    }
    V_VT(&element) = VT_DISPATCH;
    V_DISPATCH(&element) = (IDispatch *)range;
    hr = SafeArrayPutElement(array, &index, &element); /* copies: takes its own reference */
    IBlockRange_Release(range);
    if (FAILED(hr)) {
        SafeArrayDestroy(array);
        return out_of_memory_error(&IID_IBlockRangeList, L"BlockRanges");
    }
    *value = array;
    return com_success(S_OK);
}

static const DISPATCH_VTBL(IBlockRangeList) list_vtbl = {
    {&IID_IBlockRangeList, NULL},
    {
        list_QueryInterface,
        list_AddRef,
        list_Release,
        DISPATCH_SLOTS(IBlockRangeList),
        list_get_BlockRanges,
    },
};

HRESULT block_range_list_create(fsi_layout *layout, IUnknown *outer, IBlockRangeList **out)
{
    struct block_range_list *list;

    *out = NULL;
    if (!(list = calloc(1, sizeof(*list))))
        return E_OUTOFMEMORY;
    list->IBlockRangeList_iface.lpVtbl = &list_vtbl.vtbl;
    support_error_info_init(&list->error_info, (IUnknown *)&list->IBlockRangeList_iface);
    list->ref = 1;
    if ((list->outer = outer))
        IUnknown_AddRef(outer);
    list->total_blocks = (LONG)fsi_layout_total_blocks(layout);
    module_object_created();
    *out = &list->IBlockRangeList_iface;
    return S_OK;
}
