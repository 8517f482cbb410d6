/* Staging where it needs the environment (issue 5), one mode per ctest test:
 *   removable R_TREE SCRATCH IMAGE  R: is mapped as a removable drive (staging_env_setup.sh): with
 *                                   StageFiles False, AddTree from it stages every file ("removable drive"
 *                                   in the trace); the sources deleted, the image still reads right;
 *   streams SCRATCH IMAGE           a slow IStream (slow_stream.c) is staged and never read again, a fast
 *                                   memory stream is not: the image has the slow one's bytes of add time
 *                                   and the fast one's bytes of image time;
 *   stash SCRATCH IMAGE             stash files exist in WorkingDirectory while the image, then only its
 *                                   result stream, live, and are gone after the last Release;
 *   kill SCRATCH                    a child that staged files is killed (TerminateProcess): its stash files
 *                                   are gone too (delete on close);
 *   space SCRATCH                   a sparse file bigger than the working directory's free space, staged:
 *                                   IMAPI_E_WORKING_DIRECTORY_SPACE naming the bytes, nothing left behind.
 * removable and streams run their image work in a child with OPENIMAPI2FS_TRACE_STAGING=1 and read its
 * trace. Paths are given as Z:/...; each image is checked by the native readers (CMakeLists.txt).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "slow_stream.h"
#include "unload_check.h"

#include <string.h>

static const char trace_prefix[] = "openimapi2fs staging: ";

/* Stash files (src/platform/win32.c names them fsi-stash-<process>-<count>.tmp) in a folder. */
static int stash_count(const WCHAR *folder)
{
    WIN32_FIND_DATAW found;
    HANDLE find = FindFirstFileW(path_join(folder, L"fsi-stash-*.tmp"), &found);
    int count = 0;
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do
        count++;
    while (FindNextFileW(find, &found));
    FindClose(find);
    return count;
}

/* Deletes everything below dir (dir itself stays). */
static void empty_folder(const WCHAR *dir)
{
    WIN32_FIND_DATAW found;
    HANDLE find = FindFirstFileW(path_join(dir, L"*"), &found);
    if (find == INVALID_HANDLE_VALUE)
        return;
    do {
        WCHAR *path;
        if (!wcscmp(found.cFileName, L".") || !wcscmp(found.cFileName, L".."))
            continue;
        path = path_join(dir, found.cFileName);
        if (found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            empty_folder(path);
            ok(RemoveDirectoryW(path), "remove %s", u8(path));
        } else {
            ok(DeleteFileW(path), "delete %s", u8(path));
        }
    } while (FindNextFileW(find, &found));
    FindClose(find);
}

/* A new, empty working folder. */
static WCHAR *fresh_folder(const WCHAR *scratch, const WCHAR *name)
{
    WCHAR *dir = path_join(scratch, name);
    make_dirs(dir);
    empty_folder(dir);
    return dir;
}

/* This program again with the arguments, its stdout and stderr into out_path; the process handle. */
static HANDLE spawn_self(const WCHAR *args, const WCHAR *out_path)
{
    SECURITY_ATTRIBUTES inherit = {sizeof(inherit), NULL, TRUE};
    STARTUPINFOW startup = {.cb = sizeof(startup), .dwFlags = STARTF_USESTDHANDLES};
    PROCESS_INFORMATION info = {0};
    WCHAR self[MAX_PATH], *command;
    HANDLE out = CreateFileW(out_path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, CREATE_ALWAYS,
                             0, NULL);
    size_t length;
    BOOL made;

    GetModuleFileNameW(NULL, self, MAX_PATH);
    length = wcslen(self) + wcslen(args) + 4;
    command = HeapAlloc(GetProcessHeap(), 0, length * sizeof(WCHAR));
    swprintf(command, length, L"\"%ls\" %ls", self, args);
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = out;
    startup.hStdError = out;
    made = CreateProcessW(self, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info);
    ok(made, "start %s (error %lu)", u8(command), GetLastError());
    CloseHandle(out);
    HeapFree(GetProcessHeap(), 0, command);
    if (!made)
        return NULL;
    CloseHandle(info.hThread);
    return info.hProcess;
}

/* Runs a child with the staging trace on and waits; its output (printed here too) as a NUL-ended heap
 * string, or NULL when it failed. */
static char *run_traced(const WCHAR *args, const WCHAR *out_path)
{
    HANDLE child;
    DWORD status = 1, size = 0;
    char *text;
    BYTE *bytes;

    SetEnvironmentVariableW(L"OPENIMAPI2FS_TRACE_STAGING", L"1");
    child = spawn_self(args, out_path);
    SetEnvironmentVariableW(L"OPENIMAPI2FS_TRACE_STAGING", NULL);
    if (!child)
        return NULL;
    ok(WaitForSingleObject(child, 300000) == WAIT_OBJECT_0, "child %s ends", u8(args));
    GetExitCodeProcess(child, &status);
    CloseHandle(child);
    bytes = read_file(out_path, &size);
    if (!ok(bytes != NULL, "read %s", u8(out_path)))
        return NULL;
    text = HeapAlloc(GetProcessHeap(), 0, size + 1);
    memcpy(text, bytes, size);
    text[size] = 0;
    HeapFree(GetProcessHeap(), 0, bytes);
    printf("---- child %ls (exit %lu) ----\n%s---- end of child ----\n", args, status, text);
    ok(status == 0, "child %s exit status %lu", u8(args), status);
    return text;
}

/* The trace line that contains `key` (NUL-ended copy, heap), or NULL. */
static char *trace_line(const char *text, const char *key)
{
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        char *copy = HeapAlloc(GetProcessHeap(), 0, length + 1);
        memcpy(copy, line, length);
        copy[length] = 0;
        if (!strncmp(copy, trace_prefix, strlen(trace_prefix)) && strstr(copy, key))
            return copy;
        HeapFree(GetProcessHeap(), 0, copy);
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

/* ok()s that the trace line containing key says `decision` ("staged" or "unstaged"), for a reason
 * containing each needle. */
static void check_trace(const char *text, const char *key, const char *decision, const char *needle1,
                        const char *needle2)
{
    char *line = text ? trace_line(text, key) : NULL;
    char expect[32];
    snprintf(expect, sizeof(expect), "%s%s \"", trace_prefix, decision);
    if (!ok(line != NULL, "a trace line with %s", key))
        return;
    ok(!strncmp(line, expect, strlen(expect)), "%s: %s", decision, line);
    ok(strstr(line, needle1) != NULL, "the reason names '%s': %s", needle1, line);
    ok(!needle2 || strstr(line, needle2) != NULL, "the reason names '%s': %s", needle2, line);
    HeapFree(GetProcessHeap(), 0, line);
}

static IFileSystemImage *staging_image(VARIANT_BOOL stage, const WCHAR *work)
{
    IFileSystemImage *image = create_image();
    ok(IFileSystemImage_put_StageFiles(image, stage) == S_OK, "StageFiles %d", stage);
    ok(IFileSystemImage_put_WorkingDirectory(image, tbstr(work)) == S_OK, "WorkingDirectory %s", u8(work));
    return image;
}

/* ---- removable ---- */

/* The files of the tree staging_env_setup.sh makes (none empty: an empty file is never staged). */
static const char *const removable_files[] = {"readme.txt", "data.bin", "sub\\deep.txt"};

static void removable_child(const WCHAR *tree, const WCHAR *scratch, const WCHAR *image_path)
{
    WCHAR root_path[] = L"?:\\";
    WCHAR *work = fresh_folder(scratch, L"removable-work");
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    ULONGLONG size = 0;

    root_path[0] = tree[0];
    ok(GetDriveTypeW(root_path) == DRIVE_REMOVABLE, "%s is a removable drive (type %u)", u8(root_path),
       GetDriveTypeW(root_path));
    image = staging_image(VARIANT_FALSE, work);
    root = image_root(image);
    ok(IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE) == S_OK, "AddTree %s", u8(tree));
    ok(stash_count(work) > 0, "stash files in %s after AddTree", u8(work));
    empty_folder(tree);
    HeapFree(GetProcessHeap(), 0, write_result_image(image, image_path, &size));
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    ok(stash_count(work) == 0, "no stash file in %s after the last Release", u8(work));
    check_unload_now("after the removable drive's image");
}

static void removable(const WCHAR *tree, const WCHAR *scratch, const WCHAR *image_path)
{
    WCHAR args[3 * MAX_PATH];
    char *trace;
    swprintf(args, ARRAYSIZE(args), L"removable-child \"%ls\" \"%ls\" \"%ls\"", tree, scratch, image_path);
    trace = run_traced(args, path_join(scratch, L"removable-trace.txt"));
    for (size_t i = 0; i < ARRAYSIZE(removable_files); i++) {
        char key[64];
        snprintf(key, sizeof(key), "\\%s\" (", removable_files[i]);
        check_trace(trace, key, "staged", "removable drive", NULL);
    }
    HeapFree(GetProcessHeap(), 0, trace);
}

/* ---- streams ---- */

enum { SLOW_SIZE = 1 << 20, FAST_SIZE = 300000 };

static void fill(BYTE *data, ULONG size, unsigned seed)
{
    for (ULONG i = 0; i < size; i++)
        data[i] = (BYTE)(seed + i * 13 + (i >> 9));
}

static void streams_child(const WCHAR *scratch, const WCHAR *image_path)
{
    WCHAR *work = fresh_folder(scratch, L"streams-work"), *expected = fresh_folder(scratch, L"streams-expected");
    BYTE *slow_data = HeapAlloc(GetProcessHeap(), 0, SLOW_SIZE), *fast_data = HeapAlloc(GetProcessHeap(), 0, FAST_SIZE);
    LONG slow_reads = 0, reads_at_add;
    IStream *slow, *fast;
    IFileSystemImage *image = staging_image(VARIANT_FALSE, work);
    IFsiDirectoryItem *root = image_root(image);
    ULONGLONG size = 0;
    LARGE_INTEGER zero = {{0}};

    fill(slow_data, SLOW_SIZE, 1);
    fill(fast_data, FAST_SIZE, 2);
    slow = slow_stream(slow_data, SLOW_SIZE, &slow_reads);
    fast = memory_stream(fast_data, FAST_SIZE);
    ok(write_file(path_join(expected, L"slow.bin"), slow_data, SLOW_SIZE), "expected slow.bin");
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"slow.bin"), slow) == S_OK, "AddFile slow.bin");
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"fast.bin"), fast) == S_OK, "AddFile fast.bin");
    ok(stash_count(work) > 0, "stash files in %s after the slow stream's AddFile", u8(work));
    reads_at_add = slow_reads;
    ok(reads_at_add > 0, "the slow stream was read at add time");

    /* What each image has now: the slow one's bytes of add time (staged), the fast one's new bytes. */
    fill(slow_data, SLOW_SIZE, 3);
    fill(fast_data, FAST_SIZE, 4);
    ok(IStream_Seek(fast, zero, STREAM_SEEK_SET, NULL) == S_OK &&
       IStream_Write(fast, fast_data, FAST_SIZE, NULL) == S_OK &&
       IStream_Seek(fast, zero, STREAM_SEEK_SET, NULL) == S_OK, "rewrite the fast stream");
    ok(write_file(path_join(expected, L"fast.bin"), fast_data, FAST_SIZE), "expected fast.bin");
    HeapFree(GetProcessHeap(), 0, write_result_image(image, image_path, &size));
    ok(slow_reads == reads_at_add, "the staged slow stream is not read again (%ld reads, %ld at add)", slow_reads,
       reads_at_add);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    IStream_Release(slow);
    IStream_Release(fast);
    ok(stash_count(work) == 0, "no stash file in %s after the last Release", u8(work));
    check_unload_now("after the streams' image");
    HeapFree(GetProcessHeap(), 0, slow_data);
    HeapFree(GetProcessHeap(), 0, fast_data);
}

static void streams(const WCHAR *scratch, const WCHAR *image_path)
{
    WCHAR args[2 * MAX_PATH];
    char slow_key[32], fast_key[32], *trace;
    /* A stream has no path: its line is known by its size. */
    snprintf(slow_key, sizeof(slow_key), "\" (%d bytes)", SLOW_SIZE);
    snprintf(fast_key, sizeof(fast_key), "\" (%d bytes)", FAST_SIZE);
    swprintf(args, ARRAYSIZE(args), L"streams-child \"%ls\" \"%ls\"", scratch, image_path);
    trace = run_traced(args, path_join(scratch, L"streams-trace.txt"));
    check_trace(trace, slow_key, "staged", "measured", " < ");
    check_trace(trace, fast_key, "unstaged", "measured", " >= ");
    HeapFree(GetProcessHeap(), 0, trace);
}

/* ---- stash lifetime ---- */

static void stash(const WCHAR *scratch, const WCHAR *image_path)
{
    WCHAR *work = fresh_folder(scratch, L"stash-work"), *expected = fresh_folder(scratch, L"stash-expected");
    BYTE data[70000], later[sizeof(data)];
    IFileSystemImage *image = staging_image(VARIANT_TRUE, work);
    IFsiDirectoryItem *root = image_root(image);
    IFileSystemImageResult *result = NULL;
    IStream *source, *stream = NULL;
    ULONGLONG size = 0;
    BYTE *bytes;

    fill(data, sizeof(data), 5);
    fill(later, sizeof(later), 6);
    source = memory_stream(data, sizeof(data));
    ok(stash_count(work) == 0, "no stash file before anything is staged");
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"staged.bin"), source) == S_OK, "AddFile staged.bin");
    ok(stash_count(work) > 0, "stash files in %s while the image lives", u8(work));
    ok(write_file(path_join(expected, L"staged.bin"), data, sizeof(data)), "expected staged.bin");
    {
        LARGE_INTEGER zero = {{0}};
        IStream_Seek(source, zero, STREAM_SEEK_SET, NULL);
        IStream_Write(source, later, sizeof(later), NULL);
    }
    IStream_Release(source);
    ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage");
    ok(result && IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK, "ImageStream");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    if (result)
        IFileSystemImageResult_Release(result);
    ok(stash_count(work) > 0, "stash files in %s while only the result stream lives", u8(work));
    bytes = stream ? read_stream(stream, 65536, &size) : NULL;
    ok(bytes && write_file(image_path, bytes, (DWORD)size), "write %s", u8(image_path));
    HeapFree(GetProcessHeap(), 0, bytes);
    if (stream)
        IStream_Release(stream);
    ok(stash_count(work) == 0, "no stash file in %s after the last Release", u8(work));
    check_unload_now("after the stash's image");
}

/* ---- kill ---- */

/* The child: stages a file, says so with a marker file, and waits to be killed (or ends with 3). */
static int hold_child(const WCHAR *work, const WCHAR *ready)
{
    BYTE data[100000];
    IFileSystemImage *image = staging_image(VARIANT_TRUE, work);
    IFsiDirectoryItem *root = image_root(image);
    IStream *source;
    fill(data, sizeof(data), 7);
    source = memory_stream(data, sizeof(data));
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"held.bin"), source) == S_OK, "AddFile held.bin");
    IStream_Release(source);
    ok(write_file(ready, "ready", 5), "write %s", u8(ready));
    Sleep(120000);
    return 3;
}

static void kill_child(const WCHAR *scratch)
{
    WCHAR *work = fresh_folder(scratch, L"kill-work"), *ready = path_join(scratch, L"kill-ready");
    WCHAR args[3 * MAX_PATH];
    HANDLE child;
    int waited = 0, left = -1;

    DeleteFileW(ready);
    swprintf(args, ARRAYSIZE(args), L"hold-child \"%ls\" \"%ls\"", work, ready);
    if (!(child = spawn_self(args, path_join(scratch, L"kill-child.txt"))))
        return;
    while (GetFileAttributesW(ready) == INVALID_FILE_ATTRIBUTES && waited < 60000 &&
           WaitForSingleObject(child, 100) == WAIT_TIMEOUT)
        waited += 100;
    ok(GetFileAttributesW(ready) != INVALID_FILE_ATTRIBUTES, "the child staged its file");
    ok(stash_count(work) > 0, "the child's stash files are in %s", u8(work));
    ok(TerminateProcess(child, 9), "TerminateProcess");
    ok(WaitForSingleObject(child, 30000) == WAIT_OBJECT_0, "the child is gone");
    CloseHandle(child);
    /* The OS closes a dead process's handles as it goes: give it a moment. */
    for (waited = 0; waited < 5000 && (left = stash_count(work)) > 0; waited += 100)
        Sleep(100);
    ok(left == 0, "no stash file in %s after the child was killed (%d left)", u8(work), left);
}

/* ---- out of space ---- */

static void space(const WCHAR *scratch)
{
    WCHAR *work = fresh_folder(scratch, L"space-work"), *source = fresh_folder(scratch, L"space-source");
    WCHAR *huge = path_join(source, L"huge.bin");
    ULARGE_INTEGER free_bytes;
    LARGE_INTEGER size;
    char needed[32];
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    struct image_counts before, after;
    LONG count = -1;
    HANDLE file;
    HRESULT hr;
    BSTR description;

    if (!ok(GetDiskFreeSpaceExW(work, &free_bytes, NULL, NULL), "GetDiskFreeSpaceEx %s", u8(work)))
        return;
    /* Sparse: it takes no room, and staging must refuse it before copying a byte. 16 GiB over the free
     * space, whatever other programs write meanwhile; whole 2048-byte blocks, so it needs its size. */
    size.QuadPart = (LONGLONG)((free_bytes.QuadPart + (16ull << 30)) & ~2047ull);
    file = CreateFileW(huge, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE && SetFilePointerEx(file, size, NULL, FILE_BEGIN) && SetEndOfFile(file),
       "a sparse %s of %llu bytes", u8(huge), (unsigned long long)size.QuadPart);
    CloseHandle(file);
    snprintf(needed, sizeof(needed), "%llu", (unsigned long long)size.QuadPart);

    image = staging_image(VARIANT_TRUE, work);
    root = image_root(image);
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemUDF) == S_OK, "UDF only");
    ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "no media limit");
    image_counts_of(image, &before);
    error_info_clear();
    hr = IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE);
    ok(hr == IMAPI_E_WORKING_DIRECTORY_SPACE, "AddTree of %s bytes: 0x%08lx", needed, hr);
    description = error_info_take();
    ok(description && strstr(u8(description), needed) && strstr(u8(description), "free"),
       "the message names the %s bytes needed and the bytes free: %s", needed, description ? u8(description) : "none");
    SysFreeString(description);
    image_counts_of(image, &after);
    ok(after.files == before.files && after.directories == before.directories &&
       after.used_blocks == before.used_blocks, "the image is as it was");
    ok(IFsiDirectoryItem_get_Count(root, &count) == S_OK && count == 0, "the root is empty (%ld)", count);
    ok(stash_count(work) == 0, "no stash file left in %s", u8(work));
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    ok(DeleteFileW(huge), "delete %s", u8(huge));
    check_unload_now("after the out-of-space image");
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *mode = argc > 1 ? argv[1] : L"";
    int status = 0;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (!wcscmp(mode, L"removable") && argc == 5)
        removable(win_path(argv[2]), win_folder(argv[3]), win_path(argv[4]));
    else if (!wcscmp(mode, L"removable-child") && argc == 5)
        removable_child(argv[2], argv[3], argv[4]);
    else if (!wcscmp(mode, L"streams") && argc == 4)
        streams(win_folder(argv[2]), win_path(argv[3]));
    else if (!wcscmp(mode, L"streams-child") && argc == 4)
        streams_child(argv[2], argv[3]);
    else if (!wcscmp(mode, L"stash") && argc == 4)
        stash(win_folder(argv[2]), win_path(argv[3]));
    else if (!wcscmp(mode, L"kill") && argc == 3)
        kill_child(win_folder(argv[2]));
    else if (!wcscmp(mode, L"hold-child") && argc == 4)
        status = hold_child(argv[2], argv[3]);
    else if (!wcscmp(mode, L"space") && argc == 3)
        space(win_folder(argv[2]));
    else {
        fprintf(stderr, "usage: test_staging_env removable R_TREE SCRATCH IMAGE | streams SCRATCH IMAGE | "
                        "stash SCRATCH IMAGE | kill SCRATCH | space SCRATCH\n");
        return 2;
    }
    CoUninitialize();
    return status ? status : test_summary();
}
