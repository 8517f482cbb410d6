/* MsftFileSystemImage: settings kept by the COM object until the parts that use them exist
 * (staging, strict compliance, restricted names, UDF metadata redundancy) and the working directory.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

static HRESULT get_flag(struct fs_image *image, const VARIANT_BOOL *flag, VARIANT_BOOL *value, const WCHAR *member)
{
    if (!value)
        return null_pointer_error(IMAGE_IID, member);
    fs_image_enter(image);
    *value = *flag;
    fs_image_leave(image);
    return com_success(S_OK);
}

/* Any non-zero VARIANT_BOOL is true; it reads back as VARIANT_TRUE. */
static void put_flag(struct fs_image *image, VARIANT_BOOL *flag, VARIANT_BOOL value)
{
    fs_image_enter(image);
    *flag = value ? VARIANT_TRUE : VARIANT_FALSE;
    fs_image_changed(image);
    fs_image_leave(image);
}

HRESULT STDMETHODCALLTYPE image_get_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    return get_flag(image, &image->strict_compliance, value, L"StrictFileSystemCompliance");
}

HRESULT STDMETHODCALLTYPE image_put_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    put_flag(image, &image->strict_compliance, value);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    return get_flag(image, &image->restricted_character_set, value, L"UseRestrictedCharacterSet");
}

HRESULT STDMETHODCALLTYPE image_put_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    put_flag(image, &image->restricted_character_set, value);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    return get_flag(image, &image->stage_files, value, L"StageFiles");
}

HRESULT STDMETHODCALLTYPE image_put_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    put_flag(image, &image->stage_files, value);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    return get_flag(image, &image->redundant_udf_metadata, value, L"CreateRedundantUdfMetadataFiles");
}

/* Metadata redundancy exists from UDF 2.50 on: the value is always kept, and when the image is not
 * UDF 2.50 or later the documented success code says it does not appear in the image (yet). */
HRESULT STDMETHODCALLTYPE image_put_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    BOOL applies;

    put_flag(image, &image->redundant_udf_metadata, value);
    fs_image_enter(image);
    fsi_image_set_udf_redundant_metadata(image->core, value != VARIANT_FALSE);
    applies = (fsi_image_file_systems(image->core) & FSI_FS_UDF) && fsi_image_udf_revision(image->core) >= 0x250;
    fs_image_leave(image);
    return com_success(applies ? S_OK : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
}

/* The temporary folder, as GetTempPathW gives it (with its trailing backslash). */
static HRESULT temp_folder(BSTR *out)
{
    WCHAR path[MAX_PATH + 1];
    DWORD len = GetTempPathW(ARRAYSIZE(path), path);

    if (!len || len >= ARRAYSIZE(path))
        return com_error(HRESULT_FROM_WIN32(GetLastError()), IMAGE_IID,
                         L"The temporary folder could not be determined.");
    if (!(*out = SysAllocStringLen(path, len)))
        return out_of_memory_error(IMAGE_IID, L"WorkingDirectory");
    return S_OK;
}

HRESULT STDMETHODCALLTYPE image_get_WorkingDirectory(IFileSystemImage3 *iface, BSTR *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(IMAGE_IID, L"WorkingDirectory");
    fs_image_enter(image);
    if (image->working_directory)
        hr = (*value = SysAllocString(image->working_directory)) ? S_OK
                                                                 : out_of_memory_error(IMAGE_IID, L"WorkingDirectory");
    else
        hr = temp_folder(value);
    fs_image_leave(image);
    return FAILED(hr) ? hr : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_put_WorkingDirectory(IFileSystemImage3 *iface, BSTR value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    DWORD attributes;
    WCHAR *copy;
    size_t size;

    if (!value || !*value)
        return com_error(IMAPI_E_INVALID_PARAM, IMAGE_IID, L"The working directory \"\" is empty.");
    attributes = GetFileAttributesW(value);
    if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY))
        return com_error(IMAPI_E_INVALID_WORKING_DIRECTORY, IMAGE_IID,
                         L"The working directory \"%ls\" is not an existing folder.", value);
    size = (wcslen(value) + 1) * sizeof(WCHAR);
    if (!(copy = malloc(size)))
        return out_of_memory_error(IMAGE_IID, L"WorkingDirectory");
    memcpy(copy, value, size);

    fs_image_enter(image);
    free(image->working_directory);
    image->working_directory = copy;
    fs_image_changed(image);
    fs_image_leave(image);
    return com_success(S_OK);
}
