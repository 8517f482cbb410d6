/* UDF descriptor tags and the small fields every descriptor shares. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "dirrec.h"
#include "endian.h"
#include "udf_tag.h"

uint16_t udf_crc(const uint8_t *data, size_t len)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

void udf_tag_finish(uint8_t *d, uint16_t id, uint16_t version, uint32_t location, size_t length)
{
    uint8_t sum = 0;
    put_le16(d, id);
    put_le16(d + 2, version);
    d[5] = 0;
    put_le16(d + 6, 1); /* serial number: one volume, never reused */
    put_le16(d + 8, udf_crc(d + 16, length - 16));
    put_le16(d + 10, (uint16_t)(length - 16));
    put_le32(d + 12, location);
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + d[i]);
    d[4] = sum;
}

void udf_put_timestamp(uint8_t out[12], fsi_time t)
{
    civil_time c = civil_from_fsi_time(t);
    int64_t ticks = t % 10000000;
    if (ticks < 0)
        ticks += 10000000;
    put_le16(out, 0x1000); /* type 1, offset 0 minutes from UTC */
    put_le16(out + 2, (uint16_t)c.year);
    out[4] = (uint8_t)c.month;
    out[5] = (uint8_t)c.day;
    out[6] = (uint8_t)c.hour;
    out[7] = (uint8_t)c.minute;
    out[8] = (uint8_t)c.second;
    out[9] = (uint8_t)(ticks / 100000);        /* centiseconds */
    out[10] = (uint8_t)(ticks / 1000 % 100);   /* hundreds of microseconds */
    out[11] = (uint8_t)(ticks / 10 % 100);     /* microseconds */
}

static void put_regid(uint8_t out[32], const char *id)
{
    memset(out, 0, 32);
    memcpy(out + 1, id, strlen(id) < 23 ? strlen(id) : 23);
}

void udf_put_domain_id(uint8_t out[32], uint16_t revision)
{
    put_regid(out, "*OSTA UDF Compliant");
    put_le16(out + 24, revision);
}

void udf_put_udf_id(uint8_t out[32], const char *id, uint16_t revision)
{
    put_regid(out, id);
    put_le16(out + 24, revision);
}

void udf_put_implementation_id(uint8_t out[32])
{
    put_regid(out, "*openimapi2fs");
}

void udf_put_charspec(uint8_t out[64])
{
    static const char info[] = "OSTA Compressed Unicode";
    memset(out, 0, 64);
    memcpy(out + 1, info, sizeof(info) - 1);
}

void udf_put_extent_ad(uint8_t out[8], uint32_t length, uint32_t location)
{
    put_le32(out, length);
    put_le32(out + 4, location);
}

void udf_put_short_ad(uint8_t out[8], uint32_t length, uint32_t position)
{
    put_le32(out, length);
    put_le32(out + 4, position);
}

void udf_put_long_ad(uint8_t out[16], uint32_t length, uint32_t block, uint16_t partition, uint32_t unique_id)
{
    memset(out, 0, 16);
    put_le32(out, length);
    put_le32(out + 4, block);
    put_le16(out + 8, partition);
    put_le32(out + 12, unique_id); /* after the two bytes of flags */
}
