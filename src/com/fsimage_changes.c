/* MsftFileSystemImage: RollbackToChangePoint and LockInChangePoint over the core's undo log (ChangePoint
 * itself is read in fsimage_options.c). Options are not rolled back: only the tree and its items.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

HRESULT STDMETHODCALLTYPE image_RollbackToChangePoint(IFileSystemImage3 *iface, LONG change_point)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    fsi_hresult hr;

    fs_image_enter(image);
    hr = fsi_image_rollback(image->core, change_point, &err);
    fs_image_leave(image);
    return hr < 0 ? com_error_from_core(&err, IMAGE_IID) : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_LockInChangePoint(IFileSystemImage3 *iface)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    fs_image_enter(image);
    fsi_image_lock_change_point(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}
