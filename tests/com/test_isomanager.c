/* MsftIsoImageManager through the C vtable: Path and Stream of a new manager, after SetPath and after
 * SetStream (Path read back, the stream's bytes those of the file), Validate of a good image (S_OK) and
 * of a truncated, an unaligned and a corrupted copy (the documented IMAPI_E_IMAGEMANAGER_* code, with an
 * IErrorInfo naming the file), a refused SetPath that changes nothing, SetStream(NULL).
 * The good image (the small tree) is written to IMAGES/isomanager.iso for check-image.sh; the broken
 * copies go to SCRATCH.
 * Usage: test_isomanager SMALL_TREE IMAGES_DIR SCRATCH_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#include <string.h>
#include <wchar.h>

enum { SECTOR = 2048, FIRST_DESCRIPTOR = 16 };

/* The small tree (with its base folder) as an ISO 9660 + Joliet image, read whole. */
static BYTE *make_image(const WCHAR *small, ULONGLONG *size)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    BYTE *bytes = NULL;

    *size = 0;
    if (ok(IFileSystemImage_get_Root(image, &root) == S_OK && root, "get_Root")) {
        ok(IFsiDirectoryItem_AddTree(root, tbstr(small), VARIANT_TRUE) == S_OK, "AddTree(%s)", u8(small));
        IFsiDirectoryItem_Release(root);
    }
    if (ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK && result, "CreateResultImage")) {
        if (ok(IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK && stream, "ImageStream")) {
            bytes = read_stream(stream, 1 << 20, size);
            IStream_Release(stream);
        }
        IFileSystemImageResult_Release(result);
    }
    IFileSystemImage_Release(image);
    ok(bytes && *size > (FIRST_DESCRIPTOR + 2) * SECTOR, "the image has %llu bytes", *size);
    return bytes;
}

static IIsoImageManager *new_manager(void)
{
    IIsoImageManager *manager = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_MsftIsoImageManager, NULL, CLSCTX_INPROC_SERVER, &IID_IIsoImageManager,
                                  (void **)&manager);

    if (!ok(hr == S_OK && manager, "CoCreateInstance(MsftIsoImageManager): 0x%08lx", hr))
        ExitProcess(test_summary() | 2);
    return manager;
}

static void check_path(IIsoImageManager *manager, const WCHAR *expected, const char *what)
{
    BSTR path = NULL;
    HRESULT hr = IIsoImageManager_get_Path(manager, &path);

    ok(hr == S_OK && path && !wcscmp(path, expected), "%s: get_Path 0x%08lx, \"%s\", expected \"%s\"", what, hr,
       u8(path), u8(expected));
    SysFreeString(path);
}

/* The manager's Stream holds exactly these bytes, read from where it stands (Validate must leave it at
 * the start). */
static void check_stream_bytes(IIsoImageManager *manager, const BYTE *bytes, ULONGLONG size, const char *what)
{
    IStream *stream = NULL;
    ULONGLONG got_size = 0;
    BYTE *got;
    HRESULT hr = IIsoImageManager_get_Stream(manager, &stream);

    if (!ok(hr == S_OK && stream, "%s: get_Stream 0x%08lx, %p", what, hr, (void *)stream))
        return;
    got = read_stream(stream, 65536, &got_size);
    ok(got && got_size == size && !memcmp(got, bytes, (size_t)size), "%s: the stream's %llu bytes are not the "
       "image's %llu", what, got_size, size);
    HeapFree(GetProcessHeap(), 0, got);
    IStream_Release(stream);
}

/* Validate gives hr; a failure comes with an IErrorInfo whose description names needle. */
static void check_validate(IIsoImageManager *manager, HRESULT expected, const WCHAR *needle, const char *what)
{
    HRESULT hr;

    error_info_clear();
    hr = IIsoImageManager_Validate(manager);
    ok(hr == expected, "%s: Validate 0x%08lx, expected 0x%08lx", what, hr, expected);
    if (FAILED(expected) && hr == expected)
        check_error_info(manager, &IID_IIsoImageManager, what, needle);
}

static void test_new_manager(void)
{
    IIsoImageManager *manager = new_manager();
    IStream *stream = (IStream *)(INT_PTR)1;
    HRESULT hr;

    check_path(manager, L"", "a new manager");
    hr = IIsoImageManager_get_Stream(manager, &stream);
    ok(hr == S_OK && !stream, "a new manager: get_Stream 0x%08lx, %p", hr, (void *)stream);
    check_validate(manager, IMAPI_E_IMAGEMANAGER_NO_IMAGE, L"SetPath", "a new manager");
    IIsoImageManager_Release(manager);
}

/* SetPath of each file and Validate's verdict, with the path read back. */
static void test_files(const BYTE *image, ULONGLONG size, const WCHAR *good, const WCHAR *scratch)
{
    const WCHAR *truncated = path_join(scratch, L"truncated.iso"), *unaligned = path_join(scratch, L"unaligned.iso");
    const WCHAR *corrupt = path_join(scratch, L"corrupt.iso"), *missing = path_join(scratch, L"missing.iso");
    IIsoImageManager *manager = new_manager();
    BYTE *broken = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size);
    HRESULT hr;

    /* Only the system area: no volume descriptor at sector 16. Then a byte short of whole sectors. Then the
     * primary volume descriptor's "CD001" made "CD00X" (the Joliet one follows it, but a sequence must
     * start with a valid descriptor). */
    ok(write_file(truncated, image, FIRST_DESCRIPTOR * SECTOR), "writing truncated.iso");
    ok(write_file(unaligned, image, (DWORD)size - 1), "writing unaligned.iso");
    memcpy(broken, image, (size_t)size);
    broken[FIRST_DESCRIPTOR * SECTOR + 5] = 'X';
    ok(write_file(corrupt, broken, (DWORD)size), "writing corrupt.iso");
    HeapFree(GetProcessHeap(), 0, broken);

    hr = IIsoImageManager_SetPath(manager, tbstr(good));
    ok(hr == S_OK, "SetPath(%s): 0x%08lx", u8(good), hr);
    check_path(manager, good, "after SetPath");
    check_validate(manager, S_OK, NULL, "the good image");
    check_stream_bytes(manager, image, size, "the good image after Validate");

    error_info_clear();
    hr = IIsoImageManager_SetPath(manager, tbstr(missing));
    ok(hr == IMAPI_E_INVALID_PATH, "SetPath of a missing file: 0x%08lx", hr);
    check_error_info(manager, &IID_IIsoImageManager, "SetPath of a missing file", L"missing.iso");
    check_path(manager, good, "after the refused SetPath");
    check_validate(manager, S_OK, NULL, "the good image after the refused SetPath");

    ok(IIsoImageManager_SetPath(manager, tbstr(truncated)) == S_OK, "SetPath(truncated.iso)");
    check_path(manager, truncated, "truncated.iso");
    check_validate(manager, IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND, L"truncated.iso", "truncated.iso");
    check_stream_bytes(manager, image, FIRST_DESCRIPTOR * SECTOR, "truncated.iso");

    ok(IIsoImageManager_SetPath(manager, tbstr(unaligned)) == S_OK, "SetPath(unaligned.iso)");
    check_path(manager, unaligned, "unaligned.iso");
    check_validate(manager, IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED, L"unaligned.iso", "unaligned.iso");

    ok(IIsoImageManager_SetPath(manager, tbstr(corrupt)) == S_OK, "SetPath(corrupt.iso)");
    check_path(manager, corrupt, "corrupt.iso");
    check_validate(manager, IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND, L"corrupt.iso", "corrupt.iso");
    IIsoImageManager_Release(manager);
}

/* SetStream: the manager hands back the caller's stream itself; Path is empty again; Validate reads it;
 * SetStream(NULL) leaves no image. */
static void test_streams(const BYTE *image, ULONGLONG size, const WCHAR *good)
{
    IIsoImageManager *manager = new_manager();
    IStream *memory = memory_stream(image, (SIZE_T)size), *short_one = memory_stream(image, 1000);
    IStream *got = NULL;
    HRESULT hr;

    ok(IIsoImageManager_SetPath(manager, tbstr(good)) == S_OK, "SetPath(%s)", u8(good));
    hr = IIsoImageManager_SetStream(manager, memory);
    ok(hr == S_OK, "SetStream(memory): 0x%08lx", hr);
    check_path(manager, L"", "after SetStream");
    hr = IIsoImageManager_get_Stream(manager, &got);
    ok(hr == S_OK && got == memory, "get_Stream after SetStream: 0x%08lx, %p, expected %p", hr, (void *)got,
       (void *)memory);
    if (got)
        IStream_Release(got);
    check_validate(manager, S_OK, NULL, "the good image as a stream");
    check_stream_bytes(manager, image, size, "the memory stream after Validate");

    ok(IIsoImageManager_SetStream(manager, short_one) == S_OK, "SetStream(1000 bytes)");
    check_validate(manager, IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED, L"1000", "a stream of 1000 bytes");

    hr = IIsoImageManager_SetStream(manager, NULL);
    ok(hr == S_OK, "SetStream(NULL): 0x%08lx", hr);
    got = (IStream *)(INT_PTR)1;
    hr = IIsoImageManager_get_Stream(manager, &got);
    ok(hr == S_OK && !got, "get_Stream after SetStream(NULL): 0x%08lx, %p", hr, (void *)got);
    check_path(manager, L"", "after SetStream(NULL)");
    check_validate(manager, IMAPI_E_IMAGEMANAGER_NO_IMAGE, L"SetStream", "after SetStream(NULL)");

    IIsoImageManager_Release(manager);
    /* The manager let go of both streams: each is ours alone again. */
    ok(IStream_Release(memory) == 0, "the manager still holds the memory stream");
    ok(IStream_Release(short_one) == 0, "the manager still holds the 1000-byte stream");
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *images, *scratch, *good;
    ULONGLONG size = 0;
    BYTE *image;

    if (argc != 4) {
        printf("usage: test_isomanager SMALL_TREE IMAGES_DIR SCRATCH_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    images = win_path(argv[2]);
    scratch = win_path(argv[3]);
    make_dirs(images);
    make_dirs(scratch);
    good = path_join(images, L"isomanager.iso");
    test_new_manager();
    if ((image = make_image(win_path(argv[1]), &size))) {
        ok(write_file(good, image, (DWORD)size), "writing %s", u8(good));
        test_files(image, size, good, scratch);
        test_streams(image, size, good);
        HeapFree(GetProcessHeap(), 0, image);
    }
    check_unload_now("after the MsftIsoImageManager tests");
    CoUninitialize();
    return test_summary();
}
