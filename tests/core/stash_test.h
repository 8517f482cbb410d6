/* What the stash tests share: a stash_config whose calls can be made to fail, sources of known bytes,
 * reading a source back, and the stash files this process holds open (/proc/self/fd).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef STASH_TEST_H
#define STASH_TEST_H
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hresult.h"
#include "scratch.h"
#include "stash.h"

/* The next calls fail as set: *_left counts the calls that still succeed (-1: all), then every call fails
 * with *_error. free_bytes replaces the folder's real free space unless UINT64_MAX. */
static struct {
    int creates_left, writes_left, reads_left;
    fsi_hresult create_error, write_error, read_error;
    uint64_t free_bytes;
    fsi_hresult free_space_error; /* 0: none */
    unsigned free_space_calls;    /* counts every call */
} inject;

static inline void inject_none(void)
{
    inject.creates_left = inject.writes_left = inject.reads_left = -1;
    inject.create_error = inject.write_error = inject.read_error = FSI_HR(0x8007001F); /* ERROR_GEN_FAILURE */
    inject.free_bytes = UINT64_MAX;
    inject.free_space_error = 0;
}

static inline int injected(int *left)
{
    if (*left < 0)
        return 0;
    if (*left == 0)
        return 1;
    --*left;
    return 0;
}

static inline fsi_hresult test_create(const fsi_char *folder, platform_stash_file **out)
{
    return injected(&inject.creates_left) ? inject.create_error : platform_stash_create(folder, out);
}

static inline fsi_hresult test_read_at(platform_stash_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
    return injected(&inject.reads_left) ? inject.read_error : platform_stash_read_at(f, offset, buf, len, got);
}

static inline fsi_hresult test_write_at(platform_stash_file *f, uint64_t offset, const void *buf, size_t len)
{
    return injected(&inject.writes_left) ? inject.write_error : platform_stash_write_at(f, offset, buf, len);
}

static inline fsi_hresult test_free_space(const fsi_char *folder, uint64_t *bytes)
{
    inject.free_space_calls++;
    if (inject.free_space_error)
        return inject.free_space_error;
    if (inject.free_bytes != UINT64_MAX) {
        *bytes = inject.free_bytes;
        return 0;
    }
    return platform_free_space(folder, bytes);
}

/* Stash files of file_bytes each (0: the default), with the calls above. */
static inline stash_config test_config(uint64_t file_bytes)
{
    stash_config config = {file_bytes ? file_bytes : stash_default_config.file_bytes, test_create, test_read_at,
                           test_write_at, test_free_space, 0};
    inject_none();
    return config;
}

/* Byte i of a source made with seed. */
static inline unsigned char pattern_byte(size_t i, unsigned seed)
{
    return (unsigned char)((i * 131 + (i >> 11) * 7 + seed * 29) & 0xFF);
}

static inline fsi_source *pattern_source(size_t len, unsigned seed)
{
    unsigned char *data = malloc(len ? len : 1);
    fsi_source *src = NULL;
    for (size_t i = 0; i < len; i++)
        data[i] = pattern_byte(i, seed);
    CHECK_HR(fsi_source_from_memory(data, len, &src, NULL), 0);
    free(data);
    return src;
}

/* Whether src's bytes from offset (len of them, read in pieces of piece) are the pattern of seed. */
static inline int source_matches(fsi_source *src, uint64_t offset, size_t len, size_t piece, unsigned seed)
{
    unsigned char *buf = malloc(piece ? piece : 1);
    void *handle = NULL;
    int opened = src->ops->open(src, &handle, NULL) >= 0, same = opened;
    for (size_t done = 0; same && done < len;) {
        size_t part = len - done < piece ? len - done : piece;
        fsi_error err = {0};
        fsi_hresult hr = src->ops->read(src, handle, offset + done, buf, part, &err);
        if (hr < 0) {
            fprintf(stderr, "read at %llu: 0x%08X %s\n", (unsigned long long)(offset + done), (unsigned)hr,
                    err.message);
            same = 0;
            break;
        }
        for (size_t i = 0; i < part && same; i++)
            same = buf[i] == pattern_byte((size_t)offset + done + i, seed);
        done += part;
    }
    if (opened)
        src->ops->close(src, handle);
    free(buf);
    return same;
}

static inline int whole_matches(fsi_source *src, unsigned seed)
{
    return source_matches(src, 0, (size_t)src->size, 300000, seed);
}

/* The UTF-16 of a path in the scratch folder; caller frees with fsi_free. */
static inline fsi_char *folder16(const char *relative)
{
    return fsi_utf8_to_utf16(at(relative));
}

/* The stash files of folder this process holds open: how many, all of them already deleted (unlinked),
 * and their bytes together. */
typedef struct open_stash_files {
    int count, deleted;
    uint64_t bytes;
} open_stash_files;

static inline open_stash_files stash_files_open(const char *folder)
{
    open_stash_files found = {0, 0, 0};
    char real[PATH_MAX], prefix[PATH_MAX + 16];
    DIR *fds = opendir("/proc/self/fd");
    struct dirent *entry;
    if (!realpath(folder, real))
        snprintf(real, sizeof(real), "%s", folder);
    snprintf(prefix, sizeof(prefix), "%s/fsi-stash-", real);
    CHECK(fds != NULL);
    while (fds && (entry = readdir(fds))) {
        char link[300], target[PATH_MAX + 32];
        ssize_t n;
        struct stat st;
        snprintf(link, sizeof(link), "/proc/self/fd/%s", entry->d_name);
        n = readlink(link, target, sizeof(target) - 1);
        if (n <= 0)
            continue;
        target[n] = 0;
        if (strncmp(target, prefix, strlen(prefix)))
            continue;
        found.count++;
        if (n > 10 && !strcmp(target + n - 10, " (deleted)"))
            found.deleted++;
        if (stat(link, &st) == 0)
            found.bytes += (uint64_t)st.st_size;
    }
    if (fds)
        closedir(fds);
    return found;
}

/* Entries in a folder, "." and ".." aside. */
static inline int folder_entries(const char *folder)
{
    DIR *dir = opendir(folder);
    struct dirent *entry;
    int count = 0;
    CHECK(dir != NULL);
    while (dir && (entry = readdir(dir)))
        count += strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..");
    if (dir)
        closedir(dir);
    return count;
}

#endif
