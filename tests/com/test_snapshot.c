/* Snapshot semantics of CreateResultImage: a result keeps the tree and settings it was created from.
 * AddFile, Remove, AddDirectory and puts of image and item properties after it do not change a single
 * byte of it (read before the edits, read across them, read after them), and results of three moments
 * read at the same time, interleaved, each hold their own moment. The three images are written for
 * check-image.sh, against the folders the test writes for each moment (m1, m2, m3).
 * Usage: test_snapshot SCRATCH_DIR IMAGES_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#define MOMENTS 3

struct moment {
    IFileSystemImageResult *result;
    IStream *stream;
    BYTE *bytes; /* the image read in one go right after CreateResultImage */
    ULONGLONG size;
    LONG total_blocks;
};

static BYTE *pattern(DWORD size, unsigned seed)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size);
    DWORD i;

    for (i = 0; i < size; i++)
        data[i] = (BYTE)(i * 31 + seed + (i >> 11));
    return data;
}

static void put(const WCHAR *folder, const WCHAR *name, DWORD size, unsigned seed)
{
    WCHAR *path = path_join(folder, name);
    BYTE *data = pattern(size, seed);

    *(WCHAR *)path_leaf(path) = 0;
    make_dirs(path);
    ok(write_file(path_join(folder, name), data, size), "writing %s", u8(name));
    HeapFree(GetProcessHeap(), 0, data);
}

/* The three moments as folders: m2 = m1 - gone.bin + extra.txt, m3 = m2 + newdir\n.txt. */
static void write_sources(const WCHAR *scratch)
{
    static const WCHAR *const folders[] = {L"m1", L"m2", L"m3"};
    int m;

    for (m = 0; m < MOMENTS; m++) {
        WCHAR *folder = path_join(scratch, folders[m]);
        put(folder, L"readme.txt", 600, 1);
        put(folder, L"data.bin", 300000, 2);
        put(folder, L"sub\\deep.txt", 5000, 3);
        if (m == 0)
            put(folder, L"gone.bin", 70000, 4);
        else
            put(folder, L"extra.txt", 9000, 5);
        if (m == 2)
            put(folder, L"newdir\\n.txt", 4097, 6);
    }
}

static IStream *pattern_stream(DWORD size, unsigned seed)
{
    BYTE *data = pattern(size, seed);
    IStream *stream = memory_stream(data, size);

    HeapFree(GetProcessHeap(), 0, data);
    return stream;
}

static void set_volume(IFileSystemImage *image, const WCHAR *name)
{
    HRESULT hr = IFileSystemImage_put_VolumeName(image, tbstr(name));
    ok(hr == S_OK, "put_VolumeName %s: 0x%08lx", u8(name), hr);
}

/* The result of this moment, read whole at once with 1 MiB reads. */
static void take(IFileSystemImage *image, struct moment *m)
{
    IStream *first = NULL;
    HRESULT hr = IFileSystemImage_CreateResultImage(image, &m->result);

    if (!ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr))
        return;
    IFileSystemImageResult_get_TotalBlocks(m->result, &m->total_blocks);
    ok(IFileSystemImageResult_get_ImageStream(m->result, &first) == S_OK, "get_ImageStream");
    m->bytes = first ? read_stream(first, 1 << 20, &m->size) : NULL;
    ok(m->bytes && m->size == (ULONGLONG)m->total_blocks * 2048, "image of %llu bytes for %ld blocks", m->size,
       m->total_blocks);
    if (first)
        IStream_Release(first);
    /* A second stream, read later (interleaved with the other moments' streams). */
    ok(IFileSystemImageResult_get_ImageStream(m->result, &m->stream) == S_OK, "second get_ImageStream");
}

/* The ISO 9660 Primary Volume Descriptor's Volume Identifier (block 16, byte 40, 32 d-characters). */
static void check_volume(const struct moment *m, const char *want, const char *what)
{
    char id[33];
    size_t n = strlen(want);

    if (!m->bytes || m->size < 17 * 2048)
        return;
    memcpy(id, m->bytes + 16 * 2048 + 40, 32);
    id[32] = 0;
    ok(!memcmp(id, want, n) && strspn(id + n, " ") == 32 - n, "%s: volume identifier '%s', expected '%s'", what, id,
       want);
}

static void edit_to_moment2(IFileSystemImage *image, IFsiDirectoryItem *root)
{
    IStream *extra = pattern_stream(9000, 5);
    IFsiItem *item = NULL;
    HRESULT hr;

    hr = IFsiDirectoryItem_AddFile(root, tbstr(L"extra.txt"), extra);
    ok(hr == S_OK, "AddFile extra.txt: 0x%08lx", hr);
    IStream_Release(extra);
    hr = IFsiDirectoryItem_Remove(root, tbstr(L"gone.bin"));
    ok(hr == S_OK, "Remove gone.bin: 0x%08lx", hr);
    set_volume(image, L"MOMENT2");
    /* Item properties too: the dates of a file every moment has. */
    hr = IFsiDirectoryItem_get_Item(root, tbstr(L"data.bin"), &item);
    if (ok(hr == S_OK, "get_Item data.bin: 0x%08lx", hr)) {
        ok(IFsiItem_put_LastModifiedTime(item, 36526.5) == S_OK, "put_LastModifiedTime");
        ok(IFsiItem_put_CreationTime(item, 36526.25) == S_OK, "put_CreationTime");
        IFsiItem_Release(item);
    }
}

static void edit_to_moment3(IFileSystemImage *image, IFsiDirectoryItem *root)
{
    IStream *n = pattern_stream(4097, 6);
    HRESULT hr;

    hr = IFsiDirectoryItem_AddDirectory(root, tbstr(L"newdir"));
    ok(hr == S_OK, "AddDirectory newdir: 0x%08lx", hr);
    hr = IFsiDirectoryItem_AddFile(root, tbstr(L"newdir\\n.txt"), n);
    ok(hr == S_OK, "AddFile newdir\\n.txt: 0x%08lx", hr);
    IStream_Release(n);
    hr = IFileSystemImage_put_FileSystemsToCreate(image,
                                                  FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF);
    ok(hr == S_OK, "put_FileSystemsToCreate with UDF: 0x%08lx", hr);
    set_volume(image, L"MOMENT3");
}

/* Reads the streams round-robin in chunks of different sizes and compares each with its moment's bytes. */
static void read_interleaved(struct moment *moments)
{
    static const ULONG chunks[MOMENTS] = {65536, 40000, 100003};
    ULONGLONG offset[MOMENTS] = {0};
    BYTE *buffer = HeapAlloc(GetProcessHeap(), 0, 100003);
    BOOL busy = TRUE, same[MOMENTS] = {TRUE, TRUE, TRUE};
    int m;

    while (busy) {
        busy = FALSE;
        for (m = 0; m < MOMENTS; m++) {
            struct moment *x = &moments[m];
            ULONG got = 0;
            if (!x->stream || !x->bytes || offset[m] >= x->size)
                continue;
            busy = TRUE;
            if (!ok(IStream_Read(x->stream, buffer, chunks[m], &got) == S_OK && got, "moment %d: Read at %llu",
                    m + 1, offset[m])) {
                offset[m] = x->size;
                same[m] = FALSE;
                continue;
            }
            if (offset[m] + got > x->size || memcmp(buffer, x->bytes + offset[m], got))
                same[m] = FALSE;
            offset[m] += got;
        }
    }
    for (m = 0; m < MOMENTS; m++)
        ok(same[m], "moment %d: the interleaved read differs from the read at creation", m + 1);
    HeapFree(GetProcessHeap(), 0, buffer);
}

/* A fresh stream of the result now, read whole, equals the bytes read when it was created. */
static void check_reread(const struct moment *m, const char *what)
{
    IStream *stream = NULL;
    ULONGLONG size = 0;
    LONG blocks = 0;
    BYTE *bytes;

    if (!m->result || !m->bytes)
        return;
    ok(IFileSystemImageResult_get_TotalBlocks(m->result, &blocks) == S_OK && blocks == m->total_blocks,
       "%s: TotalBlocks %ld, was %ld", what, blocks, m->total_blocks);
    if (!ok(IFileSystemImageResult_get_ImageStream(m->result, &stream) == S_OK, "%s: get_ImageStream", what))
        return;
    bytes = read_stream(stream, 65536, &size);
    ok(bytes && size == m->size && !memcmp(bytes, m->bytes, size), "%s: %llu bytes read after the edits differ "
       "from the %llu read before", what, size, m->size);
    HeapFree(GetProcessHeap(), 0, bytes);
    IStream_Release(stream);
}

/* A stream opened before the edits, half read before them and half after, gives the old bytes. */
static void check_across_edits(IFileSystemImage *image, IFsiDirectoryItem *root, struct moment *moments)
{
    IStream *across = NULL;
    BYTE *buffer;
    ULONGLONG half = moments[0].size / 2, rest;
    ULONG got = 0;

    if (!moments[0].result || !moments[0].bytes ||
        IFileSystemImageResult_get_ImageStream(moments[0].result, &across) != S_OK)
        return;
    buffer = HeapAlloc(GetProcessHeap(), 0, moments[0].size);
    ok(IStream_Read(across, buffer, (ULONG)half, &got) == S_OK && got == half, "first half: %lu bytes", got);

    edit_to_moment2(image, root);
    take(image, &moments[1]);
    check_volume(&moments[1], "MOMENT2", "moment 2");

    rest = moments[0].size - half;
    ok(IStream_Read(across, buffer + half, (ULONG)rest, &got) == S_OK && got == rest, "second half: %lu bytes", got);
    ok(!memcmp(buffer, moments[0].bytes, moments[0].size), "a stream read across the edits differs");
    HeapFree(GetProcessHeap(), 0, buffer);
    IStream_Release(across);
}

static void save(const struct moment *m, const WCHAR *images, const WCHAR *name)
{
    if (m->bytes)
        ok(write_file(path_join(images, name), m->bytes, (DWORD)m->size), "writing %s", u8(name));
}

static void test_snapshots(const WCHAR *scratch, const WCHAR *images)
{
    struct moment moments[MOMENTS] = {0};
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    HRESULT hr;
    int m;

    IFileSystemImage_get_Root(image, &root);
    hr = root ? IFsiDirectoryItem_AddTree(root, tbstr(path_join(scratch, L"m1")), VARIANT_FALSE) : E_POINTER;
    ok(hr == S_OK, "AddTree m1: 0x%08lx", hr);
    set_volume(image, L"MOMENT1");
    take(image, &moments[0]);
    check_volume(&moments[0], "MOMENT1", "moment 1");

    if (root) {
        check_across_edits(image, root, moments);
        edit_to_moment3(image, root);
    }
    take(image, &moments[2]);
    check_volume(&moments[2], "MOMENT3", "moment 3");
    check_reread(&moments[0], "moment 1");
    check_reread(&moments[1], "moment 2");
    read_interleaved(moments);

    save(&moments[0], images, L"snapshot-1.iso");
    save(&moments[1], images, L"snapshot-2.iso");
    save(&moments[2], images, L"snapshot-3.iso");
    for (m = 0; m < MOMENTS; m++) {
        if (moments[m].stream)
            IStream_Release(moments[m].stream);
        if (moments[m].result)
            IFileSystemImageResult_Release(moments[m].result);
        HeapFree(GetProcessHeap(), 0, moments[m].bytes);
    }
    if (root)
        IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch, *images;

    if (argc != 3) {
        printf("usage: test_snapshot SCRATCH_DIR IMAGES_DIR\n");
        return 2;
    }
    scratch = win_folder(argv[1]);
    images = win_folder(argv[2]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    write_sources(scratch);
    test_snapshots(scratch, images);
    check_unload_now("after the snapshot test");
    CoUninitialize();
    return test_summary();
}
