/* The core's OS calls on POSIX systems (the native build and its tests).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* preadv */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/statvfs.h>
#ifdef __linux__
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#endif
#include <time.h>
#include <unistd.h>

#include "platform.h"

struct platform_file {
    int fd;
};

/* The Windows error a Win32 call would give for the same failure, as HRESULT_FROM_WIN32. */
static fsi_hresult hresult_from_errno(int error)
{
    unsigned win32;
    switch (error) {
    case ENOENT: win32 = 2; break;                 /* ERROR_FILE_NOT_FOUND */
    case ENOTDIR: win32 = 3; break;                /* ERROR_PATH_NOT_FOUND */
    case EMFILE: case ENFILE: win32 = 4; break;    /* ERROR_TOO_MANY_OPEN_FILES */
    case EACCES: case EPERM: case EISDIR: win32 = 5; break; /* ERROR_ACCESS_DENIED */
    case ENOMEM: win32 = 8; break;                 /* ERROR_NOT_ENOUGH_MEMORY */
    case ENOSPC: win32 = 112; break;               /* ERROR_DISK_FULL */
    case EFBIG: win32 = 223; break;                /* ERROR_FILE_TOO_LARGE */
    case EIO: win32 = 30; break;                   /* ERROR_READ_FAULT */
    case EINVAL: win32 = 87; break;                /* ERROR_INVALID_PARAMETER */
    case ENAMETOOLONG: win32 = 206; break;         /* ERROR_FILENAME_EXCED_RANGE */
    case ELOOP: win32 = 1921; break;               /* ERROR_CANT_RESOLVE_FILENAME */
    default: return (fsi_hresult)0x80004005;       /* E_FAIL */
    }
    return (fsi_hresult)(0x80070000u | win32);
}

/* UTF-8 with "/" separators; NULL on out of memory. */
static char *native_path(const fsi_char *path)
{
    size_t size = fsi_strlen16(path) * 3 + 1, i;
    char *out = malloc(size);
    if (!out)
        return NULL;
    fsi_utf16_to_utf8(path, out, size);
    for (i = 0; out[i]; i++)
        if (out[i] == '\\')
            out[i] = '/';
    return out;
}

static fsi_time filetime_from_timespec(struct timespec ts)
{
    const int64_t seconds_1601_to_1970 = 11644473600LL;
    return ((int64_t)ts.tv_sec + seconds_1601_to_1970) * 10000000 + ts.tv_nsec / 100;
}

static void info_from_stat(const struct stat *st, const char *name, platform_file_info *info)
{
    info->is_directory = S_ISDIR(st->st_mode);
    info->is_hidden = name[0] == '.';
    info->size = S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
    info->modified = filetime_from_timespec(st->st_mtim);
    info->accessed = filetime_from_timespec(st->st_atim);
    /* POSIX keeps no creation time; the last change of the contents is the closest. */
    info->created = info->modified;
}

fsi_hresult platform_open_read(const fsi_char *path, platform_file **out)
{
    char *native = native_path(path);
    platform_file *f;
    int fd;
    if (!native)
        return hresult_from_errno(ENOMEM);
    fd = open(native, O_RDONLY | O_CLOEXEC);
    free(native);
    if (fd < 0)
        return hresult_from_errno(errno);
    /* A folder opens here, unlike on Windows; its first read fails with EISDIR, which maps to the error
     * Windows gives at the open (ERROR_ACCESS_DENIED). No fstat to tell at once: that would be a system
     * call per file the DLL does not make. */
    f = malloc(sizeof(*f));
    if (!f) {
        close(fd);
        return hresult_from_errno(ENOMEM);
    }
    f->fd = fd;
    *out = f;
    return 0;
}

fsi_hresult platform_read_at(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(f->fd, (char *)buf + done, len - done, (off_t)(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *got = done;
            return hresult_from_errno(errno);
        }
        if (n == 0)
            break;
        done += (size_t)n;
    }
    *got = done;
    return 0;
}

fsi_hresult platform_read_at_and_peek(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got,
                                      int *more)
{
    unsigned char beyond;
    struct iovec parts[2] = {{buf, len}, {&beyond, 1}};
    ssize_t n;
    *more = 0;
    do
        n = preadv(f->fd, parts, 2, (off_t)offset);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        *got = 0;
        return hresult_from_errno(errno);
    }
    if ((size_t)n > len) {
        *got = len;
        *more = 1;
        return 0;
    }
    if ((size_t)n == len) { /* a regular file reads short only at its end: nothing after it */
        *got = len;
        return 0;
    }
    /* Short: the rest as platform_read_at reads it (to the end of the file or an error). */
    {
        size_t rest = 0;
        fsi_hresult hr = platform_read_at(f, offset + (size_t)n, (char *)buf + n, len - (size_t)n, &rest);
        *got = (size_t)n + rest;
        return hr;
    }
}

void platform_close(platform_file *f)
{
    if (f) {
        close(f->fd);
        free(f);
    }
}

fsi_hresult platform_stat(const fsi_char *path, platform_file_info *info)
{
    char *native = native_path(path);
    const char *base;
    struct stat st;
    int rc;
    if (!native)
        return hresult_from_errno(ENOMEM);
    rc = stat(native, &st);
    if (rc != 0) {
        int error = errno;
        free(native);
        return hresult_from_errno(error);
    }
    base = strrchr(native, '/');
    info_from_stat(&st, base ? base + 1 : native, info);
    free(native);
    return 0;
}

fsi_hresult platform_list_directory(const fsi_char *path, platform_list_cb cb, void *ctx)
{
    char *native = native_path(path);
    fsi_hresult hr = 0;
    struct dirent *entry;
    DIR *dir;
    if (!native)
        return hresult_from_errno(ENOMEM);
    dir = opendir(native);
    free(native);
    if (!dir)
        return hresult_from_errno(errno);
    for (;;) {
        platform_file_info info;
        struct stat st;
        fsi_char *name;
        errno = 0;
        entry = readdir(dir);
        if (!entry) {
            if (errno)
                hr = hresult_from_errno(errno);
            break;
        }
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        if (fstatat(dirfd(dir), entry->d_name, &st, 0) != 0) {
            if (errno == ENOENT)
                continue; /* a dangling symbolic link: nothing to read */
            hr = hresult_from_errno(errno);
            break;
        }
        info_from_stat(&st, entry->d_name, &info);
        name = fsi_utf8_to_utf16(entry->d_name);
        if (!name) {
            hr = hresult_from_errno(ENOMEM);
            break;
        }
        hr = cb(ctx, name, &info);
        fsi_free(name);
        if (hr)
            break;
    }
    closedir(dir);
    return hr;
}

/* POSIX files have no named data streams (extended attributes are another thing). */
fsi_hresult platform_list_streams(const fsi_char *path, platform_stream_cb cb, void *ctx)
{
    (void)path, (void)cb, (void)ctx;
    return 0;
}

fsi_time platform_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return filetime_from_timespec(ts);
}

uint64_t platform_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#ifdef __linux__
/* The file system types (statfs f_type, linux/magic.h) that say what kind of drive it is. */
static platform_drive drive_from_fs_type(long type)
{
    switch ((unsigned long)type & 0xFFFFFFFFu) {
    case 0x6969: case 0x517B: case 0xFF534D42: case 0xFE534D42: /* NFS, SMB, CIFS, SMB2 */
    case 0x01021997: case 0x5346414F: case 0x73757245:       /* 9P, AFS, Coda */
        return PLATFORM_DRIVE_REMOTE;
    case 0x9660: case 0x15013346:                             /* ISO 9660, UDF */
        return PLATFORM_DRIVE_OPTICAL;
    case 0x01021994: case 0x858458F6:                         /* tmpfs, ramfs */
        return PLATFORM_DRIVE_RAMDISK;
    default:
        return PLATFORM_DRIVE_UNKNOWN;
    }
}

/* The block device's "removable" flag in sysfs: the device's own, or for a partition its disk's. */
static int device_removable(dev_t dev)
{
    static const char *const forms[] = {"/sys/dev/block/%u:%u/removable", "/sys/dev/block/%u:%u/../removable"};
    size_t i;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        char path[64], flag = 0;
        FILE *f;
        snprintf(path, sizeof(path), forms[i], major(dev), minor(dev));
        if ((f = fopen(path, "r"))) {
            int got = fread(&flag, 1, 1, f) == 1;
            fclose(f);
            if (got)
                return flag == '1';
        }
    }
    return 0;
}
#endif

platform_drive platform_drive_type(const fsi_char *path)
{
    char *native = native_path(path);
    platform_drive drive = PLATFORM_DRIVE_UNKNOWN;
    struct stat st;
    if (!native)
        return drive;
    if (stat(native, &st) == 0) {
        drive = PLATFORM_DRIVE_FIXED;
#ifdef __linux__
        struct statfs fs;
        platform_drive by_type = statfs(native, &fs) == 0 ? drive_from_fs_type((long)fs.f_type) : PLATFORM_DRIVE_UNKNOWN;
        if (by_type != PLATFORM_DRIVE_UNKNOWN)
            drive = by_type;
        else if (device_removable(st.st_dev))
            drive = PLATFORM_DRIVE_REMOVABLE;
#endif
    }
    free(native);
    return drive;
}

fsi_hresult platform_volume_id(const fsi_char *path, uint64_t *id)
{
    char *native = native_path(path);
    struct stat st;
    int rc;
    if (!native)
        return hresult_from_errno(ENOMEM);
    rc = stat(native, &st);
    free(native);
    if (rc != 0)
        return hresult_from_errno(errno);
    *id = (uint64_t)st.st_dev;
    return 0;
}

long platform_atomic_increment(long *value)
{
    return atomic_fetch_add((_Atomic long *)value, 1) + 1;
}

long platform_atomic_decrement(long *value)
{
    return atomic_fetch_sub((_Atomic long *)value, 1) - 1;
}

struct platform_stash_file {
    int fd;
};

/* mkstemp makes a name of its own; unlinking it at once leaves a file only this descriptor reaches,
 * which the kernel frees when it is closed, also when the process dies. */
fsi_hresult platform_stash_create(const fsi_char *folder, platform_stash_file **out)
{
    static const char pattern[] = "/fsi-stash-XXXXXX";
    char *native = native_path(folder), *name;
    size_t len;
    platform_stash_file *f;
    int fd, error;
    if (!native)
        return hresult_from_errno(ENOMEM);
    len = strlen(native);
    name = malloc(len + sizeof(pattern));
    if (!name) {
        free(native);
        return hresult_from_errno(ENOMEM);
    }
    memcpy(name, native, len);
    memcpy(name + len, pattern, sizeof(pattern));
    free(native);
    fd = mkstemp(name);
    error = errno;
    if (fd >= 0) {
        unlink(name);
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    free(name);
    if (fd < 0)
        return hresult_from_errno(error);
    if (!(f = malloc(sizeof(*f)))) {
        close(fd);
        return hresult_from_errno(ENOMEM);
    }
    f->fd = fd;
    *out = f;
    return 0;
}

fsi_hresult platform_stash_read_at(platform_stash_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
    platform_file file = {f->fd};
    return platform_read_at(&file, offset, buf, len, got);
}

fsi_hresult platform_stash_write_at(platform_stash_file *f, uint64_t offset, const void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(f->fd, (const char *)buf + done, len - done, (off_t)(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return hresult_from_errno(errno);
        if (n == 0)
            return hresult_from_errno(ENOSPC);
        done += (size_t)n;
    }
    return 0;
}

fsi_hresult platform_stash_truncate(platform_stash_file *f, uint64_t size)
{
    return ftruncate(f->fd, (off_t)size) == 0 ? 0 : hresult_from_errno(errno);
}

void platform_stash_close(platform_stash_file *f)
{
    if (f) {
        close(f->fd);
        free(f);
    }
}

fsi_hresult platform_free_space(const fsi_char *folder, uint64_t *bytes)
{
    char *native = native_path(folder);
    struct statvfs st;
    int rc;
    if (!native)
        return hresult_from_errno(ENOMEM);
    rc = statvfs(native, &st);
    free(native);
    if (rc != 0)
        return hresult_from_errno(errno);
    *bytes = (uint64_t)st.f_bavail * st.f_frsize;
    return 0;
}

struct platform_rwlock {
    pthread_rwlock_t lock;
};

platform_rwlock *platform_rwlock_create(void)
{
    platform_rwlock *lock = malloc(sizeof(*lock));
    if (lock && pthread_rwlock_init(&lock->lock, NULL) != 0) {
        free(lock);
        return NULL;
    }
    return lock;
}

void platform_rwlock_destroy(platform_rwlock *lock)
{
    if (lock) {
        pthread_rwlock_destroy(&lock->lock);
        free(lock);
    }
}

void platform_rwlock_read(platform_rwlock *lock)
{
    pthread_rwlock_rdlock(&lock->lock);
}

void platform_rwlock_read_done(platform_rwlock *lock)
{
    pthread_rwlock_unlock(&lock->lock);
}

void platform_rwlock_write(platform_rwlock *lock)
{
    pthread_rwlock_wrlock(&lock->lock);
}

void platform_rwlock_write_done(platform_rwlock *lock)
{
    pthread_rwlock_unlock(&lock->lock);
}
