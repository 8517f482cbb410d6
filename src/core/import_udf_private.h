/* What the parts of the UDF reader (import_read_udf) share: the volume as the descriptors describe it,
 * and the bounds every walk keeps to. SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parts: import_udf_tag.c (reading a descriptor and judging its tag, timestamps, CS0 strings),
 * import_udf_volume.c (anchor and volume descriptor sequence), import_udf_partition.c (partition maps,
 * the metadata partition, logical to absolute sectors), import_udf_entry.c (file entries and their
 * allocation descriptors), import_udf_dir.c (file identifier descriptors) and import_udf.c (the walk). */
#ifndef FSI_IMPORT_UDF_PRIVATE_H
#define FSI_IMPORT_UDF_PRIVATE_H

#include <stdint.h>

#include "import.h"

enum {
    UDF_READ_MAX_MAPS = 8,             /* partition maps a logical volume may have for us */
    UDF_READ_MAX_PARTITIONS = 8,       /* distinct partition descriptors kept */
    UDF_READ_MAX_AD_BLOCKS = 4096,     /* allocation extent descriptors one list may chain */
    UDF_READ_MAX_EXTENTS = 1u << 24,   /* file extents in the whole tree (each one 8 bytes in memory) */
    UDF_READ_MAX_VDS_BLOCKS = 4096,    /* descriptors one volume descriptor sequence may take */
};

/* A partition map of the logical volume, by its partition reference number (its index). */
typedef enum udf_map_kind { UDF_MAP_PHYSICAL, UDF_MAP_METADATA } udf_map_kind;

/* A run of the metadata file: metadata partition blocks [first, first + count) at absolute sectors
 * from sector. Holes of the file (unrecorded extents) have no run. */
typedef struct udf_meta_run {
    uint32_t first;
    uint32_t count;
    uint32_t sector;
} udf_meta_run;

typedef struct udf_map {
    udf_map_kind kind;
    uint16_t number; /* the partition descriptor's partition number */
    uint32_t start;  /* physical: absolute sector of block 0 */
    uint32_t length; /* blocks */
    udf_meta_run *runs; /* metadata: sorted by first, not overlapping */
    uint32_t run_count;
} udf_map;

typedef struct udf_address {
    uint32_t block;
    uint16_t ref; /* partition reference number */
} udf_address;

/* A piece of a stream (a file's or a directory's bytes) as found on the disc. */
typedef struct udf_piece {
    uint32_t sector;  /* absolute; IMPORT_LBA_ZEROS for unrecorded bytes */
    uint32_t logical; /* the block as its partition numbers it (what descriptor tags record) */
    uint32_t length;  /* bytes */
} udf_piece;

typedef struct udf_reader {
    const fsi_disc *disc;
    fsi_error *err;
    import_limits limits;
    uint8_t block[FSI_BLOCK_SIZE]; /* scratch for descriptors read one at a time */

    udf_map maps[UDF_READ_MAX_MAPS];
    uint32_t map_count;
    udf_address file_set;
    int32_t revision;
    fsi_char volume_name[129];
    uint32_t last_block;
    uint64_t extent_budget; /* file extents still allowed */
} udf_reader;

/* The parsed part of a (extended) file entry. */
typedef struct udf_entry {
    udf_address where;
    uint8_t file_type;
    uint8_t ad_type;  /* ICB flags bits 0..2: 0 short, 1 long, 2 extended, 3 embedded */
    uint64_t length;  /* information length */
    fsi_time times[3];
    uint32_t ad_offset, ad_length; /* in data: the allocation descriptors (or embedded bytes) */
    uint8_t data[FSI_BLOCK_SIZE];
} udf_entry;

enum { UDF_FILE_TYPE_DIRECTORY = 4, UDF_FILE_TYPE_FILE = 5, UDF_FILE_TYPE_REAL_TIME = 249,
       UDF_FILE_TYPE_METADATA = 250, UDF_FILE_TYPE_METADATA_MIRROR = 251, UDF_AD_EMBEDDED = 3 };

/* import_udf_tag.c */
/* Reads absolute sector into r->block and checks its tag: identifier id, checksum, CRC, and location
 * (what the tag must record: the sector, or the logical block in its partition). what names the
 * descriptor in messages. *absent (if not NULL) is set instead of failing when the block holds no tag
 * of that identifier at all, for callers that search. */
fsi_hresult udf_read_descriptor(udf_reader *r, uint32_t sector, uint16_t id, uint32_t location, const char *what,
                                int *absent);
/* The tag checks on bytes in memory (a file identifier descriptor is not block aligned); size is how
 * many bytes there are for the CRC. */
fsi_hresult udf_check_tag(udf_reader *r, const uint8_t *d, size_t size, uint16_t id, uint32_t location,
                          const char *what, uint32_t sector);
/* A timestamp (ECMA-167 1/7.3) as UTC 100-ns units since 1601; 0 when it holds no valid time. */
fsi_time udf_timestamp_to_fsi(const uint8_t ts[12]);
/* CS0 bytes (compression id first) to UTF-16 in out (room for max units + NUL); the units written,
 * or -1 when the bytes are not a valid CS0 string. */
int udf_cs0_decode(const uint8_t *cs0, size_t len, fsi_char *out, size_t max);
void udf_note_sectors(udf_reader *r, uint32_t first, uint32_t count);

/* import_udf_volume.c: anchor, volume descriptor sequence; fills maps (physical ones), file_set,
 * revision and volume_name. */
fsi_hresult udf_read_volume(udf_reader *r);

/* import_udf_partition.c */
/* The logical volume's partition maps (the LVD's table) against the partition descriptors found. */
typedef struct udf_partition_desc {
    uint16_t number;
    uint32_t start, length;
} udf_partition_desc;
fsi_hresult udf_read_partition_maps(udf_reader *r, const uint8_t *lvd, const udf_partition_desc *parts,
                                    uint32_t part_count);
/* The absolute sector of one block; fails when it lies outside its partition. */
fsi_hresult udf_map_block(udf_reader *r, udf_address a, uint32_t *sector, const char *what);
/* Appends the pieces of length bytes from block a on (split where the metadata file's runs are). */
fsi_hresult udf_map_extent(udf_reader *r, udf_address a, uint32_t length, udf_piece **pieces, uint32_t *count,
                           uint32_t *capacity, const char *what);
fsi_hresult udf_append_piece(udf_reader *r, udf_piece piece, udf_piece **pieces, uint32_t *count,
                             uint32_t *capacity);
void udf_free_maps(udf_reader *r);

/* import_udf_entry.c */
/* Reads the (extended) file entry at a. */
fsi_hresult udf_read_entry(udf_reader *r, udf_address a, udf_entry *e);
/* The entry's bytes as pieces (malloc'd, *count of them), information length in all; embedded data
 * gives none. */
fsi_hresult udf_entry_pieces(udf_reader *r, const udf_entry *e, udf_piece **pieces, uint32_t *count);

/* import_udf_dir.c: the children of the directory whose entry is e, set as dir's children (names, kind,
 * hidden) with *icbs (malloc'd, one per child) where each child's entry is; entries_left is lowered by
 * the children and bounds them. */
fsi_hresult udf_read_directory(udf_reader *r, const udf_entry *e, import_entry *dir, udf_address **icbs,
                               uint64_t *entries_left);

#endif
