/* El Torito 1.0 on-disc structures: the boot record volume descriptor (§2.0) and the boot catalog
 * (§2.1-2.4: validation entry, initial/default entry, section headers and section entries).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ELTORITO_CATALOG_H
#define FSI_ELTORITO_CATALOG_H

#include <stdint.h>

#include "fsi_core.h"

enum { ELTORITO_CATALOG_ENTRY = 32 };

/* One boot image as the catalog records it. */
typedef struct eltorito_catalog_entry {
    uint8_t platform, emulation, system_type;
    uint16_t load_segment, sector_count;
    uint32_t load_rba; /* the image's first 2048-byte block */
    const uint8_t *id; /* FSI_BOOT_ID_SIZE bytes */
} eltorito_catalog_entry;

void eltorito_boot_record_render(uint32_t catalog_block, uint8_t block[FSI_BLOCK_SIZE]);
/* The whole catalog in one block: at most FSI_BOOT_ENTRIES_MAX entries need 2 + 2 * 31 records of
 * 32 bytes, exactly 2048. entries[0] is the default entry; each run of the same platform among the
 * others gets a section header (the last one marked final). */
void eltorito_catalog_render(const eltorito_catalog_entry *entries, uint32_t count, uint8_t block[FSI_BLOCK_SIZE]);

#endif
