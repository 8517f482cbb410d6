/* ProgressItem: one file's block range in a result image. Description is the file's image path
 * ("\dir\file.txt"): the documentation calls it the file's name, and the full path tells apart files
 * of the same name in different directories (ProgressItemFromDescription finds one by it).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

#define ITEM_IID (&IID_IProgressItem)

struct progress_item {
    IProgressItem IProgressItem_iface;
    struct support_error_info error_info;
    LONG ref;
    BSTR description;
    ULONG first_block, block_count; /* block_count >= 1: files without data have no item */
};

static struct progress_item *impl_from_IProgressItem(IProgressItem *iface)
{
    return CONTAINING_RECORD(iface, struct progress_item, IProgressItem_iface);
}

static HRESULT STDMETHODCALLTYPE item_QueryInterface(IProgressItem *iface, REFIID riid, void **out)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IProgressItem))
        *out = &item->IProgressItem_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &item->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE item_AddRef(IProgressItem *iface)
{
    return InterlockedIncrement(&impl_from_IProgressItem(iface)->ref);
}

static ULONG STDMETHODCALLTYPE item_Release(IProgressItem *iface)
{
    struct progress_item *item = impl_from_IProgressItem(iface);
    ULONG ref = InterlockedDecrement(&item->ref);

    if (!ref) {
        SysFreeString(item->description);
        free(item);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE item_get_Description(IProgressItem *iface, BSTR *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    if (!value)
        return null_pointer_error(ITEM_IID, L"Description");
    if (!(*value = SysAllocStringLen(item->description, SysStringLen(item->description))))
        return out_of_memory_error(ITEM_IID, L"Description");
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE item_get_FirstBlock(IProgressItem *iface, ULONG *value)
{
    if (!value)
        return null_pointer_error(ITEM_IID, L"FirstBlock");
    *value = impl_from_IProgressItem(iface)->first_block;
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE item_get_LastBlock(IProgressItem *iface, ULONG *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    if (!value)
        return null_pointer_error(ITEM_IID, L"LastBlock");
    *value = item->first_block + item->block_count - 1;
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE item_get_BlockCount(IProgressItem *iface, ULONG *value)
{
    if (!value)
        return null_pointer_error(ITEM_IID, L"BlockCount");
    *value = impl_from_IProgressItem(iface)->block_count;
    return com_success(S_OK);
}

static const DISPATCH_VTBL(IProgressItem) item_vtbl = {
    {&IID_IProgressItem, NULL},
    {
        item_QueryInterface,
        item_AddRef,
        item_Release,
        DISPATCH_SLOTS(IProgressItem),
        item_get_Description,
        item_get_FirstBlock,
        item_get_LastBlock,
        item_get_BlockCount,
    },
};

HRESULT progress_item_create(fsi_layout *layout, uint32_t index, IProgressItem **out)
{
    struct progress_item *item;
    fsi_char *path = NULL;
    fsi_error err = {0};
    uint32_t first, count;

    *out = NULL;
    if (fsi_layout_file_path(layout, index, &path, &err) < 0)
        return com_error_from_core(&err, &IID_IProgressItems);
    if (!(item = calloc(1, sizeof(*item))) || !(item->description = SysAllocString(wide_str(path)))) {
        free(item);
        fsi_free(path);
        return out_of_memory_error(&IID_IProgressItems, L"a progress item");
    }
    fsi_free(path);
    fsi_layout_file_blocks(layout, index, &first, &count);
    item->IProgressItem_iface.lpVtbl = &item_vtbl.vtbl;
    support_error_info_init(&item->error_info, (IUnknown *)&item->IProgressItem_iface);
    item->ref = 1;
    item->first_block = first;
    item->block_count = count;
    module_object_created();
    *out = &item->IProgressItem_iface;
    return S_OK;
}
