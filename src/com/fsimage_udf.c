/* MsftFileSystemImage: UDFRevision. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fsimage_private.h"

HRESULT STDMETHODCALLTYPE image_put_UDFRevision(IFileSystemImage3 *iface, LONG value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    fsi_hresult hr;

    fs_image_enter(image);
    hr = fsi_image_set_udf_revision(image->core, (int32_t)value, &err);
    if (hr >= 0)
        fs_image_changed(image);
    fs_image_leave(image);
    return hr < 0 ? com_error_from_core(&err, IMAGE_IID) : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_UDFRevision(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"UDFRevision");
    fs_image_enter(image);
    *value = fsi_image_udf_revision(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}
