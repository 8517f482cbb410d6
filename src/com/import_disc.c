/* The previous session's sectors through the import recorder (import_disc.h). IMAPI2 reads a disc with
 * SCSI commands through IDiscRecorder2Ex, so this is READ(10) over SendCommandGetDataFromDevice; a
 * command the device fails (an error HRESULT, or S_IMAPI_COMMAND_HAS_SENSE_DATA with sense data) is
 * IMAPI_E_IMPORT_READ_FAILURE naming the first sector asked for and the sense key/ASC/ASCQ.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "import_disc.h"

enum {
    SECTOR_BYTES = 2048,
    SECTORS_PER_READ = 32,  /* 64 KiB: within every drive's maximum transfer */
    READ_TIMEOUT_SECONDS = 30,
};

struct recorder_disc {
    IDiscRecorder2Ex *ex;
};

static fsi_hresult read_sectors(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    struct recorder_disc *disc = ctx;
    BYTE *out = buf;

    while (count) {
        uint32_t n = count < SECTORS_PER_READ ? count : SECTORS_PER_READ;
        BYTE cdb[10] = {0x28, 0, (BYTE)(lba >> 24), (BYTE)(lba >> 16), (BYTE)(lba >> 8), (BYTE)lba,
                        0, (BYTE)(n >> 8), (BYTE)n, 0};
        BYTE sense[18] = {0};
        ULONG fetched = 0;
        HRESULT hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(disc->ex, cdb, sizeof(cdb), sense,
                                                                   READ_TIMEOUT_SECONDS, out,
                                                                   n * SECTOR_BYTES, &fetched);
        if (hr == S_IMAPI_COMMAND_HAS_SENSE_DATA)
            return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE,
                            "cannot read sector %lu of the disc (%lu sectors asked): the drive reports sense key "
                            "0x%X, ASC 0x%02X, ASCQ 0x%02X",
                            (unsigned long)lba, (unsigned long)n, sense[2] & 0x0F, sense[12], sense[13]);
        if (FAILED(hr))
            return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE,
                            "cannot read sector %lu of the disc (%lu sectors asked): the recorder failed with 0x%08lX",
                            (unsigned long)lba, (unsigned long)n, (unsigned long)hr);
        if (fetched != n * SECTOR_BYTES)
            return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE,
                            "cannot read sector %lu of the disc: the recorder gave %lu bytes of %lu",
                            (unsigned long)lba, (unsigned long)fetched, (unsigned long)(n * SECTOR_BYTES));
        lba += n;
        count -= n;
        out += (size_t)n * SECTOR_BYTES;
    }
    return 0; /* S_OK */
}

HRESULT import_disc_open_recorder(IDiscRecorder2 *recorder, fsi_disc *disc)
{
    struct recorder_disc *ctx;
    IDiscRecorder2Ex *ex = NULL;
    HRESULT hr;

    memset(disc, 0, sizeof(*disc));
    if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)) || !ex)
        return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                         L"The import recorder cannot send SCSI commands (no IDiscRecorder2Ex: 0x%08lX), so the "
                         L"disc cannot be read.", (unsigned long)hr);
    if (!(ctx = calloc(1, sizeof(*ctx)))) {
        IDiscRecorder2Ex_Release(ex);
        return out_of_memory_error(IMAGE_IID, L"MultisessionInterfaces");
    }
    ctx->ex = ex;
    disc->read = read_sectors;
    disc->ctx = ctx;
    disc->session_start = 0;
    disc->end = UINT32_MAX; /* the recorder itself says where the disc ends */
    return S_OK;
}

HRESULT import_disc_open_multisession(IMultisessionSequential *session, fsi_disc *disc)
{
    IDiscRecorder2 *recorder = NULL;
    VARIANT_BOOL first = VARIANT_FALSE;
    LONG start = 0, last = -1;
    HRESULT hr;

    memset(disc, 0, sizeof(*disc));
    if (FAILED(hr = IMultisessionSequential_get_IsFirstDataSession(session, &first)) ||
        (!first && (FAILED(hr = IMultisessionSequential_get_StartAddressOfPreviousSession(session, &start)) ||
                    FAILED(hr = IMultisessionSequential_get_LastWrittenAddressOfPreviousSession(session, &last)))))
        return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                         L"The multisession object no longer tells where the previous session lies (0x%08lX).",
                         (unsigned long)hr);
    if (FAILED(hr = IMultisessionSequential_get_ImportRecorder(session, &recorder)) || !recorder)
        return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                         L"The multisession object gives no ImportRecorder (0x%08lX).", (unsigned long)hr);
    hr = import_disc_open_recorder(recorder, disc);
    IDiscRecorder2_Release(recorder);
    if (FAILED(hr))
        return hr;
    if (first || start < 0 || last < start) {
        disc->session_start = 0;
        disc->end = 0;
    } else {
        disc->session_start = (uint32_t)start;
        disc->end = (uint32_t)last + 1;
    }
    return S_OK;
}

void import_disc_close_recorder(fsi_disc *disc)
{
    struct recorder_disc *ctx = disc->ctx;

    if (ctx) {
        IDiscRecorder2Ex_Release(ctx->ex);
        free(ctx);
    }
    memset(disc, 0, sizeof(*disc));
}
