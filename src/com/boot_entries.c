/* IBootOptions objects as the core's El Torito boot entries. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "boot_entries.h"

static HRESULT read_whole(IStream *stream, ULONG number, REFIID iid, BYTE *data, ULONG size)
{
    LARGE_INTEGER zero = {{0}}, back;
    ULARGE_INTEGER position;
    HRESULT hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &position);
    ULONG done = 0, got;

    if (FAILED(hr))
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, iid,
                         L"Boot entry %lu: the boot image stream cannot seek (0x%08lx).", number, (unsigned long)hr);
    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    while (SUCCEEDED(hr) && done < size) {
        got = 0;
        hr = IStream_Read(stream, data + done, size - done, &got);
        if (SUCCEEDED(hr) && !got)
            break;
        done += got;
    }
    back.QuadPart = (LONGLONG)position.QuadPart;
    IStream_Seek(stream, back, STREAM_SEEK_SET, NULL);
    if (FAILED(hr))
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, iid,
                         L"Boot entry %lu: reading the boot image stream failed at byte %lu (0x%08lx).", number,
                         done, (unsigned long)hr);
    if (done < size)
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, iid,
                         L"Boot entry %lu: the boot image stream ended after %lu of its %lu bytes.", number, done,
                         size);
    return S_OK;
}

HRESULT boot_image_read(IBootOptions *options, ULONG number, REFIID iid, BYTE **data, ULONG *size)
{
    IStream *stream = NULL;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IBootOptions_get_BootImage(options, &stream)) || !stream)
        return hr;
    if (SUCCEEDED(hr = IBootOptions_get_ImageSize(options, size)) && *size) {
        if (!(*data = malloc(*size)))
            hr = com_error(E_OUTOFMEMORY, iid, L"Boot entry %lu: out of memory for its %lu-byte boot image.",
                           number, *size);
        else if (FAILED(hr = read_whole(stream, number, iid, *data, *size))) {
            free(*data);
            *data = NULL;
        }
    }
    IStream_Release(stream);
    return hr;
}

/* Manufacturer in the ANSI code page, as the catalog's ID string; put_Manufacturer kept it short enough. */
static HRESULT read_id(IBootOptions *options, BYTE id[FSI_BOOT_ID_SIZE])
{
    BSTR manufacturer = NULL;
    HRESULT hr = IBootOptions_get_Manufacturer(options, &manufacturer);

    memset(id, 0, FSI_BOOT_ID_SIZE);
    if (SUCCEEDED(hr) && SysStringLen(manufacturer))
        WideCharToMultiByte(CP_ACP, 0, manufacturer, (int)SysStringLen(manufacturer), (char *)id, FSI_BOOT_ID_SIZE,
                            NULL, NULL);
    SysFreeString(manufacturer);
    return hr;
}

static HRESULT read_entry(IBootOptions *options, ULONG number, REFIID iid, fsi_boot_entry *entry)
{
    PlatformId platform;
    EmulationType emulation;
    fsi_error err = {0};
    BYTE *data;
    ULONG size;
    HRESULT hr;

    memset(entry, 0, sizeof(*entry));
    if (FAILED(hr = IBootOptions_get_PlatformId(options, &platform)) ||
        FAILED(hr = IBootOptions_get_Emulation(options, &emulation)) || FAILED(hr = read_id(options, entry->id)))
        return hr;
    entry->platform = (uint8_t)platform;
    entry->emulation = (uint8_t)emulation;
    if (FAILED(hr = boot_image_read(options, number, iid, &data, &size)))
        return hr;
    if (!data)
        return com_error(IMAPI_E_BOOT_IMAGE_DATA, iid,
                         L"Boot entry %lu has no boot image: call AssignBootImage with a non-empty stream first.",
                         number);
    if (fsi_source_from_memory(data, size, &entry->source, &err) < 0)
        hr = com_error_from_core(&err, iid);
    free(data);
    return hr;
}

HRESULT boot_entries_read(IBootOptions *const *options, ULONG count, REFIID iid, fsi_boot_entry *entries)
{
    HRESULT hr = S_OK;
    ULONG i;

    for (i = 0; i < count && SUCCEEDED(hr); i++)
        hr = read_entry(options[i], i + 1, iid, &entries[i]);
    if (FAILED(hr))
        boot_entries_free(entries, i - 1);
    return hr;
}

void boot_entries_free(fsi_boot_entry *entries, ULONG count)
{
    for (ULONG i = 0; i < count; i++)
        if (entries[i].source)
            fsi_source_release(entries[i].source);
}
