/* ECMA-119 path table records. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "endian.h"
#include "path_table.h"

size_t path_table_record_write(uint8_t *out, const uint8_t *id, size_t id_len, uint32_t extent,
                               uint16_t parent_number, int big_endian)
{
    size_t len = path_table_record_length(id_len);
    memset(out, 0, len);
    out[0] = (uint8_t)id_len;
    if (big_endian) {
        put_be32(out + 2, extent);
        put_be16(out + 6, parent_number);
    } else {
        put_le32(out + 2, extent);
        put_le16(out + 6, parent_number);
    }
    memcpy(out + 8, id, id_len);
    return len;
}
