/* ProgressItems: the block map of a result image, one ProgressItem per file that has data, in the
 * order of their blocks (fsi_layout_file_*). Empty files occupy no block and have no item. The layout
 * is immutable, so the collection needs no lock and makes each item object when asked: a result of
 * 100,000 files costs nothing here until its items are read.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <wchar.h>

#include "objects.h"

#define ITEMS_IID (&IID_IProgressItems)

struct progress_items {
    IProgressItems IProgressItems_iface;
    struct enum_source source; /* what its enumerators walk; holds the collection */
    struct support_error_info error_info;
    LONG ref;
    fsi_layout *layout;
    ULONG count;
};

static struct progress_items *impl_from_IProgressItems(IProgressItems *iface)
{
    return CONTAINING_RECORD(iface, struct progress_items, IProgressItems_iface);
}

static HRESULT STDMETHODCALLTYPE items_QueryInterface(IProgressItems *iface, REFIID riid, void **out)
{
    struct progress_items *items = impl_from_IProgressItems(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IProgressItems))
        *out = &items->IProgressItems_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &items->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE items_AddRef(IProgressItems *iface)
{
    return InterlockedIncrement(&impl_from_IProgressItems(iface)->ref);
}

static ULONG STDMETHODCALLTYPE items_Release(IProgressItems *iface)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    ULONG ref = InterlockedDecrement(&items->ref);

    if (!ref) {
        fsi_layout_release(items->layout);
        free(items);
        module_object_destroyed();
    }
    return ref;
}

/* ------------------------------------------------------------------ as an enumerators' source */

static struct progress_items *impl_from_enum_source(struct enum_source *source)
{
    return CONTAINING_RECORD(source, struct progress_items, source);
}

static void source_retain(struct enum_source *source)
{
    items_AddRef(&impl_from_enum_source(source)->IProgressItems_iface);
}

static void source_release(struct enum_source *source)
{
    items_Release(&impl_from_enum_source(source)->IProgressItems_iface);
}

static ULONG source_count(struct enum_source *source)
{
    return impl_from_enum_source(source)->count;
}

static HRESULT source_item(struct enum_source *source, ULONG index, IDispatch **out)
{
    return progress_item_create(impl_from_enum_source(source)->layout, index, (IProgressItem **)out);
}

static const struct enum_source_ops source_ops = {source_retain, source_release, source_count, source_item};

/* ------------------------------------------------------------------ IProgressItems */

static HRESULT STDMETHODCALLTYPE items_get__NewEnum(IProgressItems *iface, IEnumVARIANT **value)
{
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEMS_IID, L"_NewEnum");
    if (FAILED(hr = enum_variant_create(&impl_from_IProgressItems(iface)->source, 0, value)))
        return out_of_memory_error(ITEMS_IID, L"_NewEnum");
    return com_success(hr);
}

static HRESULT STDMETHODCALLTYPE items_get_Item(IProgressItems *iface, LONG index, IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEMS_IID, L"Item");
    *value = NULL;
    if (index < 0 || (ULONG)index >= items->count)
        return com_error(E_INVALIDARG, ITEMS_IID, L"Item %ld is out of range: the result has %lu progress items (0 to %ld)",
                         (long)index, (unsigned long)items->count, (long)items->count - 1);
    if (FAILED(hr = progress_item_create(items->layout, (uint32_t)index, value)))
        return hr;
    return com_success(hr);
}

static HRESULT STDMETHODCALLTYPE items_get_Count(IProgressItems *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(ITEMS_IID, L"Count");
    *value = (LONG)impl_from_IProgressItems(iface)->count;
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE items_ProgressItemFromBlock(IProgressItems *iface, ULONG block, IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    uint32_t index;
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEMS_IID, L"ProgressItemFromBlock");
    *value = NULL;
    if (!fsi_layout_file_find(items->layout, block, &index))
        return com_error(E_INVALIDARG, ITEMS_IID, L"block %lu holds no file's data (the image has %lu blocks)",
                         (unsigned long)block, (unsigned long)fsi_layout_total_blocks(items->layout));
    if (FAILED(hr = progress_item_create(items->layout, index, value)))
        return hr;
    return com_success(hr);
}

/* Case does not matter, as in Windows paths. */
static HRESULT STDMETHODCALLTYPE items_ProgressItemFromDescription(IProgressItems *iface, BSTR description,
                                                                   IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    fsi_error err = {0};
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEMS_IID, L"ProgressItemFromDescription");
    *value = NULL;
    if (!description)
        return com_error(E_FAIL, ITEMS_IID, L"ProgressItemFromDescription needs a description, not NULL");
    for (uint32_t i = 0; i < items->count; i++) {
        fsi_char *path = NULL;
        int same;

        if (fsi_layout_file_path(items->layout, i, &path, &err) < 0)
            return com_error_from_core(&err, ITEMS_IID);
        same = !_wcsicmp(wide_str(path), description);
        fsi_free(path);
        if (same) {
            if (FAILED(hr = progress_item_create(items->layout, i, value)))
                return hr;
            return com_success(hr);
        }
    }
    return com_error(E_INVALIDARG, ITEMS_IID, L"no progress item is described as '%ls'", description);
}

static HRESULT STDMETHODCALLTYPE items_get_EnumProgressItems(IProgressItems *iface, IEnumProgressItems **value)
{
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEMS_IID, L"EnumProgressItems");
    if (FAILED(hr = enum_progress_items_create(&impl_from_IProgressItems(iface)->source, 0, value)))
        return out_of_memory_error(ITEMS_IID, L"EnumProgressItems");
    return com_success(hr);
}

static const DISPATCH_VTBL(IProgressItems) items_vtbl = {
    {&IID_IProgressItems, NULL},
    {
        items_QueryInterface,
        items_AddRef,
        items_Release,
        DISPATCH_SLOTS(IProgressItems),
        items_get__NewEnum,
        items_get_Item,
        items_get_Count,
        items_ProgressItemFromBlock,
        items_ProgressItemFromDescription,
        items_get_EnumProgressItems,
    },
};

HRESULT progress_items_create(fsi_layout *layout, IProgressItems **out)
{
    struct progress_items *items;

    *out = NULL;
    if (!(items = calloc(1, sizeof(*items))))
        return out_of_memory_error(&IID_IFileSystemImageResult, L"ProgressItems");
    items->IProgressItems_iface.lpVtbl = &items_vtbl.vtbl;
    items->source.ops = &source_ops;
    support_error_info_init(&items->error_info, (IUnknown *)&items->IProgressItems_iface);
    items->ref = 1;
    items->layout = fsi_layout_retain(layout);
    items->count = fsi_layout_file_count(layout);
    module_object_created();
    *out = &items->IProgressItems_iface;
    return S_OK;
}
