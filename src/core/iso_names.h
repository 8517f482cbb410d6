/* Names as a file system records them: mapping a model name to an ISO 9660 or Joliet identifier, and
 * making the identifiers of one directory unique (the "~N" scheme).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A mapped name is kept as UTF-16 code units in every file system (ISO 9660 d-characters are ASCII), so
 * the uniqueness and ordering rules are shared. For ISO 9660 the mapped name is the identifier without
 * its version: "NAME.EXT" or "NAME" for a file with no extension (the record adds ".;1" or ";1"). */
#ifndef FSI_ISO_NAMES_H
#define FSI_ISO_NAMES_H

#include "fsi_core.h"

enum { NAME_MAX_UNITS = 64 }; /* the longest mapped name of any file system (Joliet) */

typedef struct mapped_name {
    fsi_char units[NAME_MAX_UNITS];
    uint16_t len;
    uint16_t ext_len;  /* trailing ".EXT" (dot included) that "~N" must keep; 0 when none */
    uint16_t max_len;  /* the longest name allowed for this item */
    uint8_t exact;     /* nothing was lost but letter case: such names claim their spelling first */
    uint8_t renamed;   /* names_make_unique gave it a "~N" (the mapping alone no longer makes it) */
} mapped_name;

/* ECMA-119 §7.5 and §7.6 for interchange level 1 (8.3) or 2 (30 characters for name and extension,
 * 31 for a directory): upper case, anything but d-characters becomes '_'. */
void iso_map_name(const fsi_char *name, int is_dir, int level, mapped_name *out);

/* Compares mapped names as ECMA-119 §9.3 orders records (shorter names first on a common prefix, which
 * is what padding with spaces gives for these character sets), code unit by code unit. */
int mapped_name_compare(const fsi_char *a, size_t a_len, const fsi_char *b, size_t b_len);

/* Makes the names of one directory unique, letter case ignored (readers on Windows ignore it): exact
 * names keep their spelling; any other name that is taken gets the tail of its base replaced by
 * marker and a number, "~N" (the extension kept, within max_len), and renamed set. ISO 9660 passes '_' as its marker,
 * since '~' is no d-character. Returns the index of a name that cannot be made unique, or -1 when
 * all are unique; -2 when out of memory. */
long names_make_unique(mapped_name *names, size_t count, fsi_char marker);

#endif
