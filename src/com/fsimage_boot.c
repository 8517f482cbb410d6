/* MsftFileSystemImage: BootImageOptions and BootImageOptionsArray. Both share one list of entries, so
 * either getter reports the last put of either kind. Each put hands the entries to the core at once
 * (bad entries fail there and change nothing); entries kept by reference are read again when a
 * result is created, so later changes to those objects count, as the documentation describes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <shlwapi.h>

#include "boot_entries.h"
#include "fsimage_private.h"

void image_boot_clear(struct fs_image *image)
{
    ULONG i;

    for (i = 0; i < image->boot_count; i++)
        IBootOptions_Release(image->boot[i]);
    image->boot_count = 0;
}

/* Replaces the list (inside the lock); takes over the references in entries. */
static void boot_replace(struct fs_image *image, IBootOptions **entries, ULONG count, BOOL by_reference)
{
    image_boot_clear(image);
    memcpy(image->boot, entries, count * sizeof(*entries));
    image->boot_count = count;
    image->boot_by_reference = by_reference;
    fs_image_changed(image);
}

/* Reads the boot images of options (outside the lock: they are the caller's streams) and hands the
 * entries to the core; on success the list becomes options (its references taken over). */
static HRESULT boot_apply(struct fs_image *image, IBootOptions **options, ULONG count, BOOL by_reference,
                          REFIID iid)
{
    fsi_boot_entry entries[BOOT_ENTRIES_MAX];
    fsi_error err = {0};
    HRESULT hr = boot_entries_read(options, count, iid, entries);

    if (FAILED(hr))
        return hr;
    fs_image_enter(image);
    if (fsi_image_set_boot_entries(image->core, entries, count, &err) >= 0)
        boot_replace(image, options, count, by_reference);
    fs_image_leave(image);
    boot_entries_free(entries, count);
    return err.code < 0 ? com_error_from_core(&err, iid) : S_OK;
}

HRESULT image_boot_refresh(struct fs_image *image)
{
    fsi_boot_entry entries[BOOT_ENTRIES_MAX];
    IBootOptions *options[BOOT_ENTRIES_MAX];
    fsi_error err = {0};
    ULONG count = 0, i;
    HRESULT hr = S_OK;

    fs_image_enter(image);
    if (image->boot_by_reference)
        for (count = 0; count < image->boot_count; count++) {
            options[count] = image->boot[count];
            IBootOptions_AddRef(options[count]);
        }
    fs_image_leave(image);
    if (!count)
        return S_OK;
    if (SUCCEEDED(hr = boot_entries_read(options, count, IMAGE_IID, entries))) {
        fs_image_enter(image);
        fsi_image_set_boot_entries(image->core, entries, count, &err);
        fs_image_leave(image);
        boot_entries_free(entries, count);
        if (err.code < 0)
            hr = com_error_from_core(&err, IMAGE_IID);
    }
    for (i = 0; i < count; i++)
        IBootOptions_Release(options[i]);
    return hr;
}

HRESULT STDMETHODCALLTYPE image_get_BootImageOptions(IFileSystemImage3 *iface, IBootOptions **value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"BootImageOptions");
    fs_image_enter(image);
    *value = image->boot_count ? image->boot[0] : NULL;
    if (*value)
        IBootOptions_AddRef(*value);
    fs_image_leave(image);
    return com_success(S_OK);
}

/* The documented full copy: later changes to the caller's object or its stream do not reach the
 * image, whose copy holds the boot image in a stream of its own. AssignBootImage decides the
 * emulation first, so Emulation is copied after it. */
static HRESULT boot_options_copy(IBootOptions *source, IBootOptions **out)
{
    IBootOptions *copy;
    IStream *stream = NULL;
    BSTR manufacturer = NULL;
    PlatformId platform;
    EmulationType emulation;
    BYTE *data;
    ULONG size;
    HRESULT hr;

    if (FAILED(hr = boot_image_read(source, 1, IMAGE_IID, &data, &size)))
        return hr;
    if (data && !(stream = SHCreateMemStream(data, size)))
        hr = out_of_memory_error(IMAGE_IID, L"BootImageOptions");
    free(data);
    if (FAILED(hr) || FAILED(hr = boot_options_create(NULL, &IID_IBootOptions, (void **)&copy))) {
        if (stream)
            IStream_Release(stream);
        return hr;
    }
    if (stream)
        hr = IBootOptions_AssignBootImage(copy, stream);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = IBootOptions_get_Manufacturer(source, &manufacturer)))
        hr = IBootOptions_put_Manufacturer(copy, manufacturer);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = IBootOptions_get_PlatformId(source, &platform)))
        hr = IBootOptions_put_PlatformId(copy, platform);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = IBootOptions_get_Emulation(source, &emulation)))
        hr = IBootOptions_put_Emulation(copy, emulation);
    SysFreeString(manufacturer);
    if (stream)
        IStream_Release(stream);
    if (FAILED(hr)) {
        IBootOptions_Release(copy);
        return hr;
    }
    *out = copy;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE image_put_BootImageOptions(IFileSystemImage3 *iface, IBootOptions *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    IBootOptions *copy = NULL;
    HRESULT hr;

    if (value && FAILED(hr = boot_options_copy(value, &copy)))
        return hr;
    if (FAILED(hr = boot_apply(image, &copy, copy ? 1 : 0, FALSE, IMAGE_IID))) {
        if (copy)
            IBootOptions_Release(copy);
        return hr;
    }
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    SAFEARRAY *array;
    VARIANT *data;
    ULONG i;

    if (!value)
        return null_pointer_error(IMAGE_IID, L"BootImageOptionsArray");
    fs_image_enter(image);
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, image->boot_count))) {
        fs_image_leave(image);
        return out_of_memory_error(IMAGE_IID, L"BootImageOptionsArray");
    }
    if (image->boot_count) {
        SafeArrayAccessData(array, (void **)&data);
        for (i = 0; i < image->boot_count; i++) {
            V_VT(&data[i]) = VT_DISPATCH;
            V_DISPATCH(&data[i]) = (IDispatch *)image->boot[i];
            IBootOptions_AddRef(image->boot[i]);
        }
        SafeArrayUnaccessData(array);
    }
    fs_image_leave(image);
    *value = array;
    return com_success(S_OK);
}

/* Element index of the array as an IBootOptions reference. */
static HRESULT boot_entry_at(SAFEARRAY *array, VARTYPE type, LONG index, IBootOptions **out)
{
    IUnknown *object = NULL;
    VARIANT element;
    HRESULT hr;

    *out = NULL;
    if (type == VT_VARIANT) {
        VariantInit(&element);
        if (SUCCEEDED(hr = SafeArrayGetElement(array, &index, &element)) &&
            SUCCEEDED(hr = VariantChangeType(&element, &element, 0, VT_UNKNOWN)) && V_UNKNOWN(&element)) {
            object = V_UNKNOWN(&element);
            IUnknown_AddRef(object);
        }
        VariantClear(&element);
    } else
        hr = SafeArrayGetElement(array, &index, &object);
    if (object) {
        hr = IUnknown_QueryInterface(object, &IID_IBootOptions, (void **)out);
        IUnknown_Release(object);
    }
    if (!*out)
        return com_error(E_NOINTERFACE, &IID_IFileSystemImage2,
                         L"Element %ld of BootImageOptionsArray is not an IBootOptions object.", (long)index);
    return hr;
}

HRESULT STDMETHODCALLTYPE image_put_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    IBootOptions *entries[BOOT_ENTRIES_MAX];
    LONG lower, upper, i;
    ULONG count = 0;
    VARTYPE type;
    HRESULT hr;

    if (!value)
        return com_error(E_POINTER, &IID_IFileSystemImage2, L"BootImageOptionsArray was given a NULL array.");
    if (SafeArrayGetDim(value) != 1)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IFileSystemImage2,
                         L"BootImageOptionsArray needs a one-dimensional array, not %u dimensions.",
                         SafeArrayGetDim(value));
    if (FAILED(SafeArrayGetVartype(value, &type)) ||
        (type != VT_VARIANT && type != VT_DISPATCH && type != VT_UNKNOWN))
        return com_error(E_NOINTERFACE, &IID_IFileSystemImage2,
                         L"BootImageOptionsArray needs an array of IBootOptions objects.");
    SafeArrayGetLBound(value, 1, &lower);
    SafeArrayGetUBound(value, 1, &upper);
    if (upper >= lower && (ULONGLONG)upper - lower + 1 > BOOT_ENTRIES_MAX)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IFileSystemImage2,
                         L"BootImageOptionsArray holds %lu entries; at most %d are allowed.",
                         (unsigned long)((ULONGLONG)upper - lower + 1), BOOT_ENTRIES_MAX);
    for (i = lower; i <= upper; i++) {
        if (FAILED(hr = boot_entry_at(value, type, i, &entries[count]))) {
            while (count--)
                IBootOptions_Release(entries[count]);
            return hr;
        }
        count++;
    }
    if (FAILED(hr = boot_apply(image, entries, count, TRUE, &IID_IFileSystemImage2))) {
        while (count--)
            IBootOptions_Release(entries[count]);
        return hr;
    }
    return com_success(S_OK);
}
