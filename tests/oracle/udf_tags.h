/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_UDF_TAGS_H
#define ORACLE_UDF_TAGS_H

#include "udf_volume.h"

#include <stddef.h>

#define UDF_BLOCK 2048

/* ECMA-167 3/7.2 descriptor tag fields; bytes are little-endian. */
uint16_t udf_u16(const unsigned char *p);
uint32_t udf_u32(const unsigned char *p);

/* True when a descriptor tag with this identifier and a correct tag checksum starts at p. */
bool udf_tag_at(const unsigned char *p, uint16_t id);

/* Finds every descriptor tag at a 4-byte boundary of the image (FIDs are 4-byte aligned in their directory,
 * which starts a block) and checks its CRC, its version and, for volume descriptors, its location;
 * records the versions seen in volume->tag_versions. libudfread checks only the tag checksum, while
 * Windows also rejects a bad CRC. */
void udf_tags_check(struct udf_check *check, const unsigned char *image, size_t size, struct udf_volume *volume);

#endif
