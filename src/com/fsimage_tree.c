/* MsftFileSystemImage: the tree (Root, counts, Exists) and CreateResultImage.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

HRESULT STDMETHODCALLTYPE image_get_Root(IFileSystemImage3 *iface, IFsiDirectoryItem **value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(IMAGE_IID, L"Root");
    fs_image_enter(image);
    hr = fsi_item_create(image, fsi_image_root(image->core), &IID_IFsiDirectoryItem, (void **)value);
    fs_image_leave(image);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT get_count(struct fs_image *image, int32_t (*count)(const fsi_image *), LONG *value,
                         const WCHAR *member)
{
    if (!value)
        return null_pointer_error(IMAGE_IID, member);
    fs_image_enter(image);
    *value = count(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_FileCount(IFileSystemImage3 *iface, LONG *value)
{
    return get_count(impl_from_IFileSystemImage3(iface), fsi_image_file_count, value, L"FileCount");
}

HRESULT STDMETHODCALLTYPE image_get_DirectoryCount(IFileSystemImage3 *iface, LONG *value)
{
    return get_count(impl_from_IFileSystemImage3(iface), fsi_image_directory_count, value, L"DirectoryCount");
}

HRESULT STDMETHODCALLTYPE image_get_UsedBlocks(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"UsedBlocks");
    fs_image_enter(image);
    *value = fsi_image_used_blocks(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_Exists(IFileSystemImage3 *iface, BSTR path, FsiItemType *type)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    fsi_kind kind = FSI_KIND_NONE;
    fsi_hresult hr;

    if (!type)
        return null_pointer_error(IMAGE_IID, L"Exists");
    fs_image_enter(image);
    hr = fsi_image_exists(image->core, bstr_arg(path), &kind, &err);
    fs_image_leave(image);
    if (hr < 0)
        return com_error_from_core(&err, IMAGE_IID);
    *type = kind == FSI_KIND_DIRECTORY ? FsiItemDirectory : kind == FSI_KIND_FILE ? FsiItemFile : FsiItemNotFound;
    return com_success(S_OK);
}

/* The label of the most capable file system the result holds, to name it. */
static fsi_hresult result_label(fsi_image *core, fsi_char **label, fsi_error *err)
{
    uint32_t systems = fsi_image_file_systems(core);
    uint32_t system = systems & FSI_FS_UDF ? FSI_FS_UDF : systems & FSI_FS_JOLIET ? FSI_FS_JOLIET : FSI_FS_ISO9660;

    return fsi_image_volume_name_for(core, system, label, err);
}

HRESULT STDMETHODCALLTYPE image_CreateResultImage(IFileSystemImage3 *iface, IFileSystemImageResult **result)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_layout *layout = NULL;
    fsi_char *label = NULL;
    fsi_error err = {0};
    fsi_hresult core_hr;
    HRESULT hr;

    if (!result)
        return null_pointer_error(IMAGE_IID, L"CreateResultImage");
    *result = NULL;
    if (FAILED(hr = image_boot_refresh(image)))
        return hr;
    fs_image_enter(image);
    core_hr = fsi_layout_create(image->core, &layout, &err);
    if (core_hr >= 0)
        core_hr = result_label(image->core, &label, &err);
    fs_image_leave(image);
    if (core_hr < 0) {
        if (layout)
            fsi_layout_release(layout);
        return com_error_from_core(&err, IMAGE_IID);
    }
    hr = fs_result_create(layout, wide_str(label), result);
    fsi_layout_release(layout);
    fsi_free(label);
    return FAILED(hr) ? hr : com_success(S_OK);
}
