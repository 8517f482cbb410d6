/* mkiso's El Torito boot entries (-boot, -platform, -emul).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MKISO_BOOT_H
#define MKISO_BOOT_H

#include <windows.h>

#include "imapi2fs.h"
#include "options.h"

/* One BootOptions per -boot, given to the image as BootImageOptions (one) or BootImageOptionsArray
 * (several); returns 0 or the exit status of a reported failure. */
int configure_boot(IFileSystemImage *image, const struct options *opts);

#endif
