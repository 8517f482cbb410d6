/* floor: the least a Windows program must do for the job an image builder does — walk a folder tree,
 * open, read and write every file's bytes into one output file — timed inside the program.
 *   floor.exe SRC OUT   ->  "files=N bytes=N total_s=.. peak_working_set_kib=.."
 * Uses what a careful program would: FindFirstFileExW with the basic info level and large fetches,
 * one open per file with sequential-scan hints, one read per file (the listing gave the size), the
 * data packed into a page-aligned 1 MiB buffer at 2 KiB boundaries as in an image, written once per MiB
 * (see README.md).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "timing.h"

enum { CHUNK = 1 << 20, BLOCK = 2048, MAX_PATH_CHARS = 32768 };

struct copy_job {
    HANDLE out;
    BYTE *buf;
    DWORD used; /* bytes of buf waiting to be written */
    unsigned long long files, bytes;
};

static BOOL flush(struct copy_job *job)
{
    DWORD wrote;
    BOOL ok = !job->used || (WriteFile(job->out, job->buf, job->used, &wrote, NULL) && wrote == job->used);
    job->used = 0;
    return ok;
}

/* Reads size bytes (what the listing said) into the buffer, flushing it whenever it fills. */
static BOOL copy_file(struct copy_job *job, const WCHAR *path, unsigned long long size)
{
    HANDLE in = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    DWORD got = 1;
    BOOL ok = TRUE;
    if (in == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"floor: cannot open %ls (%lu)\n", path, GetLastError());
        return FALSE;
    }
    while (ok && size > 0 && got > 0) {
        DWORD want = CHUNK - job->used < size ? CHUNK - job->used : (DWORD)size;
        if ((ok = ReadFile(in, job->buf + job->used, want, &got, NULL))) {
            job->used += got;
            job->bytes += got;
            size -= got;
            if (job->used == CHUNK)
                ok = flush(job);
        }
    }
    job->used = (job->used + BLOCK - 1) / BLOCK * BLOCK;
    if (ok && job->used == CHUNK)
        ok = flush(job);
    CloseHandle(in);
    if (!ok)
        fwprintf(stderr, L"floor: cannot copy %ls (%lu)\n", path, GetLastError());
    job->files++;
    return ok;
}

/* path holds the folder (len characters) and is extended in place for each entry. */
static BOOL walk(struct copy_job *job, WCHAR *path, size_t len)
{
    WIN32_FIND_DATAW entry;
    HANDLE find;
    BOOL ok = TRUE;

    if (len + 2 >= MAX_PATH_CHARS)
        return FALSE;
    wcscpy(path + len, L"\\*");
    find = FindFirstFileExW(path, FindExInfoBasic, &entry, FindExSearchNameMatch, NULL, FIND_FIRST_EX_LARGE_FETCH);
    if (find == INVALID_HANDLE_VALUE)
        return FALSE;
    do {
        size_t name_len = wcslen(entry.cFileName);
        if (!wcscmp(entry.cFileName, L".") || !wcscmp(entry.cFileName, L".."))
            continue;
        if (len + 1 + name_len >= MAX_PATH_CHARS) {
            ok = FALSE;
            break;
        }
        path[len] = L'\\';
        wcscpy(path + len + 1, entry.cFileName);
        if (entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            ok = walk(job, path, len + 1 + name_len);
        else
            ok = copy_file(job, path, (unsigned long long)entry.nFileSizeHigh << 32 | entry.nFileSizeLow);
    } while (ok && FindNextFileW(find, &entry));
    FindClose(find);
    return ok;
}

int wmain(int argc, WCHAR **argv)
{
    static WCHAR path[MAX_PATH_CHARS];
    struct copy_job job = {0};
    double start;
    BOOL ok;

    if (argc != 3 || wcslen(argv[1]) >= MAX_PATH_CHARS / 2) {
        fwprintf(stderr, L"usage: floor.exe SRC OUT\n");
        return 2;
    }
    start = seconds_now();
    job.out = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    job.buf = VirtualAlloc(NULL, CHUNK, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (job.out == INVALID_HANDLE_VALUE || !job.buf) {
        fwprintf(stderr, L"floor: cannot create %ls (%lu)\n", argv[2], GetLastError());
        return 1;
    }
    wcscpy(path, argv[1]);
    ok = walk(&job, path, wcslen(path)) && flush(&job);
    ok = CloseHandle(job.out) && ok;
    printf("files=%llu bytes=%llu total_s=%.3f peak_working_set_kib=%llu\n", job.files, job.bytes,
           seconds_now() - start, peak_working_set_kib());
    return ok ? 0 : 1;
}
