/* Reading a file system that is already on a disc (or in an image file): what ImportFileSystem,
 * IdentifyFileSystemsOnDisc and IIsoImageManager::Validate build on. Core-internal.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The readers (import_iso9660.c for ISO 9660 and Joliet, import_udf.c for UDF) turn the metadata of one
 * session into an import_tree: names, kinds, sizes, times and, for each file, where its bytes lie on the
 * disc. They never read file data. Their input is hostile: every length, offset, count and depth is
 * checked against the disc and against import_limits, every directory is read at most once (a loop or a
 * directory shared by two parents is an inconsistency, not a hang or an exponential tree), and a bad
 * structure gives IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR with a message saying what and where
 * (a feature the reader does not handle: IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED; the file system not
 * there at all: IMAPI_E_FILE_SYSTEM_NOT_FOUND; a failed sector read: the disc's own error).
 */
#ifndef FSI_IMPORT_H
#define FSI_IMPORT_H
#include "fsi_core.h"

/* Sectors of a disc or an image file, 2048 bytes each, addressed from the start of the disc. */
typedef struct fsi_disc {
    /* Reads count sectors from lba into buf; fails with IMAPI_E_IMPORT_READ_FAILURE (or
     * IMAPI_E_IMPORT_SEEK_FAILURE) and a message. Readers only ask for lba + count <= end. */
    fsi_hresult (*read)(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err);
    void *ctx;
    uint32_t session_start; /* first sector of the session read: its descriptors are found from here
                             * (StartAddressOfPreviousSession of a disc; 0 for an image file) */
    uint32_t end;           /* sectors that can be read: [0, end) (LastWrittenAddress + 1; an image
                             * file's size / 2048) */
} fsi_disc;

/* A piece of a file's bytes on the disc. */
typedef struct import_extent {
    uint32_t lba;    /* absolute sector; IMPORT_LBA_ZEROS: not recorded, reads as zeros (UDF) */
    uint32_t length; /* bytes; every extent but a file's last is a whole number of sectors */
} import_extent;
#define IMPORT_LBA_ZEROS UINT32_MAX

typedef struct import_entry import_entry;
struct import_entry {
    fsi_char *name;       /* NUL-terminated UTF-16 as the file system records it: ISO 9660 without
                           * ";version" nor the "." of a name without extension; "" for the root */
    uint8_t is_dir;
    uint8_t hidden;       /* ISO 9660 / Joliet existence bit; UDF FID characteristic bit 0 */
    fsi_time times[3];    /* by enum fsi_time_kind; 0 when the file system does not record one */
    uint64_t size;        /* bytes (files) */
    import_extent *extents; /* files: in file order; their lengths add up to size (unless inline) */
    uint32_t extent_count;
    uint8_t *inline_data; /* UDF: the bytes embedded in the file entry (size of them); else NULL */
    import_entry *children; /* directories: every child, in the order recorded (no "." / "..") */
    uint32_t child_count;
};

typedef struct import_tree {
    import_entry root;
    uint32_t file_system;    /* FSI_FS_ISO9660, FSI_FS_JOLIET or FSI_FS_UDF: which one was read */
    fsi_char volume_name[129]; /* the volume label as recorded (trailing spaces cut), NUL-terminated */
    uint32_t last_block;     /* the highest sector the session uses (metadata and file data) */
    uint64_t files, directories; /* counted below the root (the root not counted) */
    int32_t udf_revision;    /* UDF: the Domain Identifier's revision, e.g. 0x102; else 0 */
} import_tree;

/* Bounds a reader keeps to, whatever the disc says. */
typedef struct import_limits {
    uint32_t max_depth;      /* directories below the root; deeper is an inconsistency */
    uint64_t max_entries;    /* files + directories */
} import_limits;
#define IMPORT_DEFAULT_MAX_DEPTH 1000u
#define IMPORT_DEFAULT_MAX_ENTRIES 10000000u

/* limits NULL: the defaults. joliet: read the Joliet supplementary descriptor's tree instead of the
 * primary one (IMAPI_E_FILE_SYSTEM_NOT_FOUND when there is none). */
fsi_hresult import_read_iso9660(const fsi_disc *disc, int joliet, const import_limits *limits, import_tree **out,
                                fsi_error *err);
fsi_hresult import_read_udf(const fsi_disc *disc, const import_limits *limits, import_tree **out, fsi_error *err);
void import_tree_free(import_tree *tree); /* NULL is fine */

/* Which file systems the session at disc->session_start carries (FSI_FS_* bits, 0: none), judged by
 * their descriptors only (ISO 9660: a primary volume descriptor; Joliet: a supplementary one with a
 * UCS-2 escape; UDF: the volume recognition sequence with NSR02/NSR03 and an anchor). */
fsi_hresult import_identify(const fsi_disc *disc, uint32_t *file_systems, fsi_error *err);

/* An fsi_disc over a file of this machine (tests, fuzzing, IIsoImageManager): end = its size / 2048. */
fsi_hresult import_disc_open_file(const fsi_char *path, fsi_disc *disc, fsi_error *err);
/* An fsi_disc over bytes in memory (fuzzing): a last partial sector reads zero-padded. */
void import_disc_from_memory(const void *data, size_t len, fsi_disc *disc);
void import_disc_close(fsi_disc *disc); /* for import_disc_open_file; a no-op for memory */

#endif
