/* FileSystemImageResult: what CreateResultImage gives, a snapshot of the image as a layout.
 * Later changes to the image do not alter it. Each ImageStream call gives a new stream at position 0,
 * independent of the others, so several consumers may read the same result at once.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <wchar.h>

#include "objects.h"

#define RESULT_IID (&IID_IFileSystemImageResult)

struct fs_result {
    IFileSystemImageResult2 IFileSystemImageResult2_iface;
    struct support_error_info error_info;
    LONG ref;
    fsi_layout *layout; /* immutable: needs no lock */
    WCHAR *volume_name;
    FILETIME created;
};

static struct fs_result *impl_from_IFileSystemImageResult2(IFileSystemImageResult2 *iface)
{
    return CONTAINING_RECORD(iface, struct fs_result, IFileSystemImageResult2_iface);
}

static HRESULT STDMETHODCALLTYPE result_QueryInterface(IFileSystemImageResult2 *iface, REFIID riid, void **out)
{
    struct fs_result *result = impl_from_IFileSystemImageResult2(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_IFileSystemImageResult) || IsEqualIID(riid, &IID_IFileSystemImageResult2))
        *out = &result->IFileSystemImageResult2_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &result->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE result_AddRef(IFileSystemImageResult2 *iface)
{
    return InterlockedIncrement(&impl_from_IFileSystemImageResult2(iface)->ref);
}

static ULONG STDMETHODCALLTYPE result_Release(IFileSystemImageResult2 *iface)
{
    struct fs_result *result = impl_from_IFileSystemImageResult2(iface);
    ULONG ref = InterlockedDecrement(&result->ref);

    if (!ref) {
        fsi_layout_release(result->layout);
        free(result->volume_name);
        free(result);
        module_object_destroyed();
    }
    return ref;
}

/* The stream's name (IStream::Stat) is the volume label with ".iso", as a file saved from it would be. */
static HRESULT STDMETHODCALLTYPE result_get_ImageStream(IFileSystemImageResult2 *iface, IStream **value)
{
    struct fs_result *result = impl_from_IFileSystemImageResult2(iface);
    size_t len = wcslen(result->volume_name);
    WCHAR *name;
    HRESULT hr;

    if (!value)
        return null_pointer_error(RESULT_IID, L"ImageStream");
    *value = NULL;
    if (!(name = malloc((len + 5) * sizeof(WCHAR))))
        return out_of_memory_error(RESULT_IID, L"ImageStream");
    memcpy(name, result->volume_name, len * sizeof(WCHAR));
    memcpy(name + len, L".iso", 5 * sizeof(WCHAR));
    hr = fsi_stream_create(result->layout, name, value);
    free(name);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE result_get_ProgressItems(IFileSystemImageResult2 *iface, IProgressItems **value)
{
    HRESULT hr;

    if (!value)
        return null_pointer_error(RESULT_IID, L"ProgressItems");
    if (FAILED(hr = progress_items_create(impl_from_IFileSystemImageResult2(iface)->layout, value)))
        return hr;
    return com_success(hr);
}

static HRESULT STDMETHODCALLTYPE result_get_TotalBlocks(IFileSystemImageResult2 *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(RESULT_IID, L"TotalBlocks");
    *value = (LONG)fsi_layout_total_blocks(impl_from_IFileSystemImageResult2(iface)->layout);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE result_get_BlockSize(IFileSystemImageResult2 *iface, LONG *value)
{
    (void)iface;
    if (!value)
        return null_pointer_error(RESULT_IID, L"BlockSize");
    *value = FSI_BLOCK_SIZE;
    return com_success(S_OK);
}

/* The volume label and the moment the result was made: stable for this result, different for the
 * next one. */
static HRESULT STDMETHODCALLTYPE result_get_DiscId(IFileSystemImageResult2 *iface, BSTR *value)
{
    struct fs_result *result = impl_from_IFileSystemImageResult2(iface);
    WCHAR stamp[24];

    if (!value)
        return null_pointer_error(RESULT_IID, L"DiscId");
    swprintf(stamp, ARRAYSIZE(stamp), L"-%08lX%08lX", (unsigned long)result->created.dwHighDateTime,
             (unsigned long)result->created.dwLowDateTime);
    if (!(*value = SysAllocStringLen(NULL, (UINT)(wcslen(result->volume_name) + wcslen(stamp)))))
        return out_of_memory_error(RESULT_IID, L"DiscId");
    wcscpy(*value, result->volume_name);
    wcscat(*value, stamp);
    return com_success(S_OK);
}

/* What must be written: a result made from scratch is written whole (block_range.c). */
static HRESULT STDMETHODCALLTYPE result_get_ModifiedBlocks(IFileSystemImageResult2 *iface, IBlockRangeList **value)
{
    HRESULT hr;

    if (!value)
        return null_pointer_error(&IID_IFileSystemImageResult2, L"ModifiedBlocks");
    if (FAILED(hr = block_range_list_create(impl_from_IFileSystemImageResult2(iface)->layout, NULL, value)))
        return out_of_memory_error(&IID_IFileSystemImageResult2, L"ModifiedBlocks");
    return com_success(hr);
}

static const DISPATCH_VTBL(IFileSystemImageResult2) result_vtbl = {
    {&IID_IFileSystemImageResult2, NULL},
    {
        result_QueryInterface,
        result_AddRef,
        result_Release,
        DISPATCH_SLOTS(IFileSystemImageResult2),
        result_get_ImageStream,
        result_get_ProgressItems,
        result_get_TotalBlocks,
        result_get_BlockSize,
        result_get_DiscId,
        result_get_ModifiedBlocks,
    },
};

HRESULT fs_result_create(fsi_layout *layout, const WCHAR *volume_name, IFileSystemImageResult **out)
{
    struct fs_result *result;
    size_t size = (wcslen(volume_name) + 1) * sizeof(WCHAR);

    *out = NULL;
    if (!(result = calloc(1, sizeof(*result))) || !(result->volume_name = malloc(size))) {
        free(result);
        return out_of_memory_error(&IID_IFileSystemImage, L"CreateResultImage");
    }
    memcpy(result->volume_name, volume_name, size);
    result->IFileSystemImageResult2_iface.lpVtbl = &result_vtbl.vtbl;
    support_error_info_init(&result->error_info, (IUnknown *)&result->IFileSystemImageResult2_iface);
    result->ref = 1;
    result->layout = fsi_layout_retain(layout);
    GetSystemTimeAsFileTime(&result->created);
    module_object_created();
    *out = (IFileSystemImageResult *)&result->IFileSystemImageResult2_iface;
    return S_OK;
}
