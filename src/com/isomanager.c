/* MsftIsoImageManager (IIsoImageManager): checks that a file or stream holds a usable disc image.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <shlwapi.h>

#include "com_private.h"
#include "volume_recognition.h"

struct iso_image_manager {
    IIsoImageManager IIsoImageManager_iface;
    struct support_error_info sei;
    LONG ref;
    SRWLOCK lock;
    BSTR path;      /* NULL unless the image came from SetPath */
    IStream *image; /* NULL until SetPath or SetStream */
};

static struct iso_image_manager *impl_from_IIsoImageManager(IIsoImageManager *iface)
{
    return CONTAINING_RECORD(iface, struct iso_image_manager, IIsoImageManager_iface);
}

static HRESULT STDMETHODCALLTYPE manager_QueryInterface(IIsoImageManager *iface, REFIID riid, void **out)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_IIsoImageManager))
        *out = &manager->IIsoImageManager_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &manager->sei.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE manager_AddRef(IIsoImageManager *iface)
{
    return InterlockedIncrement(&impl_from_IIsoImageManager(iface)->ref);
}

static ULONG STDMETHODCALLTYPE manager_Release(IIsoImageManager *iface)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    ULONG ref = InterlockedDecrement(&manager->ref);

    if (!ref) {
        if (manager->image)
            IStream_Release(manager->image);
        SysFreeString(manager->path);
        free(manager);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE manager_get_Path(IIsoImageManager *iface, BSTR *out)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IIsoImageManager, L"Path: the output pointer is NULL");
    AcquireSRWLockShared(&manager->lock);
    *out = SysAllocStringLen(manager->path, SysStringLen(manager->path));
    ReleaseSRWLockShared(&manager->lock);
    if (!*out)
        return com_error(E_OUTOFMEMORY, &IID_IIsoImageManager, L"Path: out of memory");
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE manager_get_Stream(IIsoImageManager *iface, IStream **out)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IIsoImageManager, L"Stream: the output pointer is NULL");
    AcquireSRWLockShared(&manager->lock);
    *out = manager->image;
    if (*out)
        IStream_AddRef(*out);
    ReleaseSRWLockShared(&manager->lock);
    return com_success(S_OK);
}

/* Replaces the image (stream and path) and releases the old one outside the lock. */
static void replace_image(struct iso_image_manager *manager, IStream *image, BSTR path)
{
    IStream *old_image;
    BSTR old_path;

    AcquireSRWLockExclusive(&manager->lock);
    old_image = manager->image;
    old_path = manager->path;
    manager->image = image;
    manager->path = path;
    ReleaseSRWLockExclusive(&manager->lock);
    if (old_image)
        IStream_Release(old_image);
    SysFreeString(old_path);
}

static HRESULT STDMETHODCALLTYPE manager_SetPath(IIsoImageManager *iface, BSTR path)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    IStream *image;
    BSTR copy;
    HRESULT hr;

    if (!SysStringLen(path))
        return com_error(IMAPI_E_INVALID_PATH, &IID_IIsoImageManager, L"SetPath: the path is empty");
    hr = SHCreateStreamOnFileEx(path, STGM_READ | STGM_SHARE_DENY_WRITE, FILE_ATTRIBUTE_NORMAL, FALSE, NULL,
                                &image);
    if (FAILED(hr))
        return com_error(IMAPI_E_INVALID_PATH, &IID_IIsoImageManager,
                         L"SetPath: cannot open the image file \"%ls\" (error 0x%08lx)", path, (unsigned long)hr);
    copy = SysAllocStringLen(path, SysStringLen(path));
    if (!copy) {
        IStream_Release(image);
        return com_error(E_OUTOFMEMORY, &IID_IIsoImageManager, L"SetPath: out of memory");
    }
    replace_image(manager, image, copy);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE manager_SetStream(IIsoImageManager *iface, IStream *image)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    if (image)
        IStream_AddRef(image);
    replace_image(manager, image, NULL);
    return com_success(S_OK);
}

/* What Validate names in its messages. */
static void describe_image(const struct iso_image_manager *manager, WCHAR *text, size_t size)
{
    if (manager->path)
        swprintf(text, size, L"the image file \"%ls\"", manager->path);
    else
        swprintf(text, size, L"the image stream");
}

static HRESULT STDMETHODCALLTYPE manager_Validate(IIsoImageManager *iface)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    WCHAR what[1024];
    IStream *image;
    STATSTG stat;
    HRESULT hr;

    AcquireSRWLockShared(&manager->lock);
    image = manager->image;
    if (image)
        IStream_AddRef(image);
    describe_image(manager, what, ARRAYSIZE(what));
    ReleaseSRWLockShared(&manager->lock);
    if (!image)
        return com_error(IMAPI_E_IMAGEMANAGER_NO_IMAGE, &IID_IIsoImageManager,
                         L"Validate: no image; call SetPath or SetStream first");

    hr = IStream_Stat(image, &stat, STATFLAG_NONAME);
    if (FAILED(hr))
        hr = com_error(hr, &IID_IIsoImageManager, L"Validate: cannot get the size of %ls (error 0x%08lx)", what,
                       (unsigned long)hr);
    else if (stat.cbSize.QuadPart % VOLUME_SECTOR_SIZE)
        hr = com_error(IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED, &IID_IIsoImageManager,
                       L"Validate: %ls has %llu bytes, which is not a multiple of %d", what,
                       (unsigned long long)stat.cbSize.QuadPart, VOLUME_SECTOR_SIZE);
    else if (stat.cbSize.QuadPart / VOLUME_SECTOR_SIZE > 0x7FFFFFFF)
        hr = com_error(IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG, &IID_IIsoImageManager,
                       L"Validate: %ls has %llu sectors; at most 2147483647 are supported", what,
                       (unsigned long long)(stat.cbSize.QuadPart / VOLUME_SECTOR_SIZE));
    else {
        hr = volume_recognition_check(image, stat.cbSize.QuadPart / VOLUME_SECTOR_SIZE);
        if (hr == S_FALSE)
            hr = com_error(IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND, &IID_IIsoImageManager,
                           L"Validate: %ls has no ISO 9660 volume descriptor set or UDF volume recognition "
                           L"sequence at sector 16",
                           what);
        else if (FAILED(hr))
            hr = com_error(hr, &IID_IIsoImageManager, L"Validate: cannot read %ls (error 0x%08lx)", what,
                           (unsigned long)hr);
        else
            hr = com_success(S_OK);
    }
    IStream_Release(image);
    return hr;
}

static const DISPATCH_VTBL(IIsoImageManager) iso_image_manager_vtbl = {
    { &IID_IIsoImageManager, NULL },
    {
        manager_QueryInterface,
        manager_AddRef,
        manager_Release,
        DISPATCH_SLOTS(IIsoImageManager),
        manager_get_Path,
        manager_get_Stream,
        manager_SetPath,
        manager_SetStream,
        manager_Validate,
    },
};

HRESULT iso_image_manager_create(IUnknown *outer, REFIID riid, void **out)
{
    struct iso_image_manager *manager;
    HRESULT hr;

    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    manager = calloc(1, sizeof(*manager));
    if (!manager)
        return E_OUTOFMEMORY;
    manager->IIsoImageManager_iface.lpVtbl = &iso_image_manager_vtbl.vtbl;
    support_error_info_init(&manager->sei, (IUnknown *)&manager->IIsoImageManager_iface);
    manager->ref = 1;
    InitializeSRWLock(&manager->lock);
    module_object_created();

    hr = IIsoImageManager_QueryInterface(&manager->IIsoImageManager_iface, riid, out);
    IIsoImageManager_Release(&manager->IIsoImageManager_iface);
    return hr;
}
