/* Volume recognition (ECMA-119 8.1 and ECMA-167 2/8.3): the descriptors from sector 16 on.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "volume_recognition.h"

enum {
    FIRST_DESCRIPTOR_SECTOR = 16,
    /* Real sequences have a handful of descriptors; a bound keeps a hostile image from making us read
     * it all. */
    MAX_DESCRIPTORS = 256,
    ISO_PRIMARY = 1,
    ISO_TERMINATOR = 255,
};

struct recognition {
    BOOL iso_primary;
    BOOL iso_complete;
    BOOL in_extended_area;
    BOOL nsr;
    BOOL udf_complete;
};

static BOOL has_identifier(const BYTE *sector, const char *id)
{
    return memcmp(sector + 1, id, 5) == 0;
}

/* Takes one descriptor into account; FALSE when it is not part of a recognition sequence, which
 * ends the sequence. */
static BOOL recognize(struct recognition *r, const BYTE *sector)
{
    BYTE type = sector[0], version = sector[6];

    /* Supplementary descriptors of ISO 9660:1999 (enhanced) carry version 2. */
    if (has_identifier(sector, "CD001") && (version == 1 || version == 2)) {
        if (type == ISO_PRIMARY)
            r->iso_primary = TRUE;
        else if (type == ISO_TERMINATOR)
            r->iso_complete = r->iso_primary;
        return TRUE;
    }
    if (type != 0 || version != 1)
        return FALSE;
    if (has_identifier(sector, "BEA01")) {
        r->in_extended_area = TRUE;
        r->nsr = FALSE;
        return TRUE;
    }
    if (has_identifier(sector, "NSR02") || has_identifier(sector, "NSR03")) {
        r->nsr = r->nsr || r->in_extended_area;
        return TRUE;
    }
    if (has_identifier(sector, "TEA01")) {
        r->udf_complete = r->udf_complete || (r->in_extended_area && r->nsr);
        r->in_extended_area = FALSE;
        return TRUE;
    }
    return has_identifier(sector, "BOOT2") || has_identifier(sector, "CDW02");
}

static HRESULT seek_to(IStream *image, ULONGLONG position)
{
    LARGE_INTEGER offset = { .QuadPart = (LONGLONG)position };

    return IStream_Seek(image, offset, STREAM_SEEK_SET, NULL);
}

static HRESULT read_sector(IStream *image, ULONGLONG sector, BYTE *buffer)
{
    ULONG got = 0;
    HRESULT hr = seek_to(image, sector * VOLUME_SECTOR_SIZE);

    if (SUCCEEDED(hr))
        hr = IStream_Read(image, buffer, VOLUME_SECTOR_SIZE, &got);
    if (SUCCEEDED(hr) && got != VOLUME_SECTOR_SIZE)
        hr = HRESULT_FROM_WIN32(ERROR_HANDLE_EOF);
    return hr;
}

HRESULT volume_recognition_check(IStream *image, ULONGLONG sectors)
{
    struct recognition r = { FALSE, FALSE, FALSE, FALSE, FALSE };
    LARGE_INTEGER zero = { .QuadPart = 0 };
    ULARGE_INTEGER position;
    BYTE sector[VOLUME_SECTOR_SIZE];
    HRESULT hr;

    hr = IStream_Seek(image, zero, STREAM_SEEK_CUR, &position);
    if (FAILED(hr))
        return hr;
    for (ULONGLONG s = FIRST_DESCRIPTOR_SECTOR; s < sectors && s < FIRST_DESCRIPTOR_SECTOR + MAX_DESCRIPTORS; s++) {
        hr = read_sector(image, s, sector);
        if (FAILED(hr) || !recognize(&r, sector))
            break;
    }
    seek_to(image, position.QuadPart);
    if (FAILED(hr))
        return hr;
    return r.iso_complete || r.udf_complete ? S_OK : S_FALSE;
}
