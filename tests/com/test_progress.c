/* The result's block maps through the C vtable: ProgressItems (Count, Item, ProgressItemFromBlock,
 * ProgressItemFromDescription, _NewEnum of VT_DISPATCH items, EnumProgressItems Next/Skip/Reset/Clone)
 * over a tree of files of many sizes, each item's blocks read from the ImageStream and compared with
 * the file's bytes, the items covering each file with data exactly once and no empty file; the
 * documented errors; ModifiedBlocks and QueryInterface(IID_IBlockRangeList) on the stream: one range
 * [0, TotalBlocks - 1]. Writes IMAGES/progress.iso (checked by the native readers).
 * Usage: test_progress SCRATCH_DIR IMAGE_PATH   (Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <string.h>

static const struct {
    const WCHAR *path; /* below the source folder, and in the image below "\" */
    DWORD size;
} files[] = {
    {L"one.txt", 1},           {L"empty.bin", 0},          {L"block.bin", 2048},       {L"dir\\odd.bin", 2049},
    {L"dir\\sub\\mib.bin", 1048576 + 7}, {L"dir\\sub\\none", 0}, {L"z\\last.dat", 70000},
};
enum { WITH_DATA = 5 };

static BYTE *content(size_t index, DWORD size)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size + 1);
    for (DWORD i = 0; i < size; i++)
        data[i] = (BYTE)(index * 41 + i * 7 + (i >> 11));
    return data;
}

static void make_source(const WCHAR *dir)
{
    for (size_t i = 0; i < ARRAYSIZE(files); i++) {
        WCHAR *path = path_join(dir, files[i].path), *slash = wcsrchr(path, '\\');
        BYTE *data = content(i, files[i].size);
        *slash = 0;
        make_dirs(path);
        *slash = '\\';
        ok(write_file(path, data, files[i].size), "write %s", u8(path));
        HeapFree(GetProcessHeap(), 0, data);
    }
}

static int file_index(const WCHAR *description)
{
    for (size_t i = 0; i < ARRAYSIZE(files); i++)
        if (description[0] == '\\' && !lstrcmpiW(description + 1, files[i].path))
            return (int)i;
    return -1;
}

/* One item: its blocks hold the file's bytes (then zeros); returns the file's index. */
static int check_item(IProgressItem *item, IStream *stream, ULONG *previous_end, int *seen)
{
    BSTR description = NULL;
    ULONG first = 0, last = 0, count = 0, got = 0;
    LARGE_INTEGER at;
    BYTE *expected, *bytes;
    int index;

    ok(IProgressItem_get_Description(item, &description) == S_OK, "Description");
    ok(IProgressItem_get_FirstBlock(item, &first) == S_OK && IProgressItem_get_LastBlock(item, &last) == S_OK &&
           IProgressItem_get_BlockCount(item, &count) == S_OK,
       "blocks");
    index = description ? file_index(description) : -1;
    if (!ok(index >= 0, "unknown description %s", description ? u8(description) : "(null)")) {
        SysFreeString(description);
        return -1;
    }
    seen[index]++;
    ok(count == (files[index].size + 2047) / 2048 && last == first + count - 1, "%s: blocks %lu..%lu (%lu)",
       u8(description), first, last, count);
    ok(first >= *previous_end, "%s: starts at %lu, before the previous item's end %lu", u8(description), first,
       *previous_end);
    *previous_end = last + 1;
    expected = content((size_t)index, files[index].size);
    bytes = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * 2048 + 1);
    at.QuadPart = (LONGLONG)first * 2048;
    ok(IStream_Seek(stream, at, STREAM_SEEK_SET, NULL) == S_OK && IStream_Read(stream, bytes, count * 2048, &got) == S_OK &&
           got == count * 2048,
       "%s: read %lu bytes", u8(description), got);
    ok(!memcmp(bytes, expected, files[index].size), "%s: the item's blocks do not hold the file's bytes",
       u8(description));
    for (ULONG k = files[index].size; k < count * 2048; k++)
        if (!ok(!bytes[k], "%s: padding byte %lu is %u", u8(description), k, bytes[k]))
            break;
    HeapFree(GetProcessHeap(), 0, bytes);
    HeapFree(GetProcessHeap(), 0, expected);
    SysFreeString(description);
    return index;
}

static void check_seen(const int *seen, const char *how)
{
    for (size_t i = 0; i < ARRAYSIZE(files); i++)
        ok(seen[i] == (files[i].size ? 1 : 0), "%s: %s listed %d times", how, u8(files[i].path), seen[i]);
}

static void test_items(IFileSystemImageResult *result, IStream *stream)
{
    IProgressItems *items = NULL;
    IProgressItem *item = NULL, *batch[8];
    IEnumProgressItems *walk = NULL, *clone = NULL;
    IEnumVARIANT *variants = NULL;
    VARIANT v[8];
    int seen[ARRAYSIZE(files)] = {0};
    ULONG previous_end = 0, fetched = 99, first = 0;
    LONG count = 0, total = 0;

    ok(IFileSystemImageResult_get_ProgressItems(result, NULL) == E_POINTER, "ProgressItems(NULL)");
    if (!ok(IFileSystemImageResult_get_ProgressItems(result, &items) == S_OK && items, "ProgressItems"))
        return;
    IFileSystemImageResult_get_TotalBlocks(result, &total);
    ok(IProgressItems_get_Count(items, &count) == S_OK && count == WITH_DATA, "Count %ld", count);
    ok(IProgressItems_get_Count(items, NULL) == E_POINTER, "Count(NULL)");

    /* Item(i): in block order, each holding its file. */
    for (LONG i = 0; i < count; i++) {
        if (!ok(IProgressItems_get_Item(items, i, &item) == S_OK, "Item(%ld)", i))
            continue;
        check_item(item, stream, &previous_end, seen);
        /* Each of its blocks finds it again. */
        IProgressItem_get_FirstBlock(item, &first);
        {
            IProgressItem *again = NULL;
            BSTR a = NULL, b = NULL;
            ok(IProgressItems_ProgressItemFromBlock(items, first, &again) == S_OK, "FromBlock(%lu)", first);
            if (again) {
                IProgressItem_get_Description(item, &a);
                IProgressItem_get_Description(again, &b);
                ok(a && b && !lstrcmpW(a, b), "FromBlock(%lu) gives %s", first, b ? u8(b) : "?");
                IProgressItem_Release(again);
                again = NULL;
                ok(IProgressItems_ProgressItemFromDescription(items, a, &again) == S_OK && again,
                   "FromDescription(%s)", a ? u8(a) : "?");
                if (again)
                    IProgressItem_Release(again);
            }
            SysFreeString(a);
            SysFreeString(b);
        }
        IProgressItem_Release(item);
    }
    check_seen(seen, "Item");

    /* Errors. */
    item = (IProgressItem *)0xdead;
    ok(IProgressItems_get_Item(items, count, &item) == E_INVALIDARG && !item, "Item(Count)");
    ok(IProgressItems_get_Item(items, -1, &item) == E_INVALIDARG, "Item(-1)");
    check_error_info(items, &IID_IProgressItems, "Item(-1)", L"out of range");
    ok(IProgressItems_get_Item(items, 0, NULL) == E_POINTER, "Item(0, NULL)");
    ok(IProgressItems_ProgressItemFromBlock(items, 0, &item) == E_INVALIDARG, "FromBlock(0): the system area");
    ok(IProgressItems_ProgressItemFromBlock(items, (ULONG)total, &item) == E_INVALIDARG, "FromBlock(TotalBlocks)");
    ok(IProgressItems_ProgressItemFromBlock(items, 0, NULL) == E_POINTER, "FromBlock(NULL)");
    ok(IProgressItems_ProgressItemFromDescription(items, NULL, &item) == E_FAIL, "FromDescription(NULL)");
    ok(IProgressItems_ProgressItemFromDescription(items, tbstr(L"\\empty.bin"), &item) == E_INVALIDARG,
       "FromDescription of an empty file");
    ok(IProgressItems_ProgressItemFromDescription(items, tbstr(L"\\ONE.TXT"), &item) == S_OK, "FromDescription, other case");
    if (item)
        IProgressItem_Release(item);

    /* EnumProgressItems: Next in batches (S_OK even when fewer), Skip, Reset, Clone. */
    ok(IProgressItems_get_EnumProgressItems(items, &walk) == S_OK && walk, "EnumProgressItems");
    if (walk) {
        int again[ARRAYSIZE(files)] = {0};
        previous_end = 0;
        ok(IEnumProgressItems_Next(walk, 3, batch, &fetched) == S_OK && fetched == 3, "Next(3): %lu", fetched);
        for (ULONG i = 0; i < fetched; i++) {
            check_item(batch[i], stream, &previous_end, again);
            IProgressItem_Release(batch[i]);
        }
        ok(IEnumProgressItems_Clone(walk, &clone) == S_OK, "Clone");
        ok(IEnumProgressItems_Next(walk, 8, batch, &fetched) == S_OK && fetched == WITH_DATA - 3, "Next(8): %lu", fetched);
        for (ULONG i = 0; i < fetched; i++) {
            check_item(batch[i], stream, &previous_end, again);
            IProgressItem_Release(batch[i]);
        }
        check_seen(again, "EnumProgressItems");
        ok(IEnumProgressItems_Next(walk, 1, batch, NULL) == S_FALSE, "Next at the end");
        ok(IEnumProgressItems_Next(walk, 2, batch, NULL) == E_INVALIDARG, "Next(2) without a count");
        if (clone) {
            ok(IEnumProgressItems_Skip(clone, 1) == S_OK, "Skip(1)");
            ok(IEnumProgressItems_Next(clone, 8, batch, &fetched) == S_OK && fetched == WITH_DATA - 4, "clone Next: %lu",
               fetched);
            for (ULONG i = 0; i < fetched; i++)
                IProgressItem_Release(batch[i]);
            ok(IEnumProgressItems_Skip(clone, 1) == S_FALSE, "Skip past the end");
            IEnumProgressItems_Release(clone);
        }
        ok(IEnumProgressItems_Reset(walk) == S_OK && IEnumProgressItems_Skip(walk, WITH_DATA) == S_OK &&
               IEnumProgressItems_Skip(walk, 1) == S_FALSE,
           "Reset, Skip(all), Skip(1)");
        IEnumProgressItems_Release(walk);
    }

    /* _NewEnum: VT_DISPATCH elements that are progress items. */
    ok(IProgressItems_get__NewEnum(items, &variants) == S_OK && variants, "_NewEnum");
    if (variants) {
        int again[ARRAYSIZE(files)] = {0};
        previous_end = 0;
        ok(IEnumVARIANT_Next(variants, 8, v, &fetched) == S_FALSE && fetched == WITH_DATA, "Next(8): %lu", fetched);
        for (ULONG i = 0; i < fetched; i++) {
            IProgressItem *p = NULL;
            ok(V_VT(&v[i]) == VT_DISPATCH, "element type %u", V_VT(&v[i]));
            if (V_VT(&v[i]) == VT_DISPATCH &&
                SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v[i]), &IID_IProgressItem, (void **)&p))) {
                check_item(p, stream, &previous_end, again);
                IProgressItem_Release(p);
            }
            VariantClear(&v[i]);
        }
        check_seen(again, "_NewEnum");
        IEnumVARIANT_Release(variants);
    }
    IProgressItems_Release(items);
}

static void check_ranges(IBlockRangeList *list, LONG total, const char *how)
{
    SAFEARRAY *ranges = NULL;
    LONG low = 1, high = -1, start = -1, end = -1, index = 0;
    VARIANT element;
    IBlockRange *range = NULL;

    if (!ok(IBlockRangeList_get_BlockRanges(list, &ranges) == S_OK && ranges, "%s: BlockRanges", how))
        return;
    SafeArrayGetLBound(ranges, 1, &low);
    SafeArrayGetUBound(ranges, 1, &high);
    ok(SafeArrayGetDim(ranges) == 1 && low == 0 && high == 0, "%s: bounds %ld..%ld", how, low, high);
    VariantInit(&element);
    ok(SafeArrayGetElement(ranges, &index, &element) == S_OK && V_VT(&element) == VT_DISPATCH,
       "%s: element type %u", how, V_VT(&element));
    if (V_VT(&element) == VT_DISPATCH &&
        SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&element), &IID_IBlockRange, (void **)&range))) {
        ok(IBlockRange_get_StartLba(range, &start) == S_OK && IBlockRange_get_EndLba(range, &end) == S_OK &&
               start == 0 && end == total - 1,
           "%s: range %ld..%ld, expected 0..%ld", how, start, end, total - 1);
        ok(IBlockRange_get_StartLba(range, NULL) == E_POINTER, "StartLba(NULL)");
        IBlockRange_Release(range);
    }
    VariantClear(&element);
    SafeArrayDestroy(ranges);
}

static void test_modified_blocks(IFileSystemImageResult *result, IStream *stream)
{
    IFileSystemImageResult2 *result2 = NULL;
    IBlockRangeList *list = NULL;
    IUnknown *a = NULL, *b = NULL;
    LONG total = 0;

    IFileSystemImageResult_get_TotalBlocks(result, &total);
    ok(IFileSystemImageResult_QueryInterface(result, &IID_IFileSystemImageResult2, (void **)&result2) == S_OK,
       "IFileSystemImageResult2");
    if (result2) {
        ok(IFileSystemImageResult2_get_ModifiedBlocks(result2, NULL) == E_POINTER, "ModifiedBlocks(NULL)");
        ok(IFileSystemImageResult2_get_ModifiedBlocks(result2, &list) == S_OK && list, "ModifiedBlocks");
        if (list) {
            check_ranges(list, total, "ModifiedBlocks");
            IBlockRangeList_Release(list);
            list = NULL;
        }
        IFileSystemImageResult2_Release(result2);
    }
    /* The stream answers IBlockRangeList too, keeping its identity. */
    ok(IStream_QueryInterface(stream, &IID_IBlockRangeList, (void **)&list) == S_OK && list, "stream QI IBlockRangeList");
    if (list) {
        check_ranges(list, total, "the stream's IBlockRangeList");
        IBlockRangeList_QueryInterface(list, &IID_IUnknown, (void **)&a);
        IStream_QueryInterface(stream, &IID_IUnknown, (void **)&b);
        ok(a && a == b, "the tear-off's IUnknown is the stream's");
        if (a)
            IUnknown_Release(a);
        if (b)
            IUnknown_Release(b);
        IBlockRangeList_Release(list);
    }
}

static void check_unload(void)
{
    HMODULE dll = GetModuleHandleW(L"imapi2fs.dll");
    HRESULT(WINAPI * can_unload)(void) = dll ? (void *)GetProcAddress(dll, "DllCanUnloadNow") : NULL;

    ok(can_unload && can_unload() == S_OK, "DllCanUnloadNow is not S_OK at the end: something leaked");
}

int wmain(int argc, WCHAR **argv)
{
    IFileSystemImage *image = NULL;
    IFsiDirectoryItem *root = NULL;
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    WCHAR *source;

    if (argc != 3) {
        fprintf(stderr, "usage: test_progress SCRATCH_DIR IMAGE_PATH\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    source = path_join(win_path(argv[1]), L"progress-src");
    make_source(source);
    CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage, (void **)&image);
    if (ok(image != NULL, "MsftFileSystemImage")) {
        IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF);
        IFileSystemImage_get_Root(image, &root);
        ok(root && IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE) == S_OK, "AddTree");
        ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage");
        if (result && IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK) {
            ULONGLONG size = 0;
            BYTE *bytes;
            test_items(result, stream);
            test_modified_blocks(result, stream);
            {
                LARGE_INTEGER zero = {{0}};
                IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
            }
            bytes = read_stream(stream, 65536, &size);
            {
                WCHAR *folder = win_path(argv[2]);
                *wcsrchr(folder, '\\') = 0;
                make_dirs(folder);
            }
            ok(bytes && write_file(win_path(argv[2]), bytes, (DWORD)size), "write the image");
            HeapFree(GetProcessHeap(), 0, bytes);
            IStream_Release(stream);
        }
        if (result)
            IFileSystemImageResult_Release(result);
        if (root)
            IFsiDirectoryItem_Release(root);
        IFileSystemImage_Release(image);
    }
    check_unload();
    CoUninitialize();
    return test_summary();
}
