/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_SOURCE_TREE_H
#define ORACLE_SOURCE_TREE_H

#include "tree.h"

/* Reads the folder tree under dir (following symbolic links); NULL, with a message, when it cannot. */
struct node *source_tree_load(const char *dir);

#endif
