/* Named streams of file nodes, and what they add to the image's totals.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_NAMED_STREAMS_H
#define FSI_NAMED_STREAMS_H
#include "fsi_core.h"

/* A file's streams in the order they were added; each a file node with is_stream set whose parent is
 * the file (not a reference) and whose reference the list holds. */
struct node_streams {
    uint32_t count;
    fsi_node *items[];
};

/* Unlinks and releases a file's streams (the file is going away). */
void node_streams_free(fsi_node *file);
/* Adds (sign +1) or subtracts (-1) a file's streams to the image's stream totals. */
void node_streams_account(fsi_image *img, const fsi_node *file, int sign);
/* Whether the image's file systems record named streams (UDF 2.00 and later). */
int named_streams_recorded(const fsi_image *img);

#endif
