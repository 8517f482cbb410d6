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
/* platform_read_at, and *more tells whether the file has at least one byte after what was asked for (a
 * file grown since its size was taken): one system call where the OS reads into two buffers at once. */
fsi_hresult platform_read_at_and_peek(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got,
                                      int *more);
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

/* What the staging probe asks of the OS (stage_probe.c). Tests replace these through the probe's own
 * hooks (stage_probe_hooks), not here. */

/* A monotonic clock in nanoseconds (QueryPerformanceCounter; clock_gettime(CLOCK_MONOTONIC)): only
 * differences mean anything. */
uint64_t platform_clock_ns(void);

/* The kind of drive a path lives on, as GetDriveTypeW tells it for the path's root (a UNC path is
 * remote). posix: from the file system type (NFS/SMB remote, ISO 9660/UDF optical, tmpfs ram disk) and
 * the block device's removable flag; fixed otherwise. */
typedef enum platform_drive {
    PLATFORM_DRIVE_UNKNOWN = 0,
    PLATFORM_DRIVE_FIXED,
    PLATFORM_DRIVE_REMOVABLE,
    PLATFORM_DRIVE_OPTICAL,
    PLATFORM_DRIVE_REMOTE,
    PLATFORM_DRIVE_RAMDISK,
} platform_drive;
platform_drive platform_drive_type(const fsi_char *path);

/* An identity of the volume (drive) a path lives on, equal for two paths on the same volume: on Windows
 * a hash of the drive letter or of the UNC \\server\share (the path's text only: no OS call for a full
 * path); posix: st_dev of the path. Fails when the path cannot be resolved. */
fsi_hresult platform_volume_id(const fsi_char *path, uint64_t *id);

/* Atomic reference counts (Interlocked* on Windows, C11 atomics elsewhere). */
long platform_atomic_increment(long *value);
long platform_atomic_decrement(long *value);

/* Stash files (stash.c): bytes the image copies files into at add time. Made in folder under a name of
 * their own and gone when closed, even if the process dies meanwhile (Windows: FILE_FLAG_DELETE_ON_CLOSE;
 * posix: unlinked as soon as made), so nothing is left behind. Read and written at explicit offsets
 * with no shared file position: several threads may read and write different ranges at once. */
typedef struct platform_stash_file platform_stash_file;
fsi_hresult platform_stash_create(const fsi_char *folder, platform_stash_file **out);
/* Reads up to len bytes at offset; *got < len only at end of file. */
fsi_hresult platform_stash_read_at(platform_stash_file *f, uint64_t offset, void *buf, size_t len, size_t *got);
/* Writes all len bytes at offset (the file grows as needed). A full disk: HRESULT_FROM_WIN32(ERROR_DISK_FULL). */
fsi_hresult platform_stash_write_at(platform_stash_file *f, uint64_t offset, const void *buf, size_t len);
/* Cuts the file to size bytes (the disk space past it is freed). */
fsi_hresult platform_stash_truncate(platform_stash_file *f, uint64_t size);
void platform_stash_close(platform_stash_file *f); /* and so deletes it */

/* The bytes the caller may still write on the volume that holds folder. */
fsi_hresult platform_free_space(const fsi_char *folder, uint64_t *bytes);

/* A lock that several readers share or one writer holds alone (SRW lock; pthread rwlock). */
typedef struct platform_rwlock platform_rwlock;
platform_rwlock *platform_rwlock_create(void); /* NULL on out of memory */
void platform_rwlock_destroy(platform_rwlock *lock);
void platform_rwlock_read(platform_rwlock *lock);
void platform_rwlock_read_done(platform_rwlock *lock);
void platform_rwlock_write(platform_rwlock *lock);
void platform_rwlock_write_done(platform_rwlock *lock);

#endif
