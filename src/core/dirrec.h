/* ECMA-119 directory records (§9.1) and the recording dates they and the volume descriptors carry.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_DIRREC_H
#define FSI_DIRREC_H

#include <stddef.h>
#include <stdint.h>

#include "fsi_core.h"

enum {
    DIRREC_HIDDEN = 0x01,    /* the "existence" bit: readers do not list the item */
    DIRREC_DIRECTORY = 0x02,
    DIRREC_MULTI_EXTENT = 0x80, /* §9.1.6: not the file's last record (level 3 files of several sections) */
    DIRREC_DOT_LENGTH = 34,  /* the "." and ".." records: a one-byte identifier */
};

typedef struct dirrec {
    uint32_t extent;  /* first block */
    uint32_t size;    /* data length in bytes */
    fsi_time recorded;
    uint8_t flags;
    const uint8_t *id; /* file identifier bytes as recorded */
    uint8_t id_len;
} dirrec;

/* A file section of a file too big for one (§6.5.1, §10.3): its length must fit the 32-bit data
 * length and, for every section but the last, be a whole number of blocks; 4 GiB - 2048 is the
 * largest such length. A file's sections are consecutive, so its data stays one run of blocks. */
#define DIRREC_MAX_SECTION ((uint64_t)0xFFFFF800u)

/* The file sections (records) a file of size bytes takes: one, or more above DIRREC_MAX_SECTION. */
static inline uint32_t dirrec_sections(uint64_t size)
{
    return size <= DIRREC_MAX_SECTION ? 1 : (uint32_t)((size + DIRREC_MAX_SECTION - 1) / DIRREC_MAX_SECTION);
}

/* Bytes a record with an identifier of id_len bytes takes (§9.1.12: padded to an even length). */
static inline size_t dirrec_length(size_t id_len) { return 33 + id_len + !(id_len & 1); }

/* Writes the record at out (dirrec_length(r->id_len) bytes); returns its length. */
size_t dirrec_write(uint8_t *out, const dirrec *r);

/* UTC calendar fields of a time (clamped to the years 1900..9999). */
typedef struct civil_time {
    int year, month, day, hour, minute, second, hundredths;
} civil_time;
civil_time civil_from_fsi_time(fsi_time t);

/* §9.1.5: years since 1900, month, day, hour, minute, second, offset from GMT (0: we record UTC). */
void dirrec_date(uint8_t out[7], fsi_time t);

#endif
