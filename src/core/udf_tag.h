/* The building blocks every UDF descriptor shares: the descriptor tag with its checksum and CRC
 * (ECMA-167 3/7.2), timestamps (1/7.3), entity identifiers (1/7.4, UDF 2.1.5), character set
 * specifications (1/7.2.1, UDF 2.1.2) and allocation descriptors (4/14.14).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_UDF_TAG_H
#define FSI_UDF_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "fsi_core.h"

enum udf_tag_id {
    UDF_TAG_PRIMARY_VOLUME = 1,
    UDF_TAG_ANCHOR = 2,
    UDF_TAG_IMPLEMENTATION_USE = 4,
    UDF_TAG_PARTITION = 5,
    UDF_TAG_LOGICAL_VOLUME = 6,
    UDF_TAG_UNALLOCATED_SPACE = 7,
    UDF_TAG_TERMINATING = 8,
    UDF_TAG_INTEGRITY = 9,
    UDF_TAG_FILE_SET = 256,
    UDF_TAG_FILE_IDENTIFIER = 257,
    UDF_TAG_ALLOCATION_EXTENT = 258,
    UDF_TAG_FILE_ENTRY = 261,
    UDF_TAG_EXTENDED_FILE_ENTRY = 266,
};

enum {
    UDF_DESCRIPTOR_SIZE = 512,       /* the volume descriptors' fixed size */
    UDF_MAX_EXTENT = 0x3FFFF800,     /* the largest whole-block extent length below 2^30 (4/14.14.1.1) */
};

/* CRC-16 of ITU-T V.41 (x^16 + x^12 + x^5 + 1, initial 0) as ECMA-167 1/7.2.6 defines it. */
uint16_t udf_crc(const uint8_t *data, size_t len);

/* Completes the tag in the first 16 bytes of a descriptor of length bytes: identifier, version
 * (2 for NSR02, 3 for NSR03), location (the logical block it is recorded in), CRC of the bytes after
 * the tag, then the checksum of the tag itself. */
void udf_tag_finish(uint8_t *descriptor, uint16_t id, uint16_t version, uint32_t location, size_t length);

/* A UTC timestamp of type 1 (local time with offset 0). */
void udf_put_timestamp(uint8_t out[12], fsi_time t);

/* Entity identifiers: "*OSTA UDF Compliant" with the revision, a UDF identifier (e.g. "*UDF LV Info")
 * with the revision, and ours as the implementation identifier. */
void udf_put_domain_id(uint8_t out[32], uint16_t revision);
void udf_put_udf_id(uint8_t out[32], const char *id, uint16_t revision);
void udf_put_implementation_id(uint8_t out[32]);
/* The CS0 "OSTA Compressed Unicode" character set. */
void udf_put_charspec(uint8_t out[64]);

void udf_put_extent_ad(uint8_t out[8], uint32_t length, uint32_t location);
void udf_put_short_ad(uint8_t out[8], uint32_t length, uint32_t position);
/* A long allocation descriptor; unique_id goes in its implementation use as UDF 2.3.4.3 asks of an
 * identifier's ICB (0 elsewhere). */
void udf_put_long_ad(uint8_t out[16], uint32_t length, uint32_t block, uint16_t partition, uint32_t unique_id);

#endif
