/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The oracle's own picture of a folder tree, filled either from a source folder on disk or from one
 * directory tree (Joliet or plain ISO 9660) of an image read by libisofs, so both can be walked alike. */
#ifndef ORACLE_TREE_H
#define ORACLE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NO_BLOCK UINT32_MAX

struct node {
    char *name;                 /* as on disk, or as recorded in the image (ISO: with ";1") */
    char *path;                 /* "/a/b" from the tree's root, for messages */
    bool is_dir;
    uint64_t size;
    uint32_t block;             /* image files: first block of the data extent, or NO_BLOCK */
    char *disk_path;            /* source files: where to read the bytes */
    void *image_file;           /* image files: the libisofs IsoFile holding the bytes */
    bool hashed;
    uint64_t hash;              /* content hash, valid once hashed */
    struct node *twin;          /* Joliet files: the source file they were matched with */
    struct node **children;
    size_t child_count;
};

/* exits the oracle when memory runs out: a reader that cannot allocate can only give up */
void *checked(void *p);

struct node *node_new(const struct node *parent, const char *name, bool is_dir);
void node_add_child(struct node *dir, struct node *child);
void node_free(struct node *node);
size_t node_count_files(const struct node *dir);
size_t node_count_dirs(const struct node *dir);

/* UTF-16 code units a UTF-8 name takes (characters outside the BMP take two). */
size_t utf16_length(const char *utf8);

#endif
