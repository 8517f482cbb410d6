/* MsftFileSystemImage: the object and its members, split over fsimage*.c by topic.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSIMAGE_PRIVATE_H
#define FSIMAGE_PRIVATE_H

#include "objects.h"
#include "imapi2_multisession.h" /* IMultisession*, IDiscRecorder2Ex (generated from idl/) */

#define IMAGE_IID (&IID_IFileSystemImage)
#define BOOT_ENTRIES_MAX 32 /* IMAPI2FS_BOOT_ENTRY_COUNT_MAX */

struct fs_image {
    IFileSystemImage3 IFileSystemImage3_iface; /* also IFileSystemImage, IFileSystemImage2, IDispatch */
    IConnectionPointContainer IConnectionPointContainer_iface;
    IProvideClassInfo2 IProvideClassInfo2_iface;
    struct support_error_info error_info;
    LONG ref;

    /* Guards everything below, the core image and every node of it (ThreadingModel=Both). */
    CRITICAL_SECTION lock;
    fsi_image *core; /* also keeps ChangePoint, with the undo log behind it */

    /* Settings the core does not need yet; stored so they read back as set. */
    VARIANT_BOOL stage_files;
    VARIANT_BOOL redundant_udf_metadata;
    WCHAR *working_directory; /* NULL: the temporary folder */
    /* BootImageOptions and BootImageOptionsArray share this list (the last put of either wins). */
    IBootOptions *boot[BOOT_ENTRIES_MAX];
    ULONG boot_count;
    BOOL boot_by_reference; /* BootImageOptionsArray: read the objects again for each result */

    struct connection_point *events;        /* DFileSystemImageEvents */
    struct connection_point *import_events; /* DFileSystemImageImportEvents */

    /* MultisessionInterfaces (fsimage_multisession.c): the client's array as given (a copy holding its
     * own references) and the element chosen, NULL both until a put succeeds. */
    SAFEARRAY *multisession;
    IMultisessionSequential *session; /* the one InUse: the disc the previous session is read from */
};

static inline struct fs_image *impl_from_IFileSystemImage3(IFileSystemImage3 *iface)
{
    return CONTAINING_RECORD(iface, struct fs_image, IFileSystemImage3_iface);
}

/* fsimage_events.c */
extern const IConnectionPointContainerVtbl image_connection_point_container_vtbl;
extern const IProvideClassInfo2Vtbl image_provide_class_info_vtbl;
HRESULT image_events_init(struct fs_image *image);
void image_events_destroy(struct fs_image *image);

/* fsimage_boot.c */
void image_boot_clear(struct fs_image *image);
/* Before a result: hands entries kept by reference to the core as they are now (outside the lock). */
HRESULT image_boot_refresh(struct fs_image *image);
HRESULT STDMETHODCALLTYPE image_get_BootImageOptions(IFileSystemImage3 *iface, IBootOptions **value);
HRESULT STDMETHODCALLTYPE image_put_BootImageOptions(IFileSystemImage3 *iface, IBootOptions *value);
HRESULT STDMETHODCALLTYPE image_get_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY **value);
HRESULT STDMETHODCALLTYPE image_put_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY *value);

/* fsimage_tree.c */
HRESULT STDMETHODCALLTYPE image_get_Root(IFileSystemImage3 *iface, IFsiDirectoryItem **value);
HRESULT STDMETHODCALLTYPE image_get_UsedBlocks(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_get_FileCount(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_get_DirectoryCount(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_Exists(IFileSystemImage3 *iface, BSTR path, FsiItemType *type);
HRESULT STDMETHODCALLTYPE image_CreateResultImage(IFileSystemImage3 *iface, IFileSystemImageResult **result);

/* fsimage_options.c */
HRESULT STDMETHODCALLTYPE image_get_FreeMediaBlocks(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_put_FreeMediaBlocks(IFileSystemImage3 *iface, LONG value);
HRESULT STDMETHODCALLTYPE image_get_VolumeName(IFileSystemImage3 *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE image_put_VolumeName(IFileSystemImage3 *iface, BSTR value);
HRESULT STDMETHODCALLTYPE image_get_VolumeNameUDF(IFileSystemImage3 *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE image_get_VolumeNameJoliet(IFileSystemImage3 *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE image_get_VolumeNameISO9660(IFileSystemImage3 *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE image_get_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems *value);
HRESULT STDMETHODCALLTYPE image_put_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems value);
HRESULT STDMETHODCALLTYPE image_get_FileSystemsSupported(IFileSystemImage3 *iface, FsiFileSystems *value);
HRESULT STDMETHODCALLTYPE image_put_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG value);
HRESULT STDMETHODCALLTYPE image_get_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_get_ISO9660InterchangeLevelsSupported(IFileSystemImage3 *iface, SAFEARRAY **value);
HRESULT STDMETHODCALLTYPE image_get_UDFRevisionsSupported(IFileSystemImage3 *iface, SAFEARRAY **value);
HRESULT STDMETHODCALLTYPE image_get_ChangePoint(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_get_ImportedVolumeName(IFileSystemImage3 *iface, BSTR *value);

/* fsimage_settings.c: stored flags and the working directory */
/* The core's stash folder for a new image: the temporary folder. */
HRESULT image_init_working_directory(struct fs_image *image);
HRESULT STDMETHODCALLTYPE image_get_WorkingDirectory(IFileSystemImage3 *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE image_put_WorkingDirectory(IFileSystemImage3 *iface, BSTR value);
HRESULT STDMETHODCALLTYPE image_get_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL *value);
HRESULT STDMETHODCALLTYPE image_put_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL value);
HRESULT STDMETHODCALLTYPE image_get_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL *value);
HRESULT STDMETHODCALLTYPE image_put_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL value);
HRESULT STDMETHODCALLTYPE image_get_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value);
HRESULT STDMETHODCALLTYPE image_put_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL value);
HRESULT STDMETHODCALLTYPE image_get_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value);
HRESULT STDMETHODCALLTYPE image_put_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL value);

/* fsimage_media.c */
HRESULT STDMETHODCALLTYPE image_ChooseImageDefaultsForMediaType(IFileSystemImage3 *iface,
                                                                 IMAPI_MEDIA_PHYSICAL_TYPE type);
/* The media type's defaults (its file systems, UDF revision and FreeMediaBlocks, or with blocks_only
 * FreeMediaBlocks alone), all or nothing, with the lock taken and IErrorInfo set. */
HRESULT image_apply_media_type(struct fs_image *image, IMAPI_MEDIA_PHYSICAL_TYPE type, BOOL blocks_only);

/* fsimage_recorder.c: what the image takes from a recorder */
HRESULT STDMETHODCALLTYPE image_ChooseImageDefaults(IFileSystemImage3 *iface, IDiscRecorder2 *recorder);
HRESULT STDMETHODCALLTYPE image_SetMaxMediaBlocksFromDevice(IFileSystemImage3 *iface, IDiscRecorder2 *recorder);
/* The media type of the recorder's medium (IMAPI_MEDIA_PHYSICAL_TYPE, or RECORDER_NO_MEDIA_TYPE when no current
 * profile stands for one); *profiles counts the current profiles (0: no medium), *first is the first. */
enum { RECORDER_NO_MEDIA_TYPE = -1 };
HRESULT recorder_current_media_type(IDiscRecorder2 *recorder, int *type, ULONG *profiles, LONG *first);

/* fsimage_multisession.c */
void image_multisession_clear(struct fs_image *image);
HRESULT STDMETHODCALLTYPE image_get_SessionStartBlock(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_put_SessionStartBlock(IFileSystemImage3 *iface, LONG value);
HRESULT STDMETHODCALLTYPE image_get_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY **value);
HRESULT STDMETHODCALLTYPE image_put_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY *value);
HRESULT STDMETHODCALLTYPE image_CalculateDiscIdentifier(IFileSystemImage3 *iface, BSTR *id);
HRESULT STDMETHODCALLTYPE image_IdentifyFileSystemsOnDisc(IFileSystemImage3 *iface, IDiscRecorder2 *recorder,
                                                          FsiFileSystems *found);

/* fsimage_changes.c */
HRESULT STDMETHODCALLTYPE image_RollbackToChangePoint(IFileSystemImage3 *iface, LONG change_point);
HRESULT STDMETHODCALLTYPE image_LockInChangePoint(IFileSystemImage3 *iface);

/* fsimage_create.c: detached items */
HRESULT STDMETHODCALLTYPE image_CreateDirectoryItem(IFileSystemImage3 *iface, BSTR name, IFsiDirectoryItem **item);
HRESULT STDMETHODCALLTYPE image_CreateFileItem(IFileSystemImage3 *iface, BSTR name, IFsiFileItem **item);

/* fsimage_later.c: members later issues implement */
HRESULT STDMETHODCALLTYPE image_put_UDFRevision(IFileSystemImage3 *iface, LONG value);
HRESULT STDMETHODCALLTYPE image_get_UDFRevision(IFileSystemImage3 *iface, LONG *value);
HRESULT STDMETHODCALLTYPE image_GetDefaultFileSystemForImport(IFileSystemImage3 *iface, FsiFileSystems systems,
                                                              FsiFileSystems *chosen);
HRESULT STDMETHODCALLTYPE image_ImportFileSystem(IFileSystemImage3 *iface, FsiFileSystems *imported);
HRESULT STDMETHODCALLTYPE image_ImportSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems system);
HRESULT STDMETHODCALLTYPE image_ProbeSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems system,
                                                        VARIANT_BOOL *appendable);

#endif
