/* The image's UDF options: UDFRevision and CreateRedundantUdfMetadataFiles.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "hresult.h"
#include "image.h"

const int32_t fsi_udf_revisions[FSI_UDF_REVISION_COUNT] = {0x102, 0x150, 0x200, 0x201, 0x250, 0x260};

fsi_hresult fsi_image_set_udf_revision(fsi_image *img, int32_t revision, fsi_error *err)
{
    for (int i = 0; i < FSI_UDF_REVISION_COUNT; i++)
        if (fsi_udf_revisions[i] == revision) {
            img->udf_revision = revision;
            return FSI_S_OK;
        }
    return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                    "UDFRevision 0x%lX is not supported (0x102, 0x150, 0x200, 0x201, 0x250 or 0x260)",
                    (unsigned long)(uint32_t)revision);
}

int32_t fsi_image_udf_revision(const fsi_image *img)
{
    return img->udf_revision;
}

void fsi_image_set_udf_redundant_metadata(fsi_image *img, int on)
{
    img->udf_redundant_metadata = on != 0;
}

int fsi_image_udf_redundant_metadata(const fsi_image *img)
{
    return img->udf_redundant_metadata;
}
