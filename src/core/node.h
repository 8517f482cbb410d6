/* The tree's nodes: what a file or directory is, inside the core. B2's layout walks them directly.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_NODE_H
#define FSI_NODE_H
#include "fsi_core.h"

struct fsi_node {
    long refs;        /* the parent's link is one reference; COM item objects hold their own */
    uint8_t kind;     /* fsi_kind */
    uint8_t hidden;
    uint8_t in_source; /* the node lives in its source's block (node_create_file_in_source) */
    uint8_t sized;     /* a directory whose sizes the image keeps (dir_sizes.h): any change to its
                        * children must call dir_sizes_forget */
    uint8_t loose;     /* a detached item of CreateFileItem/CreateDirectoryItem not yet added anywhere:
                        * edits below it are allowed, Add attaches it (detached.c) */
    uint8_t real_time; /* a file's IsRealTime (UDF 2.01+ records it as file type 249) */
    uint8_t is_stream; /* a named stream of the file that is its parent (named_streams.h) */
    fsi_node *parent; /* not a reference; NULL for the root and for detached nodes */
    fsi_image *image; /* the image the node was made for; the COM layer keeps it alive */
    fsi_time times[3]; /* indexed by enum fsi_time_kind */
    union {
        struct {
            fsi_node **items; /* sorted by fsi_name_compare of their names */
            uint32_t count, capacity;
        } dir;
        struct {
            fsi_source *source; /* a reference */
            struct node_streams *streams; /* its named streams (named_streams.c); NULL: none */
        } file;
    } u;
    fsi_char name[]; /* NUL-terminated; empty for the root */
};

/* A new node with one reference, no parent and all times zero; NULL on out of memory.
 * A file node takes its own reference on source. */
fsi_node *node_create_directory(fsi_image *img, const fsi_char *name, size_t name_len);
fsi_node *node_create_file(fsi_image *img, const fsi_char *name, size_t name_len, fsi_source *source);
/* A file node in one block with its source, which then needs no name of its own (AddTree makes
 * 100,000s of them: one allocation and one copy of the name each). The block starts with
 * source_bytes for the source, which the caller initialises (*source_out, refs 1: the node's
 * reference); the node follows (node_in_source_block). The source's destroy frees the whole block,
 * which outlives the node as long as anyone holds the source. */
fsi_node *node_create_file_in_source(fsi_image *img, const fsi_char *name, size_t name_len, size_t source_bytes,
                                     fsi_source **source_out);
const fsi_node *node_in_source_block(const fsi_source *source, size_t source_bytes);

/* The child named name (name_len units, case-insensitive), or NULL; *index is where it is or
 * would be inserted. */
fsi_node *node_find(const fsi_node *dir, const fsi_char *name, size_t name_len, uint32_t *index);
/* Links child at index (from node_find), taking over the caller's reference. */
fsi_hresult node_insert_at(fsi_node *dir, uint32_t index, fsi_node *child, fsi_error *err);
/* Unlinks the child at index and hands its reference to the caller. */
fsi_node *node_take_at(fsi_node *dir, uint32_t index);
/* Puts child in place of the child at index (same name), returning the old one's reference. */
fsi_node *node_swap_at(fsi_node *dir, uint32_t index, fsi_node *child);
/* Makes room for count more children, so that inserting them cannot fail. */
fsi_hresult node_reserve(fsi_node *dir, uint32_t count, fsi_error *err);

/* The top of the node's chain of parents (itself when detached). */
const fsi_node *node_top(const fsi_node *node);

#endif
