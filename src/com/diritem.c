/* FsiDirectoryItem: the children of a directory (Item, Count, enumerators) and the edits below it.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "item_private.h"

#define DIR_IID (&IID_IFsiDirectoryItem)

static struct item *impl_from_IFsiDirectoryItem2(IFsiDirectoryItem2 *iface)
{
    return CONTAINING_RECORD(iface, struct item, IFsiDirectoryItem2_iface);
}

/* Ends a core edit (begun inside fs_image_enter): counts a success as a change. */
static HRESULT edit_done(struct item *dir, fsi_hresult hr, const fsi_error *err)
{
    if (hr >= 0)
        fs_image_changed(dir->image);
    fs_image_leave(dir->image);
    return hr < 0 ? com_error_from_core(err, DIR_IID) : com_success(hr);
}

static HRESULT STDMETHODCALLTYPE dir_get__NewEnum(IFsiDirectoryItem2 *iface, IEnumVARIANT **value)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    struct item_snapshot *snapshot;
    HRESULT hr;

    if (!value)
        return null_pointer_error(DIR_IID, L"_NewEnum");
    *value = NULL;
    fs_image_enter(dir->image);
    hr = item_snapshot_create(dir->image, dir->node, &snapshot);
    fs_image_leave(dir->image);
    if (FAILED(hr))
        return hr;
    hr = enum_variant_create(item_snapshot_source(snapshot), 0, value);
    item_snapshot_release(snapshot);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE dir_get_EnumFsiItems(IFsiDirectoryItem2 *iface, IEnumFsiItems **value)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    struct item_snapshot *snapshot;
    HRESULT hr;

    if (!value)
        return null_pointer_error(DIR_IID, L"EnumFsiItems");
    *value = NULL;
    fs_image_enter(dir->image);
    hr = item_snapshot_create(dir->image, dir->node, &snapshot);
    fs_image_leave(dir->image);
    if (FAILED(hr))
        return hr;
    hr = enum_fsi_items_create(item_snapshot_source(snapshot), 0, value);
    item_snapshot_release(snapshot);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE dir_get_Item(IFsiDirectoryItem2 *iface, BSTR path, IFsiItem **value)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};
    fsi_node *child = NULL;
    HRESULT hr;

    if (!value)
        return null_pointer_error(DIR_IID, L"Item");
    *value = NULL;
    fs_image_enter(dir->image);
    if (fsi_dir_item(dir->node, bstr_arg(path), &child, &err) < 0)
        hr = com_error_from_core(&err, DIR_IID);
    else {
        hr = fsi_item_create(dir->image, child, &IID_IFsiItem, (void **)value);
        fsi_node_release(child);
    }
    fs_image_leave(dir->image);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE dir_get_Count(IFsiDirectoryItem2 *iface, LONG *value)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);

    if (!value)
        return null_pointer_error(DIR_IID, L"Count");
    fs_image_enter(dir->image);
    *value = (LONG)fsi_dir_count(dir->node);
    fs_image_leave(dir->image);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE dir_AddDirectory(IFsiDirectoryItem2 *iface, BSTR path)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};

    fs_image_enter(dir->image);
    return edit_done(dir, fsi_dir_add_directory(dir->node, bstr_arg(path), &err), &err);
}

/* The stream is read when the image is, so the source keeps a reference on it: the caller may release
 * its own at once. */
static HRESULT STDMETHODCALLTYPE dir_AddFile(IFsiDirectoryItem2 *iface, BSTR path, IStream *data)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};
    fsi_source *source;
    HRESULT hr;

    if (!data)
        return com_error(E_POINTER, DIR_IID, L"AddFile was given no stream for \"%ls\".", path ? path : L"");
    if (FAILED(hr = istream_source_create(data, path ? path : L"", &source, &err)))
        return com_error_from_core(&err, DIR_IID);
    fs_image_enter(dir->image);
    hr = edit_done(dir, fsi_dir_add_file(dir->node, bstr_arg(path), source, &err), &err);
    fsi_source_release(source);
    return hr;
}

static HRESULT STDMETHODCALLTYPE dir_AddTree(IFsiDirectoryItem2 *iface, BSTR source, VARIANT_BOOL include_base)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};

    fs_image_enter(dir->image);
    return edit_done(dir, fsi_dir_add_tree(dir->node, bstr_arg(source), include_base != VARIANT_FALSE, &err), &err);
}

/* Only our own item objects can be added: they are the ones whose first slot is item_QueryInterface (a
 * foreign IFsiItem has no node). An item of another image is refused before taking this image's lock. */
static HRESULT STDMETHODCALLTYPE dir_Add(IFsiDirectoryItem2 *iface, IFsiItem *item)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface), *added;
    fsi_error err = {0};

    if (!item)
        return com_error(E_POINTER, DIR_IID, L"Add was given no item.");
    if (item->lpVtbl->QueryInterface != item_QueryInterface)
        return com_error(IMAPI_E_INVALID_PARAM, DIR_IID,
                         L"Add takes items of CreateFileItem or CreateDirectoryItem, not another implementation "
                         L"of IFsiItem.");
    added = impl_from_IFsiItem(item);
    if (added->image != dir->image) {
        fsi_char *name;
        HRESULT hr;

        fs_image_enter(added->image);
        name = fsi_strdup16(fsi_node_name(added->node));
        fs_image_leave(added->image);
        hr = com_error(IMAPI_E_INVALID_PARAM, DIR_IID, L"The item \"%ls\" belongs to another file system image.",
                       name ? wide_str(name) : L"");
        fsi_free(name);
        return hr;
    }
    fs_image_enter(dir->image);
    return edit_done(dir, fsi_dir_add_item(dir->node, added->node, &err), &err);
}

static HRESULT STDMETHODCALLTYPE dir_Remove(IFsiDirectoryItem2 *iface, BSTR path)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};

    fs_image_enter(dir->image);
    return edit_done(dir, fsi_dir_remove(dir->node, bstr_arg(path), &err), &err);
}

static HRESULT STDMETHODCALLTYPE dir_RemoveTree(IFsiDirectoryItem2 *iface, BSTR path)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};

    fs_image_enter(dir->image);
    return edit_done(dir, fsi_dir_remove_tree(dir->node, bstr_arg(path), &err), &err);
}

/* AddTree plus each file's NTFS alternate data streams (none where the file system has none, as under
 * Wine); without UDF 2.00 or later the streams are kept and IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED returned. */
static HRESULT STDMETHODCALLTYPE dir_AddTreeWithNamedStreams(IFsiDirectoryItem2 *iface, BSTR source,
                                                             VARIANT_BOOL include_base)
{
    struct item *dir = impl_from_IFsiDirectoryItem2(iface);
    fsi_error err = {0};

    fs_image_enter(dir->image);
    return edit_done(dir,
                     fsi_dir_add_tree_with_streams(dir->node, bstr_arg(source), include_base != VARIANT_FALSE, &err),
                     &err);
}

static const DISPATCH_VTBL(IFsiDirectoryItem2) directory_item_vtbl = {
    {&IID_IFsiDirectoryItem2, item_default_value},
    {
        ITEM_SLOTS(IFsiDirectoryItem2),
        dir_get__NewEnum,
        dir_get_Item,
        dir_get_Count,
        dir_get_EnumFsiItems,
        dir_AddDirectory,
        dir_AddFile,
        dir_AddTree,
        dir_Add,
        dir_Remove,
        dir_RemoveTree,
        dir_AddTreeWithNamedStreams,
    },
};

void directory_item_init(struct item *item)
{
    item->IFsiDirectoryItem2_iface.lpVtbl = &directory_item_vtbl.vtbl;
}
