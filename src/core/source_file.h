/* Sources backed by a file on disk. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_SOURCE_FILE_H
#define FSI_SOURCE_FILE_H
#include "fsi_core.h"

/* A file whose size is already known (AddTree takes it from the directory listing): no OS call. */
fsi_hresult source_file_create(const fsi_char *path, uint64_t size, fsi_source **out, fsi_error *err);

#endif
