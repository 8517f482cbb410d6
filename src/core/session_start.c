/* SessionStartBlock: where on the disc the image's session begins. Kept in the core so the writers can
 * place absolute sector numbers after it (a later change); the COM layer sets it from a multisession
 * disc's NextWritableAddress or from put_SessionStartBlock.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "image.h"
#include "hresult.h"

fsi_hresult fsi_image_set_session_start(fsi_image *img, int32_t block, fsi_error *err)
{
    if (block < 0)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "SessionStartBlock %ld is negative", (long)block);
    img->session_start_block = block;
    return FSI_S_OK;
}

int32_t fsi_image_session_start(const fsi_image *img)
{
    return img->session_start_block;
}
