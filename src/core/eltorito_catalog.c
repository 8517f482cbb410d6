/* El Torito 1.0 boot record and boot catalog. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "eltorito_catalog.h"
#include "endian.h"

enum {
    BOOT_RECORD_TYPE = 0,
    HEADER_VALIDATION = 0x01,
    HEADER_MORE_SECTIONS = 0x90,
    HEADER_FINAL_SECTION = 0x91,
    BOOTABLE = 0x88,
};

void eltorito_boot_record_render(uint32_t catalog_block, uint8_t block[FSI_BLOCK_SIZE])
{
    static const char system_id[] = "EL TORITO SPECIFICATION";

    memset(block, 0, FSI_BLOCK_SIZE);
    block[0] = BOOT_RECORD_TYPE;
    memcpy(block + 1, "CD001", 5);
    block[6] = 1;
    memcpy(block + 7, system_id, sizeof(system_id) - 1); /* the rest of its 32 bytes stays zero */
    put_le32(block + 71, catalog_block);
}

/* §2.1: the words of the validation entry sum to zero. */
static void render_validation(const eltorito_catalog_entry *first, uint8_t *record)
{
    uint16_t sum = 0;

    record[0] = HEADER_VALIDATION;
    record[1] = first->platform;
    memcpy(record + 4, first->id, FSI_BOOT_ID_SIZE);
    record[30] = 0x55;
    record[31] = 0xAA;
    for (int i = 0; i < ELTORITO_CATALOG_ENTRY; i += 2)
        sum = (uint16_t)(sum + (record[i] | record[i + 1] << 8));
    put_le16(record + 28, (uint16_t)(0x10000 - sum));
}

/* §2.2 and §2.4 share this shape; a section entry's selection criteria stay 0 (none). */
static void render_boot_entry(const eltorito_catalog_entry *e, uint8_t *record)
{
    record[0] = BOOTABLE;
    record[1] = e->emulation;
    put_le16(record + 2, e->load_segment);
    record[4] = e->system_type;
    put_le16(record + 6, e->sector_count);
    put_le32(record + 8, e->load_rba);
}

static void render_section_header(const eltorito_catalog_entry *first, uint16_t entries, int final,
                                  uint8_t *record)
{
    record[0] = final ? HEADER_FINAL_SECTION : HEADER_MORE_SECTIONS;
    record[1] = first->platform;
    put_le16(record + 2, entries);
    memcpy(record + 4, first->id, FSI_BOOT_ID_SIZE); /* of its 28 bytes */
}

void eltorito_catalog_render(const eltorito_catalog_entry *entries, uint32_t count, uint8_t block[FSI_BLOCK_SIZE])
{
    uint8_t *record = block;

    memset(block, 0, FSI_BLOCK_SIZE);
    if (count == 0)
        return;
    render_validation(&entries[0], record);
    render_boot_entry(&entries[0], record += ELTORITO_CATALOG_ENTRY);
    for (uint32_t start = 1, end; start < count; start = end) {
        for (end = start + 1; end < count && entries[end].platform == entries[start].platform; end++)
            ;
        render_section_header(&entries[start], (uint16_t)(end - start), end == count,
                              record += ELTORITO_CATALOG_ENTRY);
        for (uint32_t i = start; i < end; i++)
            render_boot_entry(&entries[i], record += ELTORITO_CATALOG_ENTRY);
    }
}
