/* The core's OS calls on Windows (the DLL). SPDX-License-Identifier: LGPL-2.1-or-later */
#include <windows.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

struct platform_file {
    HANDLE handle;
    /* The handle's own file pointer: readers go through a file front to back, so reads rarely seek. */
    uint64_t position;
};

static fsi_hresult last_error(void)
{
    return (fsi_hresult)HRESULT_FROM_WIN32(GetLastError());
}

static fsi_time filetime_value(FILETIME ft)
{
    return (fsi_time)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
}

static void info_from_attributes(DWORD attributes, DWORD size_high, DWORD size_low, FILETIME created,
                                 FILETIME accessed, FILETIME modified, platform_file_info *info)
{
    info->is_directory = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    info->is_hidden = (attributes & FILE_ATTRIBUTE_HIDDEN) != 0;
    info->size = info->is_directory ? 0 : ((uint64_t)size_high << 32) | size_low;
    info->created = filetime_value(created);
    info->accessed = filetime_value(accessed);
    info->modified = filetime_value(modified);
}

fsi_hresult platform_open_read(const fsi_char *path, platform_file **out)
{
    /* Others may keep reading or even delete the file meanwhile (as Explorer allows while copying). */
    HANDLE handle = CreateFileW((const WCHAR *)path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                                OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    platform_file *f;
    if (handle == INVALID_HANDLE_VALUE)
        return last_error();
    if (!(f = malloc(sizeof(*f)))) {
        CloseHandle(handle);
        return (fsi_hresult)E_OUTOFMEMORY;
    }
    f->handle = handle;
    f->position = 0;
    *out = f;
    return S_OK;
}

/* Plain reads at the file pointer, not OVERLAPPED offsets: Wine posts every OVERLAPPED read on a
 * synchronous handle to the server for a completion port (one more round trip per file). */
fsi_hresult platform_read_at(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
    const DWORD max_chunk = 1u << 30;
    size_t done = 0;
    if (offset != f->position) {
        LARGE_INTEGER to;
        to.QuadPart = (LONGLONG)offset;
        if (!SetFilePointerEx(f->handle, to, NULL, FILE_BEGIN)) {
            *got = 0;
            return last_error();
        }
        f->position = offset;
    }
    while (done < len) {
        DWORD want = len - done > max_chunk ? max_chunk : (DWORD)(len - done), read = 0;
        if (!ReadFile(f->handle, (char *)buf + done, want, &read, NULL)) {
            *got = done;
            return last_error();
        }
        f->position += read;
        if (read == 0)
            break;
        done += read;
    }
    *got = done;
    return S_OK;
}

/* ReadFile has no two-buffer form for buffered handles (ReadFileScatter wants unbuffered, page-sized
 * pieces): the byte after is a second read, made only when the first got everything. */
fsi_hresult platform_read_at_and_peek(platform_file *f, uint64_t offset, void *buf, size_t len, size_t *got,
                                      int *more)
{
    unsigned char beyond;
    size_t extra = 0;
    fsi_hresult hr = platform_read_at(f, offset, buf, len, got);
    *more = 0;
    if (hr >= 0 && *got == len && platform_read_at(f, offset + len, &beyond, 1, &extra) >= 0)
        *more = extra > 0;
    return hr;
}

void platform_close(platform_file *f)
{
    if (f) {
        CloseHandle(f->handle);
        free(f);
    }
}

fsi_hresult platform_stat(const fsi_char *path, platform_file_info *info)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW((const WCHAR *)path, GetFileExInfoStandard, &data))
        return last_error();
    info_from_attributes(data.dwFileAttributes, data.nFileSizeHigh, data.nFileSizeLow, data.ftCreationTime,
                         data.ftLastAccessTime, data.ftLastWriteTime, info);
    return S_OK;
}

static int is_dot_entry(const WCHAR *name)
{
    return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

fsi_hresult platform_list_directory(const fsi_char *path, platform_list_cb cb, void *ctx)
{
    size_t len = fsi_strlen16(path);
    WCHAR *pattern = malloc((len + 3) * sizeof(WCHAR));
    WIN32_FIND_DATAW data;
    fsi_hresult hr = S_OK;
    HANDLE find;
    if (!pattern)
        return (fsi_hresult)E_OUTOFMEMORY;
    memcpy(pattern, path, len * sizeof(WCHAR));
    if (len && pattern[len - 1] != '\\' && pattern[len - 1] != '/')
        pattern[len++] = '\\';
    pattern[len++] = '*';
    pattern[len] = 0;
    /* The basic information level skips the 8.3 names; the large fetch asks for entries in bulk. */
    find = FindFirstFileExW(pattern, FindExInfoBasic, &data, FindExSearchNameMatch, NULL,
                            FIND_FIRST_EX_LARGE_FETCH);
    free(pattern);
    if (find == INVALID_HANDLE_VALUE)
        return GetLastError() == ERROR_FILE_NOT_FOUND ? S_OK : last_error(); /* an empty drive root */
    do {
        platform_file_info info;
        if (is_dot_entry(data.cFileName))
            continue;
        info_from_attributes(data.dwFileAttributes, data.nFileSizeHigh, data.nFileSizeLow, data.ftCreationTime,
                             data.ftLastAccessTime, data.ftLastWriteTime, &info);
        hr = cb(ctx, (const fsi_char *)data.cFileName, &info);
        if (hr)
            break;
    } while (FindNextFileW(find, &data));
    if (!hr && GetLastError() != ERROR_NO_MORE_FILES)
        hr = last_error();
    FindClose(find);
    return hr;
}

/* FindFirstStreamW reports "::$DATA" (the file's own data) and ":name:$DATA" per named stream. It fails
 * with ERROR_HANDLE_EOF when there is no stream and ERROR_INVALID_PARAMETER on a file system without
 * streams (FAT, and Wine 8, which fails with ERROR_HANDLE_EOF for every file): both mean none. */
fsi_hresult platform_list_streams(const fsi_char *path, platform_stream_cb cb, void *ctx)
{
    static const WCHAR data_suffix[] = L":$DATA";
    const size_t suffix_len = ARRAYSIZE(data_suffix) - 1;
    WIN32_FIND_STREAM_DATA found;
    fsi_hresult hr = S_OK;
    HANDLE search = FindFirstStreamW((const WCHAR *)path, FindStreamInfoStandard, &found, 0);
    if (search == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        return error == ERROR_HANDLE_EOF || error == ERROR_INVALID_PARAMETER ? S_OK : HRESULT_FROM_WIN32(error);
    }
    do {
        WCHAR *name = found.cStreamName;
        size_t len = wcslen(name);
        if (len <= suffix_len + 1 || name[0] != ':' || _wcsicmp(name + len - suffix_len, data_suffix))
            continue; /* the unnamed stream, or not a data stream */
        name[len - suffix_len] = 0;
        hr = cb(ctx, (const fsi_char *)(name + 1), (uint64_t)found.StreamSize.QuadPart);
    } while (hr == S_OK && FindNextStreamW(search, &found));
    if (hr == S_OK && GetLastError() != ERROR_HANDLE_EOF)
        hr = last_error();
    FindClose(search);
    return hr;
}

fsi_time platform_now(void)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    return filetime_value(now);
}

uint64_t platform_clock_ns(void)
{
    /* The frequency is fixed at boot: threads racing here store the same value. */
    static LARGE_INTEGER frequency;
    LARGE_INTEGER count;
    if (!frequency.QuadPart)
        QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&count);
    /* In two steps so that count * 10^9 cannot overflow. */
    return (uint64_t)(count.QuadPart / frequency.QuadPart) * 1000000000u +
           (uint64_t)(count.QuadPart % frequency.QuadPart) * 1000000000u / (uint64_t)frequency.QuadPart;
}

/* The root of the volume a path lives on, as text: "X:\" for a drive letter, "\\server\share\" for
 * a UNC path (also in its "\\?\UNC\" form). A relative path is made full first. 0 when there is none. */
static size_t volume_root(const WCHAR *path, WCHAR *root, size_t room, int *is_unc)
{
    WCHAR full[MAX_PATH];
    const WCHAR *p = path;
    size_t len = 0, separators = 0;
    *is_unc = 0;
    if (!wcsncmp(p, L"\\\\?\\UNC\\", 8)) {
        p += 8;
        *is_unc = 1;
    } else if (!wcsncmp(p, L"\\\\?\\", 4) || !wcsncmp(p, L"\\\\.\\", 4)) {
        p += 4;
    } else if ((p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/')) {
        p += 2;
        *is_unc = 1;
    }
    if (!*is_unc && !(p[0] && p[1] == ':')) {
        /* Relative, or rooted on the current drive: the root of its full form (never relative). */
        DWORD n = GetFullPathNameW(path, ARRAYSIZE(full), full, NULL);
        if (!n || n >= ARRAYSIZE(full) || !((full[0] && full[1] == ':') || full[0] == '\\'))
            return 0;
        return volume_root(full, root, room, is_unc);
    }
    if (!*is_unc) {
        if (room < 4)
            return 0;
        root[0] = p[0], root[1] = ':', root[2] = '\\', root[3] = 0;
        return 3;
    }
    /* \\server\share\ : the text up to the separator after the share. */
    if (room < 3)
        return 0;
    root[len++] = '\\', root[len++] = '\\';
    for (; *p && len + 2 < room; p++) {
        if (*p == '\\' || *p == '/') {
            if (++separators == 2)
                break;
            root[len++] = '\\';
        } else {
            root[len++] = *p;
        }
    }
    if (!separators && len == 2)
        return 0;
    root[len++] = '\\';
    root[len] = 0;
    return len;
}

platform_drive platform_drive_type(const fsi_char *path)
{
    WCHAR root[MAX_PATH];
    int is_unc;
    if (!volume_root((const WCHAR *)path, root, ARRAYSIZE(root), &is_unc))
        return PLATFORM_DRIVE_UNKNOWN;
    if (is_unc)
        return PLATFORM_DRIVE_REMOTE;
    switch (GetDriveTypeW(root)) {
    case DRIVE_FIXED: return PLATFORM_DRIVE_FIXED;
    case DRIVE_REMOVABLE: return PLATFORM_DRIVE_REMOVABLE;
    case DRIVE_CDROM: return PLATFORM_DRIVE_OPTICAL;
    case DRIVE_REMOTE: return PLATFORM_DRIVE_REMOTE;
    case DRIVE_RAMDISK: return PLATFORM_DRIVE_RAMDISK;
    default: return PLATFORM_DRIVE_UNKNOWN; /* DRIVE_UNKNOWN, DRIVE_NO_ROOT_DIR */
    }
}

/* FNV-1a over the root's upper-cased text: the same drive or share however the path spells it. */
fsi_hresult platform_volume_id(const fsi_char *path, uint64_t *id)
{
    WCHAR root[MAX_PATH];
    uint64_t hash = 0xCBF29CE484222325u;
    size_t len, i;
    int is_unc;
    if (!(len = volume_root((const WCHAR *)path, root, ARRAYSIZE(root), &is_unc)))
        return (fsi_hresult)HRESULT_FROM_WIN32(ERROR_INVALID_NAME);
    CharUpperBuffW(root, (DWORD)len);
    for (i = 0; i < len; i++) {
        hash ^= root[i];
        hash *= 0x100000001B3u;
    }
    *id = hash;
    return S_OK;
}

long platform_atomic_increment(long *value)
{
    return InterlockedIncrement((LONG *)value);
}

long platform_atomic_decrement(long *value)
{
    return InterlockedDecrement((LONG *)value);
}

struct platform_stash_file {
    HANDLE handle;
};

/* "\fsi-stash-<process>-<count>.tmp": unique among this process's files by the count, among others' by
 * the process id; CREATE_NEW refuses a name that is taken anyway, and the next count is tried. */
static void stash_name(WCHAR *out, DWORD process, LONG count)
{
    static const WCHAR prefix[] = L"\\fsi-stash-", suffix[] = L".tmp";
    static const char hex[] = "0123456789abcdef";
    size_t pos = ARRAYSIZE(prefix) - 1;
    memcpy(out, prefix, sizeof(prefix));
    for (int shift = 28; shift >= 0; shift -= 4)
        out[pos++] = (WCHAR)hex[(process >> shift) & 15];
    out[pos++] = '-';
    for (int shift = 28; shift >= 0; shift -= 4)
        out[pos++] = (WCHAR)hex[((DWORD)count >> shift) & 15];
    memcpy(out + pos, suffix, sizeof(suffix));
}

/* Delete-on-close: the system deletes the file when its last handle goes, also when the process dies.
 * Only deletion is shared, so no one else reads the staged data meanwhile. */
fsi_hresult platform_stash_create(const fsi_char *folder, platform_stash_file **out)
{
    static LONG counter;
    enum { name_chars = 11 + 8 + 1 + 8 + 4 + 1 };
    size_t len = fsi_strlen16(folder);
    WCHAR *path;
    HANDLE handle = INVALID_HANDLE_VALUE;
    platform_stash_file *f;
    if (!(path = malloc((len + name_chars) * sizeof(WCHAR))))
        return (fsi_hresult)E_OUTOFMEMORY;
    memcpy(path, folder, len * sizeof(WCHAR));
    if (len && (path[len - 1] == '\\' || path[len - 1] == '/'))
        len--;
    for (int attempt = 0; attempt < 100 && handle == INVALID_HANDLE_VALUE; attempt++) {
        stash_name(path + len, GetCurrentProcessId(), InterlockedIncrement(&counter));
        handle = CreateFileW(path, GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_DELETE, NULL, CREATE_NEW,
                             FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
        if (handle == INVALID_HANDLE_VALUE && GetLastError() != ERROR_FILE_EXISTS)
            break;
    }
    free(path);
    if (handle == INVALID_HANDLE_VALUE)
        return last_error();
    if (!(f = malloc(sizeof(*f)))) {
        CloseHandle(handle);
        return (fsi_hresult)E_OUTOFMEMORY;
    }
    f->handle = handle;
    *out = f;
    return S_OK;
}

/* OVERLAPPED offsets, unlike platform_read_at's file pointer: several threads read one stash file at once. */
static OVERLAPPED at_offset(uint64_t offset)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof(ov));
    ov.Offset = (DWORD)offset;
    ov.OffsetHigh = (DWORD)(offset >> 32);
    return ov;
}

fsi_hresult platform_stash_read_at(platform_stash_file *f, uint64_t offset, void *buf, size_t len, size_t *got)
{
    const DWORD max_chunk = 1u << 30;
    size_t done = 0;
    while (done < len) {
        DWORD want = len - done > max_chunk ? max_chunk : (DWORD)(len - done), read = 0;
        OVERLAPPED ov = at_offset(offset + done);
        if (!ReadFile(f->handle, (char *)buf + done, want, &read, &ov)) {
            if (GetLastError() == ERROR_HANDLE_EOF)
                break;
            *got = done;
            return last_error();
        }
        if (read == 0)
            break;
        done += read;
    }
    *got = done;
    return S_OK;
}

fsi_hresult platform_stash_write_at(platform_stash_file *f, uint64_t offset, const void *buf, size_t len)
{
    const DWORD max_chunk = 1u << 30;
    size_t done = 0;
    while (done < len) {
        DWORD want = len - done > max_chunk ? max_chunk : (DWORD)(len - done), written = 0;
        OVERLAPPED ov = at_offset(offset + done);
        if (!WriteFile(f->handle, (const char *)buf + done, want, &written, &ov))
            return last_error();
        if (written == 0)
            return (fsi_hresult)HRESULT_FROM_WIN32(ERROR_DISK_FULL);
        done += written;
    }
    return S_OK;
}

fsi_hresult platform_stash_truncate(platform_stash_file *f, uint64_t size)
{
    FILE_END_OF_FILE_INFO info;
    info.EndOfFile.QuadPart = (LONGLONG)size;
    if (!SetFileInformationByHandle(f->handle, FileEndOfFileInfo, &info, sizeof(info)))
        return last_error();
    return S_OK;
}

void platform_stash_close(platform_stash_file *f)
{
    if (f) {
        CloseHandle(f->handle);
        free(f);
    }
}

fsi_hresult platform_free_space(const fsi_char *folder, uint64_t *bytes)
{
    ULARGE_INTEGER available;
    if (!GetDiskFreeSpaceExW((const WCHAR *)folder, &available, NULL, NULL))
        return last_error();
    *bytes = available.QuadPart;
    return S_OK;
}

struct platform_rwlock {
    SRWLOCK lock;
};

platform_rwlock *platform_rwlock_create(void)
{
    platform_rwlock *lock = malloc(sizeof(*lock));
    if (lock)
        InitializeSRWLock(&lock->lock);
    return lock;
}

void platform_rwlock_destroy(platform_rwlock *lock)
{
    free(lock); /* an SRW lock needs no cleanup */
}

void platform_rwlock_read(platform_rwlock *lock)
{
    AcquireSRWLockShared(&lock->lock);
}

void platform_rwlock_read_done(platform_rwlock *lock)
{
    ReleaseSRWLockShared(&lock->lock);
}

void platform_rwlock_write(platform_rwlock *lock)
{
    AcquireSRWLockExclusive(&lock->lock);
}

void platform_rwlock_write_done(platform_rwlock *lock)
{
    ReleaseSRWLockExclusive(&lock->lock);
}
