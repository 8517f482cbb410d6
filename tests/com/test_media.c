/* ChooseImageDefaultsForMediaType through the C vtable: the file systems, UDF revision and block budget of
 * every media type, bad types and a tree too big for the media refused with nothing changed, and an image
 * made with DVD defaults (checked with --udf by check-image.sh).
 * Usage: test_media SMALL_TREE SCRATCH_DIR IMAGE_FILE   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#define ISO_JOLIET (FsiFileSystemISO9660 | FsiFileSystemJoliet)
#define ISO_JOLIET_UDF (FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF)

struct expected {
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    FsiFileSystems file_systems;
    LONG udf_revision; /* 0: the revision stays as it was */
    LONG free_media_blocks;
};

static const struct expected media[] = {
    {IMAPI_MEDIA_TYPE_UNKNOWN, ISO_JOLIET, 0, 332800},
    {IMAPI_MEDIA_TYPE_CDROM, ISO_JOLIET, 0, 359847},
    {IMAPI_MEDIA_TYPE_CDR, ISO_JOLIET, 0, 359847},
    {IMAPI_MEDIA_TYPE_CDRW, ISO_JOLIET, 0, 359847},
    {IMAPI_MEDIA_TYPE_DVDROM, ISO_JOLIET_UDF, 0x102, 2295104},
    {IMAPI_MEDIA_TYPE_DVDRAM, ISO_JOLIET_UDF, 0x102, 2236704},
    {IMAPI_MEDIA_TYPE_DVDPLUSR, ISO_JOLIET_UDF, 0x102, 2295104},
    {IMAPI_MEDIA_TYPE_DVDPLUSRW, ISO_JOLIET_UDF, 0x102, 2295104},
    {IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER, ISO_JOLIET_UDF, 0x102, 4173824},
    {IMAPI_MEDIA_TYPE_DVDDASHR, ISO_JOLIET_UDF, 0x102, 2298496},
    {IMAPI_MEDIA_TYPE_DVDDASHRW, ISO_JOLIET_UDF, 0x102, 2298496},
    {IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER, ISO_JOLIET_UDF, 0x102, 4171712},
    {IMAPI_MEDIA_TYPE_DISK, ISO_JOLIET_UDF, 0x102, 0},
    {IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER, ISO_JOLIET_UDF, 0x102, 4173824},
    {IMAPI_MEDIA_TYPE_HDDVDROM, ISO_JOLIET_UDF, 0x250, 7291200},
    {IMAPI_MEDIA_TYPE_HDDVDR, ISO_JOLIET_UDF, 0x250, 7291200},
    {IMAPI_MEDIA_TYPE_HDDVDRAM, ISO_JOLIET_UDF, 0x250, 7291200},
    {IMAPI_MEDIA_TYPE_BDROM, ISO_JOLIET_UDF, 0x250, 12219392},
    {IMAPI_MEDIA_TYPE_BDR, ISO_JOLIET_UDF, 0x250, 12219392},
    {IMAPI_MEDIA_TYPE_BDRE, ISO_JOLIET_UDF, 0x250, 12219392},
};

struct settings {
    FsiFileSystems file_systems;
    LONG udf_revision;
    LONG free_media_blocks;
};

static void settings_of(IFileSystemImage *image, struct settings *s)
{
    ok(IFileSystemImage_get_FileSystemsToCreate(image, &s->file_systems) == S_OK, "get_FileSystemsToCreate");
    ok(IFileSystemImage_get_FreeMediaBlocks(image, &s->free_media_blocks) == S_OK, "get_FreeMediaBlocks");
    ok(IFileSystemImage_get_UDFRevision(image, &s->udf_revision) == S_OK, "get_UDFRevision");
}

/* A starting point that differs from every media type's defaults in all three settings. */
static void set_unusual(IFileSystemImage *image)
{
    ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "put_FreeMediaBlocks 0");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660) == S_OK, "put ISO 9660 only");
    ok(IFileSystemImage_put_UDFRevision(image, 0x201) == S_OK, "put_UDFRevision 0x201");
}

static void expect_unchanged(IFileSystemImage *image, const char *what)
{
    struct settings s;

    settings_of(image, &s);
    ok(s.file_systems == FsiFileSystemISO9660 && s.udf_revision == 0x201 && s.free_media_blocks == 0,
       "%s changed the settings: file systems 0x%x, UDF 0x%lx, blocks %ld", what, s.file_systems, s.udf_revision,
       s.free_media_blocks);
}

static void test_every_media_type(void)
{
    for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++) {
        const struct expected *want = &media[i];
        IFileSystemImage *image = create_image();
        struct settings s;
        HRESULT hr;

        set_unusual(image);
        hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, want->type);
        ok(hr == S_OK, "media type %d: 0x%08lx", want->type, hr);
        settings_of(image, &s);
        ok(s.file_systems == want->file_systems, "media type %d: file systems 0x%x, expected 0x%x", want->type,
           s.file_systems, want->file_systems);
        ok(s.udf_revision == (want->udf_revision ? want->udf_revision : 0x201),
           "media type %d: UDF revision 0x%lx", want->type, s.udf_revision);
        ok(s.free_media_blocks == want->free_media_blocks, "media type %d: %ld blocks, expected %ld", want->type,
           s.free_media_blocks, want->free_media_blocks);
        IFileSystemImage_Release(image);
    }
}

static void test_bad_types(void)
{
    static const LONG bad[] = {0x14, -1, 0x7fffffff};
    IFileSystemImage *image = create_image();
    WCHAR needle[16];

    set_unusual(image);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        HRESULT hr;

        error_info_clear();
        hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, (IMAPI_MEDIA_PHYSICAL_TYPE)bad[i]);
        ok(hr == IMAPI_E_INVALID_PARAM, "media type %ld: 0x%08lx, expected IMAPI_E_INVALID_PARAM", bad[i], hr);
        swprintf(needle, 16, L"%ld", bad[i]);
        check_error_info(image, &IID_IFileSystemImage, "bad media type", needle);
        expect_unchanged(image, "a bad media type");
    }
    IFileSystemImage_Release(image);
}

/* Three sparse 1.9 GB files: 5.7 GB, more than a CD or a DVD, less than a BD. */
static WCHAR *make_big_tree(const WCHAR *scratch)
{
    WCHAR *dir = path_join(scratch, L"big");

    make_dirs(dir);
    for (int i = 0; i < 3; i++) {
        WCHAR name[16];
        HANDLE file;
        LARGE_INTEGER size = {.QuadPart = 1900LL * 1000 * 1000};

        swprintf(name, 16, L"part%d.bin", i);
        file = CreateFileW(path_join(dir, name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        ok(file != INVALID_HANDLE_VALUE, "create %s", u8(name));
        ok(SetFilePointerEx(file, size, NULL, FILE_BEGIN) && SetEndOfFile(file), "size %s", u8(name));
        CloseHandle(file);
    }
    return dir;
}

static void remove_big_tree(const WCHAR *dir)
{
    for (int i = 0; i < 3; i++) {
        WCHAR name[16];

        swprintf(name, 16, L"part%d.bin", i);
        DeleteFileW(path_join(dir, name));
    }
    RemoveDirectoryW(dir);
}

static void test_too_big(const WCHAR *scratch)
{
    static const IMAPI_MEDIA_PHYSICAL_TYPE too_small[] = {IMAPI_MEDIA_TYPE_CDR, IMAPI_MEDIA_TYPE_DVDPLUSR,
                                                          IMAPI_MEDIA_TYPE_DVDRAM};
    WCHAR *dir = make_big_tree(scratch);
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    struct settings s;
    HRESULT hr;

    set_unusual(image);
    IFileSystemImage_get_Root(image, &root);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(dir), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree(5.7 GB): 0x%08lx", hr);
    for (size_t i = 0; i < sizeof(too_small) / sizeof(too_small[0]); i++) {
        error_info_clear();
        hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, too_small[i]);
        ok(hr == IMAPI_E_IMAGE_TOO_BIG, "media type %d: 0x%08lx, expected IMAPI_E_IMAGE_TOO_BIG", too_small[i], hr);
        check_error_info(image, &IID_IFileSystemImage, "too big", L"FreeMediaBlocks");
        expect_unchanged(image, "a refused media type");
    }
    hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, IMAPI_MEDIA_TYPE_BDR);
    ok(hr == S_OK, "BD-R with 5.7 GB: 0x%08lx", hr);
    settings_of(image, &s);
    ok(s.file_systems == ISO_JOLIET_UDF && s.udf_revision == 0x250 && s.free_media_blocks == 12219392,
       "BD-R: 0x%x, 0x%lx, %ld", s.file_systems, s.udf_revision, s.free_media_blocks);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    remove_big_tree(dir);
}

/* What New-IsoFile does: defaults for a DVD, a tree, the result image written to a file. */
static void test_dvd_image(const WCHAR *tree, const WCHAR *image_path)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    ULONGLONG size = 0;
    LONG blocks = 0;
    BYTE *bytes;
    HRESULT hr;

    ok(IFileSystemImage_ChooseImageDefaultsForMediaType(image, IMAPI_MEDIA_TYPE_DVDPLUSR) == S_OK, "DVD+R");
    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"MEDIA_DVD")) == S_OK, "put_VolumeName");
    IFileSystemImage_get_Root(image, &root);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(tree), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree: 0x%08lx", hr);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr);
    if (result) {
        IFileSystemImageResult_get_TotalBlocks(result, &blocks);
        IFileSystemImageResult_get_ImageStream(result, &stream);
        bytes = stream ? read_stream(stream, 65536, &size) : NULL;
        ok(bytes && size == (ULONGLONG)blocks * 2048, "image of %llu bytes, TotalBlocks %ld", size, blocks);
        ok(bytes && write_file(image_path, bytes, (DWORD)size), "write %s", u8(image_path));
        if (bytes)
            HeapFree(GetProcessHeap(), 0, bytes);
        if (stream)
            IStream_Release(stream);
        IFileSystemImageResult_Release(result);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *image_path, *scratch;

    if (argc != 4) {
        printf("usage: test_media SMALL_TREE SCRATCH_DIR IMAGE_FILE\n");
        return 2;
    }
    scratch = win_folder(argv[2]);
    image_path = win_path(argv[3]);
    make_parent_dirs(image_path);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_every_media_type();
    test_bad_types();
    test_too_big(scratch);
    test_dvd_image(win_path(argv[1]), image_path);
    CoUninitialize();
    return test_summary();
}
