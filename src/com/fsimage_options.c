/* MsftFileSystemImage: the options the core keeps (file systems, volume names, ISO level, block budget)
 * and the lists of supported values.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

/* Ends a core setter's call (begun inside fs_image_enter): counts a success as a change. */
static HRESULT setter_done(struct fs_image *image, fsi_hresult hr, const fsi_error *err)
{
    if (hr >= 0)
        fs_image_changed(image);
    fs_image_leave(image);
    return hr < 0 ? com_error_from_core(err, IMAGE_IID) : com_success(hr);
}

HRESULT STDMETHODCALLTYPE image_get_FreeMediaBlocks(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"FreeMediaBlocks");
    fs_image_enter(image);
    *value = fsi_image_free_media_blocks(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_put_FreeMediaBlocks(IFileSystemImage3 *iface, LONG value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    fsi_error err = {0};

    fs_image_enter(image);
    return setter_done(image, fsi_image_set_free_media_blocks(image->core, value, &err), &err);
}

HRESULT STDMETHODCALLTYPE image_get_VolumeName(IFileSystemImage3 *iface, BSTR *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(IMAGE_IID, L"VolumeName");
    fs_image_enter(image);
    hr = bstr_from_fsi(fsi_image_volume_name(image->core), value, IMAGE_IID);
    fs_image_leave(image);
    return FAILED(hr) ? hr : com_success(hr);
}

HRESULT STDMETHODCALLTYPE image_put_VolumeName(IFileSystemImage3 *iface, BSTR value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    fsi_error err = {0};

    fs_image_enter(image);
    return setter_done(image, fsi_image_set_volume_name(image->core, bstr_arg(value), &err), &err);
}

static HRESULT volume_name_for(struct fs_image *image, uint32_t file_system, BSTR *value, const WCHAR *member)
{
    fsi_error err = {0};
    fsi_char *name = NULL;
    fsi_hresult core_hr;
    HRESULT hr;

    if (!value)
        return null_pointer_error(IMAGE_IID, member);
    fs_image_enter(image);
    core_hr = fsi_image_volume_name_for(image->core, file_system, &name, &err);
    fs_image_leave(image);
    if (core_hr < 0)
        return com_error_from_core(&err, IMAGE_IID);
    hr = bstr_from_fsi(name, value, IMAGE_IID);
    fsi_free(name);
    return FAILED(hr) ? hr : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_VolumeNameUDF(IFileSystemImage3 *iface, BSTR *value)
{
    return volume_name_for(impl_from_IFileSystemImage3(iface), FSI_FS_UDF, value, L"VolumeNameUDF");
}

HRESULT STDMETHODCALLTYPE image_get_VolumeNameJoliet(IFileSystemImage3 *iface, BSTR *value)
{
    return volume_name_for(impl_from_IFileSystemImage3(iface), FSI_FS_JOLIET, value, L"VolumeNameJoliet");
}

HRESULT STDMETHODCALLTYPE image_get_VolumeNameISO9660(IFileSystemImage3 *iface, BSTR *value)
{
    return volume_name_for(impl_from_IFileSystemImage3(iface), FSI_FS_ISO9660, value, L"VolumeNameISO9660");
}

HRESULT STDMETHODCALLTYPE image_get_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"FileSystemsToCreate");
    fs_image_enter(image);
    *value = (FsiFileSystems)fsi_image_file_systems(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_put_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    fsi_error err = {0};

    fs_image_enter(image);
    return setter_done(image, fsi_image_set_file_systems(image->core, (uint32_t)value, &err), &err);
}

HRESULT STDMETHODCALLTYPE image_get_FileSystemsSupported(IFileSystemImage3 *iface, FsiFileSystems *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"FileSystemsSupported");
    fs_image_enter(image);
    *value = (FsiFileSystems)fsi_image_file_systems_supported(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_put_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    fsi_error err = {0};

    fs_image_enter(image);
    return setter_done(image, fsi_image_set_iso_level(image->core, value, &err), &err);
}

HRESULT STDMETHODCALLTYPE image_get_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"ISO9660InterchangeLevel");
    fs_image_enter(image);
    *value = fsi_image_iso_level(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

/* A one-dimensional SAFEARRAY of VARIANTs of one integer type. */
static HRESULT variant_list(VARTYPE type, const LONG *values, ULONG count, SAFEARRAY **out, const WCHAR *member)
{
    SAFEARRAY *array;
    VARIANT *data;
    ULONG i;

    if (!out)
        return null_pointer_error(IMAGE_IID, member);
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return out_of_memory_error(IMAGE_IID, member);
    if (count) {
        SafeArrayAccessData(array, (void **)&data);
        for (i = 0; i < count; i++) {
            V_VT(&data[i]) = type;
            if (type == VT_UI4)
                V_UI4(&data[i]) = (ULONG)values[i];
            else
                V_I4(&data[i]) = values[i];
        }
        SafeArrayUnaccessData(array);
    }
    *out = array;
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_ISO9660InterchangeLevelsSupported(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    static const LONG levels[] = {1, 2, 3};

    (void)iface;
    return variant_list(VT_UI4, levels, ARRAYSIZE(levels), value, L"ISO9660InterchangeLevelsSupported");
}

HRESULT STDMETHODCALLTYPE image_get_UDFRevisionsSupported(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    LONG revisions[FSI_UDF_REVISION_COUNT];

    (void)iface;
    for (int i = 0; i < FSI_UDF_REVISION_COUNT; i++)
        revisions[i] = fsi_udf_revisions[i];
    return variant_list(VT_I4, revisions, FSI_UDF_REVISION_COUNT, value, L"UDFRevisionsSupported");
}

HRESULT STDMETHODCALLTYPE image_get_ChangePoint(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"ChangePoint");
    fs_image_enter(image);
    *value = fsi_image_change_point(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

/* Documented as a NULL BSTR until a file system has been imported. */
HRESULT STDMETHODCALLTYPE image_get_ImportedVolumeName(IFileSystemImage3 *iface, BSTR *value)
{
    (void)iface;
    if (!value)
        return null_pointer_error(IMAGE_IID, L"ImportedVolumeName");
    *value = NULL;
    return com_success(S_OK);
}

/* Imports prefer the most capable file system of a session: UDF, then Joliet, then ISO 9660. */
HRESULT STDMETHODCALLTYPE image_GetDefaultFileSystemForImport(IFileSystemImage3 *iface, FsiFileSystems systems,
                                                              FsiFileSystems *chosen)
{
    (void)iface;
    if (!chosen)
        return null_pointer_error(IMAGE_IID, L"GetDefaultFileSystemForImport");
    *chosen = FsiFileSystemNone;
    /* A mask with bits no FsiFileSystems value has (e.g. -1) is no answer IdentifyFileSystemsOnDisc gives:
     * refused like every other out-of-range FsiFileSystems argument. */
    if ((ULONG)systems & ~(ULONG)(FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF | FsiFileSystemUnknown))
        return com_error(IMAPI_E_INVALID_PARAM, IMAGE_IID,
                         L"The file systems 0x%08lx include bits no file system has.", (unsigned long)systems);
    if (systems & FsiFileSystemUDF)
        *chosen = FsiFileSystemUDF;
    else if (systems & FsiFileSystemJoliet)
        *chosen = FsiFileSystemJoliet;
    else if (systems & FsiFileSystemISO9660)
        *chosen = FsiFileSystemISO9660;
    else
        return com_error(IMAPI_E_INVALID_PARAM, IMAGE_IID,
                         L"The file systems 0x%08lx hold none that can be imported.", (unsigned long)systems);
    return com_success(S_OK);
}
