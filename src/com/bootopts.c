/* BootOptions: one El Torito boot entry (IBootOptions), assigned to an image by put_BootImageOptions.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <limits.h>
#include <stdlib.h>

#include "com_private.h"

/* The El Torito validation entry's ID string field. */
enum { MANUFACTURER_MAX_BYTES = 24 };

/* Floppy emulations require an image of exactly their disk's size. */
static const struct {
    EmulationType emulation;
    ULONG size;
} floppy_sizes[] = {
    { Emulation12MFloppy, 1228800 },
    { Emulation144MFloppy, 1474560 },
    { Emulation288MFloppy, 2949120 },
};

struct boot_options {
    IBootOptions IBootOptions_iface;
    struct support_error_info sei;
    LONG ref;
    SRWLOCK lock;
    IStream *image; /* NULL until AssignBootImage */
    ULONG image_size;
    BSTR manufacturer; /* as given; it converted to at most 24 ANSI bytes */
    PlatformId platform;
    EmulationType emulation;
};

static struct boot_options *impl_from_IBootOptions(IBootOptions *iface)
{
    return CONTAINING_RECORD(iface, struct boot_options, IBootOptions_iface);
}

static HRESULT STDMETHODCALLTYPE boot_options_QueryInterface(IBootOptions *iface, REFIID riid, void **out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_IBootOptions))
        *out = &boot->IBootOptions_iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *out = &boot->sei.ISupportErrorInfo_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE boot_options_AddRef(IBootOptions *iface)
{
    return InterlockedIncrement(&impl_from_IBootOptions(iface)->ref);
}

static ULONG STDMETHODCALLTYPE boot_options_Release(IBootOptions *iface)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);
    ULONG ref = InterlockedDecrement(&boot->ref);

    if (!ref) {
        if (boot->image)
            IStream_Release(boot->image);
        SysFreeString(boot->manufacturer);
        free(boot);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE boot_options_get_BootImage(IBootOptions *iface, IStream **out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IBootOptions, L"BootImage: the output pointer is NULL");
    AcquireSRWLockShared(&boot->lock);
    *out = boot->image;
    if (*out)
        IStream_AddRef(*out);
    ReleaseSRWLockShared(&boot->lock);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE boot_options_get_Manufacturer(IBootOptions *iface, BSTR *out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IBootOptions, L"Manufacturer: the output pointer is NULL");
    AcquireSRWLockShared(&boot->lock);
    *out = SysAllocStringLen(boot->manufacturer, SysStringLen(boot->manufacturer));
    ReleaseSRWLockShared(&boot->lock);
    if (!*out)
        return com_error(E_OUTOFMEMORY, &IID_IBootOptions, L"Manufacturer: out of memory");
    return com_success(S_OK);
}

/* The length of text in the ANSI code page, or -1 when a character has no ANSI equivalent (it must not
 * silently become '?'). A UTF-8 code page represents everything and refuses the best-fit query. */
static int ansi_length(const WCHAR *text, UINT length)
{
    BOOL unconvertible = FALSE;
    int bytes;

    if (!length)
        return 0;
    if (GetACP() == CP_UTF8)
        bytes = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, (int)length, NULL, 0, NULL, NULL);
    else
        bytes = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, text, (int)length, NULL, 0, NULL,
                                    &unconvertible);
    return bytes && !unconvertible ? bytes : -1;
}

static HRESULT STDMETHODCALLTYPE boot_options_put_Manufacturer(IBootOptions *iface, BSTR value)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);
    UINT length = SysStringLen(value);
    int bytes = ansi_length(value, length);
    BSTR copy;

    /* The disc stores ANSI bytes, so the limit is on the converted form. */
    if (bytes < 0)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IBootOptions,
                         L"Manufacturer \"%ls\" has characters that the ANSI code page cannot represent", value);
    if (bytes > MANUFACTURER_MAX_BYTES)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IBootOptions,
                         L"Manufacturer \"%ls\" is %d bytes in the ANSI code page; at most %d are allowed", value,
                         bytes, MANUFACTURER_MAX_BYTES);
    copy = SysAllocStringLen(value, length);
    if (!copy)
        return com_error(E_OUTOFMEMORY, &IID_IBootOptions, L"Manufacturer: out of memory");
    AcquireSRWLockExclusive(&boot->lock);
    SysFreeString(boot->manufacturer);
    boot->manufacturer = copy;
    ReleaseSRWLockExclusive(&boot->lock);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE boot_options_get_PlatformId(IBootOptions *iface, PlatformId *out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IBootOptions, L"PlatformId: the output pointer is NULL");
    AcquireSRWLockShared(&boot->lock);
    *out = boot->platform;
    ReleaseSRWLockShared(&boot->lock);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE boot_options_put_PlatformId(IBootOptions *iface, PlatformId value)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (value != PlatformX86 && value != PlatformPowerPC && value != PlatformMac && value != PlatformEFI)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IBootOptions,
                         L"PlatformId %d is not one of 0 (x86), 1 (PowerPC), 2 (Mac) or 0xEF (EFI)",
                         (int)value);
    AcquireSRWLockExclusive(&boot->lock);
    boot->platform = value;
    ReleaseSRWLockExclusive(&boot->lock);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE boot_options_get_Emulation(IBootOptions *iface, EmulationType *out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IBootOptions, L"Emulation: the output pointer is NULL");
    AcquireSRWLockShared(&boot->lock);
    *out = boot->emulation;
    ReleaseSRWLockShared(&boot->lock);
    return com_success(S_OK);
}

/* The image size a floppy emulation needs, or 0 for the others. */
static ULONG floppy_size(EmulationType emulation)
{
    for (size_t i = 0; i < ARRAYSIZE(floppy_sizes); i++)
        if (floppy_sizes[i].emulation == emulation)
            return floppy_sizes[i].size;
    return 0;
}

static HRESULT STDMETHODCALLTYPE boot_options_put_Emulation(IBootOptions *iface, EmulationType value)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);
    ULONG needed = floppy_size(value);
    HRESULT hr = S_OK;

    if ((ULONG)value > EmulationHardDisk)
        return com_error(IMAPI_E_INVALID_PARAM, &IID_IBootOptions,
                         L"Emulation %d is not one of 0 (none) to 4 (hard disk)", (int)value);
    AcquireSRWLockExclusive(&boot->lock);
    if (needed && boot->image && boot->image_size != needed)
        hr = com_error(IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH, &IID_IBootOptions,
                       L"Emulation %d needs a boot image of %lu bytes; the assigned image has %lu", (int)value,
                       needed, boot->image_size);
    else
        boot->emulation = value;
    ReleaseSRWLockExclusive(&boot->lock);
    return SUCCEEDED(hr) ? com_success(hr) : hr;
}

static HRESULT STDMETHODCALLTYPE boot_options_get_ImageSize(IBootOptions *iface, ULONG *out)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);

    if (!out)
        return com_error(E_POINTER, &IID_IBootOptions, L"ImageSize: the output pointer is NULL");
    AcquireSRWLockShared(&boot->lock);
    *out = boot->image_size;
    ReleaseSRWLockShared(&boot->lock);
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE boot_options_AssignBootImage(IBootOptions *iface, IStream *stream)
{
    struct boot_options *boot = impl_from_IBootOptions(iface);
    STATSTG stat;
    IStream *previous;
    HRESULT hr;

    if (!stream)
        return com_error(E_POINTER, &IID_IBootOptions, L"AssignBootImage: the boot image stream is NULL");
    hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    if (FAILED(hr))
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, &IID_IBootOptions,
                         L"AssignBootImage: the stream cannot tell its size (IStream::Stat failed with 0x%08lx)",
                         (unsigned long)hr);
    /* ImageSize is a ULONG; El Torito images are far smaller anyway. */
    if (stat.cbSize.QuadPart > ULONG_MAX)
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, &IID_IBootOptions,
                         L"AssignBootImage: the boot image has %llu bytes; at most %lu are supported",
                         (unsigned long long)stat.cbSize.QuadPart, (unsigned long)ULONG_MAX);

    IStream_AddRef(stream);
    AcquireSRWLockExclusive(&boot->lock);
    previous = boot->image;
    boot->image = stream;
    boot->image_size = (ULONG)stat.cbSize.QuadPart;
    for (size_t i = 0; i < ARRAYSIZE(floppy_sizes); i++)
        if (floppy_sizes[i].size == boot->image_size)
            boot->emulation = floppy_sizes[i].emulation;
    ReleaseSRWLockExclusive(&boot->lock);
    if (previous)
        IStream_Release(previous);
    return com_success(S_OK);
}

static const DISPATCH_VTBL(IBootOptions) boot_options_vtbl = {
    { &IID_IBootOptions, NULL },
    {
        boot_options_QueryInterface,
        boot_options_AddRef,
        boot_options_Release,
        DISPATCH_SLOTS(IBootOptions),
        boot_options_get_BootImage,
        boot_options_get_Manufacturer,
        boot_options_put_Manufacturer,
        boot_options_get_PlatformId,
        boot_options_put_PlatformId,
        boot_options_get_Emulation,
        boot_options_put_Emulation,
        boot_options_get_ImageSize,
        boot_options_AssignBootImage,
    },
};

HRESULT boot_options_create(IUnknown *outer, REFIID riid, void **out)
{
    struct boot_options *boot;
    HRESULT hr;

    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    boot = calloc(1, sizeof(*boot));
    if (!boot)
        return E_OUTOFMEMORY;
    boot->IBootOptions_iface.lpVtbl = &boot_options_vtbl.vtbl;
    support_error_info_init(&boot->sei, (IUnknown *)&boot->IBootOptions_iface);
    boot->ref = 1;
    InitializeSRWLock(&boot->lock);
    boot->platform = PlatformX86;
    boot->emulation = EmulationNone;
    module_object_created();

    hr = IBootOptions_QueryInterface(&boot->IBootOptions_iface, riid, out);
    IBootOptions_Release(&boot->IBootOptions_iface);
    return hr;
}
