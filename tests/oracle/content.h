/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_CONTENT_H
#define ORACLE_CONTENT_H

#include "tree.h"

/* Fills file->hash from its bytes (once); false, with a message, when they cannot be read. */
bool content_hash(struct node *file);

enum content_verdict { CONTENT_SAME, CONTENT_DIFFERENT, CONTENT_UNREADABLE };

/* Compares every byte of an image file with a source file; *offset is the first difference. */
enum content_verdict content_compare(struct node *image_file, struct node *source_file, uint64_t *offset);

#endif
