/* ECMA-119 volume descriptors: the primary (§8.4), Joliet's supplementary (§8.5 with the UCS-2
 * escape sequence) and the set terminator (§8.3). SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_VOLUME_DESC_H
#define FSI_VOLUME_DESC_H

#include <stdint.h>

#include "fsi_core.h"

enum {
    VOLUME_DESC_FIRST_BLOCK = 16, /* blocks 0..15 are the system area */
    VOLUME_DESC_ROOT_RECORD = 34,
};

typedef struct volume_desc {
    int joliet;                /* supplementary descriptor with UCS-2 identifiers */
    const fsi_char *volume_id; /* cut to the field; d-characters are enforced on the primary one */
    uint32_t space_size;       /* blocks of the whole image */
    uint32_t path_table_size;  /* bytes */
    uint32_t l_path_table;     /* first block of each table */
    uint32_t m_path_table;
    uint8_t root_record[VOLUME_DESC_ROOT_RECORD];
    fsi_time created;
} volume_desc;

void volume_desc_write(uint8_t block[FSI_BLOCK_SIZE], const volume_desc *vd);
void volume_desc_write_terminator(uint8_t block[FSI_BLOCK_SIZE]);

#endif
