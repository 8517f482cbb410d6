/* Helpers shared by the COM client tests.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static int passed, failed;

int test_check(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list args;

    if (cond) {
        passed++;
        return 1;
    }
    failed++;
    printf("%s:%d: FAIL: ", file, line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
    fflush(stdout);
    return 0;
}

int test_summary(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

#define RING 64

BSTR tbstr(const WCHAR *s)
{
    static BSTR ring[RING];
    static unsigned next;
    BSTR *slot = &ring[next++ % RING];

    SysFreeString(*slot);
    *slot = SysAllocString(s);
    return *slot;
}

const char *u8(const WCHAR *s)
{
    static char *ring[RING];
    static unsigned next;
    char **slot = &ring[next++ % RING];
    int size;

    if (!s)
        return "(null)";
    size = WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL);
    HeapFree(GetProcessHeap(), 0, *slot);
    *slot = HeapAlloc(GetProcessHeap(), 0, size);
    WideCharToMultiByte(CP_UTF8, 0, s, -1, *slot, size, NULL, NULL);
    return *slot;
}

static WCHAR *wcs_alloc(size_t chars)
{
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, chars * sizeof(WCHAR));
}

WCHAR *win_path(const WCHAR *arg)
{
    WCHAR *path = wcs_alloc(wcslen(arg) + 1), *p;

    wcscpy(path, arg);
    for (p = path; *p; p++)
        if (*p == '/')
            *p = '\\';
    return path;
}

WCHAR *path_join(const WCHAR *dir, const WCHAR *name)
{
    WCHAR *path = wcs_alloc(wcslen(dir) + wcslen(name) + 2);

    swprintf(path, wcslen(dir) + wcslen(name) + 2, L"%ls\\%ls", dir, name);
    return path;
}

const WCHAR *path_leaf(const WCHAR *path)
{
    const WCHAR *leaf = path, *p;

    for (p = path; *p; p++)
        if ((*p == '\\' || *p == '/') && p[1])
            leaf = p + 1;
    return leaf;
}

void tree_stats_of(const WCHAR *dir, struct tree_stats *stats)
{
    WIN32_FIND_DATAW data;
    WCHAR *pattern = path_join(dir, L"*");
    HANDLE find = FindFirstFileW(pattern, &data);

    HeapFree(GetProcessHeap(), 0, pattern);
    if (find == INVALID_HANDLE_VALUE)
        return;
    do {
        if (!wcscmp(data.cFileName, L".") || !wcscmp(data.cFileName, L".."))
            continue;
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            WCHAR *sub = path_join(dir, data.cFileName);
            stats->directories++;
            tree_stats_of(sub, stats);
            HeapFree(GetProcessHeap(), 0, sub);
        } else {
            stats->files++;
            stats->bytes += ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
        }
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

BOOL write_file(const WCHAR *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD written = 0;
    BOOL done;

    if (file == INVALID_HANDLE_VALUE)
        return FALSE;
    done = WriteFile(file, data, size, &written, NULL) && written == size;
    return CloseHandle(file) && done;
}

BYTE *read_file(const WCHAR *path, DWORD *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE *data = NULL;
    DWORD got = 0;

    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    *size = GetFileSize(file, NULL);
    data = HeapAlloc(GetProcessHeap(), 0, *size + 1);
    if (!ReadFile(file, data, *size, &got, NULL) || got != *size) {
        HeapFree(GetProcessHeap(), 0, data);
        data = NULL;
    }
    CloseHandle(file);
    return data;
}

void make_dirs(const WCHAR *path)
{
    WCHAR *copy = wcs_alloc(wcslen(path) + 1), *p;

    wcscpy(copy, path);
    for (p = copy + 3; *p; p++) {
        if (*p != '\\')
            continue;
        *p = 0;
        CreateDirectoryW(copy, NULL);
        *p = '\\';
    }
    CreateDirectoryW(copy, NULL);
    HeapFree(GetProcessHeap(), 0, copy);
}

WCHAR *win_folder(const WCHAR *arg)
{
    WCHAR *path = win_path(arg);

    make_dirs(path);
    return path;
}

void make_parent_dirs(const WCHAR *file_path)
{
    WCHAR *folder = wcs_alloc(wcslen(file_path) + 1);

    wcscpy(folder, file_path);
    *(WCHAR *)path_leaf(folder) = 0;
    make_dirs(folder);
    HeapFree(GetProcessHeap(), 0, folder);
}

BYTE *read_stream(IStream *stream, ULONG chunk, ULONGLONG *size)
{
    SIZE_T capacity = 1 << 20;
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, capacity);
    ULONG got;

    *size = 0;
    for (;;) {
        if (*size + chunk > capacity) {
            capacity = (*size + chunk) * 2;
            data = HeapReAlloc(GetProcessHeap(), 0, data, capacity);
        }
        got = 0;
        if (FAILED(IStream_Read(stream, data + *size, chunk, &got)) || !got)
            break;
        *size += got;
    }
    return data;
}

IStream *memory_stream(const void *data, SIZE_T size)
{
    HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE, size ? size : 1);
    IStream *stream = NULL;

    memcpy(GlobalLock(memory), data, size);
    GlobalUnlock(memory);
    if (FAILED(CreateStreamOnHGlobal(memory, TRUE, &stream)))
        return NULL;
    IStream_SetSize(stream, (ULARGE_INTEGER){.QuadPart = size});
    return stream;
}

void error_info_clear(void)
{
    SetErrorInfo(0, NULL);
}

BSTR error_info_take(void)
{
    IErrorInfo *info = NULL;
    BSTR description = NULL;

    if (GetErrorInfo(0, &info) != S_OK || !info)
        return NULL;
    IErrorInfo_GetDescription(info, &description);
    IErrorInfo_Release(info);
    return description;
}

void check_error_info_(IUnknown *object, REFIID iid, const char *what, ...)
{
    va_list needles;

    va_start(needles, what);
    check_error_infov(object, iid, what, needles);
    va_end(needles);
}

void check_error_infov(IUnknown *object, REFIID iid, const char *what, va_list needles)
{
    ISupportErrorInfo *support = NULL;
    BSTR description = error_info_take();
    const WCHAR *needle;
    BOOL named = FALSE;

    if (ok(SUCCEEDED(IUnknown_QueryInterface(object, &IID_ISupportErrorInfo, (void **)&support)),
           "%s: no ISupportErrorInfo", what)) {
        ok(ISupportErrorInfo_InterfaceSupportsErrorInfo(support, iid) == S_OK,
           "%s: InterfaceSupportsErrorInfo is not S_OK", what);
        ISupportErrorInfo_Release(support);
    }
    if (!ok(description && *description, "%s: no IErrorInfo description", what)) {
        SysFreeString(description);
        return;
    }
    while (!named && (needle = va_arg(needles, const WCHAR *))) {
        WCHAR *low_desc = _wcslwr(_wcsdup(description)), *low_needle = _wcslwr(_wcsdup(needle));
        named = wcsstr(low_desc, low_needle) != NULL;
        free(low_desc);
        free(low_needle);
    }
    ok(named, "%s: description \"%s\" does not name the bad value", what, u8(description));
    SysFreeString(description);
}

struct text {
    WCHAR *chars;
    size_t length, capacity;
};

static void text_append(struct text *text, const WCHAR *s)
{
    size_t n = wcslen(s);

    if (text->length + n + 1 > text->capacity) {
        text->capacity = (text->length + n + 1) * 2;
        text->chars = text->chars ? HeapReAlloc(GetProcessHeap(), 0, text->chars, text->capacity * sizeof(WCHAR))
                                  : HeapAlloc(GetProcessHeap(), 0, text->capacity * sizeof(WCHAR));
    }
    wcscpy(text->chars + text->length, s);
    text->length += n;
}

static void list_into(IFsiDirectoryItem *dir, struct text *text)
{
    IEnumFsiItems *items = NULL;
    IFsiItem *item;
    ULONG fetched;

    if (FAILED(IFsiDirectoryItem_get_EnumFsiItems(dir, &items))) {
        text_append(text, L"(EnumFsiItems failed)\n");
        return;
    }
    while (IEnumFsiItems_Next(items, 1, &item, &fetched) == S_OK && fetched == 1) {
        IFsiDirectoryItem *sub = NULL;
        IFsiFileItem *file = NULL;
        BSTR path = NULL;
        WCHAR line[64];

        IFsiItem_get_FullPath(item, &path);
        text_append(text, path ? path : L"(no path)");
        SysFreeString(path);
        if (SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiDirectoryItem, (void **)&sub))) {
            text_append(text, L"|D\n");
            list_into(sub, text);
            IFsiDirectoryItem_Release(sub);
        } else if (SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file))) {
            LONGLONG size = -1;
            IFsiFileItem_get_DataSize(file, &size);
            swprintf(line, 64, L"|F:%lld\n", size);
            text_append(text, line);
            IFsiFileItem_Release(file);
        }
        IFsiItem_Release(item);
    }
    IEnumFsiItems_Release(items);
}

WCHAR *tree_listing(IFsiDirectoryItem *dir)
{
    struct text text = {0};

    text_append(&text, L"");
    list_into(dir, &text);
    return text.chars;
}

void image_counts_of(IFileSystemImage *image, struct image_counts *counts)
{
    counts->files = counts->directories = counts->used_blocks = -1;
    IFileSystemImage_get_FileCount(image, &counts->files);
    IFileSystemImage_get_DirectoryCount(image, &counts->directories);
    IFileSystemImage_get_UsedBlocks(image, &counts->used_blocks);
}

IFileSystemImage *create_image(void)
{
    IFileSystemImage *image = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage,
                                  (void **)&image);

    if (!ok(hr == S_OK && image, "CoCreateInstance(MsftFileSystemImage): 0x%08lx", hr))
        ExitProcess(test_summary() | 2);
    return image;
}

IFsiDirectoryItem *image_root(IFileSystemImage *image)
{
    IFsiDirectoryItem *root = NULL;
    HRESULT hr = IFileSystemImage_get_Root(image, &root);

    if (!ok(hr == S_OK && root, "get_Root: 0x%08lx", hr))
        ExitProcess(test_summary() | 2);
    return root;
}

BYTE *write_result_image(IFileSystemImage *image, const WCHAR *path, ULONGLONG *size)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    BYTE *bytes = NULL;
    HRESULT hr = IFileSystemImage_CreateResultImage(image, &result);

    *size = 0;
    if (!ok(hr == S_OK && result, "CreateResultImage: 0x%08lx", hr))
        return NULL;
    hr = IFileSystemImageResult_get_ImageStream(result, &stream);
    if (ok(hr == S_OK && stream, "ImageStream: 0x%08lx", hr)) {
        bytes = read_stream(stream, 1 << 16, size);
        IStream_Release(stream);
        if (!ok(bytes && write_file(path, bytes, (DWORD)*size), "cannot write %s", u8(path))) {
            HeapFree(GetProcessHeap(), 0, bytes);
            bytes = NULL;
        }
    }
    IFileSystemImageResult_Release(result);
    return bytes;
}
