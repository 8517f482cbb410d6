/* ISO 9660's limit on directory depth (ECMA-119 6.8.2.1): the root is level 1 and no directory may sit
 * below level 8; files inside a level-8 directory are fine. Joliet and UDF have no such limit.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_ISO_LEVELS_H
#define FSI_ISO_LEVELS_H
#include "fsi_core.h"

enum { ISO9660_MAX_LEVELS = 8 };

/* Whether the image's file systems limit the depth (ISO 9660 is selected). */
int iso_levels_apply(const fsi_image *img);
/* S_OK when item (detached, about to become a child of dir, a directory of the tree) and everything
 * below it stay within the limit; else IMAPI_E_ISO9660_LEVELS naming the first directory too deep.
 * Walks only item's subtree, and no deeper than the limit. */
fsi_hresult iso_levels_check_item(const fsi_node *dir, const fsi_node *item, fsi_error *err);
/* The same for every child of dir, already in the tree (selecting ISO 9660 for an existing tree). */
fsi_hresult iso_levels_check_tree(const fsi_node *dir, fsi_error *err);

#endif
