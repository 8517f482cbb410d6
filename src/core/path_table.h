/* ECMA-119 path table records (§9.4). SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_PATH_TABLE_H
#define FSI_PATH_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes a record with an identifier of id_len bytes takes (padded to an even length). */
static inline size_t path_table_record_length(size_t id_len) { return 8 + id_len + (id_len & 1); }

/* Writes one record: the L table's numbers are little-endian, the M table's big-endian. */
size_t path_table_record_write(uint8_t *out, const uint8_t *id, size_t id_len, uint32_t extent,
                               uint16_t parent_number, int big_endian);

#endif
