/* Change points and detached items through the C vtable: RollbackToChangePoint after each kind of edit
 * (counts, UsedBlocks, Exists, the enumerated tree and item properties read back), LockInChangePoint
 * and the refused rollbacks (exact HRESULT, IErrorInfo naming the value), a rollback refused by the
 * current options with nothing changed, CreateDirectoryItem/CreateFileItem, Data get/put, and Add with
 * its whole matrix of bad input; AddStream, RemoveStream and IsRealTime rolled back (FsiNamedStreams read
 * back, a rollback refused by FreeMediaBlocks). Writes IMAGES/changes.iso, built after rollbacks and Adds,
 * which com.changes.check reads back against SCRATCH/changes-expected, and IMAGES/changes-streams.iso (UDF
 * 2.01, SCRATCH/tree with streams and a real-time file after rollbacks), which com.changes.check.streams
 * reads back with udf_streams against SCRATCH/changes-streams.txt.
 * Usage: test_changes SCRATCH_DIR IMAGES_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <shlwapi.h>
#include <stdio.h>
#include <wchar.h>

static const WCHAR *scratch_dir, *images_dir;

static LONG change_point(IFileSystemImage *image)
{
    LONG point = -1;

    ok(IFileSystemImage_get_ChangePoint(image, &point) == S_OK, "get_ChangePoint");
    return point;
}

static void write_text(const WCHAR *dir, const WCHAR *name, const char *text)
{
    ok(write_file(path_join(dir, name), text, (DWORD)strlen(text)), "write %s", u8(name));
}

/* What a rollback must give back, read through the interfaces. */
struct state {
    WCHAR *listing;
    struct image_counts counts;
    LONG point;
    DATE modified;
    VARIANT_BOOL hidden;
};

static void take(IFileSystemImage *image, struct state *s)
{
    IFsiDirectoryItem *root = image_root(image);

    s->listing = tree_listing(root);
    image_counts_of(image, &s->counts);
    s->point = change_point(image);
    s->modified = 0;
    s->hidden = VARIANT_FALSE;
    IFsiDirectoryItem_get_LastModifiedTime(root, &s->modified);
    IFsiDirectoryItem_get_IsHidden(root, &s->hidden);
    IFsiDirectoryItem_Release(root);
}

static void expect(IFileSystemImage *image, const struct state *s, const char *what)
{
    struct state now;

    take(image, &now);
    ok(!wcscmp(now.listing, s->listing), "%s: tree\n%s\nexpected\n%s", what, u8(now.listing), u8(s->listing));
    ok(now.counts.files == s->counts.files && now.counts.directories == s->counts.directories &&
           now.counts.used_blocks == s->counts.used_blocks,
       "%s: counts %ld/%ld/%ld, expected %ld/%ld/%ld", what, now.counts.files, now.counts.directories,
       now.counts.used_blocks, s->counts.files, s->counts.directories, s->counts.used_blocks);
    ok(now.point == s->point, "%s: ChangePoint %ld, expected %ld", what, now.point, s->point);
    ok(now.modified == s->modified && now.hidden == s->hidden, "%s: root attributes differ", what);
    HeapFree(GetProcessHeap(), 0, now.listing);
}

static void rollback(IFileSystemImage *image, struct state *s, const char *what)
{
    HRESULT hr = IFileSystemImage_RollbackToChangePoint(image, s->point);

    ok(hr == S_OK, "%s: RollbackToChangePoint(%ld): 0x%08lx", what, s->point, hr);
    expect(image, s, what);
    HeapFree(GetProcessHeap(), 0, s->listing);
}

static FsiItemType exists(IFileSystemImage *image, const WCHAR *path)
{
    FsiItemType type = -1;

    ok(IFileSystemImage_Exists(image, tbstr(path), &type) == S_OK, "Exists(%s)", u8(path));
    return type;
}

static void test_rollback_each_edit(const WCHAR *tree, const WCHAR *tree2)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IFsiItem *item = NULL;
    struct state s;
    HRESULT hr;

    ok(IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE) == S_OK, "AddTree");
    ok(change_point(image) == 1, "ChangePoint after one AddTree: %ld", change_point(image));

    take(image, &s);
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"docs\\new")) == S_OK, "AddDirectory");
    ok(exists(image, L"\\docs\\new") == FsiItemDirectory, "added directory exists");
    rollback(image, &s, "AddDirectory");
    ok(exists(image, L"\\docs\\new") == FsiItemNotFound, "rolled-back directory is gone");

    take(image, &s);
    {
        IStream *data = memory_stream("more bytes", 10);
        ok(IFsiDirectoryItem_AddFile(root, tbstr(L"more.txt"), data) == S_OK, "AddFile");
        IStream_Release(data);
    }
    rollback(image, &s, "AddFile");

    take(image, &s);
    ok(IFsiDirectoryItem_Remove(root, tbstr(L"a.txt")) == S_OK, "Remove");
    ok(exists(image, L"\\a.txt") == FsiItemNotFound, "removed");
    rollback(image, &s, "Remove");
    ok(exists(image, L"\\a.txt") == FsiItemFile, "a.txt back");

    take(image, &s);
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"docs")) == S_OK, "RemoveTree");
    rollback(image, &s, "RemoveTree");

    take(image, &s);
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"\\")) == S_OK, "RemoveTree of everything");
    rollback(image, &s, "RemoveTree \\");

    take(image, &s);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(tree2), VARIANT_FALSE); /* replaces a.txt, merges docs */
    ok(hr == S_OK, "AddTree over the tree: 0x%08lx", hr);
    ok(exists(image, L"\\docs\\extra.txt") == FsiItemFile, "merged");
    rollback(image, &s, "AddTree with replacement and merge");
    ok(exists(image, L"\\docs\\extra.txt") == FsiItemNotFound, "merge rolled back");

    /* Item properties, on a file and on the root, then all together back. */
    take(image, &s);
    ok(IFsiDirectoryItem_get_Item(root, tbstr(L"docs\\readme.txt"), &item) == S_OK, "get_Item");
    if (item) {
        DATE created = 0, created_before = 0;
        VARIANT_BOOL hidden = VARIANT_TRUE;
        IFsiItem_get_CreationTime(item, &created_before);
        ok(IFsiItem_put_CreationTime(item, 36526.5) == S_OK, "put_CreationTime");
        ok(IFsiItem_put_LastAccessedTime(item, 36527.5) == S_OK, "put_LastAccessedTime");
        ok(IFsiItem_put_IsHidden(item, VARIANT_TRUE) == S_OK, "put_IsHidden");
        ok(IFsiDirectoryItem_put_LastModifiedTime(root, 40000.25) == S_OK, "root put_LastModifiedTime");
        ok(IFsiDirectoryItem_put_IsHidden(root, VARIANT_TRUE) == S_OK, "root put_IsHidden");
        ok(change_point(image) == s.point + 5, "five changes counted");
        rollback(image, &s, "item properties");
        IFsiItem_get_CreationTime(item, &created);
        IFsiItem_get_IsHidden(item, &hidden);
        ok(created == created_before && hidden == VARIANT_FALSE, "file's CreationTime %f, IsHidden %d after rollback",
           created, hidden);
        IFsiItem_Release(item);
    }

    /* Several edits in a row; a setting in between is counted but stays as set. */
    take(image, &s);
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"x")) == S_OK, "AddDirectory x");
    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"KEPT")) == S_OK, "put_VolumeName");
    ok(IFsiDirectoryItem_Remove(root, tbstr(L"a.txt")) == S_OK, "Remove a.txt");
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"docs")) == S_OK, "RemoveTree docs");
    ok(change_point(image) == s.point + 4, "four changes");
    rollback(image, &s, "a sequence across a setting");
    {
        BSTR name = NULL;
        IFileSystemImage_get_VolumeName(image, &name);
        ok(name && !wcscmp(name, L"KEPT"), "VolumeName %s after rollback", u8(name ? name : L"(null)"));
        SysFreeString(name);
    }

    /* Items held across the rollback: the removed directory comes back as the same node (its child
     * list works again); an item added after the point behaves like a removed one. */
    {
        IFsiItem *docs = NULL, *later = NULL;
        IFsiDirectoryItem *later_dir = NULL;
        LONG count = -1, point = change_point(image);
        IFsiDirectoryItem_get_Item(root, tbstr(L"docs"), &docs);
        ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"docs")) == S_OK, "RemoveTree docs");
        ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"later")) == S_OK, "AddDirectory later");
        IFsiDirectoryItem_get_Item(root, tbstr(L"later"), &later);
        ok(IFileSystemImage_RollbackToChangePoint(image, point) == S_OK, "rollback with held items");
        if (docs) {
            IFsiDirectoryItem *dir = NULL;
            IFsiItem_QueryInterface(docs, &IID_IFsiDirectoryItem, (void **)&dir);
            ok(dir && IFsiDirectoryItem_get_Count(dir, &count) == S_OK && count == 2, "docs has %ld items", count);
            ok(dir && IFsiDirectoryItem_AddDirectory(dir, tbstr(L"fine")) == S_OK, "docs takes edits again");
            if (dir)
                IFsiDirectoryItem_Release(dir);
            IFsiItem_Release(docs);
        }
        if (later) {
            IFsiItem_QueryInterface(later, &IID_IFsiDirectoryItem, (void **)&later_dir);
            hr = later_dir ? IFsiDirectoryItem_AddDirectory(later_dir, tbstr(L"no")) : E_FAIL;
            ok(hr == IMAPI_E_NOT_IN_FILE_SYSTEM, "edit below a rolled-back directory: 0x%08lx", hr);
            if (later_dir)
                IFsiDirectoryItem_Release(later_dir);
            IFsiItem_Release(later);
        }
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static void expect_bad_point(IFileSystemImage *image, LONG point, const WCHAR *range)
{
    struct state s;
    WCHAR message[200];
    HRESULT hr;

    take(image, &s);
    swprintf(message, 200, L"change point %ld cannot be rolled back to: the image can return to change points %ls",
             point, range);
    error_info_clear();
    hr = IFileSystemImage_RollbackToChangePoint(image, point);
    ok(hr == IMAPI_E_INVALID_PARAM, "RollbackToChangePoint(%ld): 0x%08lx", point, hr);
    check_error_info(image, &IID_IFileSystemImage, "refused rollback", message);
    expect(image, &s, "refused rollback");
    HeapFree(GetProcessHeap(), 0, s.listing);
}

static void test_lock(const WCHAR *tree)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    struct state s;

    ok(IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE) == S_OK, "AddTree");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"one")) == S_OK, "AddDirectory");
    expect_bad_point(image, -1, L"0 to 2");
    expect_bad_point(image, 3, L"0 to 2");
    ok(IFileSystemImage_LockInChangePoint(image) == S_OK, "LockInChangePoint");
    ok(change_point(image) == 2, "LockInChangePoint leaves ChangePoint: %ld", change_point(image));
    expect_bad_point(image, 1, L"2 to 2");
    expect_bad_point(image, 0, L"2 to 2");
    take(image, &s);
    ok(IFsiDirectoryItem_Remove(root, tbstr(L"one")) == S_OK, "Remove after lock-in");
    expect_bad_point(image, 1, L"2 to 3");
    rollback(image, &s, "to the locked-in point");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* A rollback that would put back a tree too deep for ISO 9660, selected since: refused, nothing changed. */
static void test_rollback_limits(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    FsiFileSystems systems = 0;
    struct state s;
    LONG point;
    HRESULT hr;

    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemJoliet) == S_OK, "Joliet only");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\d9")) == IMAPI_E_DIR_NOT_FOUND,
       "AddDirectory does not make parents");
    {
        WCHAR path[64] = L"";
        int i;
        for (i = 1; i <= 9; i++) {
            swprintf(path + wcslen(path), 64 - wcslen(path), L"\\d%d", i);
            ok(IFsiDirectoryItem_AddDirectory(root, tbstr(path)) == S_OK, "AddDirectory %s", u8(path));
        }
    }
    point = change_point(image);
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"d1")) == S_OK, "RemoveTree d1");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet) == S_OK,
       "ISO 9660 selected again");
    take(image, &s);
    error_info_clear();
    hr = IFileSystemImage_RollbackToChangePoint(image, point);
    ok(hr == IMAPI_E_ISO9660_LEVELS, "rollback past the depth limit: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "depth refusal", L"\\d1");
    expect(image, &s, "refused for ISO 9660's levels");
    HeapFree(GetProcessHeap(), 0, s.listing);
    IFileSystemImage_get_FileSystemsToCreate(image, &systems);
    ok(systems == (FsiFileSystemISO9660 | FsiFileSystemJoliet), "FileSystemsToCreate %d", systems);
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemJoliet) == S_OK, "Joliet only again");
    ok(IFileSystemImage_RollbackToChangePoint(image, point) == S_OK, "rollback without ISO 9660");
    ok(exists(image, L"\\d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\d9") == FsiItemDirectory, "deep tree back");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---------------------------------------------------------------- detached items ---------------- */

/* An IFsiItem that is not ours: Add must refuse it without touching it beyond QueryInterface. */
struct foreign_item {
    IFsiItem IFsiItem_iface;
    LONG ref;
};

static HRESULT STDMETHODCALLTYPE foreign_QueryInterface(IFsiItem *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IFsiItem) || IsEqualIID(riid, &IID_IDispatch)) {
        *out = iface;
        IFsiItem_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE foreign_AddRef(IFsiItem *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct foreign_item, IFsiItem_iface)->ref);
}
static ULONG STDMETHODCALLTYPE foreign_Release(IFsiItem *iface)
{
    return InterlockedDecrement(&CONTAINING_RECORD(iface, struct foreign_item, IFsiItem_iface)->ref);
}
static const IFsiItemVtbl foreign_vtbl = {
    .QueryInterface = foreign_QueryInterface, .AddRef = foreign_AddRef, .Release = foreign_Release};

/* dir.Add(object as IFsiItem). */
static HRESULT add(IFsiDirectoryItem *dir, void *object)
{
    IFsiItem *item = NULL;
    HRESULT hr;

    if (object)
        IUnknown_QueryInterface((IUnknown *)object, &IID_IFsiItem, (void **)&item);
    hr = IFsiDirectoryItem_Add(dir, item);
    if (item)
        IFsiItem_Release(item);
    return hr;
}

/* Add refused with hr; the image's tree, counts and ChangePoint unchanged. */
static void expect_add_refused(IFileSystemImage *image, IFsiDirectoryItem *dir, void *object, HRESULT expected,
                               const char *what, const WCHAR *text)
{
    struct state s;
    HRESULT hr;

    take(image, &s);
    error_info_clear();
    hr = add(dir, object);
    ok(hr == expected, "Add %s: 0x%08lx, expected 0x%08lx", what, hr, expected);
    if (text)
        check_error_info(dir, &IID_IFsiDirectoryItem, what, text);
    expect(image, &s, what);
    HeapFree(GetProcessHeap(), 0, s.listing);
}

/* A file of size + 1 bytes past 2 GiB that takes no disk space, as an IStream. */
static IStream *big_stream(void)
{
    WCHAR *path = path_join(scratch_dir, L"changes-big.bin");
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    LARGE_INTEGER size = {.QuadPart = ((LONGLONG)1 << 31) + 1};
    IStream *stream = NULL;

    ok(file != INVALID_HANDLE_VALUE && SetFilePointerEx(file, size, NULL, FILE_BEGIN) && SetEndOfFile(file),
       "sparse %s", u8(path));
    CloseHandle(file);
    ok(SHCreateStreamOnFileEx(path, STGM_READ | STGM_SHARE_DENY_NONE, FILE_ATTRIBUTE_NORMAL, FALSE, NULL, &stream) ==
           S_OK,
       "stream on %s", u8(path));
    return stream;
}

static void test_detached(const WCHAR *tree)
{
    IFileSystemImage *image = create_image(), *other = create_image();
    IFsiDirectoryItem *root = image_root(image), *made = NULL, *deep = NULL, *sub = NULL, *foreign_dir = NULL;
    IFsiFileItem *file = NULL, *empty = NULL, *big = NULL;
    struct foreign_item foreign = {{(IFsiItemVtbl *)&foreign_vtbl}, 1};
    struct image_counts counts;
    LONG point, size32 = -1;
    LONGLONG size = -1;
    IStream *data;
    HRESULT hr;

    ok(IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE) == S_OK, "AddTree");
    point = change_point(image);

    /* Creating: names checked like an added item's; nothing in the image changes. */
    ok(IFileSystemImage_CreateDirectoryItem(image, tbstr(L"x"), NULL) == E_POINTER, "CreateDirectoryItem NULL");
    ok(IFileSystemImage_CreateFileItem(image, tbstr(L"x"), NULL) == E_POINTER, "CreateFileItem NULL");
    hr = IFileSystemImage_CreateDirectoryItem(image, tbstr(L""), &made);
    ok(hr == IMAPI_E_INVALID_PARAM && !made, "CreateDirectoryItem(\"\"): 0x%08lx", hr);
    error_info_clear();
    hr = IFileSystemImage_CreateFileItem(image, tbstr(L"bad\\name"), &file);
    ok(hr == IMAPI_E_INVALID_PARAM && !file, "CreateFileItem(bad\\name): 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "bad name", L"bad\\name");
    {
        WCHAR long_name[300];
        wmemset(long_name, L'n', 256);
        long_name[256] = 0;
        hr = IFileSystemImage_CreateFileItem(image, tbstr(long_name), &file);
        ok(hr == IMAPI_E_INVALID_PARAM && !file, "CreateFileItem(256 characters): 0x%08lx", hr);
    }
    ok(IFileSystemImage_CreateDirectoryItem(image, tbstr(L"made"), &made) == S_OK && made, "CreateDirectoryItem");
    ok(IFileSystemImage_CreateFileItem(image, tbstr(L"made.txt"), &file) == S_OK && file, "CreateFileItem");
    ok(IFileSystemImage_CreateFileItem(image, tbstr(L"empty.txt"), &empty) == S_OK && empty, "CreateFileItem empty");
    ok(change_point(image) == point, "creating items is no change");
    if (!made || !file || !empty)
        ExitProcess(test_summary() | 2);

    /* A detached file: no data until put_Data; get_Data gives fresh streams at 0. */
    ok(IFsiFileItem_get_DataSize(file, &size) == S_OK && size == 0, "DataSize of a new file %lld", size);
    ok(IFsiFileItem_put_Data(file, NULL) == E_POINTER, "put_Data(NULL)");
    data = memory_stream("made by CreateFileItem\n", 23);
    ok(IFsiFileItem_put_Data(file, data) == S_OK, "put_Data");
    IStream_Release(data);
    ok(IFsiFileItem_get_DataSize(file, &size) == S_OK && size == 23, "DataSize after put_Data %lld", size);
    ok(IFsiFileItem_get_DataSize32BitLow(file, &size32) == S_OK && size32 == 23, "DataSize32BitLow %ld", size32);
    {
        IStream *first = NULL, *second = NULL;
        ULONGLONG got = 0;
        BYTE *bytes;
        ok(IFsiFileItem_get_Data(file, &first) == S_OK && first, "get_Data");
        bytes = first ? read_stream(first, 5, &got) : NULL;
        ok(bytes && got == 23 && !memcmp(bytes, "made by CreateFileItem\n", 23), "get_Data bytes");
        if (bytes)
            HeapFree(GetProcessHeap(), 0, bytes);
        ok(IFsiFileItem_get_Data(file, &second) == S_OK && second && second != first, "get_Data again");
        bytes = second ? read_stream(second, 64, &got) : NULL;
        ok(bytes && got == 23, "second stream starts at 0 (%llu bytes)", got);
        if (bytes)
            HeapFree(GetProcessHeap(), 0, bytes);
        if (first)
            IStream_Release(first);
        if (second)
            IStream_Release(second);
        ok(IFsiFileItem_get_Data(empty, &first) == S_OK && first, "get_Data of an empty file");
        bytes = first ? read_stream(first, 64, &got) : NULL;
        ok(got == 0, "empty file's stream has %llu bytes", got);
        if (bytes)
            HeapFree(GetProcessHeap(), 0, bytes);
        if (first)
            IStream_Release(first);
    }

    /* A detached directory takes edits below it; the image does not count them. */
    image_counts_of(image, &counts);
    ok(IFsiDirectoryItem_AddDirectory(made, tbstr(L"sub")) == S_OK, "AddDirectory below a detached directory");
    ok(IFsiDirectoryItem_AddTree(made, tbstr(tree), VARIANT_TRUE) == S_OK, "AddTree below a detached directory");
    {
        struct image_counts after;
        image_counts_of(image, &after);
        ok(after.files == counts.files && after.directories == counts.directories &&
               after.used_blocks == counts.used_blocks,
           "counts changed by edits of a detached directory");
    }
    {
        IFsiItem *found = NULL;
        IFsiDirectoryItem_get_Item(made, tbstr(L"sub"), &found);
        if (found) {
            IFsiItem_QueryInterface(found, &IID_IFsiDirectoryItem, (void **)&sub);
            IFsiItem_Release(found);
        }
    }

    /* The matrix of refusals, each leaving everything as it was. */
    ok(IFileSystemImage_CreateDirectoryItem(other, tbstr(L"foreign"), &foreign_dir) == S_OK, "other image's item");
    expect_add_refused(image, root, NULL, E_POINTER, "NULL", NULL);
    expect_add_refused(image, root, &foreign.IFsiItem_iface, IMAPI_E_INVALID_PARAM, "a foreign IFsiItem",
                       L"IFsiItem");
    ok(foreign.ref == 1, "foreign item's references %ld", foreign.ref);
    expect_add_refused(image, root, foreign_dir, IMAPI_E_INVALID_PARAM, "another image's item", L"foreign");
    {
        IFsiItem *in_tree = NULL;
        IFsiDirectoryItem_get_Item(root, tbstr(L"docs"), &in_tree);
        expect_add_refused(image, root, in_tree, IMAPI_E_INVALID_PARAM, "an item of the tree", L"\\docs");
        if (in_tree)
            IFsiItem_Release(in_tree);
    }
    expect_add_refused(image, made, made, IMAPI_E_INVALID_PARAM, "a directory to itself", L"itself");
    if (sub)
        expect_add_refused(image, sub, made, IMAPI_E_INVALID_PARAM, "a directory below itself", L"\\made\\sub");
    {
        IFsiFileItem *dup = NULL;
        IFileSystemImage_CreateFileItem(image, tbstr(L"A.TXT"), &dup);
        expect_add_refused(image, root, dup, IMAPI_E_DUP_NAME, "a duplicate name", L"A.TXT");
        IFsiFileItem_Release(dup);
    }
    ok(IFileSystemImage_CreateFileItem(image, tbstr(L"big.bin"), &big) == S_OK, "CreateFileItem big");
    if (big) {
        IStream *stream = big_stream();
        ok(stream && IFsiFileItem_put_Data(big, stream) == S_OK, "put_Data 2 GiB + 1");
        if (stream)
            IStream_Release(stream);
        expect_add_refused(image, root, big, IMAPI_E_DATA_TOO_BIG, "a file too big for level 2", L"big.bin");
        ok(IFileSystemImage_put_ISO9660InterchangeLevel(image, 3) == S_OK, "level 3");
        image_counts_of(image, &counts);
        ok(IFileSystemImage_put_FreeMediaBlocks(image, counts.used_blocks + 100) == S_OK, "FreeMediaBlocks");
        expect_add_refused(image, root, big, IMAPI_E_IMAGE_SIZE_LIMIT, "beyond FreeMediaBlocks", L"big.bin");
        IFileSystemImage_put_FreeMediaBlocks(image, 0);
        IFileSystemImage_put_ISO9660InterchangeLevel(image, 2);
        IFsiFileItem_Release(big);
    }
    ok(IFileSystemImage_CreateDirectoryItem(image, tbstr(L"deep"), &deep) == S_OK, "CreateDirectoryItem deep");
    if (deep) {
        ok(IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2\\3")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2\\3\\4")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2\\3\\4\\5")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2\\3\\4\\5\\6")) == S_OK &&
               IFsiDirectoryItem_AddDirectory(deep, tbstr(L"1\\2\\3\\4\\5\\6\\7")) == S_OK,
           "a detached tree eight levels deep");
        expect_add_refused(image, root, deep, IMAPI_E_ISO9660_LEVELS, "too deep for ISO 9660",
                           L"\\deep\\1\\2\\3\\4\\5\\6\\7");
        IFsiDirectoryItem_Release(deep);
    }
    {
        IFsiItem *gone_item = NULL;
        IFsiDirectoryItem *gone = NULL;
        ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"gone")) == S_OK, "AddDirectory gone");
        IFsiDirectoryItem_get_Item(root, tbstr(L"gone"), &gone_item);
        if (gone_item) {
            IFsiItem_QueryInterface(gone_item, &IID_IFsiDirectoryItem, (void **)&gone);
            IFsiItem_Release(gone_item);
        }
        ok(IFsiDirectoryItem_Remove(root, tbstr(L"gone")) == S_OK, "Remove gone");
        if (gone) {
            expect_add_refused(image, gone, empty, IMAPI_E_NOT_IN_FILE_SYSTEM, "into a removed directory", L"gone");
            IFsiDirectoryItem_Release(gone);
        }
    }

    /* Add: one change each, rolled back, added again; Data read-only once added. */
    {
        struct state s;
        take(image, &s);
        ok(add(made, file) == S_OK, "Add the file to the detached directory");
        ok(add(root, made) == S_OK, "Add the directory to the root");
        ok(change_point(image) == s.point + 2, "two changes");
        ok(exists(image, L"\\made\\made.txt") == FsiItemFile && exists(image, L"\\made\\tree\\a.txt") == FsiItemFile,
           "added items in the image");
        expect_add_refused(image, root, made, IMAPI_E_INVALID_PARAM, "an item added already", L"\\made");
        data = memory_stream("x", 1);
        error_info_clear();
        hr = IFsiFileItem_put_Data(file, data);
        ok(hr == IMAPI_E_READONLY, "put_Data after Add: 0x%08lx", hr);
        check_error_info(file, &IID_IFsiFileItem, "put_Data after Add", L"made.txt");
        rollback(image, &s, "Add");
        ok(IFsiFileItem_put_Data(file, data) == S_OK, "put_Data once rolled back to detached");
        IStream_Release(data);
        data = memory_stream("made by CreateFileItem\n", 23);
        ok(IFsiFileItem_put_Data(file, data) == S_OK, "put_Data again");
        IStream_Release(data);
        ok(add(made, file) == S_OK, "Add the file again");
        ok(add(root, made) == S_OK, "Add the directory again");
    }
    {
        IFsiItem *in_tree = NULL;
        IFsiFileItem *tree_file = NULL;
        IFsiDirectoryItem_get_Item(root, tbstr(L"a.txt"), &in_tree);
        if (in_tree) {
            IFsiItem_QueryInterface(in_tree, &IID_IFsiFileItem, (void **)&tree_file);
            IFsiItem_Release(in_tree);
        }
        data = memory_stream("x", 1);
        ok(tree_file && IFsiFileItem_put_Data(tree_file, data) == IMAPI_E_READONLY, "put_Data on a file of the tree");
        IStream_Release(data);
        if (tree_file)
            IFsiFileItem_Release(tree_file);
    }
    ok(add(root, file) == IMAPI_E_INVALID_PARAM, "file is in made, not detached");
    ok(add(root, empty) == S_OK, "Add a file item without data");
    ok(exists(image, L"\\empty.txt") == FsiItemFile, "empty file added");

    /* The image after all this, for the readers: the tree, made\made.txt, made\tree\..., empty.txt. */
    {
        IFileSystemImageResult *result = NULL;
        IStream *stream = NULL;
        ULONGLONG got = 0;
        LONG blocks = 0;
        BYTE *bytes = NULL;
        hr = IFileSystemImage_CreateResultImage(image, &result);
        ok(hr == S_OK && result, "CreateResultImage: 0x%08lx", hr);
        if (result) {
            IFileSystemImageResult_get_TotalBlocks(result, &blocks);
            IFileSystemImageResult_get_ImageStream(result, &stream);
            image_counts_of(image, &counts);
            ok(blocks == counts.used_blocks, "TotalBlocks %ld, UsedBlocks %ld", blocks, counts.used_blocks);
            bytes = stream ? read_stream(stream, 65536, &got) : NULL;
            ok(bytes && got == (ULONGLONG)blocks * 2048, "image of %llu bytes", got);
            ok(bytes && write_file(path_join(images_dir, L"changes.iso"), bytes, (DWORD)got), "write changes.iso");
            if (bytes)
                HeapFree(GetProcessHeap(), 0, bytes);
            if (stream)
                IStream_Release(stream);
            IFileSystemImageResult_Release(result);
        }
    }
    if (sub)
        IFsiDirectoryItem_Release(sub);
    IFsiFileItem_Release(file);
    IFsiFileItem_Release(empty);
    IFsiDirectoryItem_Release(made);
    IFsiDirectoryItem_Release(foreign_dir);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(other);
    IFileSystemImage_Release(image);
}

/* ---------------------------------------------------------------- named streams, real time ----- */

static BYTE *pattern(unsigned seed, DWORD size)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size + 1);
    for (DWORD i = 0; i < size; i++)
        data[i] = (BYTE)(seed * 31 + i * 7 + (i >> 10));
    return data;
}

static IFsiFileItem2 *file2(IFsiDirectoryItem *root, const WCHAR *path)
{
    IFsiItem *item = NULL;
    IFsiFileItem2 *file = NULL;

    if (ok(IFsiDirectoryItem_get_Item(root, tbstr(path), &item) == S_OK && item, "get_Item(%s)", u8(path))) {
        IFsiItem_QueryInterface(item, &IID_IFsiFileItem2, (void **)&file);
        IFsiItem_Release(item);
    }
    if (!ok(file != NULL, "IFsiFileItem2 of %s", u8(path)))
        ExitProcess(test_summary() | 2);
    return file;
}

static HRESULT add_stream(IFsiFileItem2 *file, const WCHAR *name, unsigned seed, DWORD size)
{
    BYTE *data = pattern(seed, size);
    IStream *stream = memory_stream(data, size);
    HRESULT hr = IFsiFileItem2_AddStream(file, tbstr(name), stream);

    IStream_Release(stream);
    HeapFree(GetProcessHeap(), 0, data);
    return hr;
}

/* The file's streams as FsiNamedStreams gives them, by Item: "name:DataSize;" each. */
static void expect_streams(IFsiFileItem2 *file, const WCHAR *expected, const char *what)
{
    IFsiNamedStreams *streams = NULL;
    WCHAR got[512] = L"";
    LONG count = -1;

    if (!ok(IFsiFileItem2_get_FsiNamedStreams(file, &streams) == S_OK && streams, "%s: FsiNamedStreams", what))
        return;
    ok(IFsiNamedStreams_get_Count(streams, &count) == S_OK, "%s: Count", what);
    for (LONG i = 0; i < count; i++) {
        IFsiFileItem2 *item = NULL;
        BSTR name = NULL;
        LONGLONG size = -1;
        if (!ok(IFsiNamedStreams_get_Item(streams, i, &item) == S_OK && item, "%s: Item(%ld)", what, i))
            continue;
        IFsiFileItem2_get_Name(item, &name);
        IFsiFileItem2_get_DataSize(item, &size);
        swprintf(got + wcslen(got), ARRAYSIZE(got) - wcslen(got), L"%ls:%lld;", name ? name : L"(null)", size);
        SysFreeString(name);
        IFsiFileItem2_Release(item);
    }
    ok(!wcscmp(got, expected), "%s: streams \"%s\", expected \"%s\"", what, u8(got), u8(expected));
    IFsiNamedStreams_Release(streams);
}

static VARIANT_BOOL real_time(IFsiFileItem2 *file)
{
    VARIANT_BOOL value = 7;

    ok(IFsiFileItem2_get_IsRealTime(file, &value) == S_OK, "get_IsRealTime");
    return value;
}

/* One line of the expectations of tests/oracle/udf_streams: a stream's bytes go to a content file named
 * by the native path (Z:\x -> /x). */
static void expect_line(HANDLE expect, const char *line)
{
    DWORD written;

    WriteFile(expect, line, (DWORD)strlen(line), &written, NULL);
}

static void expect_stream(HANDLE expect, const char *image_path, const WCHAR *name, unsigned seed, DWORD size)
{
    WCHAR *dir = path_join(scratch_dir, L"stream-contents"), *content = path_join(dir, name), *native;
    BYTE *data = pattern(seed, size);
    char line[1024];

    make_dirs(dir);
    ok(write_file(content, data, size), "write %s", u8(content));
    HeapFree(GetProcessHeap(), 0, data);
    native = content + 2;
    for (WCHAR *p = native; *p; p++)
        if (*p == '\\')
            *p = '/';
    snprintf(line, sizeof(line), "S\t%s\t", image_path);
    snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s\t", u8(name));
    snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s\n", u8(native));
    expect_line(expect, line);
}

/* AddStream, RemoveStream and IsRealTime rolled back, alone and among file edits; a rollback refused by
 * FreeMediaBlocks; IMAGES/changes-streams.iso (UDF 2.01) built after rollbacks, with
 * SCRATCH/changes-streams.txt for udf_streams. */
static void test_rollback_streams(const WCHAR *tree)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IFsiFileItem2 *a, *readme, *second, *held = NULL;
    struct state s0, s1, s;
    HRESULT hr;

    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet |
                                                           FsiFileSystemUDF) == S_OK, "UDF bridge");
    ok(IFileSystemImage_put_UDFRevision(image, 0x201) == S_OK, "UDFRevision 2.01");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE) == S_OK, "AddTree");
    a = file2(root, L"a.txt");
    readme = file2(root, L"docs\\readme.txt");
    second = file2(root, L"docs\\second.txt");

    take(image, &s0);
    ok(add_stream(a, L"one", 1, 5000) == S_OK && add_stream(a, L"two", 2, 3000) == S_OK, "AddStream one, two");
    ok(add_stream(readme, L"r", 3, 100) == S_OK, "AddStream r");
    ok(change_point(image) == s0.point + 3, "three changes: ChangePoint %ld", change_point(image));
    expect_streams(a, L"one:5000;two:3000;", "after AddStream");
    {
        IFsiNamedStreams *streams = NULL;
        IFsiFileItem2_get_FsiNamedStreams(a, &streams);
        if (streams) {
            IFsiNamedStreams_get_Item(streams, 0, &held);
            IFsiNamedStreams_Release(streams);
        }
    }
    take(image, &s1);
    ok(s1.counts.used_blocks > s0.counts.used_blocks, "streams take blocks: %ld -> %ld", s0.counts.used_blocks,
       s1.counts.used_blocks);

    ok(IFsiFileItem2_RemoveStream(a, tbstr(L"ONE")) == S_OK, "RemoveStream one");
    ok(IFsiFileItem2_put_IsRealTime(readme, VARIANT_TRUE) == S_OK, "put_IsRealTime");
    ok(add_stream(a, L"three", 4, 10) == S_OK, "AddStream three");
    ok(add_stream(second, L"s", 5, 70000) == S_OK, "AddStream on second.txt");
    ok(IFsiDirectoryItem_Remove(root, tbstr(L"a.txt")) == S_OK, "Remove a.txt with its streams");
    ok(change_point(image) == s1.point + 5, "five changes: ChangePoint %ld", change_point(image));
    expect_streams(second, L"s:70000;", "second.txt");
    ok(real_time(readme) == VARIANT_TRUE, "IsRealTime set");
    rollback(image, &s1, "RemoveStream, IsRealTime, AddStream, Remove");
    expect_streams(a, L"one:5000;two:3000;", "the removed stream back in its place");
    expect_streams(readme, L"r:100;", "readme.txt's stream");
    expect_streams(second, L"", "second.txt's stream gone");
    ok(real_time(readme) == VARIANT_FALSE, "IsRealTime back to FALSE");
    ok(exists(image, L"\\a.txt") == FsiItemFile, "a.txt back");
    if (held) {
        BSTR path = NULL;
        LONGLONG size = -1;
        ok(IFsiFileItem2_get_FullPath(held, &path) == S_OK && path && !wcscmp(path, L"\\a.txt:one"),
           "the held stream item is in the image again: %s", path ? u8(path) : "(null)");
        ok(IFsiFileItem2_get_DataSize(held, &size) == S_OK && size == 5000, "held stream DataSize %lld", size);
        SysFreeString(path);
        IFsiFileItem2_Release(held);
    }
    hr = add_stream(a, L"two", 6, 1);
    ok(hr == IMAPI_E_DUP_NAME, "two is still there: 0x%08lx", hr);
    rollback(image, &s0, "every stream edit");
    expect_streams(a, L"", "no streams at the start");
    expect_streams(readme, L"", "no streams on readme.txt at the start");

    /* FreeMediaBlocks lowered after a RemoveStream: the stream cannot come back, nothing changes. */
    ok(add_stream(second, L"big", 7, 200000) == S_OK, "AddStream big");
    {
        LONG point = change_point(image);
        ok(IFsiFileItem2_RemoveStream(second, tbstr(L"big")) == S_OK, "RemoveStream big");
        struct image_counts counts;
        image_counts_of(image, &counts);
        ok(IFileSystemImage_put_FreeMediaBlocks(image, counts.used_blocks + 10) == S_OK, "FreeMediaBlocks");
        take(image, &s);
        error_info_clear();
        hr = IFileSystemImage_RollbackToChangePoint(image, point);
        ok(hr == IMAPI_E_IMAGE_SIZE_LIMIT, "rollback bringing back 200,000 bytes: 0x%08lx", hr);
        check_error_info(image, &IID_IFileSystemImage, "streams size refusal", L"FreeMediaBlocks");
        expect(image, &s, "refused for FreeMediaBlocks");
        HeapFree(GetProcessHeap(), 0, s.listing);
        expect_streams(second, L"", "the big stream stays out");
        ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "no limit");
        ok(IFileSystemImage_RollbackToChangePoint(image, point) == S_OK, "rollback without the limit");
        expect_streams(second, L"big:200000;", "the big stream back");
        ok(IFsiFileItem2_RemoveStream(second, tbstr(L"big")) == S_OK, "RemoveStream big again");
    }

    /* The image written after rollbacks: a.txt keeps two streams (one removed and put back), readme.txt
     * is real-time again, second.txt loses the stream added after the point. */
    ok(add_stream(a, L"kept", 8, 4096) == S_OK && add_stream(a, L"last", 9, 2049) == S_OK, "AddStream kept, last");
    ok(IFsiFileItem2_put_IsRealTime(readme, VARIANT_TRUE) == S_OK, "readme.txt real-time");
    take(image, &s);
    ok(IFsiFileItem2_RemoveStream(a, tbstr(L"kept")) == S_OK, "RemoveStream kept");
    ok(IFsiFileItem2_put_IsRealTime(readme, VARIANT_FALSE) == S_OK, "readme.txt not real-time");
    ok(add_stream(second, L"temp", 10, 6000) == S_OK, "AddStream temp");
    rollback(image, &s, "before the image");
    expect_streams(a, L"kept:4096;last:2049;", "a.txt's streams for the image");
    {
        IFileSystemImageResult *result = NULL;
        IStream *stream = NULL;
        ULONGLONG got = 0;
        LONG blocks = 0;
        BYTE *bytes = NULL;
        HANDLE expect_file = CreateFileW(path_join(scratch_dir, L"changes-streams.txt"), GENERIC_WRITE, 0, NULL,
                                         CREATE_ALWAYS, 0, NULL);
        if (ok(expect_file != INVALID_HANDLE_VALUE, "changes-streams.txt")) {
            expect_stream(expect_file, "/a.txt", L"kept", 8, 4096);
            expect_stream(expect_file, "/a.txt", L"last", 9, 2049);
            expect_line(expect_file, "F\t/a.txt\n");
            expect_line(expect_file, "R\t/docs/readme.txt\n");
            expect_line(expect_file, "N\t/docs/readme.txt\n");
            expect_line(expect_file, "F\t/docs/second.txt\n");
            expect_line(expect_file, "N\t/docs/second.txt\n");
            CloseHandle(expect_file);
        }
        hr = IFileSystemImage_CreateResultImage(image, &result);
        ok(hr == S_OK && result, "CreateResultImage: 0x%08lx", hr);
        if (result) {
            IFileSystemImageResult_get_TotalBlocks(result, &blocks);
            IFileSystemImageResult_get_ImageStream(result, &stream);
            ok(blocks == s.counts.used_blocks, "TotalBlocks %ld, UsedBlocks %ld", blocks, s.counts.used_blocks);
            bytes = stream ? read_stream(stream, 65536, &got) : NULL;
            ok(bytes && got == (ULONGLONG)blocks * 2048, "image of %llu bytes", got);
            ok(bytes && write_file(path_join(images_dir, L"changes-streams.iso"), bytes, (DWORD)got),
               "write changes-streams.iso");
            if (bytes)
                HeapFree(GetProcessHeap(), 0, bytes);
            if (stream)
                IStream_Release(stream);
            IFileSystemImageResult_Release(result);
        }
    }
    ok(IFileSystemImage_LockInChangePoint(image) == S_OK, "LockInChangePoint with a removed stream kept");
    IFsiFileItem2_Release(a);
    IFsiFileItem2_Release(readme);
    IFsiFileItem2_Release(second);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* The source trees: tree (added first), tree2 (added over it), expected (what changes.iso holds). */
static void make_sources(const WCHAR *tree, const WCHAR *tree2, const WCHAR *expected)
{
    const WCHAR *made = path_join(expected, L"made"), *copy = path_join(made, L"tree");
    make_dirs(path_join(tree, L"docs"));
    write_text(tree, L"a.txt", "alpha\n");
    write_text(path_join(tree, L"docs"), L"readme.txt", "read me\n");
    write_text(path_join(tree, L"docs"), L"second.txt", "second\n");
    make_dirs(path_join(tree2, L"docs"));
    write_text(tree2, L"A.TXT", "replaced alpha\n");
    write_text(path_join(tree2, L"docs"), L"extra.txt", "extra\n");
    make_dirs(path_join(expected, L"docs"));
    write_text(expected, L"a.txt", "alpha\n");
    write_text(path_join(expected, L"docs"), L"readme.txt", "read me\n");
    write_text(path_join(expected, L"docs"), L"second.txt", "second\n");
    write_text(expected, L"empty.txt", "");
    make_dirs(path_join(copy, L"docs"));
    write_text(made, L"made.txt", "made by CreateFileItem\n");
    make_dirs(path_join(made, L"sub"));
    write_text(copy, L"a.txt", "alpha\n");
    write_text(path_join(copy, L"docs"), L"readme.txt", "read me\n");
    write_text(path_join(copy, L"docs"), L"second.txt", "second\n");
}

static void check_unload(void)
{
    HMODULE dll = GetModuleHandleW(L"imapi2fs.dll");
    HRESULT(WINAPI * can_unload)(void) = dll ? (void *)GetProcAddress(dll, "DllCanUnloadNow") : NULL;

    ok(can_unload && can_unload() == S_OK, "DllCanUnloadNow is not S_OK at the end: something leaked");
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *tree, *tree2, *expected;

    if (argc != 3) {
        fprintf(stderr, "usage: test_changes SCRATCH_DIR IMAGES_DIR\n");
        return 2;
    }
    scratch_dir = win_path(argv[1]);
    images_dir = win_folder(argv[2]);
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    tree = path_join(scratch_dir, L"tree");
    tree2 = path_join(scratch_dir, L"tree2");
    expected = path_join(scratch_dir, L"expected");
    make_sources(tree, tree2, expected);
    test_rollback_each_edit(tree, tree2);
    test_lock(tree);
    test_rollback_limits();
    test_detached(tree);
    test_rollback_streams(tree);
    ok(DeleteFileW(path_join(scratch_dir, L"changes-big.bin")), "delete the sparse file");
    check_unload();
    CoUninitialize();
    return test_summary();
}
