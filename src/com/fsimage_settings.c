/* MsftFileSystemImage: settings (staging, UDF metadata redundancy, the working directory kept by the
 * COM object; strict compliance and restricted names, which the core applies to new items).
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

/* The two name rules live in the core, which applies them to every new item. */
static HRESULT get_core_flag(struct fs_image *image, int (*flag)(const fsi_image *), VARIANT_BOOL *value,
                             const WCHAR *member)
{
    if (!value)
        return null_pointer_error(IMAGE_IID, member);
    fs_image_enter(image);
    *value = flag(image->core) ? VARIANT_TRUE : VARIANT_FALSE;
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    return get_core_flag(impl_from_IFileSystemImage3(iface), fsi_image_strict_names, value,
                         L"StrictFileSystemCompliance");
}

/* Documented: TRUE only while the image is empty; FALSE at any time. */
HRESULT STDMETHODCALLTYPE image_put_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    fsi_hresult hr;

    fs_image_enter(image);
    hr = fsi_image_set_strict_names(image->core, value != VARIANT_FALSE, &err);
    if (hr >= 0)
        fs_image_changed(image);
    fs_image_leave(image);
    return hr < 0 ? com_error_from_core(&err, IMAGE_IID) : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    return get_core_flag(impl_from_IFileSystemImage3(iface), fsi_image_restricted_names, value,
                         L"UseRestrictedCharacterSet");
}

/* Documented: changed only while no result stream is active. The original names no error for it; a
 * result's names were fixed when it was made, so the refusal says the setting is read-only meanwhile. */
HRESULT STDMETHODCALLTYPE image_put_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    BOOL busy;

    fs_image_enter(image);
    busy = fsi_image_has_results(image->core);
    if (!busy) {
        fsi_image_set_restricted_names(image->core, value != VARIANT_FALSE);
        fs_image_changed(image);
    }
    fs_image_leave(image);
    if (busy)
        return com_error(IMAPI_E_READONLY, IMAGE_IID,
                         L"UseRestrictedCharacterSet cannot change while a result of this image or one of its "
                         L"streams exists.");
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
    fs_image_enter(image);
    fsi_image_set_stage_files(image->core, value != VARIANT_FALSE);
    fs_image_leave(image);
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

/* The temporary folder, as GetTempPathW gives it: with its trailing backslash, so that a stash file's
 * path is the folder and a name, as for any folder a client sets. */
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

HRESULT image_init_working_directory(struct fs_image *image)
{
    fsi_error err = {0};
    BSTR folder = NULL; /* Release builds cannot see temp_folder sets it on success */
    HRESULT hr = temp_folder(&folder);

    if (FAILED(hr))
        return hr;
    hr = fsi_image_set_working_directory(image->core, bstr_arg(folder), &err);
    SysFreeString(folder);
    return hr < 0 ? com_error_from_core(&err, IMAGE_IID) : S_OK;
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
    BOOL busy;
    fsi_error err = {0};
    fsi_hresult moved = 0;

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
    busy = fsi_image_has_results(image->core);
    if (!busy && (moved = fsi_image_set_working_directory(image->core, bstr_arg(value), &err)) >= 0) {
        free(image->working_directory);
        image->working_directory = copy;
        fs_image_changed(image);
    }
    fs_image_leave(image);
    if (busy) {
        free(copy);
        return com_error(IMAPI_E_INVALID_WORKING_DIRECTORY, IMAGE_IID,
                         L"The working directory cannot change to \"%ls\" while a result of this image or one of "
                         L"its streams exists.",
                         value);
    }
    if (moved < 0) {
        free(copy);
        return com_error_from_core(&err, IMAGE_IID);
    }
    return com_success(S_OK);
}
