/* Sources backed by a file on disk. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_SOURCE_FILE_H
#define FSI_SOURCE_FILE_H
#include "fsi_core.h"

/* A folder's path, shared by the sources of all its files so that each keeps only its own name
 * (AddTree of a large tree would otherwise store every full path). Reference counted. */
typedef struct source_folder source_folder;

source_folder *source_folder_create(const fsi_char *path, fsi_char separator); /* NULL on out of memory */
void source_folder_release(source_folder *folder);

/* A file source's whole path on disk (malloc'd); NULL for any other source or out of memory. */
fsi_char *source_file_path(const fsi_source *src);

/* The file at path, whose size is already known (AddTree takes it from the directory listing): no OS call. */
fsi_hresult source_file_create(const fsi_char *path, uint64_t size, fsi_source **out, fsi_error *err);

/* A file node of the image (see node_create_file_in_source) with a source reading folder's file of
 * the same name, whose size is size. Retains folder; NULL on out of memory. */
fsi_node *source_file_create_node(fsi_image *img, source_folder *folder, const fsi_char *name, size_t name_len,
                                  uint64_t size);

#endif
