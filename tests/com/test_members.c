/* Members no other C test names, each with the values it reads back and its exact HRESULTs:
 *   - UDFRevisionsSupported: the six revisions as VT_I4 VARIANTs, bounds 0..5, each accepted by
 *     put_UDFRevision;
 *   - StageFiles and CreateRedundantUdfMetadataFiles (IFileSystemImage3) set and read back; the latter's
 *     IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED below UDF 2.50, and its effect on a UDF 2.50 image (the metadata
 *     partition map's duplicate flag, the mirror's blocks); the single-metadata image is written to
 *     IMAGES/members-udf250-single.iso for check-image.sh;
 *   - IEnumFsiItems::Reset: the same items again, in the same order, after Next and after Skip;
 *   - BootOptions Manufacturer and PlatformId: defaults, values set, refusals that change nothing, and the
 *     copy put_BootImageOptions keeps.
 * Usage: test_members SMALL_TREE IMAGES_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------------ UDFRevisionsSupported */

static void test_udf_revisions(void)
{
    static const LONG expected[] = {0x102, 0x150, 0x200, 0x201, 0x250, 0x260};
    IFileSystemImage *image = create_image();
    SAFEARRAY *array = NULL;
    LONG lower = -1, upper = -1, revision;
    VARTYPE type = VT_EMPTY;
    HRESULT hr;

    hr = IFileSystemImage_get_UDFRevisionsSupported(image, &array);
    if (!ok(hr == S_OK && array, "get_UDFRevisionsSupported: 0x%08lx", hr))
        goto done;
    ok(SafeArrayGetDim(array) == 1, "UDFRevisionsSupported has %u dimensions", SafeArrayGetDim(array));
    ok(SafeArrayGetVartype(array, &type) == S_OK && type == VT_VARIANT, "UDFRevisionsSupported holds type %u",
       type);
    ok(SafeArrayGetLBound(array, 1, &lower) == S_OK && lower == 0, "UDFRevisionsSupported lower bound %ld", lower);
    ok(SafeArrayGetUBound(array, 1, &upper) == S_OK && upper == ARRAYSIZE(expected) - 1,
       "UDFRevisionsSupported upper bound %ld", upper);
    for (LONG i = 0; i < (LONG)ARRAYSIZE(expected) && i <= upper; i++) {
        VARIANT element;

        VariantInit(&element);
        hr = SafeArrayGetElement(array, &i, &element);
        ok(hr == S_OK && V_VT(&element) == VT_I4 && V_I4(&element) == expected[i],
           "UDFRevisionsSupported(%ld): 0x%08lx, type %u, 0x%lx; expected VT_I4 0x%lx", i, hr, V_VT(&element),
           V_VT(&element) == VT_I4 ? V_I4(&element) : -1L, expected[i]);
        VariantClear(&element);
        /* Every listed revision is one put_UDFRevision takes. */
        hr = IFileSystemImage_put_UDFRevision(image, expected[i]);
        revision = -1;
        ok(hr == S_OK && IFileSystemImage_get_UDFRevision(image, &revision) == S_OK && revision == expected[i],
           "put_UDFRevision(0x%lx): 0x%08lx, reads back 0x%lx", expected[i], hr, revision);
    }
    SafeArrayDestroy(array);
done:
    IFileSystemImage_Release(image);
}

/* ------------------------------------------------------------------ StageFiles */

static void check_flag(HRESULT hr, VARIANT_BOOL value, VARIANT_BOOL expected, const char *what)
{
    ok(hr == S_OK && value == expected, "%s: 0x%08lx, %d; expected %d", what, hr, value, expected);
}

static void test_stage_files(void)
{
    IFileSystemImage *image = create_image();
    VARIANT_BOOL flag = -2;
    HRESULT hr;

    hr = IFileSystemImage_get_StageFiles(image, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "StageFiles by default");
    hr = IFileSystemImage_put_StageFiles(image, VARIANT_TRUE);
    ok(hr == S_OK, "put_StageFiles(TRUE): 0x%08lx", hr);
    flag = -2;
    hr = IFileSystemImage_get_StageFiles(image, &flag);
    check_flag(hr, flag, VARIANT_TRUE, "StageFiles after put TRUE");
    ok(IFileSystemImage_put_StageFiles(image, VARIANT_FALSE) == S_OK, "put_StageFiles(FALSE)");
    flag = -2;
    hr = IFileSystemImage_get_StageFiles(image, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "StageFiles after put FALSE");
    /* Any non-zero VARIANT_BOOL is true, and reads back as VARIANT_TRUE. */
    ok(IFileSystemImage_put_StageFiles(image, 1) == S_OK, "put_StageFiles(1)");
    flag = -2;
    hr = IFileSystemImage_get_StageFiles(image, &flag);
    check_flag(hr, flag, VARIANT_TRUE, "StageFiles after put 1");
    IFileSystemImage_Release(image);
}

/* ------------------------------------------------------------------ CreateRedundantUdfMetadataFiles */

enum { BLOCK = 2048 };

/* The UDF 2.50 metadata partition map (UDF 2.50 2.2.10) in an image: found by its entity identifier,
 * which starts 5 bytes into the map (after type, length, reserved and the identifier's flags byte). */
static const BYTE *metadata_map(const BYTE *image, ULONGLONG size)
{
    static const char id[] = "*UDF Metadata Partition";

    for (ULONGLONG at = 5; at + sizeof(id) - 1 + 64 <= size; at++)
        if (image[at] == '*' && !memcmp(image + at, id, sizeof(id) - 1) && image[at - 5] == 2 && image[at - 4] == 64)
            return image + at - 5;
    return NULL;
}

static ULONG le32(const BYTE *p)
{
    return p[0] | (ULONG)p[1] << 8 | (ULONG)p[2] << 16 | (ULONG)p[3] << 24;
}

struct udf250_image {
    LONG total_blocks;
    BYTE duplicate_flag;           /* the map's Flags byte, bit 0: Duplicate Metadata Flag */
    ULONG metadata_file, mirror_file; /* their file entries' blocks in the partition */
};

/* A result of the image as it is now, read whole; its metadata map's fields; optionally written to a file. */
static BOOL read_udf250(IFileSystemImage *image, struct udf250_image *out, const WCHAR *write_to)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    const BYTE *map;
    ULONGLONG size = 0;
    BYTE *bytes = NULL;
    HRESULT hr;

    memset(out, 0, sizeof(*out));
    hr = IFileSystemImage_CreateResultImage(image, &result);
    if (!ok(hr == S_OK && result, "CreateResultImage (UDF 2.50): 0x%08lx", hr))
        return FALSE;
    IFileSystemImageResult_get_TotalBlocks(result, &out->total_blocks);
    if (ok(IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK && stream, "ImageStream (UDF 2.50)")) {
        bytes = read_stream(stream, 1 << 20, &size);
        IStream_Release(stream);
    }
    IFileSystemImageResult_Release(result);
    if (!ok(bytes && size == (ULONGLONG)out->total_blocks * BLOCK, "UDF 2.50 image: %llu bytes, %ld blocks", size,
            out->total_blocks))
        return FALSE;
    map = metadata_map(bytes, size);
    if (ok(map != NULL, "the UDF 2.50 image has no metadata partition map")) {
        out->metadata_file = le32(map + 40);
        out->mirror_file = le32(map + 44);
        out->duplicate_flag = map[58];
    }
    if (write_to)
        ok(write_file(write_to, bytes, (DWORD)size), "cannot write %s", u8(write_to));
    HeapFree(GetProcessHeap(), 0, bytes);
    return map != NULL;
}

static void test_redundant_metadata(const WCHAR *small, const WCHAR *images)
{
    IFileSystemImage *image = create_image();
    IFileSystemImage3 *image3 = NULL;
    IFsiDirectoryItem *root = image_root(image);
    struct udf250_image redundant, single;
    VARIANT_BOOL flag = -2;
    HRESULT hr;

    if (!ok(IFileSystemImage_QueryInterface(image, &IID_IFileSystemImage3, (void **)&image3) == S_OK,
            "no IFileSystemImage3"))
        goto done;
    hr = IFileSystemImage3_get_CreateRedundantUdfMetadataFiles(image3, &flag);
    check_flag(hr, flag, VARIANT_TRUE, "CreateRedundantUdfMetadataFiles by default");

    /* ISO 9660 + Joliet (the default): no UDF, so kept but not applicable. */
    hr = IFileSystemImage3_put_CreateRedundantUdfMetadataFiles(image3, VARIANT_FALSE);
    ok(hr == IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, "put FALSE without UDF: 0x%08lx, expected "
       "IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED", hr);
    flag = -2;
    hr = IFileSystemImage3_get_CreateRedundantUdfMetadataFiles(image3, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "CreateRedundantUdfMetadataFiles kept without UDF");

    /* UDF 2.01 has no metadata partition either. */
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet |
                                                           FsiFileSystemUDF) == S_OK, "put_FileSystemsToCreate");
    ok(IFileSystemImage_put_UDFRevision(image, 0x201) == S_OK, "put_UDFRevision(0x201)");
    hr = IFileSystemImage3_put_CreateRedundantUdfMetadataFiles(image3, VARIANT_TRUE);
    ok(hr == IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, "put TRUE with UDF 2.01: 0x%08lx", hr);
    flag = -2;
    hr = IFileSystemImage3_get_CreateRedundantUdfMetadataFiles(image3, &flag);
    check_flag(hr, flag, VARIANT_TRUE, "CreateRedundantUdfMetadataFiles kept with UDF 2.01");

    ok(IFileSystemImage_put_UDFRevision(image, 0x250) == S_OK, "put_UDFRevision(0x250)");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_FALSE) == S_OK, "AddTree(%s)", u8(small));
    hr = IFileSystemImage3_put_CreateRedundantUdfMetadataFiles(image3, VARIANT_TRUE);
    ok(hr == S_OK, "put TRUE with UDF 2.50: 0x%08lx", hr);
    if (!read_udf250(image, &redundant, NULL))
        goto done;
    ok(redundant.duplicate_flag == 1, "redundant metadata: duplicate flag %u", redundant.duplicate_flag);
    ok(redundant.mirror_file != redundant.metadata_file, "redundant metadata: metadata and mirror file entries "
       "both at %lu", redundant.metadata_file);

    hr = IFileSystemImage3_put_CreateRedundantUdfMetadataFiles(image3, VARIANT_FALSE);
    ok(hr == S_OK, "put FALSE with UDF 2.50: 0x%08lx", hr);
    flag = -2;
    hr = IFileSystemImage3_get_CreateRedundantUdfMetadataFiles(image3, &flag);
    check_flag(hr, flag, VARIANT_FALSE, "CreateRedundantUdfMetadataFiles after put FALSE with UDF 2.50");
    if (!read_udf250(image, &single, path_join(images, L"members-udf250-single.iso")))
        goto done;
    ok(single.duplicate_flag == 0, "single metadata: duplicate flag %u", single.duplicate_flag);
    /* Without redundancy the mirror's blocks are not written: the image is smaller. */
    ok(single.total_blocks < redundant.total_blocks, "single metadata: %ld blocks, redundant %ld",
       single.total_blocks, redundant.total_blocks);
done:
    if (image3)
        IFileSystemImage3_Release(image3);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ------------------------------------------------------------------ IEnumFsiItems::Reset */

/* Next(count) names, "|"-separated, into text; the HRESULT. */
static HRESULT next_names(IEnumFsiItems *items, ULONG count, WCHAR *text, size_t size)
{
    IFsiItem *got[4] = {NULL};
    ULONG fetched = 0;
    HRESULT hr = IEnumFsiItems_Next(items, count, got, &fetched);

    text[0] = 0;
    for (ULONG i = 0; i < fetched && i < ARRAYSIZE(got); i++) {
        BSTR name = NULL;
        IFsiItem_get_Name(got[i], &name);
        wcsncat(text, name ? name : L"?", size - wcslen(text) - 2);
        wcscat(text, L"|");
        SysFreeString(name);
        IFsiItem_Release(got[i]);
    }
    return hr;
}

static void test_enum_reset(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IEnumFsiItems *items = NULL;
    WCHAR first[128], again[128];
    HRESULT hr;

    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"alpha")) == S_OK, "AddDirectory(alpha)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"beta")) == S_OK, "AddDirectory(beta)");
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"gamma")) == S_OK, "AddDirectory(gamma)");
    if (!ok(IFsiDirectoryItem_get_EnumFsiItems(root, &items) == S_OK && items, "get_EnumFsiItems"))
        goto done;
    hr = next_names(items, 3, first, ARRAYSIZE(first));
    ok(hr == S_OK && !wcscmp(first, L"alpha|beta|gamma|"), "Next(3): 0x%08lx, %s", hr, u8(first));
    hr = next_names(items, 1, again, ARRAYSIZE(again));
    ok(hr == S_FALSE && !again[0], "Next(1) at the end: 0x%08lx, %s", hr, u8(again));

    hr = IEnumFsiItems_Reset(items);
    ok(hr == S_OK, "Reset at the end: 0x%08lx", hr);
    hr = next_names(items, 3, again, ARRAYSIZE(again));
    ok(hr == S_OK && !wcscmp(again, first), "Next(3) after Reset: 0x%08lx, %s; before %s", hr, u8(again),
       u8(first));

    ok(IEnumFsiItems_Reset(items) == S_OK, "Reset");
    ok(IEnumFsiItems_Skip(items, 2) == S_OK, "Skip(2)");
    ok(IEnumFsiItems_Reset(items) == S_OK, "Reset after Skip");
    /* The documented Next answers S_OK also when fewer than asked came back. */
    hr = next_names(items, 4, again, ARRAYSIZE(again));
    ok(hr == S_OK && !wcscmp(again, L"alpha|beta|gamma|"), "Next(4) after Skip and Reset: 0x%08lx, %s", hr,
       u8(again));
    IEnumFsiItems_Release(items);
done:
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ------------------------------------------------------------------ BootOptions Manufacturer, PlatformId */

static void check_boot(IBootOptions *boot, const WCHAR *manufacturer, PlatformId platform, const char *what)
{
    PlatformId got = -1;
    BSTR name = NULL;
    HRESULT hr;

    hr = IBootOptions_get_Manufacturer(boot, &name);
    ok(hr == S_OK && name && !wcscmp(name, manufacturer), "%s: get_Manufacturer 0x%08lx, \"%s\", expected \"%s\"",
       what, hr, u8(name), u8(manufacturer));
    SysFreeString(name);
    hr = IBootOptions_get_PlatformId(boot, &got);
    ok(hr == S_OK && got == platform, "%s: get_PlatformId 0x%08lx, %d, expected %d", what, hr, got, platform);
}

static void test_boot_members(void)
{
    static const PlatformId platforms[] = {PlatformPowerPC, PlatformMac, PlatformEFI, PlatformX86};
    const WCHAR *longest = L"123456789012345678901234"; /* 24 bytes, the ID string's size */
    IFileSystemImage *image = create_image();
    IBootOptions *boot = NULL, *copy = NULL;
    IStream *data = memory_stream("boot", 4);
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IBootOptions, (void **)&boot);
    if (!ok(hr == S_OK && boot, "CoCreateInstance(BootOptions): 0x%08lx", hr))
        goto done;
    /* Undocumented default Manufacturer: empty (the ID string is then all zeros). */
    check_boot(boot, L"", PlatformX86, "new BootOptions");

    for (size_t i = 0; i < ARRAYSIZE(platforms); i++) {
        hr = IBootOptions_put_PlatformId(boot, platforms[i]);
        ok(hr == S_OK, "put_PlatformId(%d): 0x%08lx", platforms[i], hr);
        check_boot(boot, L"", platforms[i], "after put_PlatformId");
    }
    ok(IBootOptions_put_PlatformId(boot, PlatformEFI) == S_OK, "put_PlatformId(EFI)");
    error_info_clear();
    hr = IBootOptions_put_PlatformId(boot, 3);
    ok(hr == IMAPI_E_INVALID_PARAM, "put_PlatformId(3): 0x%08lx", hr);
    check_error_info(boot, &IID_IBootOptions, "put_PlatformId(3)", L"3");
    check_boot(boot, L"", PlatformEFI, "after put_PlatformId(3)");

    ok(IBootOptions_put_Manufacturer(boot, tbstr(L"openimapi2fs")) == S_OK, "put_Manufacturer(openimapi2fs)");
    check_boot(boot, L"openimapi2fs", PlatformEFI, "after put_Manufacturer");
    ok(IBootOptions_put_Manufacturer(boot, tbstr(longest)) == S_OK, "put_Manufacturer of 24 characters");
    check_boot(boot, longest, PlatformEFI, "after put_Manufacturer of 24 characters");
    error_info_clear();
    hr = IBootOptions_put_Manufacturer(boot, tbstr(L"1234567890123456789012345"));
    ok(hr == IMAPI_E_INVALID_PARAM, "put_Manufacturer of 25 characters: 0x%08lx", hr);
    check_error_info(boot, &IID_IBootOptions, "put_Manufacturer of 25 characters", L"1234567890123456789012345");
    check_boot(boot, longest, PlatformEFI, "after the refused Manufacturer");

    /* The image keeps a copy with both values. */
    ok(IBootOptions_AssignBootImage(boot, data) == S_OK, "AssignBootImage");
    ok(IFileSystemImage_put_BootImageOptions(image, boot) == S_OK, "put_BootImageOptions");
    ok(IBootOptions_put_PlatformId(boot, PlatformMac) == S_OK && IBootOptions_put_Manufacturer(boot, NULL) == S_OK,
       "changing the original after put_BootImageOptions");
    check_boot(boot, L"", PlatformMac, "the original after the change");
    if (ok(IFileSystemImage_get_BootImageOptions(image, &copy) == S_OK && copy, "get_BootImageOptions")) {
        check_boot(copy, longest, PlatformEFI, "the image's copy");
        IBootOptions_Release(copy);
    }
    IBootOptions_Release(boot);
done:
    IStream_Release(data);
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *images;

    if (argc != 3) {
        printf("usage: test_members SMALL_TREE IMAGES_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    images = win_path(argv[2]);
    make_dirs(images);
    test_udf_revisions();
    test_stage_files();
    test_redundant_metadata(win_path(argv[1]), images);
    test_enum_reset();
    test_boot_members();
    check_unload_now("after the member tests");
    CoUninitialize();
    return test_summary();
}
