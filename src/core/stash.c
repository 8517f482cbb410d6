/* The stash's files and runs: made, grown, cut back, moved. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "message.h"
#include "stash.h"
#include "stash_extents.h"

struct stash {
    long refs;
    stash_config config;
    platform_rwlock *lock;
    fsi_char *folder;
    platform_stash_file **files; /* the first file_count cover every block below runs.end */
    size_t file_count;
    stash_extents runs;
    uint64_t space_granted; /* bytes the stash may still grow by without asking (config.space_allowance) */
};

enum { COPY_BYTES = 1 << 20 };

const stash_config stash_default_config = {
    (uint64_t)1 << 30, platform_stash_create, platform_stash_read_at, platform_stash_write_at, platform_free_space,
    (uint64_t)64 << 20,
};

static fsi_hresult check_folder(const fsi_char *folder, fsi_error *err)
{
    platform_file_info info;
    message_text text;
    fsi_hresult hr = platform_stat(folder, &info);
    if (hr < 0 || !info.is_directory)
        return fsi_fail(err, IMAPI_E_INVALID_WORKING_DIRECTORY, "'%s' is not a folder (error 0x%08X)",
                        message_utf8(folder, &text), (unsigned)(hr < 0 ? hr : 0));
    return FSI_S_OK;
}

fsi_hresult stash_create(const fsi_char *folder, const stash_config *config, stash **out, fsi_error *err)
{
    stash *s;
    fsi_hresult hr = check_folder(folder, err);
    if (hr < 0)
        return hr;
    if (!(s = calloc(1, sizeof(*s))) || !(s->folder = fsi_strdup16(folder)) || !(s->lock = platform_rwlock_create())) {
        if (s)
            free(s->folder);
        free(s);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a stash");
    }
    s->refs = 1;
    s->config = config ? *config : stash_default_config;
    stash_extents_init(&s->runs);
    *out = s;
    return FSI_S_OK;
}

stash *stash_retain(stash *s)
{
    platform_atomic_increment(&s->refs);
    return s;
}

static void close_files(platform_stash_file **files, size_t count)
{
    for (size_t i = 0; i < count; i++)
        platform_stash_close(files[i]);
}

void stash_release(stash *s)
{
    if (!s || platform_atomic_decrement(&s->refs) != 0)
        return;
    close_files(s->files, s->file_count);
    free(s->files);
    stash_extents_clear(&s->runs);
    platform_rwlock_destroy(s->lock);
    free(s->folder);
    free(s);
}

const fsi_char *stash_folder(const stash *s)
{
    return s->folder;
}

static uint64_t end_bytes(const stash *s)
{
    return s->runs.end * FSI_BLOCK_SIZE;
}

/* The stash files that bytes (from 0) take. */
static size_t files_for(const stash *s, uint64_t bytes)
{
    return (size_t)((bytes + s->config.file_bytes - 1) / s->config.file_bytes);
}

uint64_t stash_bytes(stash *s)
{
    uint64_t bytes;
    platform_rwlock_read(s->lock);
    bytes = end_bytes(s);
    platform_rwlock_read_done(s->lock);
    return bytes;
}

size_t stash_file_count(stash *s)
{
    size_t count;
    platform_rwlock_read(s->lock);
    count = s->file_count;
    platform_rwlock_read_done(s->lock);
    return count;
}

/* After end moved back: the files past it closed (so deleted), the last one cut to it. A cut that fails
 * keeps bytes the next run reuses anyway. Under the exclusive lock. */
static void trim_files(stash *s)
{
    size_t keep = files_for(s, end_bytes(s));
    close_files(s->files + keep, s->file_count - keep);
    s->file_count = keep;
    if (keep)
        platform_stash_truncate(s->files[keep - 1], end_bytes(s) - (keep - 1) * s->config.file_bytes);
}

void stash_free_run(stash *s, uint64_t first, uint64_t count)
{
    uint64_t end;
    platform_rwlock_write(s->lock);
    end = s->runs.end;
    stash_extents_give_back(&s->runs, first, count);
    if (s->runs.end != end)
        trim_files(s);
    platform_rwlock_write_done(s->lock);
}

/* Files up to the new end. Under the exclusive lock. */
static fsi_hresult add_files(stash *s, fsi_error *err)
{
    size_t need = files_for(s, end_bytes(s));
    platform_stash_file **grown;
    message_text text;
    if (need <= s->file_count)
        return FSI_S_OK;
    if (!(grown = realloc(s->files, need * sizeof(*grown))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for %llu stash files", (unsigned long long)need);
    s->files = grown;
    while (s->file_count < need) {
        fsi_hresult hr = s->config.create(s->folder, &s->files[s->file_count]);
        if (hr < 0)
            return fsi_fail(err, IMAPI_E_STASHFILE_OPEN_FAILURE, "cannot make a stash file in '%s' (error 0x%08X)",
                            message_utf8(s->folder, &text), (unsigned)hr);
        s->file_count++;
    }
    return FSI_S_OK;
}

/* The new bytes the stash takes (end moved by grown blocks) fit in the folder's free space. */
static fsi_hresult check_space(stash *s, const fsi_char *folder, uint64_t needed, fsi_error *err)
{
    message_text text;
    uint64_t available = 0;
    fsi_hresult hr;
    if (needed <= s->space_granted) {
        s->space_granted -= needed;
        return FSI_S_OK;
    }
    s->space_granted = 0;
    hr = s->config.free_space(folder, &available);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_INVALID_WORKING_DIRECTORY, "cannot tell the free space of '%s' (error 0x%08X)",
                        message_utf8(folder, &text), (unsigned)hr);
    if (available < needed)
        return fsi_fail(err, IMAPI_E_WORKING_DIRECTORY_SPACE,
                        "the stash needs %llu bytes in '%s', which has %llu bytes free", (unsigned long long)needed,
                        message_utf8(folder, &text), (unsigned long long)available);
    available -= needed;
    s->space_granted = available < s->config.space_allowance ? available : s->config.space_allowance;
    return FSI_S_OK;
}

fsi_hresult stash_take_run(stash *s, uint64_t count, uint64_t *first, fsi_error *err)
{
    uint64_t old_end;
    fsi_hresult hr = FSI_S_OK;
    platform_rwlock_write(s->lock);
    if (stash_extents_reserve(&s->runs) < 0) {
        platform_rwlock_write_done(s->lock);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for the stash's free list");
    }
    old_end = s->runs.end;
    *first = stash_extents_take(&s->runs, count);
    if (s->runs.end != old_end &&
        ((hr = check_space(s, s->folder, (s->runs.end - old_end) * FSI_BLOCK_SIZE, err)) < 0 ||
         (hr = add_files(s, err)) < 0)) {
        stash_extents_give_back(&s->runs, *first, count);
        trim_files(s);
    }
    platform_rwlock_write_done(s->lock);
    return hr;
}

/* What a failed write means for the caller: the disk is full, the offset is too far for the file
 * system, or the write failed. */
static fsi_hresult write_failure(stash *s, fsi_hresult hr, uint64_t offset, size_t len, fsi_error *err)
{
    message_text text;
    const char *folder = message_utf8(s->folder, &text);
    switch ((uint32_t)hr) {
    case 0x80070027u: /* ERROR_HANDLE_DISK_FULL */
    case 0x80070070u: /* ERROR_DISK_FULL */
        return fsi_fail(err, IMAPI_E_WORKING_DIRECTORY_SPACE, "the disk of '%s' is full (%llu bytes at offset %llu "
                        "of the stash)", folder, (unsigned long long)len, (unsigned long long)offset);
    case 0x80070083u: /* ERROR_NEGATIVE_SEEK */
    case 0x800700DFu: /* ERROR_FILE_TOO_LARGE */
        return fsi_fail(err, IMAPI_E_STASHFILE_SEEK_FAILURE, "the file system of '%s' cannot reach offset %llu of "
                        "a stash file (error 0x%08X)", folder, (unsigned long long)offset, (unsigned)hr);
    default:
        return fsi_fail(err, IMAPI_E_STASHFILE_WRITE_FAILURE, "cannot write %llu bytes at offset %llu of the stash "
                        "in '%s' (error 0x%08X)", (unsigned long long)len, (unsigned long long)offset, folder,
                        (unsigned)hr);
    }
}

fsi_hresult stash_write(stash *s, uint64_t offset, const void *buf, size_t len, fsi_error *err)
{
    fsi_hresult hr = FSI_S_OK;
    platform_rwlock_read(s->lock);
    while (len && hr >= 0) {
        uint64_t within = offset % s->config.file_bytes;
        size_t part = s->config.file_bytes - within < len ? (size_t)(s->config.file_bytes - within) : len;
        hr = s->config.write_at(s->files[offset / s->config.file_bytes], within, buf, part);
        if (hr < 0)
            hr = write_failure(s, hr, offset, part, err);
        buf = (const char *)buf + part;
        offset += part;
        len -= part;
    }
    platform_rwlock_read_done(s->lock);
    return hr;
}

fsi_hresult stash_read(stash *s, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    fsi_hresult hr = FSI_S_OK;
    message_text text;
    platform_rwlock_read(s->lock);
    while (len && hr >= 0) {
        uint64_t within = offset % s->config.file_bytes;
        size_t part = s->config.file_bytes - within < len ? (size_t)(s->config.file_bytes - within) : len, got = 0;
        hr = s->config.read_at(s->files[offset / s->config.file_bytes], within, buf, part, &got);
        if (hr >= 0 && got < part)
            hr = FSI_HR(0x80070026); /* ERROR_HANDLE_EOF: the stash file is shorter than its runs */
        if (hr < 0)
            hr = fsi_fail(err, IMAPI_E_STASHFILE_READ_FAILURE, "cannot read %llu bytes at offset %llu of the stash "
                          "in '%s' (error 0x%08X)", (unsigned long long)part, (unsigned long long)offset,
                          message_utf8(s->folder, &text), (unsigned)hr);
        buf = (char *)buf + part;
        offset += part;
        len -= part;
    }
    platform_rwlock_read_done(s->lock);
    return hr;
}

/* One stash file's bytes (its part below end) copied from one file to the other. */
static fsi_hresult copy_file(stash *s, platform_stash_file *from, platform_stash_file *to, uint64_t bytes,
                             void *buf)
{
    for (uint64_t done = 0; done < bytes;) {
        size_t part = bytes - done < COPY_BYTES ? (size_t)(bytes - done) : COPY_BYTES, got = 0;
        fsi_hresult hr = s->config.read_at(from, done, buf, part, &got);
        if (hr >= 0 && got < part)
            hr = FSI_HR(0x80070026); /* ERROR_HANDLE_EOF */
        if (hr < 0 || (hr = s->config.write_at(to, done, buf, part)) < 0)
            return hr;
        done += part;
    }
    return FSI_S_OK;
}

/* The new folder's files, each a copy of its old one; NULL files and an error when one fails. */
static fsi_hresult copy_files(stash *s, const fsi_char *folder, platform_stash_file **copies, fsi_error *err)
{
    uint64_t end = end_bytes(s);
    message_text text;
    fsi_hresult hr = FSI_S_OK;
    size_t made = 0;
    void *buf = s->file_count ? malloc(COPY_BYTES) : NULL;
    if (s->file_count && !buf)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory moving the stash");
    for (; made < s->file_count && hr >= 0; made++) {
        uint64_t start = made * s->config.file_bytes;
        uint64_t bytes = end - start < s->config.file_bytes ? end - start : s->config.file_bytes;
        if ((hr = s->config.create(folder, &copies[made])) < 0)
            break;
        hr = copy_file(s, s->files[made], copies[made], bytes, buf);
    }
    free(buf);
    if (hr < 0) {
        close_files(copies, made);
        return fsi_fail(err, IMAPI_E_STASHFILE_MOVE, "cannot move the stash to '%s' (error 0x%08X)",
                        message_utf8(folder, &text), (unsigned)hr);
    }
    return FSI_S_OK;
}

/* Exclusive throughout: no staged source reads a file while the files change. */
fsi_hresult stash_move(stash *s, const fsi_char *folder, fsi_error *err)
{
    platform_stash_file **copies = NULL;
    fsi_char *name;
    fsi_hresult hr = check_folder(folder, err);
    if (hr < 0)
        return hr;
    if (!(name = fsi_strdup16(folder)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory moving the stash");
    platform_rwlock_write(s->lock);
    if (s->file_count && !(copies = malloc(s->file_count * sizeof(*copies))))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory moving the stash");
    /* What was granted was room in the old folder: the new one is asked afresh. */
    s->space_granted = 0;
    if (hr >= 0 && s->file_count)
        hr = check_space(s, folder, end_bytes(s), err);
    if (hr >= 0)
        hr = copy_files(s, folder, copies, err);
    if (hr >= 0) {
        close_files(s->files, s->file_count);
        free(s->files);
        s->files = copies;
        free(s->folder);
        s->folder = name;
        copies = NULL;
        name = NULL;
    }
    platform_rwlock_write_done(s->lock);
    free(copies);
    free(name);
    return hr;
}
