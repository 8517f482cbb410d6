/* IBootOptions objects as the core's El Torito boot entries. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef BOOT_ENTRIES_H
#define BOOT_ENTRIES_H

#include "com_private.h"

/* The boot image of options, read whole from the start of its stream (its position is restored):
 * exactly ImageSize bytes, or IMAPI_E_BOOT_IMAGE_DATA with IErrorInfo. *data is malloc'd; NULL when
 * no image was assigned. iid names the interface that reports the error. */
HRESULT boot_image_read(IBootOptions *options, ULONG number, REFIID iid, BYTE **data, ULONG *size);
/* Each of options as a boot entry with its image copied into memory, so a result keeps the bytes as
 * they were. On failure nothing is left to free. */
HRESULT boot_entries_read(IBootOptions *const *options, ULONG count, REFIID iid, fsi_boot_entry *entries);
void boot_entries_free(fsi_boot_entry *entries, ULONG count);

#endif
