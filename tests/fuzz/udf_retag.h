/* Makes the tags of a mutated UDF image whole again, so that fuzzing reaches past them. Every UDF
 * descriptor carries a CRC of its body and a checksum of its tag, which a reader rightly refuses when
 * wrong: almost every random change to a descriptor would end there. Here each place that still holds a
 * tag (4-byte aligned, as descriptors and file identifiers are; a known identifier; a whole checksum)
 * gets the CRC of what its body now holds, and its checksum again.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef UDF_RETAG_H
#define UDF_RETAG_H
#include <stddef.h>
#include <stdint.h>

#include "endian.h"
#include "udf_tag.h"

static inline uint8_t udf_retag_checksum(const uint8_t *tag)
{
    uint8_t sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + tag[i]);
    return sum;
}

static inline int udf_retag_known_id(uint16_t id)
{
    return (id >= 1 && id <= 9) || (id >= 256 && id <= 266);
}

/* 1 when some CRC was changed. */
static inline int udf_retag(uint8_t *data, size_t size)
{
    int changed = 0;
    for (size_t at = 0; at + 16 <= size; at += 4) {
        uint8_t *tag = data + at;
        uint16_t version = get_le16(tag + 2);
        if (!udf_retag_known_id(get_le16(tag)) || (version != 2 && version != 3) || tag[5] != 0 ||
            udf_retag_checksum(tag) != tag[4])
            continue;
        size_t crc_length = get_le16(tag + 10);
        if (crc_length > size - at - 16)
            continue;
        uint16_t crc = udf_crc(tag + 16, crc_length);
        if (crc == get_le16(tag + 8))
            continue;
        put_le16(tag + 8, crc);
        tag[4] = udf_retag_checksum(tag);
        changed = 1;
    }
    return changed;
}
#endif
