/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* State shared by the oracle's checks: the source tree, the options, and the tally of problems. */
#ifndef ORACLE_ORACLE_H
#define ORACLE_ORACLE_H

#include "tree.h"

struct block_twin {
    uint32_t block;
    uint64_t size;
    struct node *source;        /* the source file whose bytes the Joliet file at this block holds */
};

struct oracle {
    struct node *source;        /* the source folder's tree */
    const char *base;           /* --base NAME: the source folder is this folder at the image root */
    int level;                  /* ISO 9660 interchange level the identifiers must obey */
    unsigned long files_checked;
    unsigned long problems;
    int dry_runs;               /* > 0 while trying a pairing: count problems, print nothing */
    struct block_twin *twins;   /* from the Joliet check, sorted by block; NULL without Joliet */
    size_t twin_count;
};

/* Counts one problem and, unless in a dry run, prints it as one line. */
void problem(struct oracle *o, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Compares an image file's bytes with its source file's, counting it as checked (not in dry runs). */
void compare_bytes(struct oracle *o, const char *tree, struct node *image_file, struct node *source_file);

void check_joliet(struct oracle *o, struct node *joliet_root);
void check_iso9660(struct oracle *o, struct node *iso_root);

#endif
