/* The few OS calls the core needs. win32.c implements them for the DLL, posix.c for native tests.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Paths are UTF-16 (the posix side converts to UTF-8 and accepts "\" as a separator too). Errors are
 * HRESULTs: HRESULT_FROM_WIN32 of the Windows error (the posix side maps errno to the same values,
 * e.g. ENOENT -> 0x80070002, ENOTDIR -> 0x80070003, EACCES -> 0x80070005).
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include "fsi_core.h"

typedef struct platform_file platform_file;

typedef struct platform_file_info {
    int is_directory;
    int is_hidden; /* FILE_ATTRIBUTE_HIDDEN; posix: name starts with '.' */
    uint64_t size;
    fsi_time created, accessed, modified;
} platform_file_info;

fsi_hresult platform_open_read(const fsi_char *path, platform_file **out);
/* Reads up to len bytes at offset; *got < len only at end of file. */
fsi_hresult platform_read_at(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got);
void platform_close(platform_file *f);

fsi_hresult platform_stat(const fsi_char *path, platform_file_info *info);

/* Calls cb once per entry except "." and "..", in no particular order, with what the directory
 * listing already knows (no extra call per file). A non-zero return from cb stops the listing and
 * is returned as is. */
typedef fsi_hresult (*platform_list_cb)(void *ctx, const fsi_char *name, const platform_file_info *info);
fsi_hresult platform_list_directory(const fsi_char *path, platform_list_cb cb, void *ctx);

/* Calls cb once per named data stream of the file at path (NTFS alternate data streams: the name
 * without its ':' and ':$DATA', and its size), never for the file's own unnamed data. A file system
 * without streams, or a platform without them (posix), lists none. A non-zero return from cb stops
 * the listing and is returned as is. */
typedef fsi_hresult (*platform_stream_cb)(void *ctx, const fsi_char *name, uint64_t size);
fsi_hresult platform_list_streams(const fsi_char *path, platform_stream_cb cb, void *ctx);

fsi_time platform_now(void);

/* Atomic reference counts (Interlocked* on Windows, C11 atomics elsewhere). */
long platform_atomic_increment(long *value);
long platform_atomic_decrement(long *value);

#endif
