/* Paths inside the image: "\a\b" or "a/b", checked the way Windows checks file names.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_TREE_PATH_H
#define FSI_TREE_PATH_H
#include "fsi_core.h"

enum { FSI_MAX_NAME = 255 }; /* UTF-16 units per name, as NTFS */

int path_is_separator(fsi_char c);
/* A name Windows accepts: 1..255 units, not "." or "..", no control characters, none of \ / : * ? " < > | */
int path_name_is_valid(const fsi_char *name, size_t len);

/* Checks a whole path (one leading separator allowed; no empty components) and counts its names
 * (0: the directory itself). IMAPI_E_INVALID_PATH naming the path otherwise. */
fsi_hresult path_check(const fsi_char *path, size_t *components, fsi_error *err);
/* Steps to the next name of a checked path: *cursor starts at the path; returns 0 at the end. */
int path_next(const fsi_char **cursor, const fsi_char **name, size_t *len);

/* Walks a checked path from dir. Every name but the last must be a directory (IMAPI_E_DIR_NOT_FOUND
 * if missing, IMAPI_E_NOT_DIR if a file); gives that directory and the last name (len 0 when the
 * path names dir itself). */
fsi_hresult path_walk_to_parent(fsi_node *dir, const fsi_char *path, fsi_node **parent,
                                const fsi_char **last, size_t *last_len, fsi_error *err);

#endif
