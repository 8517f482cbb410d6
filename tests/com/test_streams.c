/* Named streams and real-time files through the C vtable: IFsiFileItem2's FsiNamedStreams, IsNamedStream,
 * AddStream, RemoveStream and IsRealTime; the FsiNamedStreams collection (Item, Count, _NewEnum,
 * EnumNamedStreams, a snapshot); the items of streams; every documented error and NULL pointer; UDF
 * revisions below 2.00 / 2.01 (IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, the streams kept); the 1000-stream
 * limit; FreeMediaBlocks; AddTreeWithNamedStreams (Wine lists no alternate data streams: see below).
 * Writes IMAGES/streams-201.iso and streams-260.iso from SCRATCH/source, with SCRATCH/streams-NNN.txt: the
 * expectations of tests/oracle/udf_streams (every stream's bytes, the real-time file's type, files
 * without streams), checked by check-image.sh --streams.
 * Usage: test_streams SCRATCH_DIR IMAGES_DIR   (Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#include <string.h>

static const WCHAR *scratch, *images;

static BYTE *pattern(unsigned seed, DWORD size)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size + 1);
    for (DWORD i = 0; i < size; i++)
        data[i] = (BYTE)(seed * 29 + i * 13 + (i >> 9));
    return data;
}

/* The source tree every image starts from (written once). */
static const struct {
    const WCHAR *path;
    DWORD size;
} files[] = {
    {L"a.txt", 300}, {L"c.txt", 10}, {L"rt.bin", 5000}, {L"dir\\b.bin", 4096}, {L"dir\\plain.txt", 0},
};

static WCHAR *make_source(void)
{
    WCHAR *source = path_join(scratch, L"source");
    for (size_t i = 0; i < ARRAYSIZE(files); i++) {
        WCHAR *path = path_join(source, files[i].path), *slash = wcsrchr(path, '\\');
        BYTE *data = pattern((unsigned)i, files[i].size);
        *slash = 0;
        make_dirs(path);
        *slash = '\\';
        ok(write_file(path, data, files[i].size), "write %s", u8(path));
        HeapFree(GetProcessHeap(), 0, data);
    }
    return source;
}

static IFileSystemImage *new_image(LONG file_systems, LONG revision, const WCHAR *source)
{
    IFileSystemImage *image = NULL;
    IFsiDirectoryItem *root = NULL;

    CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage, (void **)&image);
    if (!ok(image != NULL, "MsftFileSystemImage"))
        return NULL;
    ok(IFileSystemImage_put_FileSystemsToCreate(image, file_systems) == S_OK, "FileSystemsToCreate %ld", file_systems);
    if (revision)
        ok(IFileSystemImage_put_UDFRevision(image, revision) == S_OK, "UDFRevision 0x%lx", revision);
    if (source) {
        IFileSystemImage_get_Root(image, &root);
        ok(root && IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE) == S_OK, "AddTree");
        if (root)
            IFsiDirectoryItem_Release(root);
    }
    return image;
}

static IFsiFileItem2 *file_item(IFileSystemImage *image, const WCHAR *path)
{
    IFsiDirectoryItem *root = NULL;
    IFsiItem *item = NULL;
    IFsiFileItem2 *file = NULL;

    IFileSystemImage_get_Root(image, &root);
    if (root && IFsiDirectoryItem_get_Item(root, tbstr(path), &item) == S_OK) {
        IFsiItem_QueryInterface(item, &IID_IFsiFileItem2, (void **)&file);
        IFsiItem_Release(item);
    }
    if (root)
        IFsiDirectoryItem_Release(root);
    ok(file != NULL, "file item %s", u8(path));
    return file;
}

static HRESULT add_stream(IFsiFileItem2 *file, const WCHAR *name, const void *data, DWORD size)
{
    IStream *stream = memory_stream(data, size);
    HRESULT hr = IFsiFileItem2_AddStream(file, tbstr(name), stream);
    IStream_Release(stream);
    return hr;
}

static LONG stream_count(IFsiFileItem2 *file)
{
    IFsiNamedStreams *streams = NULL;
    LONG count = -1;

    if (ok(IFsiFileItem2_get_FsiNamedStreams(file, &streams) == S_OK && streams, "FsiNamedStreams")) {
        ok(IFsiNamedStreams_get_Count(streams, &count) == S_OK, "Count");
        IFsiNamedStreams_Release(streams);
    }
    return count;
}

static LONG used_blocks(IFileSystemImage *image)
{
    LONG used = -1;
    IFileSystemImage_get_UsedBlocks(image, &used);
    return used;
}

/* A stream's item: its name, path, sizes, data and the members a stream does not have. */
static void check_stream_item(IFsiFileItem2 *stream, const WCHAR *name, const WCHAR *path, const BYTE *data,
                              DWORD size)
{
    IFsiNamedStreams *none = (IFsiNamedStreams *)0xdeadbeef;
    VARIANT_BOOL flag = VARIANT_FALSE;
    BSTR text = NULL;
    LONGLONG data_size = -1;
    IStream *content = NULL;
    IStream *mem;
    HRESULT hr;

    ok(IFsiFileItem2_get_Name(stream, &text) == S_OK && text && !wcscmp(text, name), "stream Name %s",
       text ? u8(text) : "(null)");
    SysFreeString(text);
    text = NULL;
    ok(IFsiFileItem2_get_FullPath(stream, &text) == S_OK && text && !wcscmp(text, path), "stream FullPath %s",
       text ? u8(text) : "(null)");
    SysFreeString(text);
    ok(IFsiFileItem2_get_IsNamedStream(stream, &flag) == S_OK && flag == VARIANT_TRUE, "IsNamedStream of a stream");
    ok(IFsiFileItem2_get_DataSize(stream, &data_size) == S_OK && data_size == size, "stream DataSize %lld",
       data_size);
    if (ok(IFsiFileItem2_get_Data(stream, &content) == S_OK && content, "stream Data")) {
        ULONGLONG got = 0;
        BYTE *bytes = read_stream(content, 4096, &got);
        ok(bytes && got == size && (!size || !memcmp(bytes, data, size)), "stream bytes (%llu of %lu)", got, size);
        HeapFree(GetProcessHeap(), 0, bytes);
        IStream_Release(content);
    }
    error_info_clear();
    hr = IFsiFileItem2_get_FsiNamedStreams(stream, &none);
    ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE && none == NULL, "FsiNamedStreams of a stream: 0x%08lx", hr);
    check_error_info(stream, &IID_IFsiFileItem2, "FsiNamedStreams of a stream", L"named stream");
    mem = memory_stream("x", 1);
    hr = IFsiFileItem2_AddStream(stream, tbstr(L"more"), mem);
    ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "AddStream on a stream: 0x%08lx", hr);
    check_error_info(stream, &IID_IFsiFileItem2, "AddStream on a stream", L"named stream");
    IStream_Release(mem);
    hr = IFsiFileItem2_RemoveStream(stream, tbstr(name));
    ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "RemoveStream on a stream: 0x%08lx", hr);
    hr = IFsiFileItem2_get_IsRealTime(stream, &flag);
    ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "get IsRealTime of a stream: 0x%08lx", hr);
    hr = IFsiFileItem2_put_IsRealTime(stream, VARIANT_TRUE);
    ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "put IsRealTime on a stream: 0x%08lx", hr);
    check_error_info(stream, &IID_IFsiFileItem2, "put IsRealTime on a stream", L"real-time");
}

/* The collection, its enumerators and their snapshot. */
static void test_collection(IFsiFileItem2 *file, const BYTE *alpha, const BYTE *beta)
{
    IFsiNamedStreams *streams = NULL;
    IFsiFileItem2 *item = (IFsiFileItem2 *)0xdeadbeef;
    IEnumVARIANT *variants = NULL;
    IEnumFsiItems *items = NULL, *clone = NULL;
    IFsiItem *fetched[3] = {NULL, NULL, NULL};
    VARIANT v[3];
    ULONG got = 99;
    LONG count = -1;
    HRESULT hr;

    if (!ok(IFsiFileItem2_get_FsiNamedStreams(file, &streams) == S_OK && streams, "FsiNamedStreams"))
        return;
    ok(IFsiNamedStreams_get_Count(streams, &count) == S_OK && count == 2, "Count %ld", count);
    error_info_clear();
    hr = IFsiNamedStreams_get_Item(streams, 2, &item);
    ok(hr == IMAPI_E_INVALID_PARAM && item == NULL, "Item(2): 0x%08lx", hr);
    check_error_info(streams, &IID_IFsiNamedStreams, "Item(2)", L"2");
    item = (IFsiFileItem2 *)0xdeadbeef;
    hr = IFsiNamedStreams_get_Item(streams, -1, &item);
    ok(hr == IMAPI_E_INVALID_PARAM && item == NULL, "Item(-1): 0x%08lx", hr);
    ok(IFsiNamedStreams_get_Item(streams, 0, NULL) == E_POINTER, "Item(0, NULL)");
    ok(IFsiNamedStreams_get_Count(streams, NULL) == E_POINTER, "Count(NULL)");
    ok(IFsiNamedStreams_get__NewEnum(streams, NULL) == E_POINTER, "_NewEnum(NULL)");
    ok(IFsiNamedStreams_get_EnumNamedStreams(streams, NULL) == E_POINTER, "EnumNamedStreams(NULL)");
    if (ok(IFsiNamedStreams_get_Item(streams, 0, &item) == S_OK && item, "Item(0)")) {
        check_stream_item(item, L"alpha", L"\\a.txt:alpha", alpha, 100);
        IFsiFileItem2_Release(item);
    }
    if (ok(IFsiNamedStreams_get_Item(streams, 1, &item) == S_OK && item, "Item(1)")) {
        check_stream_item(item, L"Beta", L"\\a.txt:Beta", beta, 2500);
        IFsiFileItem2_Release(item);
    }

    /* _NewEnum: the items as VT_DISPATCH, then S_FALSE. */
    if (ok(IFsiNamedStreams_get__NewEnum(streams, &variants) == S_OK && variants, "_NewEnum")) {
        for (int i = 0; i < 3; i++)
            VariantInit(&v[i]);
        hr = IEnumVARIANT_Next(variants, 3, v, &got);
        ok(hr == S_FALSE && got == 2, "IEnumVARIANT Next(3): 0x%08lx, %lu", hr, got);
        for (ULONG i = 0; i < got && i < 3; i++) {
            IFsiFileItem2 *s = NULL;
            BSTR name = NULL;
            ok(V_VT(&v[i]) == VT_DISPATCH && V_DISPATCH(&v[i]) &&
                   IDispatch_QueryInterface(V_DISPATCH(&v[i]), &IID_IFsiFileItem2, (void **)&s) == S_OK,
               "element %lu", i);
            if (s) {
                IFsiFileItem2_get_Name(s, &name);
                ok(name && !wcscmp(name, i ? L"Beta" : L"alpha"), "element %lu is %s", i, name ? u8(name) : "");
                SysFreeString(name);
                IFsiFileItem2_Release(s);
            }
            VariantClear(&v[i]);
        }
        ok(IEnumVARIANT_Reset(variants) == S_OK && IEnumVARIANT_Skip(variants, 3) == S_FALSE, "Reset, Skip(3)");
        IEnumVARIANT_Release(variants);
    }

    /* EnumNamedStreams: IFsiItem pointers; Skip, Clone at the same position. */
    if (ok(IFsiNamedStreams_get_EnumNamedStreams(streams, &items) == S_OK && items, "EnumNamedStreams")) {
        ok(IEnumFsiItems_Skip(items, 1) == S_OK, "Skip(1)");
        ok(IEnumFsiItems_Clone(items, &clone) == S_OK && clone, "Clone");
        hr = IEnumFsiItems_Next(items, 1, fetched, NULL);
        ok(hr == S_OK && fetched[0], "Next(1): 0x%08lx", hr);
        if (fetched[0]) {
            BSTR path = NULL;
            IFsiItem_get_FullPath(fetched[0], &path);
            ok(path && !wcscmp(path, L"\\a.txt:Beta"), "second stream %s", path ? u8(path) : "");
            SysFreeString(path);
            IFsiItem_Release(fetched[0]);
            fetched[0] = NULL;
        }
        if (clone) {
            got = 99;
            hr = IEnumFsiItems_Next(clone, 3, fetched, &got);
            ok(got == 1 && fetched[0], "the clone continues at the second stream: 0x%08lx, %lu", hr, got);
            for (ULONG i = 0; i < got && i < 3; i++)
                IFsiItem_Release(fetched[i]);
            IEnumFsiItems_Release(clone);
        }
        IEnumFsiItems_Release(items);
    }

    /* A snapshot: a stream added later is not in this collection, but is in a new one. */
    ok(add_stream(file, L"gamma", "g", 1) == S_OK, "AddStream gamma");
    ok(IFsiNamedStreams_get_Count(streams, &count) == S_OK && count == 2, "snapshot Count %ld", count);
    ok(stream_count(file) == 3, "new collection: 3 streams");
    ok(IFsiFileItem2_RemoveStream(file, tbstr(L"GAMMA")) == S_OK, "RemoveStream ignores case");
    ok(stream_count(file) == 2, "2 streams again");
    IFsiNamedStreams_Release(streams);
}

static void test_members(const WCHAR *source)
{
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, 0x201, source);
    IFsiFileItem2 *file, *other;
    IFsiNamedStreams *streams = (IFsiNamedStreams *)0xdeadbeef;
    IFsiDirectoryItem *root = NULL;
    BYTE *alpha = pattern(7, 100), *beta = pattern(8, 2500), *big = pattern(9, 300000);
    WCHAR long_name[256];
    VARIANT_BOOL flag = VARIANT_TRUE;
    LONG used, used_after, limit;
    HRESULT hr;

    if (!image)
        return;
    file = file_item(image, L"a.txt");
    other = file_item(image, L"c.txt");
    if (!file || !other)
        goto done;

    ok(IFsiFileItem2_get_IsNamedStream(file, &flag) == S_OK && flag == VARIANT_FALSE, "IsNamedStream of a file");
    flag = VARIANT_TRUE;
    ok(IFsiFileItem2_get_IsRealTime(file, &flag) == S_OK && flag == VARIANT_FALSE, "IsRealTime default FALSE");
    ok(IFsiFileItem2_get_IsNamedStream(file, NULL) == E_POINTER, "IsNamedStream(NULL)");
    ok(IFsiFileItem2_get_IsRealTime(file, NULL) == E_POINTER, "IsRealTime(NULL)");
    ok(IFsiFileItem2_get_FsiNamedStreams(file, NULL) == E_POINTER, "FsiNamedStreams(NULL)");
    ok(stream_count(file) == 0, "no streams at first");
    if (ok(IFsiFileItem2_get_FsiNamedStreams(file, &streams) == S_OK && streams, "FsiNamedStreams")) {
        IFsiFileItem2 *item = (IFsiFileItem2 *)0xdeadbeef;
        ok(IFsiNamedStreams_get_Item(streams, 0, &item) == IMAPI_E_INVALID_PARAM && item == NULL,
           "Item(0) of none");
        IFsiNamedStreams_Release(streams);
    }

    used = used_blocks(image);
    ok(add_stream(file, L"alpha", alpha, 100) == S_OK, "AddStream alpha");
    ok(add_stream(file, L"Beta", beta, 2500) == S_OK, "AddStream Beta");
    used_after = used_blocks(image);
    ok(used_after > used, "UsedBlocks grew with the streams: %ld -> %ld", used, used_after);
    {
        LONG file_count = 0;
        IFileSystemImage_get_FileCount(image, &file_count);
        ok(file_count == ARRAYSIZE(files), "streams are not files: FileCount %ld", file_count);
    }

    /* Refusals, each leaving the file as it was. */
    error_info_clear();
    hr = add_stream(file, L"ALPHA", "x", 1);
    ok(hr == IMAPI_E_DUP_NAME, "duplicate name (other case): 0x%08lx", hr);
    check_error_info(file, &IID_IFsiFileItem2, "duplicate", L"ALPHA");
    hr = add_stream(file, L"bad:name", "x", 1);
    ok(hr == IMAPI_E_INVALID_PARAM, "':' in a name: 0x%08lx", hr);
    check_error_info(file, &IID_IFsiFileItem2, "':' in a name", L"bad:name");
    ok(add_stream(file, L"dir\\name", "x", 1) == IMAPI_E_INVALID_PARAM, "'\\' in a name");
    ok(add_stream(file, L"", "x", 1) == IMAPI_E_INVALID_PARAM, "empty name");
    {
        IStream *mem = memory_stream("x", 1);
        ok(IFsiFileItem2_AddStream(file, NULL, mem) == IMAPI_E_INVALID_PARAM, "NULL name");
        IStream_Release(mem);
    }
    /* UDF records a name in at most 255 bytes, the first its compression ID: 254 ASCII characters. */
    for (int i = 0; i < 255; i++)
        long_name[i] = 'n';
    long_name[255] = 0;
    ok(add_stream(file, long_name, "x", 1) == IMAPI_E_INVALID_PARAM, "a 255-character name");
    long_name[254] = 0;
    ok(add_stream(file, long_name, "x", 1) == S_OK, "a 254-character name");
    ok(IFsiFileItem2_RemoveStream(file, tbstr(long_name)) == S_OK, "remove the 254-character name");
    error_info_clear();
    hr = IFsiFileItem2_AddStream(file, tbstr(L"nodata"), NULL);
    ok(hr == E_POINTER, "AddStream without a stream: 0x%08lx", hr);
    check_error_info(file, &IID_IFsiFileItem2, "no stream", L"nodata");
    error_info_clear();
    hr = IFsiFileItem2_RemoveStream(file, tbstr(L"missing"));
    ok(hr == IMAPI_E_INVALID_PARAM, "RemoveStream of an unknown name: 0x%08lx", hr);
    check_error_info(file, &IID_IFsiFileItem2, "unknown name", L"missing");
    ok(IFsiFileItem2_RemoveStream(file, NULL) == IMAPI_E_INVALID_PARAM, "RemoveStream(NULL)");
    ok(stream_count(file) == 2, "refusals changed nothing");
    ok(used_blocks(image) == used_after, "refusals kept UsedBlocks");

    /* FreeMediaBlocks: a stream that does not fit is refused. */
    IFileSystemImage_get_FreeMediaBlocks(image, &limit);
    ok(IFileSystemImage_put_FreeMediaBlocks(image, used_after + 10) == S_OK, "FreeMediaBlocks");
    error_info_clear();
    hr = add_stream(other, L"big", big, 300000);
    ok(hr == IMAPI_E_IMAGE_SIZE_LIMIT, "a stream beyond FreeMediaBlocks: 0x%08lx", hr);
    check_error_info(other, &IID_IFsiFileItem2, "size limit", L"FreeMediaBlocks");
    ok(stream_count(other) == 0 && used_blocks(image) == used_after, "the refused stream left nothing");
    IFileSystemImage_put_FreeMediaBlocks(image, limit);

    test_collection(file, alpha, beta);

    /* Real time (UDF 2.01 here). */
    ok(IFsiFileItem2_put_IsRealTime(other, VARIANT_TRUE) == S_OK, "put IsRealTime TRUE");
    ok(IFsiFileItem2_get_IsRealTime(other, &flag) == S_OK && flag == VARIANT_TRUE, "IsRealTime TRUE");
    ok(IFsiFileItem2_put_IsRealTime(other, VARIANT_FALSE) == S_OK, "put IsRealTime FALSE");
    ok(IFsiFileItem2_get_IsRealTime(other, &flag) == S_OK && flag == VARIANT_FALSE, "IsRealTime FALSE");

    /* A file no longer in the image takes no streams. */
    IFileSystemImage_get_Root(image, &root);
    ok(root && IFsiDirectoryItem_Remove(root, tbstr(L"c.txt")) == S_OK, "Remove c.txt");
    error_info_clear();
    hr = add_stream(other, L"late", "x", 1);
    ok(hr == IMAPI_E_NOT_IN_FILE_SYSTEM, "AddStream on a removed file: 0x%08lx", hr);
    check_error_info(other, &IID_IFsiFileItem2, "removed file", L"c.txt");
    hr = IFsiFileItem2_RemoveStream(other, tbstr(L"late"));
    ok(hr == IMAPI_E_NOT_IN_FILE_SYSTEM, "RemoveStream on a removed file: 0x%08lx", hr);
    /* Removing a file takes its streams with it. */
    used = used_blocks(image);
    ok(root && IFsiDirectoryItem_Remove(root, tbstr(L"a.txt")) == S_OK, "Remove a.txt");
    ok(used_blocks(image) < used, "the streams' blocks went with the file");
    if (root)
        IFsiDirectoryItem_Release(root);
done:
    if (file)
        IFsiFileItem2_Release(file);
    if (other)
        IFsiFileItem2_Release(other);
    IFileSystemImage_Release(image);
    HeapFree(GetProcessHeap(), 0, alpha);
    HeapFree(GetProcessHeap(), 0, beta);
    HeapFree(GetProcessHeap(), 0, big);
}

/* Below UDF 2.00 (or without UDF) a stream is kept with IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED; below 2.01 so
 * is the real-time attribute. */
static void test_revisions(const WCHAR *source)
{
    static const struct {
        LONG file_systems, revision;
        HRESULT stream, real_time;
    } cases[] = {
        {FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, 0x102, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED,
         IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
        {FsiFileSystemUDF, 0x150, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet, 0, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED,
         IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
        {FsiFileSystemUDF, 0x200, S_OK, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
        {FsiFileSystemUDF, 0x250, S_OK, S_OK},
    };

    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        IFileSystemImage *image = new_image(cases[i].file_systems, cases[i].revision, source);
        IFsiFileItem2 *file = image ? file_item(image, L"dir\\b.bin") : NULL;
        VARIANT_BOOL flag = VARIANT_FALSE;
        HRESULT hr;

        if (file) {
            hr = add_stream(file, L"kept", "kept", 4);
            ok(hr == cases[i].stream, "case %zu: AddStream 0x%08lx, expected 0x%08lx", i, hr, cases[i].stream);
            ok(stream_count(file) == 1, "case %zu: the stream is listed", i);
            hr = IFsiFileItem2_put_IsRealTime(file, VARIANT_TRUE);
            ok(hr == cases[i].real_time, "case %zu: put IsRealTime 0x%08lx, expected 0x%08lx", i, hr,
               cases[i].real_time);
            ok(IFsiFileItem2_get_IsRealTime(file, &flag) == S_OK && flag == VARIANT_TRUE, "case %zu: IsRealTime kept",
               i);
            hr = IFsiFileItem2_RemoveStream(file, tbstr(L"kept"));
            ok(hr == cases[i].stream, "case %zu: RemoveStream 0x%08lx", i, hr);
            ok(stream_count(file) == 0, "case %zu: removed", i);
            IFsiFileItem2_Release(file);
        }
        if (image)
            IFileSystemImage_Release(image);
    }
}

/* The documented limit: 1000 named streams in an image. */
static void test_limit(const WCHAR *source)
{
    IFileSystemImage *image = new_image(FsiFileSystemUDF, 0x201, source);
    IFsiFileItem2 *first = image ? file_item(image, L"a.txt") : NULL;
    IFsiFileItem2 *second = image ? file_item(image, L"dir\\b.bin") : NULL;
    WCHAR name[16];
    int added = 0;
    HRESULT hr;

    if (first && second) {
        for (int i = 0; i < 1000; i++) {
            swprintf(name, ARRAYSIZE(name), L"s%d", i);
            added += add_stream(i % 2 ? second : first, name, name, 2) == S_OK;
        }
        ok(added == 1000, "1000 streams added (%d)", added);
        error_info_clear();
        hr = add_stream(first, L"one-more", "x", 1);
        ok(hr == IMAPI_E_INVALID_PARAM, "the 1001st stream: 0x%08lx", hr);
        check_error_info(first, &IID_IFsiFileItem2, "1001st", L"1000");
        ok(IFsiFileItem2_RemoveStream(second, tbstr(L"s1")) == S_OK, "remove one");
        ok(add_stream(first, L"one-more", "x", 1) == S_OK, "then there is room again");
        ok(stream_count(first) == 501 && stream_count(second) == 499, "500 + 1 and 500 - 1");
    }
    if (first)
        IFsiFileItem2_Release(first);
    if (second)
        IFsiFileItem2_Release(second);
    if (image)
        IFileSystemImage_Release(image);
}

/* AddTreeWithNamedStreams. Wine 8 lists no alternate data streams (FindFirstStreamW fails with
 * ERROR_HANDLE_EOF for every file), so here it adds what AddTree adds, with no stream; the HRESULT
 * says whether the image would record streams. */
static void test_add_tree(const WCHAR *source)
{
    static const struct {
        LONG file_systems, revision;
        HRESULT expected;
    } cases[] = {
        {FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, 0x201, S_OK},
        {FsiFileSystemUDF, 0x200, S_OK},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, 0x102, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet, 0, IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED},
    };
    WCHAR *missing = path_join(source, L"no-such-folder");

    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        IFileSystemImage *plain = new_image(cases[i].file_systems, cases[i].revision, NULL);
        IFileSystemImage *with = new_image(cases[i].file_systems, cases[i].revision, NULL);
        IFsiDirectoryItem *plain_root = NULL, *root = NULL;
        IFsiDirectoryItem2 *root2 = NULL;
        struct image_counts before, after;
        HRESULT hr, plain_hr;

        if (!plain || !with)
            goto next;
        IFileSystemImage_get_Root(plain, &plain_root);
        IFileSystemImage_get_Root(with, &root);
        if (!ok(root && plain_root && IFsiDirectoryItem_QueryInterface(root, &IID_IFsiDirectoryItem2,
                                                                        (void **)&root2) == S_OK, "roots"))
            goto next;
        ok(IFsiDirectoryItem_AddTree(plain_root, tbstr(source), VARIANT_TRUE) == S_OK, "case %zu: AddTree", i);
        hr = IFsiDirectoryItem2_AddTreeWithNamedStreams(root2, tbstr(source), VARIANT_TRUE);
        ok(hr == cases[i].expected, "case %zu: AddTreeWithNamedStreams 0x%08lx, expected 0x%08lx", i, hr,
           cases[i].expected);
        {
            WCHAR *a = tree_listing(plain_root), *b = tree_listing(root);
            ok(a && b && !wcscmp(a, b), "case %zu: the same tree as AddTree:\n%s\n--\n%s", i, u8(a), u8(b));
            HeapFree(GetProcessHeap(), 0, a);
            HeapFree(GetProcessHeap(), 0, b);
        }
        for (size_t f = 0; f < ARRAYSIZE(files); f++) {
            WCHAR path[MAX_PATH];
            IFsiFileItem2 *file;
            swprintf(path, ARRAYSIZE(path), L"source\\%ls", files[f].path);
            if ((file = file_item(with, path))) {
                ok(stream_count(file) == 0, "case %zu: %s has no stream under Wine", i, u8(path));
                IFsiFileItem2_Release(file);
            }
        }
        /* A failure is AddTree's, and changes nothing. */
        image_counts_of(with, &before);
        plain_hr = IFsiDirectoryItem_AddTree(plain_root, tbstr(missing), VARIANT_FALSE);
        hr = IFsiDirectoryItem2_AddTreeWithNamedStreams(root2, tbstr(missing), VARIANT_FALSE);
        ok(FAILED(hr) && hr == plain_hr, "case %zu: a missing folder: 0x%08lx (AddTree 0x%08lx)", i, hr, plain_hr);
        image_counts_of(with, &after);
        ok(!memcmp(&before, &after, sizeof(before)), "case %zu: nothing changed", i);
        /* One file as the source. */
        hr = IFsiDirectoryItem2_AddTreeWithNamedStreams(root2, tbstr(path_join(source, L"a.txt")), VARIANT_TRUE);
        ok(hr == cases[i].expected, "case %zu: one file: 0x%08lx", i, hr);
    next:
        if (root2)
            IFsiDirectoryItem2_Release(root2);
        if (root)
            IFsiDirectoryItem_Release(root);
        if (plain_root)
            IFsiDirectoryItem_Release(plain_root);
        if (with)
            IFileSystemImage_Release(with);
        if (plain)
            IFileSystemImage_Release(plain);
    }
}

/* A content file for one stream, in native form for udf_streams ("Z:\x\y" -> "/x/y"). */
static void expect_stream(HANDLE expect, const WCHAR *image_path, const WCHAR *name, const BYTE *data, DWORD size,
                          const WCHAR *tag)
{
    WCHAR file_name[64], *content, *native;
    char line[2048];
    DWORD written;

    swprintf(file_name, ARRAYSIZE(file_name), L"%ls-%ls.bin", tag, name);
    content = path_join(path_join(scratch, L"contents"), file_name);
    make_dirs(path_join(scratch, L"contents"));
    ok(write_file(content, data, size), "write %s", u8(content));
    native = content + 2;
    for (WCHAR *p = native; *p; p++)
        if (*p == '\\')
            *p = '/';
    snprintf(line, sizeof(line), "S\t%s\t", u8(image_path));
    snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s\t", u8(name));
    snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s\n", u8(native));
    WriteFile(expect, line, (DWORD)strlen(line), &written, NULL);
}

static void expect_line(HANDLE expect, char kind, const char *image_path)
{
    char line[512];
    DWORD written;

    snprintf(line, sizeof(line), "%c\t%s\n", kind, image_path);
    WriteFile(expect, line, (DWORD)strlen(line), &written, NULL);
}

/* An image with streams on three files (empty, one block, several blocks), one stream removed, a
 * real-time file and files without streams; the image and the expectations for udf_streams. */
static void write_image(const WCHAR *source, LONG revision, const WCHAR *tag)
{
    IFileSystemImage *image = new_image(FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, revision, source);
    IFsiFileItem2 *a = NULL, *b = NULL, *rt = NULL;
    ULONGLONG size = 0;
    WCHAR name[64];
    HANDLE expect;
    BYTE *s1 = pattern(21, 5000), *s2 = pattern(22, 70000), *s3 = pattern(23, 2048);

    swprintf(name, ARRAYSIZE(name), L"streams-%ls.txt", tag);
    expect = CreateFileW(path_join(scratch, name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (!ok(image && expect != INVALID_HANDLE_VALUE, "image and expectation file")) {
        if (image)
            IFileSystemImage_Release(image);
        return;
    }
    a = file_item(image, L"a.txt");
    b = file_item(image, L"dir\\b.bin");
    rt = file_item(image, L"rt.bin");
    if (a && b && rt) {
        ok(add_stream(a, L"Zone.Identifier", s1, 5000) == S_OK, "stream 1");
        ok(add_stream(a, L"empty", "", 0) == S_OK, "stream 2");
        ok(add_stream(a, L"dropped", s3, 100) == S_OK, "stream 3");
        ok(IFsiFileItem2_RemoveStream(a, tbstr(L"dropped")) == S_OK, "remove stream 3");
        ok(add_stream(b, L"big", s2, 70000) == S_OK, "stream 4");
        ok(add_stream(b, L"block", s3, 2048) == S_OK, "stream 5");
        ok(IFsiFileItem2_put_IsRealTime(rt, VARIANT_TRUE) == S_OK, "real-time file");
        expect_stream(expect, L"/a.txt", L"Zone.Identifier", s1, 5000, tag);
        expect_stream(expect, L"/a.txt", L"empty", (const BYTE *)"", 0, tag);
        expect_stream(expect, L"/dir/b.bin", L"big", s2, 70000, tag);
        expect_stream(expect, L"/dir/b.bin", L"block", s3, 2048, tag);
        expect_line(expect, 'R', "/rt.bin");
        expect_line(expect, 'F', "/a.txt");
        expect_line(expect, 'F', "/c.txt");
        expect_line(expect, 'N', "/c.txt");
        expect_line(expect, 'N', "/rt.bin");
        expect_line(expect, 'N', "/dir/plain.txt");
    }
    CloseHandle(expect);
    swprintf(name, ARRAYSIZE(name), L"streams-%ls.iso", tag);
    make_dirs(images);
    HeapFree(GetProcessHeap(), 0, write_result_image(image, path_join(images, name), &size));
    if (a)
        IFsiFileItem2_Release(a);
    if (b)
        IFsiFileItem2_Release(b);
    if (rt)
        IFsiFileItem2_Release(rt);
    IFileSystemImage_Release(image);
    HeapFree(GetProcessHeap(), 0, s1);
    HeapFree(GetProcessHeap(), 0, s2);
    HeapFree(GetProcessHeap(), 0, s3);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *source;

    if (argc != 3) {
        fprintf(stderr, "usage: test_streams SCRATCH_DIR IMAGES_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    scratch = win_path(argv[1]);
    images = win_path(argv[2]);
    make_dirs(scratch);
    source = make_source();
    test_members(source);
    check_unload_now("after the members");
    test_revisions(source);
    test_limit(source);
    test_add_tree(source);
    check_unload_now("after the revisions, the limit and AddTreeWithNamedStreams");
    write_image(source, 0x201, L"201");
    write_image(source, 0x260, L"260");
    check_unload_now("at the end");
    CoUninitialize();
    return test_summary();
}
