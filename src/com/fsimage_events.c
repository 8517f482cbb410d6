/* MsftFileSystemImage: its connection points (DFileSystemImageEvents, DFileSystemImageImportEvents)
 * and IProvideClassInfo2, which tells hosts which events it fires.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

HRESULT image_events_init(struct fs_image *image)
{
    HRESULT hr;

    if (FAILED(hr = connection_point_create(&image->IConnectionPointContainer_iface, &IID_DFileSystemImageEvents,
                                            &image->events)))
        return hr;
    return connection_point_create(&image->IConnectionPointContainer_iface, &IID_DFileSystemImageImportEvents,
                                   &image->import_events);
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
