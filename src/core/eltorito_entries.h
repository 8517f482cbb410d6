/* The El Torito boot entries an image holds (fsi_image_set_boot_entries), checked and resolved.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ELTORITO_ENTRIES_H
#define FSI_ELTORITO_ENTRIES_H

#include "fsi_core.h"

/* An entry as the catalog records it: sector_count is resolved (never left to choose), system_type
 * is the partition type of a hard-disk image (0 otherwise). The source is retained. */
typedef struct eltorito_entry {
    fsi_boot_entry e;
    uint8_t system_type;
} eltorito_entry;

void eltorito_entries_free(eltorito_entry *entries, uint32_t count);
/* Blocks the boot record, the catalog and the boot images take. */
uint64_t eltorito_entries_blocks(const eltorito_entry *entries, uint32_t count);

#endif
