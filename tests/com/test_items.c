/* What a new MsftFileSystemImage, its items and its result report through the C vtable, and what the
 * image records of the items: defaults, names, times, the hidden attribute, file sizes and data, the
 * result's identity and independent streams. Writes IMAGES/empty.iso and IMAGES/items-dates.iso for
 * the oracle and isoinfo tests that follow.
 * Usage: test_items STANDARD_TREE SMALL_TREE IMAGES_DIR SCRATCH_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "iso_records.h"
#include "testlib.h"

#include <math.h>
#include <stdio.h>
#include <wchar.h>

#define SECONDS(n) ((n) / 86400.0)

static const WCHAR *images_dir, *scratch_dir;

static IFsiItem *item_at(IFsiDirectoryItem *root, const WCHAR *path)
{
    IFsiItem *item = NULL;
    HRESULT hr = IFsiDirectoryItem_get_Item(root, tbstr(path), &item);

    ok(hr == S_OK && item, "get_Item(%s): 0x%08lx", u8(path), hr);
    return hr == S_OK ? item : NULL;
}

/* A UTC moment as a DATE, the way a client makes one. */
static DATE date_utc(WORD year, WORD month, WORD day, WORD hour, WORD minute, WORD second)
{
    SYSTEMTIME st = {.wYear = year, .wMonth = month, .wDay = day, .wHour = hour, .wMinute = minute,
                     .wSecond = second};
    DATE date = 0;

    SystemTimeToVariantTime(&st, &date);
    return date;
}

static DATE date_of_filetime(const FILETIME *ft)
{
    SYSTEMTIME st;
    DATE date = 0;

    FileTimeToSystemTime(ft, &st);
    SystemTimeToVariantTime(&st, &date);
    return date;
}

static DATE date_now(void)
{
    SYSTEMTIME st;
    DATE date = 0;

    GetSystemTime(&st);
    SystemTimeToVariantTime(&st, &date);
    return date;
}

static const char *date_text(DATE date)
{
    static char ring[8][32];
    static unsigned next;
    char *text = ring[next++ % 8];
    SYSTEMTIME st = {0};

    VariantTimeToSystemTime(date, &st);
    snprintf(text, 32, "%04u-%02u-%02u %02u:%02u:%02u", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
    return text;
}

static BOOL within_seconds(DATE a, DATE b, double seconds)
{
    return fabs(a - b) <= SECONDS(seconds);
}

/* ---- 1. defaults of a new image ---- */

static void check_long(HRESULT hr, LONG got, LONG expected, const char *what)
{
    ok(hr == S_OK && got == expected, "%s: 0x%08lx, %ld, expected %ld", what, hr, got, expected);
}

static void check_flag(HRESULT hr, VARIANT_BOOL got, VARIANT_BOOL expected, const char *what)
{
    ok(hr == S_OK && got == expected, "%s: 0x%08lx, %d, expected %d", what, hr, got, expected);
}

/* The levels listed (1 and 2 at least; ISO 9660 has three) are exactly those put accepts and reads back. */
static void check_levels_supported(IFileSystemImage *image)
{
    IFileSystemImage *other = create_image();
    SAFEARRAY *levels = NULL;
    LONG lower = -1, upper = -1, i, got;
    VARTYPE type = VT_EMPTY;
    HRESULT hr = IFileSystemImage_get_ISO9660InterchangeLevelsSupported(image, &levels);

    if (!ok(hr == S_OK && levels, "ISO9660InterchangeLevelsSupported: 0x%08lx", hr)) {
        IFileSystemImage_Release(other);
        return;
    }
    SafeArrayGetVartype(levels, &type);
    SafeArrayGetLBound(levels, 1, &lower);
    SafeArrayGetUBound(levels, 1, &upper);
    ok(SafeArrayGetDim(levels) == 1 && type == VT_VARIANT, "ISO9660InterchangeLevelsSupported: %u dimensions of %d",
       SafeArrayGetDim(levels), type);
    ok(lower == 0 && (upper == 1 || upper == 2), "ISO9660InterchangeLevelsSupported bounds %ld..%ld, expected 0..1 or 0..2",
       lower, upper);
    for (i = lower; i <= upper && i <= 2; i++) {
        VARIANT level;
        VariantInit(&level);
        hr = SafeArrayGetElement(levels, &i, &level);
        ok(hr == S_OK && V_VT(&level) == VT_UI4 && V_UI4(&level) == (ULONG)i + 1,
           "ISO9660InterchangeLevelsSupported[%ld]: 0x%08lx, type %d, value %lu, expected VT_UI4 %ld", i, hr,
           V_VT(&level), V_VT(&level) == VT_UI4 ? V_UI4(&level) : 0, i + 1);
        VariantClear(&level);
        hr = IFileSystemImage_put_ISO9660InterchangeLevel(other, i + 1);
        got = -1;
        IFileSystemImage_get_ISO9660InterchangeLevel(other, &got);
        ok(hr == S_OK && got == i + 1, "listed level %ld: put 0x%08lx, reads back %ld", i + 1, hr, got);
    }
    hr = IFileSystemImage_put_ISO9660InterchangeLevel(other, upper + 2);
    ok(hr == IMAPI_E_INVALID_PARAM, "unlisted level %ld: put 0x%08lx, expected IMAPI_E_INVALID_PARAM", upper + 2, hr);
    SafeArrayDestroy(levels);
    IFileSystemImage_Release(other);
}

/* ISO 9660 and Joliet at least, no unknown bit, and each one can be chosen alone. */
static void check_file_systems_supported(IFileSystemImage *image)
{
    const LONG known = FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF;
    IFileSystemImage *other = create_image();
    FsiFileSystems supported = 0, got;
    HRESULT hr = IFileSystemImage_get_FileSystemsSupported(image, &supported);
    LONG bit;

    ok(hr == S_OK && (supported & 3) == 3 && !(supported & ~known),
       "FileSystemsSupported: 0x%08lx, 0x%x, expected ISO 9660 and Joliet and no bit outside 0x%lx", hr, supported,
       known);
    for (bit = 1; bit <= known; bit <<= 1) {
        if (!(supported & bit))
            continue;
        hr = IFileSystemImage_put_FileSystemsToCreate(other, bit);
        got = 0;
        IFileSystemImage_get_FileSystemsToCreate(other, &got);
        ok(hr == S_OK && (LONG)got == bit, "supported file system 0x%lx: put 0x%08lx, reads back 0x%x", bit, hr, got);
    }
    IFileSystemImage_Release(other);
}

static void check_working_directory(IFileSystemImage *image)
{
    BSTR folder = NULL;
    HRESULT hr = IFileSystemImage_get_WorkingDirectory(image, &folder);
    DWORD attributes = folder ? GetFileAttributesW(folder) : INVALID_FILE_ATTRIBUTES;

    ok(hr == S_OK && folder && *folder, "WorkingDirectory: 0x%08lx, %s", hr, u8(folder));
    ok(attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY),
       "WorkingDirectory %s is not an existing folder (attributes 0x%lx)", u8(folder), attributes);
    SysFreeString(folder);
}

static void check_no_boot_image(IFileSystemImage *image)
{
    IFileSystemImage2 *image2 = NULL;
    IBootOptions *boot = (IBootOptions *)1;
    SAFEARRAY *array = NULL;
    LONG lower = -1, upper = 0;
    HRESULT hr = IFileSystemImage_get_BootImageOptions(image, &boot);

    ok(hr == S_OK && !boot, "BootImageOptions: 0x%08lx, %p, expected NULL", hr, boot);
    if (!ok(SUCCEEDED(IFileSystemImage_QueryInterface(image, &IID_IFileSystemImage2, (void **)&image2)),
            "no IFileSystemImage2"))
        return;
    hr = IFileSystemImage2_get_BootImageOptionsArray(image2, &array);
    if (ok(hr == S_OK && array, "BootImageOptionsArray: 0x%08lx, %p", hr, array)) {
        SafeArrayGetLBound(array, 1, &lower);
        SafeArrayGetUBound(array, 1, &upper);
        ok(SafeArrayGetDim(array) == 1 && upper - lower + 1 == 0,
           "BootImageOptionsArray: %u dimensions, bounds %ld..%ld, expected empty", SafeArrayGetDim(array), lower,
           upper);
        SafeArrayDestroy(array);
    }
    IFileSystemImage2_Release(image2);
}

static void check_strings(IFileSystemImage *image)
{
    BSTR name = (BSTR)L"unset", imported = (BSTR)L"unset";
    HRESULT hr = IFileSystemImage_get_VolumeName(image, &name);

    ok(hr == S_OK && SysStringLen(name) == 0, "VolumeName: 0x%08lx, \"%s\", expected empty", hr, u8(name));
    if (hr == S_OK)
        SysFreeString(name);
    hr = IFileSystemImage_get_ImportedVolumeName(image, &imported);
    ok(hr == S_OK && !imported, "ImportedVolumeName: 0x%08lx, %s, expected NULL", hr,
       hr == S_OK ? u8(imported) : "(unchanged)");
    if (hr == S_OK)
        SysFreeString(imported);
}

/* The empty image's result must be a valid ISO; its UsedBlocks is that result's size. */
static void write_empty_image(IFileSystemImage *image)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    LONG used = -1, total = -2;
    ULONGLONG size = 0;
    BYTE *bytes;
    HRESULT hr;

    make_dirs(path_join(scratch_dir, L"items\\empty-source"));
    ok(IFileSystemImage_get_UsedBlocks(image, &used) == S_OK, "UsedBlocks of the empty image");
    hr = IFileSystemImage_CreateResultImage(image, &result);
    if (!ok(hr == S_OK && result, "CreateResultImage of the empty image: 0x%08lx", hr))
        return;
    IFileSystemImageResult_get_TotalBlocks(result, &total);
    ok(used == total && total > 16, "empty image: UsedBlocks %ld, TotalBlocks %ld", used, total);
    if (ok(IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK && stream, "empty image: ImageStream")) {
        bytes = read_stream(stream, 65536, &size);
        ok(size == (ULONGLONG)total * 2048, "empty image: %llu bytes, TotalBlocks %ld", size, total);
        ok(write_file(path_join(images_dir, L"empty.iso"), bytes, (DWORD)size), "cannot write empty.iso");
        HeapFree(GetProcessHeap(), 0, bytes);
        IStream_Release(stream);
    }
    IFileSystemImageResult_Release(result);
}

static void test_defaults(void)
{
    IFileSystemImage *image = create_image();
    IFileSystemImage3 *image3 = NULL;
    FsiFileSystems systems = -1;
    VARIANT_BOOL flag = -2;
    LONG value = -1;
    HRESULT hr;

    hr = IFileSystemImage_get_FileSystemsToCreate(image, &systems);
    check_long(hr, systems, FsiFileSystemISO9660 | FsiFileSystemJoliet, "FileSystemsToCreate");
    check_file_systems_supported(image);
    hr = IFileSystemImage_get_ISO9660InterchangeLevel(image, &value);
    check_long(hr, value, 2, "ISO9660InterchangeLevel");
    check_levels_supported(image);
    value = -1;
    hr = IFileSystemImage_get_FreeMediaBlocks(image, &value);
    check_long(hr, value, 332800, "FreeMediaBlocks");
    value = -1;
    hr = IFileSystemImage_get_FileCount(image, &value);
    check_long(hr, value, 0, "FileCount");
    value = -1;
    hr = IFileSystemImage_get_DirectoryCount(image, &value);
    check_long(hr, value, 0, "DirectoryCount");
    hr = IFileSystemImage_get_StageFiles(image, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "StageFiles");
    flag = -2;
    hr = IFileSystemImage_get_StrictFileSystemCompliance(image, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "StrictFileSystemCompliance");
    flag = -2;
    hr = IFileSystemImage_get_UseRestrictedCharacterSet(image, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "UseRestrictedCharacterSet");
    if (ok(SUCCEEDED(IFileSystemImage_QueryInterface(image, &IID_IFileSystemImage3, (void **)&image3)),
           "no IFileSystemImage3")) {
        flag = -2;
        hr = IFileSystemImage3_get_CreateRedundantUdfMetadataFiles(image3, &flag);
        check_flag(hr, flag, VARIANT_TRUE, "CreateRedundantUdfMetadataFiles");
        IFileSystemImage3_Release(image3);
    }
    check_working_directory(image);
    check_strings(image);
    check_no_boot_image(image);
    write_empty_image(image);
    IFileSystemImage_Release(image);
}

static LONG change_point(IFileSystemImage *image)
{
    LONG point = -1;

    ok(IFileSystemImage_get_ChangePoint(image, &point) == S_OK, "get_ChangePoint");
    return point;
}

static void test_change_point(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    LONG before = change_point(image), after;
    IFsiItem *item;

    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"edited")) == S_OK, "AddDirectory(edited)");
    after = change_point(image);
    ok(after > before, "ChangePoint %ld after AddDirectory, %ld before", after, before);
    if ((item = item_at(root, L"edited"))) {
        before = after;
        ok(IFsiItem_put_IsHidden(item, VARIANT_TRUE) == S_OK, "put_IsHidden");
        after = change_point(image);
        ok(after > before, "ChangePoint %ld after put_IsHidden, %ld before", after, before);
        IFsiItem_Release(item);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---- 2. names, times and the hidden attribute of items ---- */

struct item_times {
    DATE created, accessed, modified;
};

static void times_of(IFsiItem *item, struct item_times *times, const char *what)
{
    HRESULT created = IFsiItem_get_CreationTime(item, &times->created);
    HRESULT accessed = IFsiItem_get_LastAccessedTime(item, &times->accessed);
    HRESULT modified = IFsiItem_get_LastModifiedTime(item, &times->modified);

    ok(created == S_OK && accessed == S_OK && modified == S_OK, "%s: times 0x%08lx 0x%08lx 0x%08lx", what, created,
       accessed, modified);
}

static BOOL source_times(const WCHAR *path, struct item_times *times)
{
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(path, &data);

    if (!ok(find != INVALID_HANDLE_VALUE, "FindFirstFile(%s): %lu", u8(path), GetLastError()))
        return FALSE;
    FindClose(find);
    times->created = date_of_filetime(&data.ftCreationTime);
    times->accessed = date_of_filetime(&data.ftLastAccessTime);
    times->modified = date_of_filetime(&data.ftLastWriteTime);
    return TRUE;
}

static void check_name_and_path(IFsiItem *item, const WCHAR *relative)
{
    BSTR name = NULL, path = NULL;
    HRESULT name_hr = IFsiItem_get_Name(item, &name), path_hr = IFsiItem_get_FullPath(item, &path);
    WCHAR expected[MAX_PATH];

    swprintf(expected, MAX_PATH, L"\\%ls", relative);
    ok(name_hr == S_OK && name && !wcscmp(name, path_leaf(relative)), "%s: Name 0x%08lx, %s", u8(relative), name_hr,
       u8(name));
    ok(path_hr == S_OK && path && !wcscmp(path, expected), "%s: FullPath 0x%08lx, %s", u8(relative), path_hr,
       u8(path));
    SysFreeString(name);
    SysFreeString(path);
}

static void check_not_hidden(IFsiItem *item, const char *what)
{
    VARIANT_BOOL hidden = -2;
    HRESULT hr = IFsiItem_get_IsHidden(item, &hidden);

    ok(hr == S_OK && hidden == VARIANT_FALSE, "%s: IsHidden 0x%08lx, %d", what, hr, hidden);
}

/* Items of AddTree carry their source's times. Reading a file or listing a folder may move its
 * last-access time meanwhile (relatime), so that one lies between the readings before and after. */
static void test_tree_items(const WCHAR *standard)
{
    static const WCHAR *const paths[] = {
        L"readme.txt", L"sizes", L"sizes\\size-300007.bin", L"unicode\\café crème.txt", L"unicode\\中文目录",
        L"unicode\\📁 emoji folder\\🎵 note.txt", L"empty\\empty folder", L"many\\entry-0001.txt",
    };
    const DATE fixture_time = date_utc(2020, 1, 2, 3, 4, 5);
    struct item_times before[ARRAYSIZE(paths)], after[ARRAYSIZE(paths)];
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    unsigned i;
    HRESULT hr;

    for (i = 0; i < ARRAYSIZE(paths); i++)
        source_times(path_join(standard, paths[i]), &before[i]);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(standard), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree(%s, FALSE): 0x%08lx", u8(standard), hr);
    for (i = 0; i < ARRAYSIZE(paths); i++) {
        const char *what = u8(paths[i]);
        struct item_times got;
        IFsiItem *item;

        if (!source_times(path_join(standard, paths[i]), &after[i]) || !(item = item_at(root, paths[i])))
            continue;
        check_name_and_path(item, paths[i]);
        times_of(item, &got, what);
        ok(within_seconds(got.modified, after[i].modified, 1), "%s: LastModifiedTime %s, source %s", what,
           date_text(got.modified), date_text(after[i].modified));
        ok(within_seconds(got.modified, fixture_time, 1), "%s: LastModifiedTime %s, gen-tree.sh sets %s", what,
           date_text(got.modified), date_text(fixture_time));
        ok(within_seconds(got.created, after[i].created, 1), "%s: CreationTime %s, source %s", what, date_text(got.created),
           date_text(after[i].created));
        ok(got.accessed >= before[i].accessed - SECONDS(1) && got.accessed <= after[i].accessed + SECONDS(1),
           "%s: LastAccessedTime %s, source %s before AddTree and %s after", what, date_text(got.accessed),
           date_text(before[i].accessed), date_text(after[i].accessed));
        check_not_hidden(item, what);
        IFsiItem_Release(item);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static void check_new_item_times(IFsiItem *item, DATE before, DATE after, const char *what)
{
    struct item_times got;

    times_of(item, &got, what);
    ok(got.created >= before - SECONDS(60) && got.created <= after + SECONDS(60),
       "%s: CreationTime %s, added between %s and %s", what, date_text(got.created), date_text(before),
       date_text(after));
    ok(got.accessed >= before - SECONDS(60) && got.accessed <= after + SECONDS(60),
       "%s: LastAccessedTime %s, added between %s and %s", what, date_text(got.accessed), date_text(before),
       date_text(after));
    ok(got.modified >= before - SECONDS(60) && got.modified <= after + SECONDS(60),
       "%s: LastModifiedTime %s, added between %s and %s", what, date_text(got.modified), date_text(before),
       date_text(after));
}

/* Three different times, so a put that lands in the wrong field shows. */
static void check_put_times(IFsiItem *item, const char *what)
{
    const DATE created = date_utc(2003, 4, 5, 6, 7, 8), accessed = date_utc(2011, 12, 13, 14, 15, 16),
               modified = date_utc(1999, 12, 31, 23, 59, 58);
    struct item_times got;
    VARIANT_BOOL hidden = -2;
    HRESULT hr;

    ok(IFsiItem_put_CreationTime(item, created) == S_OK, "%s: put_CreationTime", what);
    ok(IFsiItem_put_LastAccessedTime(item, accessed) == S_OK, "%s: put_LastAccessedTime", what);
    ok(IFsiItem_put_LastModifiedTime(item, modified) == S_OK, "%s: put_LastModifiedTime", what);
    times_of(item, &got, what);
    ok(within_seconds(got.created, created, 0.5), "%s: CreationTime reads back %s, put %s", what, date_text(got.created),
       date_text(created));
    ok(within_seconds(got.accessed, accessed, 0.5), "%s: LastAccessedTime reads back %s, put %s", what,
       date_text(got.accessed), date_text(accessed));
    ok(within_seconds(got.modified, modified, 0.5), "%s: LastModifiedTime reads back %s, put %s", what,
       date_text(got.modified), date_text(modified));

    ok(IFsiItem_put_IsHidden(item, VARIANT_TRUE) == S_OK, "%s: put_IsHidden(TRUE)", what);
    hr = IFsiItem_get_IsHidden(item, &hidden);
    ok(hr == S_OK && hidden == VARIANT_TRUE, "%s: IsHidden reads back 0x%08lx, %d", what, hr, hidden);
    ok(IFsiItem_put_IsHidden(item, VARIANT_FALSE) == S_OK, "%s: put_IsHidden(FALSE)", what);
    hr = IFsiItem_get_IsHidden(item, &hidden);
    ok(hr == S_OK && hidden == VARIANT_FALSE, "%s: IsHidden reads back 0x%08lx, %d", what, hr, hidden);
}

static void test_new_items(void)
{
    static const char text[] = "a file added from a stream\n";
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IStream *stream = memory_stream(text, sizeof(text) - 1);
    DATE before = date_now(), after;
    IFsiItem *folder, *file;

    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"new folder")) == S_OK, "AddDirectory(new folder)");
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"new folder\\note.txt"), stream) == S_OK, "AddFile(note.txt)");
    IStream_Release(stream);
    after = date_now();
    if ((folder = item_at(root, L"new folder"))) {
        check_name_and_path(folder, L"new folder");
        check_new_item_times(folder, before, after, "AddDirectory item");
        check_not_hidden(folder, "AddDirectory item");
        check_put_times(folder, "AddDirectory item");
        IFsiItem_Release(folder);
    }
    if ((file = item_at(root, L"new folder\\note.txt"))) {
        check_name_and_path(file, L"new folder\\note.txt");
        check_new_item_times(file, before, after, "AddFile item");
        check_not_hidden(file, "AddFile item");
        check_put_times(file, "AddFile item");
        IFsiItem_Release(file);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---- 3. what the image records of the items ---- */

struct recorded {
    const WCHAR *file, *folder; /* names at the root */
    BYTE file_date[7], folder_date[7], folder_self_date[7];
    BYTE file_flags, folder_flags;
    int files_seen, folders_seen, folder_selves_seen, records, hidden_elsewhere;
};

static void note_record(const struct iso_record *record, void *context)
{
    struct recorded *seen = context;
    BOOL at_root = !record->parent[0];
    WCHAR folder_path[MAX_PATH];

    seen->records++;
    swprintf(folder_path, MAX_PATH, L"\\%ls", seen->folder);
    if (at_root && !_wcsicmp(record->name, seen->file)) {
        seen->files_seen++;
        memcpy(seen->file_date, record->date, 7);
        seen->file_flags = record->flags;
        return;
    }
    if (at_root && !_wcsicmp(record->name, seen->folder)) {
        seen->folders_seen++;
        memcpy(seen->folder_date, record->date, 7);
        seen->folder_flags = record->flags;
    } else if (!_wcsicmp(record->parent, folder_path) && !wcscmp(record->name, L".")) {
        seen->folder_selves_seen++;
        memcpy(seen->folder_self_date, record->date, 7);
    }
    seen->hidden_elsewhere += !!(record->flags & ISO_FLAG_HIDDEN);
}

static void check_date_bytes(const BYTE *got, const BYTE *expected, const char *what)
{
    ok(!memcmp(got, expected, 7), "%s: recording date {%u,%u,%u,%u,%u,%u,%d}, expected {%u,%u,%u,%u,%u,%u,%d}", what,
       got[0], got[1], got[2], got[3], got[4], got[5], (signed char)got[6], expected[0], expected[1], expected[2],
       expected[3], expected[4], expected[5], (signed char)expected[6]);
}

static void check_tree_records(const BYTE *bytes, ULONGLONG size, BOOL joliet)
{
    static const BYTE file_date[7] = {99, 12, 31, 23, 59, 58, 0}, folder_date[7] = {101, 2, 3, 4, 5, 6, 0};
    struct recorded seen = {.file = L"readme.txt", .folder = L"docs"};
    const char *tree = joliet ? "Joliet" : "ISO 9660";
    char what[64];

    if (!iso_walk(bytes, size, joliet ? JOLIET_SVD_BLOCK : ISO_PVD_BLOCK, joliet, note_record, &seen))
        return;
    ok(seen.records > 10, "%s: only %d records", tree, seen.records);
    if (ok(seen.files_seen == 1, "%s: readme.txt recorded %d times", tree, seen.files_seen)) {
        snprintf(what, sizeof(what), "%s readme.txt", tree);
        check_date_bytes(seen.file_date, file_date, what);
        ok(seen.file_flags == ISO_FLAG_HIDDEN, "%s: flags 0x%02x, expected hidden (0x01) only", what,
           seen.file_flags);
    }
    if (ok(seen.folders_seen == 1, "%s: docs recorded %d times", tree, seen.folders_seen)) {
        snprintf(what, sizeof(what), "%s docs", tree);
        check_date_bytes(seen.folder_date, folder_date, what);
        ok(seen.folder_flags == ISO_FLAG_DIRECTORY, "%s: flags 0x%02x, expected directory (0x02) only", what,
           seen.folder_flags);
    }
    if (ok(seen.folder_selves_seen == 1, "%s: docs has %d \".\" records", tree, seen.folder_selves_seen)) {
        snprintf(what, sizeof(what), "%s docs\\.", tree);
        check_date_bytes(seen.folder_self_date, folder_date, what);
    }
    ok(seen.hidden_elsewhere == 0, "%s: %d other records have the hidden flag", tree, seen.hidden_elsewhere);
}

static void test_recorded(const WCHAR *small)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IFsiItem *file, *folder;
    ULONGLONG size;
    BYTE *bytes;

    ok(IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_FALSE) == S_OK, "AddTree(%s)", u8(small));
    if ((file = item_at(root, L"readme.txt"))) {
        ok(IFsiItem_put_LastModifiedTime(file, date_utc(1999, 12, 31, 23, 59, 58)) == S_OK,
           "readme.txt: put_LastModifiedTime");
        ok(IFsiItem_put_IsHidden(file, VARIANT_TRUE) == S_OK, "readme.txt: put_IsHidden");
        IFsiItem_Release(file);
    }
    if ((folder = item_at(root, L"docs"))) {
        ok(IFsiItem_put_LastModifiedTime(folder, date_utc(2001, 2, 3, 4, 5, 6)) == S_OK, "docs: put_LastModifiedTime");
        IFsiItem_Release(folder);
    }
    if ((bytes = write_result_image(image, path_join(images_dir, L"items-dates.iso"), &size))) {
        check_tree_records(bytes, size, FALSE);
        check_tree_records(bytes, size, TRUE);
        HeapFree(GetProcessHeap(), 0, bytes);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---- 4. file items: sizes and data ---- */

static void check_file_item(IFsiDirectoryItem *root, const WCHAR *name, const BYTE *content, DWORD size)
{
    IFsiFileItem *file = NULL;
    IFsiItem *item = item_at(root, name);
    LONGLONG data_size = -1;
    LONG low = -1, high = -1;
    IStream *data = NULL;
    ULONGLONG got = 0;
    BYTE *bytes;
    HRESULT hr;

    if (!item)
        return;
    if (!ok(SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file)), "%s: no IFsiFileItem",
            u8(name))) {
        IFsiItem_Release(item);
        return;
    }
    hr = IFsiFileItem_get_DataSize(file, &data_size);
    ok(hr == S_OK && data_size == size, "%s: DataSize 0x%08lx, %lld, expected %lu", u8(name), hr, data_size, size);
    hr = IFsiFileItem_get_DataSize32BitLow(file, &low);
    ok(hr == S_OK && low == (LONG)size, "%s: DataSize32BitLow 0x%08lx, %ld, expected %lu", u8(name), hr, low, size);
    hr = IFsiFileItem_get_DataSize32BitHigh(file, &high);
    ok(hr == S_OK && high == 0, "%s: DataSize32BitHigh 0x%08lx, %ld, expected 0", u8(name), hr, high);
    if (ok(IFsiFileItem_get_Data(file, &data) == S_OK && data, "%s: get_Data", u8(name))) {
        bytes = read_stream(data, 65536, &got);
        ok(got == size && !memcmp(bytes, content, size), "%s: Data gives %llu bytes, %s", u8(name), got,
           got == size ? "different from the source" : "not the source's size");
        HeapFree(GetProcessHeap(), 0, bytes);
        IStream_Release(data);
    }
    IFsiFileItem_Release(file);
    IFsiItem_Release(item);
}

static void test_file_items(void)
{
    static const char streamed[] = "bytes handed over as an IStream\r\n";
    enum { BIG = 300000 };
    WCHAR *folder = path_join(scratch_dir, L"items\\files");
    WCHAR *big_path = path_join(folder, L"big.bin"), *empty_path = path_join(folder, L"empty.bin");
    BYTE *big = HeapAlloc(GetProcessHeap(), 0, BIG);
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IStream *stream = memory_stream(streamed, sizeof(streamed) - 1);
    DWORD i;

    for (i = 0; i < BIG; i++)
        big[i] = (BYTE)(i * 7 + i / 2048);
    make_dirs(folder);
    ok(write_file(big_path, big, BIG) && write_file(empty_path, "", 0), "cannot write the files in %s", u8(folder));
    ok(IFsiDirectoryItem_AddTree(root, tbstr(big_path), VARIANT_TRUE) == S_OK, "AddTree(%s)", u8(big_path));
    ok(IFsiDirectoryItem_AddTree(root, tbstr(empty_path), VARIANT_TRUE) == S_OK, "AddTree(%s)", u8(empty_path));
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"streamed.txt"), stream) == S_OK, "AddFile(streamed.txt)");
    IStream_Release(stream);
    check_file_item(root, L"big.bin", big, BIG);
    check_file_item(root, L"empty.bin", (const BYTE *)"", 0);
    check_file_item(root, L"streamed.txt", (const BYTE *)streamed, sizeof(streamed) - 1);
    HeapFree(GetProcessHeap(), 0, big);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---- 5. the result ---- */

static void read_expecting(IStream *stream, const BYTE *image, ULONGLONG offset, ULONG length, const char *what)
{
    BYTE *buffer = HeapAlloc(GetProcessHeap(), 0, length);
    ULONG got = 0;
    HRESULT hr = IStream_Read(stream, buffer, length, &got);

    ok(hr == S_OK && got == length && !memcmp(buffer, image + offset, length),
       "%s: Read(%lu) gave 0x%08lx, %lu bytes, %s the image's bytes at %llu", what, length, hr, got,
       got == length && !memcmp(buffer, image + offset, length) ? "equal to" : "not", offset);
    HeapFree(GetProcessHeap(), 0, buffer);
}

static ULONGLONG position_of(IStream *stream)
{
    ULARGE_INTEGER position = {.QuadPart = ~0ull};

    IStream_Seek(stream, (LARGE_INTEGER){.QuadPart = 0}, STREAM_SEEK_CUR, &position);
    return position.QuadPart;
}

static void check_two_streams(IFileSystemImageResult *result, const BYTE *image, ULONGLONG size)
{
    IStream *first = NULL, *second = NULL;

    ok(IFileSystemImageResult_get_ImageStream(result, &first) == S_OK && first, "first ImageStream");
    ok(IFileSystemImageResult_get_ImageStream(result, &second) == S_OK && second, "second ImageStream");
    if (first && second && ok(size > 40000, "image of %llu bytes is too small", size)) {
        ok(first != second, "ImageStream gave the same stream twice");
        read_expecting(first, image, 0, 20000, "first stream");
        ok(position_of(second) == 0, "reading the first stream moved the second to %llu", position_of(second));
        read_expecting(second, image, 0, 5000, "second stream from the start");
        ok(position_of(first) == 20000, "reading the second stream moved the first to %llu", position_of(first));
        read_expecting(first, image, 20000, 20000, "first stream, continued");
    }
    if (first)
        IStream_Release(first);
    if (second)
        IStream_Release(second);
}

static void test_result(const WCHAR *small)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IFileSystemImageResult *result = NULL;
    BSTR id = NULL, again = NULL;
    IStream *stream = NULL;
    LONG block_size = -1;
    ULONGLONG size = 0;
    BYTE *bytes = NULL;
    HRESULT hr;

    ok(IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_TRUE) == S_OK, "AddTree(%s)", u8(small));
    hr = IFileSystemImage_CreateResultImage(image, &result);
    if (!ok(hr == S_OK && result, "CreateResultImage: 0x%08lx", hr))
        goto done;
    hr = IFileSystemImageResult_get_DiscId(result, &id);
    ok(hr == S_OK && id && *id, "DiscId 0x%08lx, \"%s\"", hr, u8(id));
    hr = IFileSystemImageResult_get_DiscId(result, &again);
    ok(hr == S_OK && again && id && !wcscmp(id, again), "DiscId changed from \"%s\" to \"%s\" (0x%08lx)", u8(id),
       u8(again), hr);
    hr = IFileSystemImageResult_get_BlockSize(result, &block_size);
    ok(hr == S_OK && block_size == 2048, "BlockSize 0x%08lx, %ld", hr, block_size);
    if (ok(IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK && stream, "ImageStream")) {
        bytes = read_stream(stream, 1 << 20, &size);
        IStream_Release(stream);
        check_two_streams(result, bytes, size);
        HeapFree(GetProcessHeap(), 0, bytes);
    }
    SysFreeString(id);
    SysFreeString(again);
    IFileSystemImageResult_Release(result);
done:
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc != 5) {
        printf("usage: test_items STANDARD_TREE SMALL_TREE IMAGES_DIR SCRATCH_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    images_dir = win_path(argv[3]);
    scratch_dir = win_path(argv[4]);
    make_dirs(images_dir);
    test_defaults();
    test_change_point();
    test_tree_items(win_path(argv[1]));
    test_new_items();
    test_recorded(win_path(argv[2]));
    test_file_items();
    test_result(win_path(argv[2]));
    CoUninitialize();
    return test_summary();
}
