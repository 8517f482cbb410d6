/* The rules a new item's name must follow beyond Windows' own (tree_path.h): UseRestrictedCharacterSet
 * and StrictFileSystemCompliance. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_NAME_RULES_H
#define FSI_NAME_RULES_H
#include "fsi_core.h"

/* Checks name (len units, a name Windows accepts) of a new directory or file against the image's rules
 * now. where names the item in the message (UTF-8: its image or source path). Restricted set and a
 * unit outside 32..127: IMAPI_E_RESTRICTED_NAME_VIOLATION; strict and a file system of the image that
 * would record the name changed: IMAPI_E_INVALID_PARAM. */
fsi_hresult name_rules_check(const fsi_image *img, const fsi_char *name, size_t len, int is_dir, const char *where,
                             fsi_error *err);

#endif
