/* The whole job through the C vtable, as a C program built against imapi2fs.h does it: build trees
 * (AddTree, AddFile with an IStream, AddDirectory), navigate and prune them, set volume name, file
 * systems and interchange level, create the result image, read it every way an IStream can be read,
 * and write it to IMAGES/NAME.iso for the oracle tests that follow.
 * Usage: test_vtable STANDARD_TREE SMALL_TREE IMAGES_DIR SCRATCH_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "stream_checks.h"
#include "testlib.h"

#include <stdio.h>
#include <wchar.h>

static const WCHAR *images_dir;
static LONG empty_directory_count, empty_used_blocks;

static IFileSystemImage *new_image(LONG file_systems, LONG level, const WCHAR *volume)
{
    IFileSystemImage *image = create_image();
    HRESULT hr = IFileSystemImage_put_FileSystemsToCreate(image, file_systems);

    ok(hr == S_OK, "put_FileSystemsToCreate(%ld): 0x%08lx", file_systems, hr);
    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, level);
    ok(hr == S_OK, "put_ISO9660InterchangeLevel(%ld): 0x%08lx", level, hr);
    hr = IFileSystemImage_put_VolumeName(image, tbstr(volume));
    ok(hr == S_OK, "put_VolumeName(%s): 0x%08lx", u8(volume), hr);
    return image;
}

static void check_settings_read_back(IFileSystemImage *image, LONG file_systems, LONG level)
{
    FsiFileSystems got_fs = 0;
    LONG got_level = 0;

    ok(IFileSystemImage_get_FileSystemsToCreate(image, &got_fs) == S_OK && (LONG)got_fs == file_systems,
       "FileSystemsToCreate reads back %d, set %ld", got_fs, file_systems);
    ok(IFileSystemImage_get_ISO9660InterchangeLevel(image, &got_level) == S_OK && got_level == level,
       "ISO9660InterchangeLevel reads back %ld, set %ld", got_level, level);
}

static void check_counts(IFileSystemImage *image, const struct tree_stats *expected, const char *what)
{
    struct image_counts counts;
    LONG data_blocks = (LONG)(expected->bytes / 2048);

    image_counts_of(image, &counts);
    ok(counts.files == expected->files, "%s: FileCount %ld, expected %ld", what, counts.files, expected->files);
    ok(counts.directories == empty_directory_count + expected->directories, "%s: DirectoryCount %ld, expected %ld",
       what, counts.directories, empty_directory_count + expected->directories);
    ok(counts.used_blocks >= empty_used_blocks + data_blocks, "%s: UsedBlocks %ld below %ld + %ld data blocks", what,
       counts.used_blocks, empty_used_blocks, data_blocks);
}

/* CreateResultImage, its counters, one sequential read written to IMAGES/name.iso; with
 * `all_access`, every other way of reading the stream too. */
static void produce(IFileSystemImage *image, const WCHAR *name, BOOL all_access)
{
    IFileSystemImageResult *result = NULL;
    LONG total = -1, block_size = -1, used = -2;
    ULONGLONG size = 0;
    IStream *stream = NULL;
    WCHAR file_name[MAX_PATH];
    BYTE *bytes;
    HRESULT hr;

    hr = IFileSystemImage_CreateResultImage(image, &result);
    if (!ok(hr == S_OK && result, "%s: CreateResultImage: 0x%08lx", u8(name), hr))
        return;
    ok(IFileSystemImageResult_get_TotalBlocks(result, &total) == S_OK && total > 16, "%s: TotalBlocks %ld", u8(name),
       total);
    ok(IFileSystemImageResult_get_BlockSize(result, &block_size) == S_OK && block_size == 2048, "%s: BlockSize %ld",
       u8(name), block_size);
    IFileSystemImage_get_UsedBlocks(image, &used);
    ok(used == total, "%s: UsedBlocks %ld, TotalBlocks %ld", u8(name), used, total);

    hr = IFileSystemImageResult_get_ImageStream(result, &stream);
    if (ok(hr == S_OK && stream, "%s: get_ImageStream: 0x%08lx", u8(name), hr)) {
        bytes = read_stream(stream, 1 << 20, &size);
        IStream_Release(stream);
        ok(size == (ULONGLONG)total * 2048, "%s: read %llu bytes, TotalBlocks*2048 is %llu", u8(name), size,
           (ULONGLONG)total * 2048);
        swprintf(file_name, MAX_PATH, L"%ls\\%ls.iso", images_dir, name);
        ok(write_file(file_name, bytes, (DWORD)size), "%s: cannot write %s", u8(name), u8(file_name));
        if (all_access)
            check_stream_access(result, bytes, size);
        HeapFree(GetProcessHeap(), 0, bytes);
    }
    IFileSystemImageResult_Release(result);
}

static void measure_empty_image(void)
{
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"EMPTY");
    LONG files = -1;

    ok(IFileSystemImage_get_FileCount(image, &files) == S_OK && files == 0, "empty image FileCount %ld", files);
    ok(IFileSystemImage_get_DirectoryCount(image, &empty_directory_count) == S_OK &&
           (empty_directory_count == 0 || empty_directory_count == 1),
       "empty image DirectoryCount %ld", empty_directory_count);
    ok(IFileSystemImage_get_UsedBlocks(image, &empty_used_blocks) == S_OK && empty_used_blocks > 16,
       "empty image UsedBlocks %ld", empty_used_blocks);
    IFileSystemImage_Release(image);
}

/* First top-level file and folder of a source tree, for Item/Exists checks. */
static void first_entries(const WCHAR *source, WCHAR *file, WCHAR *folder)
{
    WIN32_FIND_DATAW data;
    WCHAR *pattern = path_join(source, L"*");
    HANDLE find = FindFirstFileW(pattern, &data);

    file[0] = folder[0] = 0;
    if (find == INVALID_HANDLE_VALUE)
        return;
    do {
        BOOL is_dir = !!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
        if (data.cFileName[0] == '.')
            continue;
        if (is_dir && !folder[0])
            wcscpy(folder, data.cFileName);
        if (!is_dir && !file[0])
            wcscpy(file, data.cFileName);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

static void check_item(IFsiDirectoryItem *dir, const WCHAR *relative, const WCHAR *full_path, BOOL is_dir)
{
    IFsiItem *item = NULL;
    IFsiDirectoryItem *sub = NULL;
    BSTR name = NULL, path = NULL;
    HRESULT hr = IFsiDirectoryItem_get_Item(dir, tbstr(relative), &item);

    if (!ok(hr == S_OK && item, "get_Item(%s): 0x%08lx", u8(relative), hr))
        return;
    IFsiItem_get_Name(item, &name);
    IFsiItem_get_FullPath(item, &path);
    ok(name && !wcscmp(name, path_leaf(relative)), "Item(%s).Name is %s", u8(relative), u8(name));
    ok(path && !wcscmp(path, full_path), "Item(%s).FullPath is %s, expected %s", u8(relative), u8(path),
       u8(full_path));
    hr = IFsiItem_QueryInterface(item, &IID_IFsiDirectoryItem, (void **)&sub);
    ok(SUCCEEDED(hr) == is_dir, "Item(%s): QueryInterface(IFsiDirectoryItem) 0x%08lx", u8(relative), hr);
    if (sub)
        IFsiDirectoryItem_Release(sub);
    SysFreeString(name);
    SysFreeString(path);
    IFsiItem_Release(item);
}

static void check_exists(IFileSystemImage *image, const WCHAR *path, FsiItemType expected)
{
    FsiItemType type = -1;
    HRESULT hr = IFileSystemImage_Exists(image, tbstr(path), &type);

    ok(hr == S_OK && type == expected, "Exists(%s): 0x%08lx, type %d, expected %d", u8(path), hr, type, expected);
}

/* Count, EnumFsiItems and _NewEnum list the same children, in the same order. */
static void check_enumerations(IFsiDirectoryItem *dir, LONG expected_count)
{
    IEnumFsiItems *items = NULL;
    IEnumVARIANT *variants = NULL;
    IFsiItem *item;
    VARIANT element;
    LONG count = -1, seen = 0;
    ULONG fetched;

    ok(IFsiDirectoryItem_get_Count(dir, &count) == S_OK && count == expected_count, "Count %ld, expected %ld", count,
       expected_count);
    if (!ok(IFsiDirectoryItem_get_EnumFsiItems(dir, &items) == S_OK && items, "get_EnumFsiItems"))
        return;
    if (!ok(IFsiDirectoryItem_get__NewEnum(dir, &variants) == S_OK && variants, "get__NewEnum")) {
        IEnumFsiItems_Release(items);
        return;
    }
    VariantInit(&element);
    while (IEnumFsiItems_Next(items, 1, &item, &fetched) == S_OK && fetched == 1) {
        BSTR name = NULL, element_name = NULL;
        IFsiItem *element_item = NULL;

        seen++;
        IFsiItem_get_Name(item, &name);
        fetched = 0;
        if (ok(IEnumVARIANT_Next(variants, 1, &element, &fetched) == S_OK && fetched == 1,
               "_NewEnum ended before EnumFsiItems at %ld", seen) &&
            ok(V_VT(&element) == VT_DISPATCH && V_DISPATCH(&element), "_NewEnum element type %d", V_VT(&element)) &&
            ok(SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&element), &IID_IFsiItem, (void **)&element_item)),
               "_NewEnum element is not an IFsiItem")) {
            IFsiItem_get_Name(element_item, &element_name);
            ok(element_name && name && !wcscmp(element_name, name), "_NewEnum gives %s where EnumFsiItems gives %s",
               u8(element_name), u8(name));
            IFsiItem_Release(element_item);
        }
        VariantClear(&element);
        SysFreeString(name);
        SysFreeString(element_name);
        IFsiItem_Release(item);
    }
    ok(seen == expected_count, "EnumFsiItems gave %ld items, expected %ld", seen, expected_count);
    ok(IEnumVARIANT_Next(variants, 1, &element, &fetched) == S_FALSE, "_NewEnum gives more than EnumFsiItems");
    IEnumVARIANT_Release(variants);
    IEnumFsiItems_Release(items);
}

static LONG top_level_entries(const WCHAR *source)
{
    WIN32_FIND_DATAW data;
    WCHAR *pattern = path_join(source, L"*");
    HANDLE find = FindFirstFileW(pattern, &data);
    LONG count = 0;

    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do
        count += wcscmp(data.cFileName, L".") && wcscmp(data.cFileName, L"..");
    while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

/* AddTree with its base folder (the small tree: the standard one is one level too deep for ISO 9660
 * with its base, see test_errors) and without it (the standard tree); the second image also gets
 * every stream-access check. */
static void test_add_tree(const WCHAR *standard, const WCHAR *small)
{
    const WCHAR *base = path_leaf(small);
    struct tree_stats stats = {0};
    WCHAR file[MAX_PATH], folder[MAX_PATH], full[MAX_PATH * 2];
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    HRESULT hr;

    tree_stats_of(small, &stats);
    first_entries(small, file, folder);
    ok(stats.files > 0 && stats.directories > 0 && file[0] && folder[0], "the small tree at %s is missing",
       u8(small));
    image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"TREE_BASE");
    root = image_root(image);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_TRUE);
    ok(hr == S_OK, "AddTree(%s, TRUE): 0x%08lx", u8(small), hr);
    stats.directories++;
    check_counts(image, &stats, "AddTree with base");
    check_enumerations(root, 1);
    swprintf(full, ARRAYSIZE(full), L"\\%ls", base);
    check_item(root, base, full, TRUE);
    swprintf(full, ARRAYSIZE(full), L"\\%ls\\%ls", base, file);
    check_exists(image, full, FsiItemFile);
    swprintf(full, ARRAYSIZE(full), L"/%ls/%ls", base, folder);
    check_exists(image, full, FsiItemDirectory);
    produce(image, L"tree-base", FALSE);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);

    memset(&stats, 0, sizeof(stats));
    tree_stats_of(standard, &stats);
    first_entries(standard, file, folder);
    ok(stats.files > 1000 && stats.directories > 20 && file[0] && folder[0], "the standard tree at %s is missing",
       u8(standard));
    image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"TREE");
    root = image_root(image);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(standard), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree(%s, FALSE): 0x%08lx", u8(standard), hr);
    check_counts(image, &stats, "AddTree without base");
    check_enumerations(root, top_level_entries(standard));
    swprintf(full, ARRAYSIZE(full), L"\\%ls", file);
    check_item(root, file, full, FALSE);
    swprintf(full, ARRAYSIZE(full), L"\\%ls", folder);
    check_item(root, folder, full, TRUE);
    check_exists(image, full, FsiItemDirectory);
    check_exists(image, L"\\no such item", FsiItemNotFound);
    produce(image, L"tree-contents", TRUE);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* The small tree with each file-system choice and interchange level. */
static void test_file_system_choices(const WCHAR *small)
{
    static const struct {
        LONG file_systems, level;
        const WCHAR *name;
    } choices[] = {
        {FsiFileSystemISO9660, 2, L"iso9660-only"},
        {FsiFileSystemJoliet, 2, L"joliet-only"},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet, 1, L"level1"},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"level2"},
    };
    struct tree_stats stats = {0};
    unsigned i;

    tree_stats_of(small, &stats);
    for (i = 0; i < ARRAYSIZE(choices); i++) {
        IFileSystemImage *image = new_image(choices[i].file_systems, choices[i].level, L"SMALL");
        IFsiDirectoryItem *root = image_root(image);
        HRESULT hr;

        check_settings_read_back(image, choices[i].file_systems, choices[i].level);
        hr = IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_FALSE);
        ok(hr == S_OK, "%s: AddTree: 0x%08lx", u8(choices[i].name), hr);
        check_counts(image, &stats, u8(choices[i].name));
        produce(image, choices[i].name, FALSE);
        IFsiDirectoryItem_Release(root);
        IFileSystemImage_Release(image);
    }
}

static void test_volume_names(void)
{
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"Test_Vol1");
    BSTR name = NULL, iso = NULL, joliet = NULL;

    IFileSystemImage_get_VolumeName(image, &name);
    IFileSystemImage_get_VolumeNameISO9660(image, &iso);
    IFileSystemImage_get_VolumeNameJoliet(image, &joliet);
    ok(name && !wcscmp(name, L"Test_Vol1"), "VolumeName reads back %s", u8(name));
    ok(iso && !wcscmp(iso, L"TEST_VOL1"), "VolumeNameISO9660 is %s", u8(iso));
    ok(joliet && !wcscmp(joliet, L"Test_Vol1"), "VolumeNameJoliet is %s", u8(joliet));
    SysFreeString(name);
    SysFreeString(iso);
    SysFreeString(joliet);
    IFileSystemImage_Release(image);
}

/* A tree built from one file (AddTree of a file path), a memory stream (AddFile), new folders
 * (AddDirectory), minus what Remove and RemoveTree take away; SCRATCH/mixed gets the same content
 * on disk so the oracle can compare. */
static void test_mixed(const WCHAR *small, const WCHAR *scratch)
{
    static const char note[] = "Added through IFsiDirectoryItem::AddFile from a memory stream.\r\n";
    WCHAR *mirror = path_join(scratch, L"mixed"), file[MAX_PATH], folder[MAX_PATH], full[MAX_PATH * 2];
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet, 2, L"MIXED");
    IFsiDirectoryItem *root = image_root(image);
    struct tree_stats before = {0}, after = {0};
    IStream *stream;
    BYTE *bytes;
    DWORD size;
    HRESULT hr;

    first_entries(small, file, folder);
    make_dirs(path_join(mirror, L"docs\\deep\\er"));
    make_dirs(path_join(mirror, L"empty"));
    write_file(path_join(mirror, L"docs\\note.txt"), note, sizeof(note) - 1);
    bytes = read_file(path_join(small, file), &size);
    ok(bytes != NULL, "cannot read %s", u8(path_join(small, file)));
    write_file(path_join(mirror, file), bytes, size);

    hr = IFsiDirectoryItem_AddTree(root, tbstr(path_join(small, file)), VARIANT_TRUE);
    ok(hr == S_OK, "AddTree of the file %s: 0x%08lx", u8(file), hr);
    swprintf(full, ARRAYSIZE(full), L"\\%ls", file);
    check_exists(image, full, FsiItemFile);

    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"docs")) == S_OK, "AddDirectory(docs)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"docs\\deep")) == S_OK, "AddDirectory(docs\\deep)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"\\docs\\deep\\er")) == S_OK, "AddDirectory(\\docs\\deep\\er)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"empty")) == S_OK, "AddDirectory(empty)");
    stream = memory_stream(note, sizeof(note) - 1);
    hr = IFsiDirectoryItem_AddFile(root, tbstr(L"docs\\note.txt"), stream);
    ok(hr == S_OK, "AddFile(docs\\note.txt): 0x%08lx", hr);
    IStream_Release(stream);
    check_exists(image, L"\\docs\\note.txt", FsiItemFile);
    check_item(root, L"docs\\note.txt", L"\\docs\\note.txt", FALSE);

    stream = memory_stream(note, 10);
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"gone.txt"), stream) == S_OK, "AddFile(gone.txt)");
    IStream_Release(stream);
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"trash")) == S_OK, "AddDirectory(trash)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"trash\\inner")) == S_OK, "AddDirectory(trash\\inner)");
    check_enumerations(root, 5);
    ok(IFsiDirectoryItem_Remove(root, tbstr(L"gone.txt")) == S_OK, "Remove(gone.txt)");
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"trash")) == S_OK, "RemoveTree(trash)");
    check_exists(image, L"\\gone.txt", FsiItemNotFound);
    check_exists(image, L"\\trash", FsiItemNotFound);
    check_exists(image, L"\\trash\\inner", FsiItemNotFound);
    check_enumerations(root, 3);

    tree_stats_of(mirror, &before);
    check_counts(image, &before, "mixed");
    produce(image, L"mixed", FALSE);
    tree_stats_of(mirror, &after);
    ok(after.files == 2 && after.directories == 4, "mirror folder has %ld files, %ld folders", after.files,
       after.directories);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc != 5) {
        printf("usage: test_vtable STANDARD_TREE SMALL_TREE IMAGES_DIR SCRATCH_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    images_dir = win_path(argv[3]);
    make_dirs(images_dir);
    measure_empty_image();
    test_volume_names();
    test_add_tree(win_path(argv[1]), win_path(argv[2]));
    test_file_system_choices(win_path(argv[2]));
    test_mixed(win_path(argv[2]), win_path(argv[4]));
    CoUninitialize();
    return test_summary();
}
