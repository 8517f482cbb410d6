/* MsftFileSystemImage: members that later issues implement (multisession and imports).
 * Each says so through IErrorInfo.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

HRESULT STDMETHODCALLTYPE image_ImportFileSystem(IFileSystemImage3 *iface, FsiFileSystems *imported)
{
    (void)iface, (void)imported;
    return not_implemented_error(IMAGE_IID, L"ImportFileSystem");
}

HRESULT STDMETHODCALLTYPE image_ImportSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems system)
{
    (void)iface, (void)system;
    return not_implemented_error(IMAGE_IID, L"ImportSpecificFileSystem");
}

HRESULT STDMETHODCALLTYPE image_ProbeSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems system,
                                                        VARIANT_BOOL *appendable)
{
    (void)iface, (void)system, (void)appendable;
    return not_implemented_error(IMAGE_IID, L"ProbeSpecificFileSystem");
}
