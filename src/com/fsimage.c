/* MsftFileSystemImage: lifetime, QueryInterface, the lock, and the one vtable that serves
 * IFileSystemImage, IFileSystemImage2, IFileSystemImage3 and IDispatch.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

static HRESULT STDMETHODCALLTYPE image_QueryInterface(IFileSystemImage3 *iface, REFIID riid, void **out)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_IFileSystemImage) || IsEqualIID(riid, &IID_IFileSystemImage2) ||
        IsEqualIID(riid, &IID_IFileSystemImage3))
        *out = &image->IFileSystemImage3_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &image->error_info.ISupportErrorInfo_iface;
    else if (IsEqualIID(riid, &IID_IConnectionPointContainer))
        *out = &image->IConnectionPointContainer_iface;
    else if (IsEqualIID(riid, &IID_IProvideClassInfo) || IsEqualIID(riid, &IID_IProvideClassInfo2))
        *out = &image->IProvideClassInfo2_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE image_AddRef(IFileSystemImage3 *iface)
{
    return InterlockedIncrement(&impl_from_IFileSystemImage3(iface)->ref);
}

static void image_destroy(struct fs_image *image)
{
    image_events_destroy(image);
    image_boot_clear(image);
    image_multisession_clear(image);
    fsi_image_destroy(image->core);
    free(image->working_directory);
    DeleteCriticalSection(&image->lock);
    free(image);
    module_object_destroyed();
}

static ULONG STDMETHODCALLTYPE image_Release(IFileSystemImage3 *iface)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    ULONG ref = InterlockedDecrement(&image->ref);

    if (!ref)
        image_destroy(image);
    return ref;
}

void fs_image_retain(struct fs_image *image)
{
    IFileSystemImage3_AddRef(&image->IFileSystemImage3_iface);
}

void fs_image_release(struct fs_image *image)
{
    IFileSystemImage3_Release(&image->IFileSystemImage3_iface);
}

void fs_image_enter(struct fs_image *image)
{
    EnterCriticalSection(&image->lock);
}

void fs_image_leave(struct fs_image *image)
{
    LeaveCriticalSection(&image->lock);
}

fsi_image *fs_image_core(struct fs_image *image)
{
    return image->core;
}

void fs_image_changed(struct fs_image *image)
{
    fsi_image_count_change(image->core);
}

static const DISPATCH_VTBL(IFileSystemImage3) image_vtbl = {
    {&IID_IFileSystemImage3, NULL},
    {
        image_QueryInterface,
        image_AddRef,
        image_Release,
        DISPATCH_SLOTS(IFileSystemImage3),
        image_get_Root,
        image_get_SessionStartBlock,
        image_put_SessionStartBlock,
        image_get_FreeMediaBlocks,
        image_put_FreeMediaBlocks,
        image_SetMaxMediaBlocksFromDevice,
        image_get_UsedBlocks,
        image_get_VolumeName,
        image_put_VolumeName,
        image_get_ImportedVolumeName,
        image_get_BootImageOptions,
        image_put_BootImageOptions,
        image_get_FileCount,
        image_get_DirectoryCount,
        image_get_WorkingDirectory,
        image_put_WorkingDirectory,
        image_get_ChangePoint,
        image_get_StrictFileSystemCompliance,
        image_put_StrictFileSystemCompliance,
        image_get_UseRestrictedCharacterSet,
        image_put_UseRestrictedCharacterSet,
        image_get_FileSystemsToCreate,
        image_put_FileSystemsToCreate,
        image_get_FileSystemsSupported,
        image_put_UDFRevision,
        image_get_UDFRevision,
        image_get_UDFRevisionsSupported,
        image_ChooseImageDefaults,
        image_ChooseImageDefaultsForMediaType,
        image_put_ISO9660InterchangeLevel,
        image_get_ISO9660InterchangeLevel,
        image_get_ISO9660InterchangeLevelsSupported,
        image_CreateResultImage,
        image_Exists,
        image_CalculateDiscIdentifier,
        image_IdentifyFileSystemsOnDisc,
        image_GetDefaultFileSystemForImport,
        image_ImportFileSystem,
        image_ImportSpecificFileSystem,
        image_RollbackToChangePoint,
        image_LockInChangePoint,
        image_CreateDirectoryItem,
        image_CreateFileItem,
        image_get_VolumeNameUDF,
        image_get_VolumeNameJoliet,
        image_get_VolumeNameISO9660,
        image_get_StageFiles,
        image_put_StageFiles,
        image_get_MultisessionInterfaces,
        image_put_MultisessionInterfaces,
        image_get_BootImageOptionsArray,
        image_put_BootImageOptionsArray,
        image_get_CreateRedundantUdfMetadataFiles,
        image_put_CreateRedundantUdfMetadataFiles,
        image_ProbeSpecificFileSystem,
    },
};

HRESULT fs_image_create(IUnknown *outer, REFIID riid, void **out)
{
    struct fs_image *image;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    if (!(image = calloc(1, sizeof(*image))))
        return E_OUTOFMEMORY;
    if (!(image->core = fsi_image_create())) {
        free(image);
        return E_OUTOFMEMORY;
    }
    image->IFileSystemImage3_iface.lpVtbl = &image_vtbl.vtbl;
    image->IConnectionPointContainer_iface.lpVtbl = &image_connection_point_container_vtbl;
    image->IProvideClassInfo2_iface.lpVtbl = &image_provide_class_info_vtbl;
    support_error_info_init(&image->error_info, (IUnknown *)&image->IFileSystemImage3_iface);
    image->ref = 1;
    InitializeCriticalSection(&image->lock);
    image->stage_files = VARIANT_FALSE;
    image->redundant_udf_metadata = VARIANT_TRUE;
    module_object_created();

    if (FAILED(hr = image_init_working_directory(image)) || FAILED(hr = image_events_init(image))) {
        image_destroy(image);
        return hr;
    }
    hr = IFileSystemImage3_QueryInterface(&image->IFileSystemImage3_iface, riid, out);
    IFileSystemImage3_Release(&image->IFileSystemImage3_iface);
    return hr;
}
