/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "udf_tags.h"

#include <inttypes.h>
#include <stdio.h>

/* Past this many, bad tags are counted but no longer listed one by one. */
#define TAG_PROBLEMS_LISTED 10

uint16_t udf_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t udf_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool known_id(uint16_t id)
{
    return (id >= 1 && id <= 9) || (id >= 256 && id <= 266);
}

/* Volume descriptors (and the integrity descriptor) record their own absolute block number. */
static bool locates_itself(uint16_t id)
{
    return id != 8 && id <= 9;
}

static bool checksum_ok(const unsigned char *p)
{
    unsigned sum = 0;

    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum += p[i];
    return (sum & 0xFF) == p[4];
}

bool udf_tag_at(const unsigned char *p, uint16_t id)
{
    return udf_u16(p) == id && checksum_ok(p);
}

/* A File Identifier Descriptor (ECMA-167 4/14.4): file version 1, known characteristics bits, and a CRC
 * over exactly the rest of its 38 + L_IU + L_FI bytes padded to 4. */
static bool fid_shaped(const unsigned char *p, size_t room)
{
    size_t length;

    if (udf_u16(p) != 257 || room < 38 || udf_u16(p + 16) != 1 || p[18] > 0x1F)
        return false;
    length = (38 + (size_t)udf_u16(p + 36) + p[19] + 3) & ~(size_t)3;
    return (size_t)udf_u16(p + 10) + 16 == length;
}

/* CRC-16 of ITU-T V.41 (polynomial x^16 + x^12 + x^5 + 1, initial 0), as ECMA-167 1/7.2.6 prescribes. */
static uint16_t crc_itu(const unsigned char *p, size_t length)
{
    uint16_t crc = 0;

    while (length--) {
        crc ^= (uint16_t)(*p++ << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (uint16_t)(crc & 0x8000 ? crc << 1 ^ 0x1021 : crc << 1);
    }
    return crc;
}

static void tag_problem(struct udf_check *check, unsigned long *bad, const unsigned char *image, size_t offset,
                        const char *what, uint32_t value)
{
    if (++*bad <= TAG_PROBLEMS_LISTED)
        udf_problem(check, "udf: descriptor tag %u at byte %zu (block %zu): %s %" PRIu32,
                    (unsigned)udf_u16(image + offset), offset, offset / UDF_BLOCK, what, value);
    else
        check->problems++;
}

void udf_tags_check(struct udf_check *check, const unsigned char *image, size_t size, struct udf_volume *volume)
{
    unsigned long bad = 0;

    for (size_t offset = 0; offset + 16 <= size; offset += 4) {
        const unsigned char *tag = image + offset;
        uint16_t id = udf_u16(tag), version = udf_u16(tag + 2), crc_length = udf_u16(tag + 10);

        if (!known_id(id) || (version != 2 && version != 3) || tag[5] != 0 || !checksum_ok(tag))
            continue;
        /* Inside a block only File Identifier Descriptors start, and other bytes (a Joliet record, file
         * data) pass the one-byte checksum of a tag one time in 256: there only what has a FID's shape is
         * taken for a tag. Block-aligned tags are judged in full. */
        if (offset % UDF_BLOCK != 0 && !fid_shaped(tag, size - offset))
            continue;
        volume->tags++;
        volume->tag_versions |= 1u << version;
        if (offset + 16 + crc_length > size)
            tag_problem(check, &bad, image, offset, "CRC length runs past the image end:", crc_length);
        else if (crc_itu(tag + 16, crc_length) != udf_u16(tag + 8))
            tag_problem(check, &bad, image, offset, "CRC does not match its bytes; recorded CRC", udf_u16(tag + 8));
        if (locates_itself(id) && offset % UDF_BLOCK == 0 && udf_u32(tag + 12) != offset / UDF_BLOCK)
            tag_problem(check, &bad, image, offset, "records the wrong location", udf_u32(tag + 12));
    }
    if (bad > TAG_PROBLEMS_LISTED)
        printf("udf: %lu more bad descriptor tags not listed\n", bad - TAG_PROBLEMS_LISTED);
}
