/* libFuzzer target: import_identify on the input as a memory disc, the session at sector 0 and at a
 * place the input's last byte chooses. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void identify_at(const uint8_t *data, size_t size, uint32_t session_start)
{
    fsi_disc disc;
    fsi_error err = {0};
    uint32_t found = 0xDEAD;

    import_disc_from_memory(data, size, &disc);
    disc.session_start = session_start;
    fsi_hresult hr = import_identify(&disc, &found, &err);
    /* A memory disc reads every sector below its end, and identify reads nothing past it. */
    FUZZ_ASSERT(hr == FSI_S_OK, "identify failed 0x%08X: %s", (unsigned)hr, err.message);
    FUZZ_ASSERT((found & ~(uint32_t)(FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF)) == 0, "found 0x%X", found);
    import_disc_close(&disc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    identify_at(data, size, 0);
    if (size > 0)
        identify_at(data, size, data[size - 1]);
    return 0;
}
