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
/* A stream for a file of a tree AddTree is building (not yet in the image, so no totals change and no
 * limit applies yet): the name's checks and duplicates as fsi_file_add_stream, dated as the file. */
fsi_hresult node_stream_attach(fsi_node *file, const fsi_char *name, fsi_source *src, fsi_error *err);
/* The named streams of the files of a subtree. */
uint32_t node_streams_in_tree(const fsi_node *node);
/* Whether the image's file systems record named streams (UDF 2.00 and later). */
int named_streams_recorded(const fsi_image *img);

#endif
