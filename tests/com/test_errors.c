/* Bad input through the C vtable: each call must fail with its exact HRESULT, leave an IErrorInfo
 * whose description names the bad value, and leave the image exactly as it was.
 * Usage: test_errors STANDARD_TREE SMALL_TREE SCRATCH_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <stdio.h>
#include <wchar.h>

static IFileSystemImage *image;
static IFsiDirectoryItem *root;
static struct image_counts counts_before;
static WCHAR *listing_before;

static void snapshot(void)
{
    HeapFree(GetProcessHeap(), 0, listing_before);
    image_counts_of(image, &counts_before);
    listing_before = tree_listing(root);
}

/* The line of `now` where it starts to differ from `before` (listings are one item per line). */
static const WCHAR *first_difference(const WCHAR *before, const WCHAR *now)
{
    static WCHAR line[MAX_PATH * 2];
    const WCHAR *line_start = now, *end;
    size_t i;

    for (i = 0; before[i] && before[i] == now[i]; i++)
        if (now[i] == '\n')
            line_start = now + i + 1;
    end = wcschr(line_start, '\n');
    if (!end)
        end = line_start + wcslen(line_start);
    swprintf(line, ARRAYSIZE(line), L"%.*ls", (int)(end - line_start < MAX_PATH ? end - line_start : MAX_PATH),
             line_start);
    return *line ? line : L"(end of listing)";
}

static void check_unchanged(const char *what)
{
    struct image_counts now;
    WCHAR *listing = tree_listing(root);

    image_counts_of(image, &now);
    ok(now.files == counts_before.files && now.directories == counts_before.directories &&
           now.used_blocks == counts_before.used_blocks,
       "%s changed the counts: files %ld->%ld, directories %ld->%ld, blocks %ld->%ld", what, counts_before.files,
       now.files, counts_before.directories, now.directories, counts_before.used_blocks, now.used_blocks);
    ok(!wcscmp(listing, listing_before), "%s changed the tree, first at: %s", what,
       u8(first_difference(listing_before, listing)));
    HeapFree(GetProcessHeap(), 0, listing);
}

/* A failure that must carry error info naming one of the needles. */
#define expect_error(hr, expected, object, iid, what, ...) \
    expect_error_(hr, expected, (IUnknown *)(object), iid, what, __VA_ARGS__, (const WCHAR *)NULL)
static void expect_error_(HRESULT hr, HRESULT expected, IUnknown *object, REFIID iid, const char *what, ...)
{
    va_list needles;

    ok(hr == expected, "%s: 0x%08lx, expected 0x%08lx", what, hr, expected);
    va_start(needles, what);
    check_error_infov(object, iid, what, needles);
    va_end(needles);
    check_unchanged(what);
}

static void expect_pointer_error(HRESULT hr, const char *what)
{
    ok(hr == E_POINTER, "%s: 0x%08lx, expected E_POINTER", what, hr);
    check_unchanged(what);
}

static void test_duplicates(void)
{
    IStream *stream = memory_stream("x", 1);

    error_info_clear();
    expect_error(IFsiDirectoryItem_AddDirectory(root, tbstr(L"dir")), IMAPI_E_DUP_NAME, root, &IID_IFsiDirectoryItem,
                 "AddDirectory of an existing folder", L"dir");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddDirectory(root, tbstr(L"DiR")), IMAPI_E_DUP_NAME, root, &IID_IFsiDirectoryItem,
                 "AddDirectory differing only in case", L"dir");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddFile(root, tbstr(L"dir\\file.txt"), stream), IMAPI_E_DUP_NAME, root,
                 &IID_IFsiDirectoryItem, "AddFile of an existing file", L"file.txt");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddFile(root, tbstr(L"dir\\FILE.Txt"), stream), IMAPI_E_DUP_NAME, root,
                 &IID_IFsiDirectoryItem, "AddFile differing only in case", L"file.txt");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddFile(root, tbstr(L"dir"), stream), IMAPI_E_DUP_NAME, root,
                 &IID_IFsiDirectoryItem, "AddFile over a folder", L"dir");
    IStream_Release(stream);
}

/* Either Win32 "not found" code is right: which one depends on how far the path resolves. */
static HRESULT not_found_code(HRESULT hr)
{
    return hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND) ? hr : HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

static void test_missing_source(const WCHAR *scratch)
{
    WCHAR *missing = path_join(scratch, L"no-such-folder");
    WCHAR *missing_parent = path_join(scratch, L"no-such-parent\\child");
    HRESULT hr;

    error_info_clear();
    hr = IFsiDirectoryItem_AddTree(root, tbstr(missing), VARIANT_TRUE);
    expect_error(hr, not_found_code(hr), root, &IID_IFsiDirectoryItem, "AddTree of a missing folder",
                 L"no-such-folder");
    error_info_clear();
    hr = IFsiDirectoryItem_AddTree(root, tbstr(missing_parent), VARIANT_FALSE);
    expect_error(hr, not_found_code(hr), root, &IID_IFsiDirectoryItem, "AddTree below a missing folder",
                 L"no-such-parent");
}

static void test_bad_names(void)
{
    static const WCHAR *const bad[] = {L"bad*name", L"what?", L"a<b", L"a>b", L"a|b", L"say\"hi\""};
    IStream *stream = memory_stream("data", 4);
    char what[128];
    unsigned i;

    for (i = 0; i < ARRAYSIZE(bad); i++) {
        WCHAR file[64];

        snprintf(what, sizeof(what), "AddDirectory(%s)", u8(bad[i]));
        error_info_clear();
        expect_error(IFsiDirectoryItem_AddDirectory(root, tbstr(bad[i])), IMAPI_E_INVALID_PATH, root,
                     &IID_IFsiDirectoryItem, what, bad[i]);
        swprintf(file, ARRAYSIZE(file), L"dir\\%ls.txt", bad[i]);
        snprintf(what, sizeof(what), "AddFile(%s)", u8(file));
        error_info_clear();
        expect_error(IFsiDirectoryItem_AddFile(root, tbstr(file), stream), IMAPI_E_INVALID_PATH, root,
                     &IID_IFsiDirectoryItem, what, bad[i]);
    }
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddDirectory(root, tbstr(L"")), IMAPI_E_INVALID_PATH, root,
                 &IID_IFsiDirectoryItem, "AddDirectory of an empty name", L"");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddFile(root, tbstr(L""), stream), IMAPI_E_INVALID_PATH, root,
                 &IID_IFsiDirectoryItem, "AddFile of an empty name", L"");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddFile(root, tbstr(L"dir\\"), stream), IMAPI_E_INVALID_PATH, root,
                 &IID_IFsiDirectoryItem, "AddFile of a name ending in a separator", L"dir");
    IStream_Release(stream);
}

static void test_null_pointers(void)
{
    IFsiItem *item = NULL;
    HRESULT hr;

    expect_pointer_error(IFileSystemImage_get_Root(image, NULL), "get_Root(NULL)");
    expect_pointer_error(IFileSystemImage_get_FileCount(image, NULL), "get_FileCount(NULL)");
    expect_pointer_error(IFileSystemImage_get_DirectoryCount(image, NULL), "get_DirectoryCount(NULL)");
    expect_pointer_error(IFileSystemImage_get_UsedBlocks(image, NULL), "get_UsedBlocks(NULL)");
    expect_pointer_error(IFileSystemImage_get_FreeMediaBlocks(image, NULL), "get_FreeMediaBlocks(NULL)");
    expect_pointer_error(IFileSystemImage_get_VolumeName(image, NULL), "get_VolumeName(NULL)");
    expect_pointer_error(IFileSystemImage_get_FileSystemsToCreate(image, NULL), "get_FileSystemsToCreate(NULL)");
    expect_pointer_error(IFileSystemImage_get_ISO9660InterchangeLevel(image, NULL),
                         "get_ISO9660InterchangeLevel(NULL)");
    expect_pointer_error(IFileSystemImage_Exists(image, tbstr(L"\\dir"), NULL), "Exists(..., NULL)");
    expect_pointer_error(IFileSystemImage_CreateResultImage(image, NULL), "CreateResultImage(NULL)");
    expect_pointer_error(IFsiDirectoryItem_get_Item(root, tbstr(L"dir"), NULL), "get_Item(..., NULL)");
    expect_pointer_error(IFsiDirectoryItem_get_Count(root, NULL), "get_Count(NULL)");
    expect_pointer_error(IFsiDirectoryItem_get_EnumFsiItems(root, NULL), "get_EnumFsiItems(NULL)");
    expect_pointer_error(IFsiDirectoryItem_get__NewEnum(root, NULL), "get__NewEnum(NULL)");
    expect_pointer_error(IFsiDirectoryItem_AddFile(root, tbstr(L"null.txt"), NULL), "AddFile(..., NULL stream)");

    hr = IFsiDirectoryItem_get_Item(root, tbstr(L"dir\\file.txt"), &item);
    if (ok(hr == S_OK && item, "get_Item(dir\\file.txt): 0x%08lx", hr)) {
        expect_pointer_error(IFsiItem_get_Name(item, NULL), "IFsiItem get_Name(NULL)");
        expect_pointer_error(IFsiItem_get_FullPath(item, NULL), "IFsiItem get_FullPath(NULL)");
        IFsiItem_Release(item);
    }
}

static void test_paths(void)
{
    FsiItemType type = FsiItemFile;
    IFsiItem *item = (IFsiItem *)0xdeadbeef;

    error_info_clear();
    expect_error(IFsiDirectoryItem_Remove(root, tbstr(L"dir")), IMAPI_E_DIR_NOT_EMPTY, root,
                 &IID_IFsiDirectoryItem, "Remove of a non-empty folder", L"dir");
    /* The root itself cannot be removed: the path names no item below it. */
    error_info_clear();
    expect_error(IFsiDirectoryItem_Remove(root, tbstr(L"\\")), IMAPI_E_INVALID_PATH, root, &IID_IFsiDirectoryItem,
                 "Remove of the root", L"\\");
    error_info_clear();
    expect_error(IFileSystemImage_Exists(image, tbstr(L"relative\\path"), &type), IMAPI_E_INVALID_PATH, image,
                 &IID_IFileSystemImage, "Exists of a relative path", L"relative");
    error_info_clear();
    expect_error(IFsiDirectoryItem_get_Item(root, tbstr(L"nothing-here"), &item), IMAPI_E_ITEM_NOT_FOUND, root,
                 &IID_IFsiDirectoryItem, "get_Item of a missing item", L"nothing-here");
    ok(item == NULL, "get_Item of a missing item left %p in *item", (void *)item);
}

/* The standard tree's level2/.../level8 is at depth 8 below its base folder: with the base it is 9. */
static void test_depth(const WCHAR *standard)
{
    error_info_clear();
    HRESULT hr = IFsiDirectoryItem_AddTree(root, tbstr(standard), VARIANT_TRUE);

    expect_error(hr, IMAPI_E_ISO9660_LEVELS, root, &IID_IFsiDirectoryItem, "AddTree nine levels deep", L"level8",
                 L"bottom.txt");
    /* Wrongly accepted: take it out again so the next checks start from the same tree. */
    if (SUCCEEDED(hr))
        IFsiDirectoryItem_RemoveTree(root, tbstr(path_leaf(standard)));
}

static void make_big_source(const WCHAR *big)
{
    static const struct {
        const WCHAR *name;
        DWORD size;
    } files[] = {{L"a.bin", 300 * 1024}, {L"b.bin", 300 * 1024}, {L"c.bin", 600 * 1024}};
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, 600 * 1024);
    unsigned i;
    DWORD j;

    make_dirs(big);
    for (i = 0; i < ARRAYSIZE(files); i++) {
        for (j = 0; j < files[i].size; j++)
            data[j] = (BYTE)(j * 7 + i);
        write_file(path_join(big, files[i].name), data, files[i].size);
    }
    HeapFree(GetProcessHeap(), 0, data);
}

static void test_media_limits(const WCHAR *scratch)
{
    WCHAR *big = path_join(scratch, L"big");
    LONG used = 0, limit, free_blocks = -1;
    WCHAR value[32];
    HRESULT hr;

    make_big_source(big);
    IFileSystemImage_get_UsedBlocks(image, &used);
    limit = used + 400;
    hr = IFileSystemImage_put_FreeMediaBlocks(image, limit);
    ok(hr == S_OK, "put_FreeMediaBlocks(%ld): 0x%08lx", limit, hr);
    snapshot();
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddTree(root, tbstr(big), VARIANT_TRUE), IMAPI_E_IMAGE_SIZE_LIMIT, root,
                 &IID_IFsiDirectoryItem, "AddTree beyond FreeMediaBlocks", L"big", L"c.bin");
    error_info_clear();
    expect_error(IFsiDirectoryItem_AddTree(root, tbstr(big), VARIANT_FALSE), IMAPI_E_IMAGE_SIZE_LIMIT, root,
                 &IID_IFsiDirectoryItem, "AddTree of the contents beyond FreeMediaBlocks", L"big", L"c.bin");

    error_info_clear();
    hr = IFileSystemImage_put_FreeMediaBlocks(image, 17);
    swprintf(value, ARRAYSIZE(value), L"%d", 17);
    expect_error(hr, IMAPI_E_IMAGE_TOO_BIG, image, &IID_IFileSystemImage, "put_FreeMediaBlocks below the size",
                 value, L"FreeMediaBlocks");
    ok(IFileSystemImage_get_FreeMediaBlocks(image, &free_blocks) == S_OK && free_blocks == limit,
       "FreeMediaBlocks is %ld after a refused put, expected %ld", free_blocks, limit);
    ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "put_FreeMediaBlocks(0) (no limit)");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(big), VARIANT_TRUE) == S_OK, "AddTree of big without a limit");
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"big")) == S_OK, "RemoveTree(big)");
    check_unchanged("adding and removing big");
}

static void test_volume_names(void)
{
    static const WCHAR *const bad[] = {L"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", L"BAD*NAME", L"WHAT?"};
    BSTR name = NULL;
    char what[96];
    unsigned i;

    for (i = 0; i < ARRAYSIZE(bad); i++) {
        snprintf(what, sizeof(what), "put_VolumeName(%s)", u8(bad[i]));
        error_info_clear();
        expect_error(IFileSystemImage_put_VolumeName(image, tbstr(bad[i])), IMAPI_E_INVALID_VOLUME_NAME, image,
                     &IID_IFileSystemImage, what, bad[i]);
        ok(IFileSystemImage_get_VolumeName(image, &name) == S_OK && name && !wcscmp(name, L"ERRORS"),
           "%s: VolumeName is now %s", what, u8(name));
        SysFreeString(name);
        name = NULL;
    }
    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")) == S_OK,
       "a 32-character volume name is accepted");
    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"ERRORS")) == S_OK, "put_VolumeName(ERRORS)");
}

static void test_parameters(void)
{
    static const LONG bad_file_systems[] = {0, 0x100};
    static const LONG bad_levels[] = {0, 4};
    FsiFileSystems file_systems = 0;
    LONG level = 0;
    char what[96];
    unsigned i;

    for (i = 0; i < ARRAYSIZE(bad_file_systems); i++) {
        snprintf(what, sizeof(what), "put_FileSystemsToCreate(0x%lx)", bad_file_systems[i]);
        error_info_clear();
        expect_error(IFileSystemImage_put_FileSystemsToCreate(image, bad_file_systems[i]), IMAPI_E_INVALID_PARAM,
                     image, &IID_IFileSystemImage, what, L"FileSystemsToCreate", L"newVal", L"256", L"0x100");
        ok(IFileSystemImage_get_FileSystemsToCreate(image, &file_systems) == S_OK &&
               file_systems == (FsiFileSystemISO9660 | FsiFileSystemJoliet),
           "%s: FileSystemsToCreate is now %d", what, file_systems);
    }
    for (i = 0; i < ARRAYSIZE(bad_levels); i++) {
        snprintf(what, sizeof(what), "put_ISO9660InterchangeLevel(%ld)", bad_levels[i]);
        error_info_clear();
        expect_error(IFileSystemImage_put_ISO9660InterchangeLevel(image, bad_levels[i]), IMAPI_E_INVALID_PARAM,
                     image, &IID_IFileSystemImage, what, L"ISO9660InterchangeLevel", L"newVal");
        ok(IFileSystemImage_get_ISO9660InterchangeLevel(image, &level) == S_OK && level == 2,
           "%s: ISO9660InterchangeLevel is now %ld", what, level);
    }
}

static void test_message_table(void)
{
    static const HRESULT codes[] = {IMAPI_E_DUP_NAME, IMAPI_E_INVALID_PATH, IMAPI_E_INVALID_PARAM,
                                    IMAPI_E_IMAGE_SIZE_LIMIT, IMAPI_E_IMAGE_TOO_BIG, IMAPI_E_INVALID_VOLUME_NAME,
                                    IMAPI_E_DIR_NOT_EMPTY, IMAPI_E_ITEM_NOT_FOUND};
    HMODULE module = GetModuleHandleW(L"imapi2fs.dll");
    WCHAR text[512];
    unsigned i;

    if (!ok(module != NULL, "imapi2fs.dll is not loaded"))
        return;
    for (i = 0; i < ARRAYSIZE(codes); i++) {
        DWORD length = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, module, codes[i],
                                      0, text, ARRAYSIZE(text), NULL);
        ok(length > 10, "FormatMessage(0x%08lx) from imapi2fs.dll gave %lu characters (error %lu)", codes[i], length,
           GetLastError());
    }
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch;
    IStream *stream;

    if (argc != 4) {
        printf("usage: test_errors STANDARD_TREE SMALL_TREE SCRATCH_DIR\n");
        return 2;
    }
    scratch = win_folder(argv[3]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    image = create_image();
    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet);
    IFileSystemImage_put_ISO9660InterchangeLevel(image, 2);
    IFileSystemImage_put_VolumeName(image, tbstr(L"ERRORS"));
    IFileSystemImage_get_Root(image, &root);
    ok(IFsiDirectoryItem_AddTree(root, tbstr(win_path(argv[2])), VARIANT_FALSE) == S_OK, "AddTree of the small tree");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"dir")) == S_OK, "AddDirectory(dir)");
    stream = memory_stream("contents", 8);
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"dir\\file.txt"), stream) == S_OK, "AddFile(dir\\file.txt)");
    IStream_Release(stream);
    snapshot();

    test_duplicates();
    test_missing_source(scratch);
    test_bad_names();
    test_null_pointers();
    test_paths();
    test_volume_names();
    test_parameters();
    test_depth(win_path(argv[1]));
    test_media_limits(scratch);
    test_message_table();

    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    CoUninitialize();
    return test_summary();
}
