/* MsftFileSystemImage: CreateDirectoryItem and CreateFileItem, items outside the tree until
 * IFsiDirectoryItem::Add links them in. Creating one is not a modification (ChangePoint stays).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

typedef fsi_hresult new_node_fn(fsi_image *img, const fsi_char *name, fsi_node **out, fsi_error *err);

static HRESULT create_item(IFileSystemImage3 *iface, BSTR name, new_node_fn *make, REFIID riid, void **out,
                           const WCHAR *member)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    fsi_node *node = NULL;
    HRESULT hr;

    if (!out)
        return null_pointer_error(IMAGE_IID, member);
    *out = NULL;
    fs_image_enter(image);
    if (make(image->core, bstr_arg(name), &node, &err) < 0) {
        hr = com_error_from_core(&err, IMAGE_IID);
    } else {
        hr = fsi_item_create(image, node, riid, out);
        fsi_node_release(node);
    }
    fs_image_leave(image);
    return FAILED(hr) ? hr : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_CreateDirectoryItem(IFileSystemImage3 *iface, BSTR name, IFsiDirectoryItem **item)
{
    return create_item(iface, name, fsi_image_new_directory, &IID_IFsiDirectoryItem, (void **)item,
                       L"CreateDirectoryItem");
}

HRESULT STDMETHODCALLTYPE image_CreateFileItem(IFileSystemImage3 *iface, BSTR name, IFsiFileItem **item)
{
    return create_item(iface, name, fsi_image_new_file, &IID_IFsiFileItem, (void **)item, L"CreateFileItem");
}
