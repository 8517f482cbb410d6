/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The volume-level facts of a UDF image, read straight from its blocks (no libudfread): the recognition
 * sequence, the anchors, the logical volume descriptor and its integrity descriptor; and every descriptor
 * tag in the image, checked for checksum, CRC and version. */
#ifndef ORACLE_UDF_VOLUME_H
#define ORACLE_UDF_VOLUME_H

#include "udf_oracle.h"

#include <stdbool.h>
#include <stdint.h>

struct udf_volume {
    bool nsr02, nsr03;              /* the recognition sequence names ECMA-167 2nd (UDF < 2.00) or 3rd edition */
    uint32_t block_size;            /* of the logical volume */
    uint16_t domain_revision;       /* suffix of the LVD's "*OSTA UDF Compliant" domain identifier */
    bool has_counts;                /* the integrity descriptor's implementation use was found */
    uint32_t files, dirs;           /* recorded there (dirs counts the root) */
    uint16_t min_read, min_write, max_write;
    unsigned tag_versions;          /* bit 2 and/or bit 3: descriptor tag versions seen */
    unsigned long tags;             /* descriptor tags checked */
};

/* Reads the volume facts, reporting each malformed structure as a problem; false (with a message on
 * stdout) when the image cannot be opened or has no UDF anchor at all. */
bool udf_volume_read(struct udf_check *check, const char *path, struct udf_volume *volume);

#endif
