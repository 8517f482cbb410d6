/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_UDF_TREE_H
#define ORACLE_UDF_TREE_H

#include "tree.h"
#include "udf_oracle.h"

#include <udfread/udfread.h>

/* Walks the UDF folder dir (at image path "/" or below) and the source folder together: every source entry
 * must be in the image under its own name (or, when it does not fit in 255 bytes of CS0, a unique prefix
 * of it) with the same kind, every file with the same bytes, and the image must hold nothing else. */
void udf_tree_check(struct udf_check *check, UDFDIR *dir, const char *image_path, const struct node *source);

#endif
