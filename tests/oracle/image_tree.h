/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_IMAGE_TREE_H
#define ORACLE_IMAGE_TREE_H

#include "tree.h"

enum image_view {
    VIEW_JOLIET,    /* the Joliet directory tree (names as recorded, UTF-16 turned into UTF-8) */
    VIEW_ISO9660,   /* the plain ECMA-119 tree: no Joliet, no Rock Ridge, identifiers exactly as recorded */
};

struct image;

/* Loads one view of the image file with libisofs; NULL, with a message, when libisofs refuses it.
 * *has_joliet tells whether the image has a Joliet tree at all (without one, VIEW_JOLIET shows ISO 9660). */
struct image *image_load(const char *path, enum image_view view, bool *has_joliet);
struct node *image_root(struct image *image);
void image_free(struct image *image);

void image_library_init(void);
void image_library_finish(void);

#endif
