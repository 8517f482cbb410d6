/* The IFsiItem part shared by FsiDirectoryItem and FsiFileItem: lifetime, names, times, attributes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "item_private.h"

#define ITEM_IID (&IID_IFsiItem)

HRESULT fsi_item_create(struct fs_image *image, fsi_node *node, REFIID riid, void **out)
{
    struct item *item;
    HRESULT hr;

    *out = NULL;
    if (!(item = calloc(1, sizeof(*item))))
        return out_of_memory_error(ITEM_IID, L"creating an item");
    item->kind = fsi_node_kind(node);
    if (item->kind == FSI_KIND_DIRECTORY)
        directory_item_init(item);
    else
        file_item_init(item);
    support_error_info_init(&item->error_info, (IUnknown *)&item->IFsiItem_iface);
    item->ref = 1;
    item->image = image;
    fs_image_retain(image);
    item->node = fsi_node_retain(node);
    module_object_created();

    hr = IFsiItem_QueryInterface(&item->IFsiItem_iface, riid, out);
    IFsiItem_Release(&item->IFsiItem_iface);
    return hr;
}

HRESULT STDMETHODCALLTYPE item_QueryInterface(IFsiItem *iface, REFIID riid, void **out)
{
    struct item *item = impl_from_IFsiItem(iface);
    BOOL directory = item->kind == FSI_KIND_DIRECTORY;

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IFsiItem) ||
        (directory && (IsEqualIID(riid, &IID_IFsiDirectoryItem) || IsEqualIID(riid, &IID_IFsiDirectoryItem2))) ||
        (!directory && (IsEqualIID(riid, &IID_IFsiFileItem) || IsEqualIID(riid, &IID_IFsiFileItem2))))
        *out = &item->IFsiItem_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &item->error_info.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

ULONG STDMETHODCALLTYPE item_AddRef(IFsiItem *iface)
{
    return InterlockedIncrement(&impl_from_IFsiItem(iface)->ref);
}

ULONG STDMETHODCALLTYPE item_Release(IFsiItem *iface)
{
    struct item *item = impl_from_IFsiItem(iface);
    ULONG ref = InterlockedDecrement(&item->ref);

    if (!ref) {
        fs_image_enter(item->image);
        fsi_node_release(item->node);
        fs_image_leave(item->image);
        fs_image_release(item->image);
        free(item);
        module_object_destroyed();
    }
    return ref;
}

HRESULT STDMETHODCALLTYPE item_get_Name(IFsiItem *iface, BSTR *value)
{
    struct item *item = impl_from_IFsiItem(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEM_IID, L"Name");
    fs_image_enter(item->image);
    hr = bstr_from_fsi(fsi_node_name(item->node), value, ITEM_IID);
    fs_image_leave(item->image);
    return FAILED(hr) ? hr : com_success(S_OK);
}

/* The item's path in the image as a new BSTR. */
static HRESULT full_path(struct item *item, BSTR *value)
{
    fsi_error err = {0};
    fsi_char *path = NULL;
    fsi_hresult core_hr;
    HRESULT hr;

    fs_image_enter(item->image);
    core_hr = fsi_node_full_path(item->node, &path, &err);
    fs_image_leave(item->image);
    if (core_hr < 0)
        return com_error_from_core(&err, ITEM_IID);
    hr = bstr_from_fsi(path, value, ITEM_IID);
    fsi_free(path);
    return hr;
}

HRESULT STDMETHODCALLTYPE item_get_FullPath(IFsiItem *iface, BSTR *value)
{
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEM_IID, L"FullPath");
    hr = full_path(impl_from_IFsiItem(iface), value);
    return FAILED(hr) ? hr : com_success(S_OK);
}

HRESULT item_default_value(IDispatch *iface, VARIANT *result)
{
    BSTR path;
    HRESULT hr;

    if (FAILED(hr = full_path(impl_from_IFsiItem((IFsiItem *)iface), &path)))
        return hr;
    V_VT(result) = VT_BSTR;
    V_BSTR(result) = path;
    return com_success(S_OK);
}

static HRESULT get_time(IFsiItem *iface, enum fsi_time_kind which, DATE *value, const WCHAR *member)
{
    struct item *item = impl_from_IFsiItem(iface);
    fsi_time t;

    if (!value)
        return null_pointer_error(ITEM_IID, member);
    fs_image_enter(item->image);
    t = fsi_node_time(item->node, which);
    fs_image_leave(item->image);
    if (FAILED(date_from_fsi_time(t, value)))
        return com_error(IMAPI_E_INVALID_DATE, ITEM_IID, L"The %ls of the item cannot be expressed as a DATE.",
                         member);
    return com_success(S_OK);
}

static HRESULT put_time(IFsiItem *iface, enum fsi_time_kind which, DATE value, const WCHAR *member)
{
    struct item *item = impl_from_IFsiItem(iface);
    fsi_error err = {0};
    fsi_hresult core_hr;
    fsi_time t;

    if (FAILED(fsi_time_from_date(value, &t)))
        return com_error(IMAPI_E_INVALID_PARAM, ITEM_IID, L"The %ls %g is not a valid date.", member, value);
    fs_image_enter(item->image);
    core_hr = fsi_node_put_time(item->node, which, t, &err);
    if (core_hr >= 0)
        fs_image_changed(item->image);
    fs_image_leave(item->image);
    return core_hr < 0 ? com_error_from_core(&err, ITEM_IID) : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE item_get_CreationTime(IFsiItem *iface, DATE *value)
{
    return get_time(iface, FSI_TIME_CREATED, value, L"CreationTime");
}

HRESULT STDMETHODCALLTYPE item_put_CreationTime(IFsiItem *iface, DATE value)
{
    return put_time(iface, FSI_TIME_CREATED, value, L"CreationTime");
}

HRESULT STDMETHODCALLTYPE item_get_LastAccessedTime(IFsiItem *iface, DATE *value)
{
    return get_time(iface, FSI_TIME_ACCESSED, value, L"LastAccessedTime");
}

HRESULT STDMETHODCALLTYPE item_put_LastAccessedTime(IFsiItem *iface, DATE value)
{
    return put_time(iface, FSI_TIME_ACCESSED, value, L"LastAccessedTime");
}

HRESULT STDMETHODCALLTYPE item_get_LastModifiedTime(IFsiItem *iface, DATE *value)
{
    return get_time(iface, FSI_TIME_MODIFIED, value, L"LastModifiedTime");
}

HRESULT STDMETHODCALLTYPE item_put_LastModifiedTime(IFsiItem *iface, DATE value)
{
    return put_time(iface, FSI_TIME_MODIFIED, value, L"LastModifiedTime");
}

HRESULT STDMETHODCALLTYPE item_get_IsHidden(IFsiItem *iface, VARIANT_BOOL *value)
{
    struct item *item = impl_from_IFsiItem(iface);

    if (!value)
        return null_pointer_error(ITEM_IID, L"IsHidden");
    fs_image_enter(item->image);
    *value = fsi_node_hidden(item->node) ? VARIANT_TRUE : VARIANT_FALSE;
    fs_image_leave(item->image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE item_put_IsHidden(IFsiItem *iface, VARIANT_BOOL value)
{
    struct item *item = impl_from_IFsiItem(iface);
    fsi_error err = {0};
    fsi_hresult core_hr;

    fs_image_enter(item->image);
    core_hr = fsi_node_put_hidden(item->node, value != VARIANT_FALSE, &err);
    if (core_hr >= 0)
        fs_image_changed(item->image);
    fs_image_leave(item->image);
    return core_hr < 0 ? com_error_from_core(&err, ITEM_IID) : com_success(S_OK);
}

/* The name or path as one file system records it (the core asks that file system's writer). */
static HRESULT file_system_name(IFsiItem *iface, FsiFileSystems system, BSTR *value, const WCHAR *member,
                                fsi_hresult (*get)(fsi_node *, uint32_t, fsi_char **, fsi_error *))
{
    struct item *item = impl_from_IFsiItem(iface);
    fsi_error err = {0};
    fsi_char *name = NULL;
    fsi_hresult core_hr;
    HRESULT hr;

    if (!value)
        return null_pointer_error(ITEM_IID, member);
    *value = NULL;
    fs_image_enter(item->image);
    core_hr = get(item->node, (uint32_t)system, &name, &err);
    fs_image_leave(item->image);
    if (core_hr < 0)
        return com_error_from_core(&err, ITEM_IID);
    hr = bstr_from_fsi(name, value, ITEM_IID);
    fsi_free(name);
    return FAILED(hr) ? hr : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE item_FileSystemName(IFsiItem *iface, FsiFileSystems system, BSTR *value)
{
    return file_system_name(iface, system, value, L"FileSystemName", fsi_node_file_system_name);
}

HRESULT STDMETHODCALLTYPE item_FileSystemPath(IFsiItem *iface, FsiFileSystems system, BSTR *value)
{
    return file_system_name(iface, system, value, L"FileSystemPath", fsi_node_file_system_path);
}
