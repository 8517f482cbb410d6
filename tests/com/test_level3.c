/* ISO 9660 interchange level 3 through the C vtable: the supported levels, a sparse 4 GiB + 1 byte file
 * added with AddTree and its image written to a file (zero runs left as holes, so it takes little disk;
 * the com.level3.check test then reads it back natively), and the 2 GiB limit of levels 1 and 2:
 * IMAPI_E_DATA_TOO_BIG with an IErrorInfo naming the file and the limit, nothing changed.
 * Usage: test_level3 DATA_DIR IMAGE_FILE   (paths as Z:/...; DATA_DIR holds big\ and over2g\)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <shlwapi.h>
#include <stdio.h>
#include <wchar.h>

#define BIG_SIZE 4294967297ULL /* 4 GiB + 1 */
#define CHUNK (1 << 20)

static const WCHAR *data_dir;

static IFileSystemImage *new_image(LONG file_systems, LONG level, IFsiDirectoryItem **root)
{
    IFileSystemImage *image = create_image();
    HRESULT hr;

    ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "FreeMediaBlocks 0");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, file_systems) == S_OK, "FileSystemsToCreate 0x%lx",
       file_systems);
    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, level);
    ok(hr == S_OK, "put_ISO9660InterchangeLevel(%ld): 0x%08lx", level, hr);
    IFileSystemImage_get_Root(image, root);
    return image;
}

/* A refusal: the exact HRESULT and an IErrorInfo whose description contains every needle. */
static void expect_too_big(HRESULT hr, IUnknown *object, REFIID iid, const char *what, const WCHAR *needle1,
                           const WCHAR *needle2)
{
    ISupportErrorInfo *support;
    BSTR description;

    ok(hr == IMAPI_E_DATA_TOO_BIG, "%s: 0x%08lx, expected IMAPI_E_DATA_TOO_BIG", what, hr);
    if (ok(IUnknown_QueryInterface(object, &IID_ISupportErrorInfo, (void **)&support) == S_OK,
           "%s: no ISupportErrorInfo", what)) {
        ok(ISupportErrorInfo_InterfaceSupportsErrorInfo(support, iid) == S_OK, "%s: no error info for the iid",
           what);
        ISupportErrorInfo_Release(support);
    }
    description = error_info_take();
    ok(description && wcsstr(description, needle1) && wcsstr(description, needle2),
       "%s: the description \"%s\" does not name \"%s\" and \"%s\"", what, description ? u8(description) : "(none)",
       u8(needle1), u8(needle2));
    SysFreeString(description);
}

struct state {
    struct image_counts counts;
    WCHAR *listing;
    LONG level;
    FsiFileSystems file_systems;
};

static void state_of(IFileSystemImage *image, IFsiDirectoryItem *root, struct state *s)
{
    image_counts_of(image, &s->counts);
    s->listing = tree_listing(root);
    IFileSystemImage_get_ISO9660InterchangeLevel(image, &s->level);
    IFileSystemImage_get_FileSystemsToCreate(image, &s->file_systems);
}

static void check_unchanged(IFileSystemImage *image, IFsiDirectoryItem *root, const struct state *before,
                            const char *what)
{
    struct state now;
    state_of(image, root, &now);
    ok(now.counts.files == before->counts.files && now.counts.directories == before->counts.directories &&
           now.counts.used_blocks == before->counts.used_blocks,
       "%s changed the counts: files %ld->%ld, blocks %ld->%ld", what, before->counts.files, now.counts.files,
       before->counts.used_blocks, now.counts.used_blocks);
    ok(!wcscmp(now.listing, before->listing), "%s changed the tree", what);
    ok(now.level == before->level, "%s changed the level %ld->%ld", what, before->level, now.level);
    ok(now.file_systems == before->file_systems, "%s changed FileSystemsToCreate 0x%x->0x%x", what,
       before->file_systems, now.file_systems);
    HeapFree(GetProcessHeap(), 0, now.listing);
}

static void test_levels_supported(void)
{
    IFsiDirectoryItem *root;
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 3, &root);
    SAFEARRAY *levels = NULL;
    LONG lower = -1, upper = -1, level = 0;
    VARIANT *data;

    ok(IFileSystemImage_get_ISO9660InterchangeLevel(image, &level) == S_OK && level == 3, "level reads back %ld",
       level);
    ok(IFileSystemImage_get_ISO9660InterchangeLevelsSupported(image, &levels) == S_OK && levels,
       "ISO9660InterchangeLevelsSupported");
    if (levels) {
        SafeArrayGetLBound(levels, 1, &lower);
        SafeArrayGetUBound(levels, 1, &upper);
        ok(lower == 0 && upper == 2, "ISO9660InterchangeLevelsSupported bounds %ld..%ld", lower, upper);
        if (upper == 2 && SafeArrayAccessData(levels, (void **)&data) == S_OK) {
            for (LONG i = 0; i < 3; i++)
                ok(V_VT(&data[i]) == VT_UI4 && V_UI4(&data[i]) == (ULONG)i + 1, "level %ld: vt %d, value %lu", i,
                   V_VT(&data[i]), V_UI4(&data[i]));
            SafeArrayUnaccessData(levels);
        }
        SafeArrayDestroy(levels);
    }
    ok(IFileSystemImage_put_ISO9660InterchangeLevel(image, 4) == IMAPI_E_INVALID_PARAM, "level 4 refused");
    error_info_clear();
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* Levels 1 and 2 (ISO 9660 with or without Joliet, Joliet alone) refuse the 2 GiB + 1 byte file. */
static void test_refused(LONG file_systems, LONG level)
{
    IFsiDirectoryItem *root;
    IFileSystemImage *image = new_image(file_systems, level, &root);
    WCHAR *over_dir = path_join(data_dir, L"over2g"), *over_file = path_join(over_dir, L"over.bin");
    struct state before;
    IStream *stream = NULL;
    char what[120];
    HRESULT hr;

    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"kept")) == S_OK, "AddDirectory(kept)");
    state_of(image, root, &before);
    snprintf(what, sizeof(what), "AddTree(over2g, TRUE) at level %ld, file systems 0x%lx", level, file_systems);
    error_info_clear();
    expect_too_big(IFsiDirectoryItem_AddTree(root, tbstr(over_dir), VARIANT_TRUE), (IUnknown *)root,
                   &IID_IFsiDirectoryItem, what, L"\\over2g\\over.bin", L"2147483648");
    check_unchanged(image, root, &before, what);

    snprintf(what, sizeof(what), "AddTree(over2g, FALSE) at level %ld, file systems 0x%lx", level, file_systems);
    error_info_clear();
    expect_too_big(IFsiDirectoryItem_AddTree(root, tbstr(over_dir), VARIANT_FALSE), (IUnknown *)root,
                   &IID_IFsiDirectoryItem, what, L"over.bin", L"2147483648");
    check_unchanged(image, root, &before, what);

    hr = SHCreateStreamOnFileEx(over_file, STGM_READ | STGM_SHARE_DENY_NONE, FILE_ATTRIBUTE_NORMAL, FALSE, NULL,
                                &stream);
    if (ok(hr == S_OK, "SHCreateStreamOnFileEx(%s): 0x%08lx", u8(over_file), hr)) {
        snprintf(what, sizeof(what), "AddFile(kept\\over.bin) at level %ld, file systems 0x%lx", level,
                 file_systems);
        error_info_clear();
        expect_too_big(IFsiDirectoryItem_AddFile(root, tbstr(L"kept\\over.bin"), stream), (IUnknown *)root,
                       &IID_IFsiDirectoryItem, what, L"\\kept\\over.bin", L"2147483648");
        check_unchanged(image, root, &before, what);
        IStream_Release(stream);
    }
    HeapFree(GetProcessHeap(), 0, before.listing);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* Options that would bring the limit back while the big file is in the tree are refused. */
static void test_options_refused(IFileSystemImage *image, IFsiDirectoryItem *root)
{
    FsiFileSystems supported = 0;
    struct state before;

    state_of(image, root, &before);
    error_info_clear();
    expect_too_big(IFileSystemImage_put_ISO9660InterchangeLevel(image, 2), (IUnknown *)image, &IID_IFileSystemImage,
                   "ISO9660InterchangeLevel 2", L"\\big\\sub\\big.bin", L"2147483648");
    check_unchanged(image, root, &before, "ISO9660InterchangeLevel 2");
    expect_too_big(IFileSystemImage_put_ISO9660InterchangeLevel(image, 1), (IUnknown *)image, &IID_IFileSystemImage,
                   "ISO9660InterchangeLevel 1", L"big.bin", L"ISO9660InterchangeLevel 1");
    check_unchanged(image, root, &before, "ISO9660InterchangeLevel 1");
    HeapFree(GetProcessHeap(), 0, before.listing);

    IFileSystemImage_get_FileSystemsSupported(image, &supported);
    if (!(supported & FsiFileSystemUDF)) {
        printf("UDF not supported: FileSystemsToCreate from UDF alone not tested\n");
        return;
    }
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemUDF) == S_OK, "UDF alone");
    ok(IFileSystemImage_put_ISO9660InterchangeLevel(image, 2) == S_OK, "level 2 with UDF alone");
    state_of(image, root, &before);
    expect_too_big(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemUDF | FsiFileSystemISO9660),
                   (IUnknown *)image, &IID_IFileSystemImage, "FileSystemsToCreate UDF + ISO 9660", L"big.bin",
                   L"2147483648");
    check_unchanged(image, root, &before, "FileSystemsToCreate UDF + ISO 9660");
    expect_too_big(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemUDF | FsiFileSystemJoliet),
                   (IUnknown *)image, &IID_IFileSystemImage, "FileSystemsToCreate UDF + Joliet", L"big.bin",
                   L"2147483648");
    check_unchanged(image, root, &before, "FileSystemsToCreate UDF + Joliet");
    HeapFree(GetProcessHeap(), 0, before.listing);
    ok(IFileSystemImage_put_ISO9660InterchangeLevel(image, 3) == S_OK, "back to level 3");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet) == S_OK,
       "back to ISO 9660 + Joliet");
}

static BOOL all_zero(const BYTE *buf, ULONG n)
{
    return n == 0 || (buf[0] == 0 && memcmp(buf, buf + 1, n - 1) == 0);
}

/* The whole ImageStream into a file, runs of zeros left as holes. */
static void write_sparse(IStream *stream, const WCHAR *path, ULONGLONG expected)
{
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    BYTE *buf = HeapAlloc(GetProcessHeap(), 0, CHUNK);
    ULONGLONG total = 0;
    LARGE_INTEGER skip;
    ULONG got;
    DWORD written;
    HRESULT hr;

    if (!ok(file != INVALID_HANDLE_VALUE, "create %s: error %lu", u8(path), GetLastError()))
        return;
    while ((hr = IStream_Read(stream, buf, CHUNK, &got)) == S_OK && got > 0) {
        if (all_zero(buf, got)) {
            skip.QuadPart = got;
            ok(SetFilePointerEx(file, skip, NULL, FILE_CURRENT), "seek past zeros at %llu", total);
        } else {
            ok(WriteFile(file, buf, got, &written, NULL) && written == got, "write at %llu", total);
        }
        total += got;
    }
    ok(SUCCEEDED(hr), "ImageStream Read at %llu: 0x%08lx", total, hr);
    ok(SetEndOfFile(file), "SetEndOfFile at %llu", total);
    ok(total == expected, "ImageStream gave %llu bytes, Stat said %llu", total, expected);
    CloseHandle(file);
    HeapFree(GetProcessHeap(), 0, buf);
}

static void test_big_file(const WCHAR *image_path)
{
    IFsiDirectoryItem *root;
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 3, &root);
    IFileSystemImageResult *result = NULL;
    IFsiFileItem *file = NULL;
    IFsiItem *item = NULL;
    IStream *stream = NULL;
    LONGLONG size = 0;
    LONG low = 0, high = 0, blocks = 0;
    STATSTG stat;
    HRESULT hr;

    hr = IFsiDirectoryItem_AddTree(root, tbstr(path_join(data_dir, L"big")), VARIANT_TRUE);
    ok(hr == S_OK, "AddTree(big) at level 3: 0x%08lx", hr);
    if (IFsiDirectoryItem_get_Item(root, tbstr(L"big\\sub\\big.bin"), &item) == S_OK &&
        IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file) == S_OK) {
        IFsiFileItem_get_DataSize(file, &size);
        IFsiFileItem_get_DataSize32BitLow(file, &low);
        IFsiFileItem_get_DataSize32BitHigh(file, &high);
        ok(size == (LONGLONG)BIG_SIZE && low == 1 && high == 1, "DataSize %lld (low %ld, high %ld)", size, low, high);
        IFsiFileItem_Release(file);
    } else {
        ok(0, "big\\sub\\big.bin is not a file item of the image");
    }
    if (item)
        IFsiItem_Release(item);

    test_options_refused(image, root);

    hr = IFileSystemImage_CreateResultImage(image, &result);
    if (ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr)) {
        IFileSystemImageResult_get_TotalBlocks(result, &blocks);
        IFileSystemImageResult_get_ImageStream(result, &stream);
        ok(stream && IStream_Stat(stream, &stat, STATFLAG_NONAME) == S_OK, "ImageStream Stat");
        ok(stat.cbSize.QuadPart == (ULONGLONG)blocks * 2048 && stat.cbSize.QuadPart > BIG_SIZE,
           "ImageStream size %llu for %ld blocks", stat.cbSize.QuadPart, blocks);
        if (stream) {
            write_sparse(stream, image_path, stat.cbSize.QuadPart);
            IStream_Release(stream);
        }
        IFileSystemImageResult_Release(result);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *image_path;

    if (argc != 3) {
        printf("usage: test_level3 DATA_DIR IMAGE_FILE\n");
        return 2;
    }
    data_dir = win_path(argv[1]);
    image_path = win_path(argv[2]);
    make_parent_dirs(image_path);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_levels_supported();
    for (LONG level = 1; level <= 2; level++) {
        test_refused(FsiFileSystemISO9660 | FsiFileSystemJoliet, level);
        test_refused(FsiFileSystemISO9660, level);
        test_refused(FsiFileSystemJoliet, level);
    }
    test_big_file(image_path);
    CoUninitialize();
    return test_summary();
}
