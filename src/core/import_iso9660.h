/* The pieces of the ISO 9660 / Joliet reader (import_read_iso9660 of import.h), shared by its files.
 * Core-internal. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_IMPORT_ISO9660_H
#define FSI_IMPORT_ISO9660_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"

enum {
    ISO_RECORD_MIN = 33 + 1, /* ECMA-119 §9.1: 33 fixed bytes and an identifier of at least one byte */
    ISO_FLAG_HIDDEN = 0x01,
    ISO_FLAG_DIRECTORY = 0x02,
    ISO_FLAG_ASSOCIATED = 0x04,
    ISO_FLAG_MULTI_EXTENT = 0x80,
};

/* One directory record, checked against the bytes that hold it. */
typedef struct iso_record {
    uint32_t lba;        /* where the data starts: the extent after its extended attribute record */
    uint32_t length;     /* data length in bytes */
    uint8_t flags;
    uint8_t interleaved; /* file unit size or interleave gap set (§9.1.7, §9.1.8) */
    const uint8_t *date; /* 7 bytes, §9.1.5 */
    const uint8_t *id;
    uint8_t id_len;
} iso_record;

/* Parses the record at bytes[0..] of which avail bytes belong to the directory's data in this sector.
 * Returns NULL, or what is wrong with it (for a message). */
const char *iso_record_parse(const uint8_t *bytes, size_t avail, iso_record *out);
/* "." or ".." (§6.8.2.2: one byte 0x00 or 0x01). */
int iso_record_is_dot(const iso_record *r);

/* §9.1.5 date and time with its offset from GMT, as a FILETIME; 0 when not recorded or not a date. */
fsi_time iso_record_time(const uint8_t date[7]);
/* The item's name as import.h gives it (malloc'd; NULL on out of memory): ISO 9660 bytes widened,
 * Joliet UCS-2 big-endian; a file's ";version" and the "." of a name without extension removed. */
fsi_char *iso_record_name(const iso_record *r, int joliet);
/* Whether the identifier holds a code unit 0 (a name no file system can carry). */
int iso_record_name_has_nul(const iso_record *r, int joliet);
/* The 32-byte volume identifier of a descriptor, trailing spaces cut. */
void iso_volume_name(const uint8_t field[32], int joliet, fsi_char out[129]);

/* The directory sectors read so far: each belongs to one directory, read once. */
typedef struct iso_sector_set {
    uint32_t *slots; /* open addressing; ISO_SECTOR_FREE marks a free slot */
    size_t capacity, count;
} iso_sector_set;
#define ISO_SECTOR_FREE UINT32_MAX
/* Adds lba: 1 added, 0 already there, -1 out of memory. */
int iso_sector_set_add(iso_sector_set *set, uint32_t lba);
void iso_sector_set_free(iso_sector_set *set);

/* What the volume descriptor gives the walk. */
typedef struct iso_volume {
    int joliet;
    uint32_t descriptor_lba;
    iso_record root; /* its date points into root_bytes */
    uint8_t root_bytes[34];
} iso_volume;

/* Reads the tree below the volume's root into tree->root (already named ""), counting files and
 * directories and raising tree->last_block to the highest sector a directory or file uses. On failure
 * what was built stays in tree for import_tree_free. */
fsi_hresult iso_read_directories(const fsi_disc *disc, const iso_volume *volume, const import_limits *limits,
                                 import_tree *tree, fsi_error *err);

#endif
