/* MsftFileSystemImage: its connection points (DFileSystemImageEvents, DFileSystemImageImportEvents),
 * the Update event the core's observer raises for each file an edit adds, and IProvideClassInfo2,
 * which tells hosts which events it fires.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

static int image_listening(void *ctx)
{
    return connection_point_has_sinks(((struct fs_image *)ctx)->events);
}

static LONG clamp_blocks(uint64_t blocks)
{
    return blocks > MAXLONG ? MAXLONG : (LONG)blocks;
}

/* DFileSystemImageEvents::Update(object, currentFile, copiedSectors, totalSectors) to every sink.
 * The core reports inside an edit, under the image's lock (fs_image_enter), at a point where the tree
 * may change. The sinks run with the lock released: a sink served by another thread (an apartment's
 * proxy) may call the image without deadlocking, and one on this thread may even edit the tree. */
static void image_file_progress(void *ctx, const fsi_char *path, uint64_t copied_blocks, uint64_t total_blocks)
{
    struct fs_image *image = ctx;
    VARIANTARG args[4];
    BSTR current_file = SysAllocString(wide_str(path));

    if (!current_file)
        return; /* progress is advisory: the edit goes on */
    V_VT(&args[3]) = VT_DISPATCH;
    V_DISPATCH(&args[3]) = (IDispatch *)&image->IFileSystemImage3_iface;
    V_VT(&args[2]) = VT_BSTR;
    V_BSTR(&args[2]) = current_file;
    V_VT(&args[1]) = VT_I4;
    V_I4(&args[1]) = clamp_blocks(copied_blocks);
    V_VT(&args[0]) = VT_I4;
    V_I4(&args[0]) = clamp_blocks(total_blocks);
    fs_image_retain(image);
    fs_image_leave(image);
    connection_point_fire(image->events, DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE, args, ARRAYSIZE(args));
    fs_image_enter(image);
    fs_image_release(image);
    SysFreeString(current_file);
}

HRESULT image_events_init(struct fs_image *image)
{
    fsi_observer observer = {image_listening, image_file_progress, image};
    HRESULT hr;

    if (FAILED(hr = connection_point_create(&image->IConnectionPointContainer_iface, &IID_DFileSystemImageEvents,
                                            &image->events)))
        return hr;
    if (FAILED(hr = connection_point_create(&image->IConnectionPointContainer_iface,
                                            &IID_DFileSystemImageImportEvents, &image->import_events)))
        return hr;
    fsi_image_set_observer(image->core, &observer);
    return S_OK;
}

void image_events_destroy(struct fs_image *image)
{
    if (image->import_events)
        connection_point_destroy(image->import_events);
    if (image->events)
        connection_point_destroy(image->events);
}

static struct fs_image *impl_from_IConnectionPointContainer(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct fs_image, IConnectionPointContainer_iface);
}

static HRESULT STDMETHODCALLTYPE container_QueryInterface(IConnectionPointContainer *iface, REFIID riid, void **out)
{
    struct fs_image *image = impl_from_IConnectionPointContainer(iface);
    return IFileSystemImage3_QueryInterface(&image->IFileSystemImage3_iface, riid, out);
}

static ULONG STDMETHODCALLTYPE container_AddRef(IConnectionPointContainer *iface)
{
    struct fs_image *image = impl_from_IConnectionPointContainer(iface);
    return IFileSystemImage3_AddRef(&image->IFileSystemImage3_iface);
}

static ULONG STDMETHODCALLTYPE container_Release(IConnectionPointContainer *iface)
{
    struct fs_image *image = impl_from_IConnectionPointContainer(iface);
    return IFileSystemImage3_Release(&image->IFileSystemImage3_iface);
}

static HRESULT STDMETHODCALLTYPE container_EnumConnectionPoints(IConnectionPointContainer *iface,
                                                                IEnumConnectionPoints **out)
{
    struct fs_image *image = impl_from_IConnectionPointContainer(iface);
    IConnectionPoint *points[2];

    if (!out)
        return E_POINTER;
    points[0] = connection_point_iface(image->events);
    points[1] = connection_point_iface(image->import_events);
    return enum_connection_points_create(points, ARRAYSIZE(points), out);
}

static HRESULT STDMETHODCALLTYPE container_FindConnectionPoint(IConnectionPointContainer *iface, REFIID riid,
                                                               IConnectionPoint **out)
{
    struct fs_image *image = impl_from_IConnectionPointContainer(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_DFileSystemImageEvents))
        *out = connection_point_iface(image->events);
    else if (IsEqualIID(riid, &IID_DFileSystemImageImportEvents))
        *out = connection_point_iface(image->import_events);
    else {
        *out = NULL;
        return CONNECT_E_NOCONNECTION;
    }
    IConnectionPoint_AddRef(*out);
    return S_OK;
}

const IConnectionPointContainerVtbl image_connection_point_container_vtbl = {
    container_QueryInterface,
    container_AddRef,
    container_Release,
    container_EnumConnectionPoints,
    container_FindConnectionPoint,
};

static struct fs_image *impl_from_IProvideClassInfo2(IProvideClassInfo2 *iface)
{
    return CONTAINING_RECORD(iface, struct fs_image, IProvideClassInfo2_iface);
}

static HRESULT STDMETHODCALLTYPE class_info_QueryInterface(IProvideClassInfo2 *iface, REFIID riid, void **out)
{
    struct fs_image *image = impl_from_IProvideClassInfo2(iface);
    return IFileSystemImage3_QueryInterface(&image->IFileSystemImage3_iface, riid, out);
}

static ULONG STDMETHODCALLTYPE class_info_AddRef(IProvideClassInfo2 *iface)
{
    struct fs_image *image = impl_from_IProvideClassInfo2(iface);
    return IFileSystemImage3_AddRef(&image->IFileSystemImage3_iface);
}

static ULONG STDMETHODCALLTYPE class_info_Release(IProvideClassInfo2 *iface)
{
    struct fs_image *image = impl_from_IProvideClassInfo2(iface);
    return IFileSystemImage3_Release(&image->IFileSystemImage3_iface);
}

static HRESULT STDMETHODCALLTYPE class_info_GetClassInfo(IProvideClassInfo2 *iface, ITypeInfo **out)
{
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    if (FAILED(hr = typeinfo_get(&CLSID_MsftFileSystemImage, out))) {
        *out = NULL;
        return hr;
    }
    ITypeInfo_AddRef(*out);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE class_info_GetGUID(IProvideClassInfo2 *iface, DWORD kind, GUID *out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    if (kind != GUIDKIND_DEFAULT_SOURCE_DISP_IID) {
        memset(out, 0, sizeof(*out));
        return E_INVALIDARG;
    }
    *out = IID_DFileSystemImageEvents;
    return S_OK;
}

const IProvideClassInfo2Vtbl image_provide_class_info_vtbl = {
    class_info_QueryInterface,
    class_info_AddRef,
    class_info_Release,
    class_info_GetClassInfo,
    class_info_GetGUID,
};
