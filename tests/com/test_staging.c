/* StageFiles through the C vtable: with True, files of AddTree and AddFile are copied into stash files in
 * WorkingDirectory at add time, so the image reads right after their sources are deleted (the image is
 * written and checked by check-image.sh against a copy of the tree); with False (and media that needs no
 * rate, so that the probe stages nothing) a deleted source fails the image's read with the documented
 * HRESULT naming the file. The stash files exist while the image lives, move with WorkingDirectory and are
 * gone after its last Release.
 * Usage: test_staging SCRATCH_DIR IMAGE_FILE   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <shlwapi.h>

#include "testlib.h"
#include "unload_check.h"

static WCHAR *scratch;

/* size bytes derived from seed, written to scratch\relative. */
static void make_file(const WCHAR *relative, DWORD size, unsigned seed)
{
    WCHAR *path = path_join(scratch, relative);
    BYTE *data = malloc(size ? size : 1);
    for (DWORD i = 0; i < size; i++)
        data[i] = (BYTE)(i * 13 + seed);
    make_parent_dirs(path);
    ok(write_file(path, data, size), "cannot write %s", u8(path));
    free(data);
    free(path);
}

static void delete_file(const WCHAR *relative)
{
    WCHAR *path = path_join(scratch, relative);
    ok(DeleteFileW(path), "cannot delete %s (%lu)", u8(path), GetLastError());
    free(path);
}

/* Files (not folders) in folder. */
static int files_in(const WCHAR *folder)
{
    WCHAR *pattern = path_join(folder, L"*");
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(pattern, &data);
    int count = 0;
    free(pattern);
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do
        count += !(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
    while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

/* The tree the True image must hold, twice: "expected" stays for check-image.sh, "src" is added and deleted. */
static void make_trees(void)
{
    static const WCHAR *const roots[] = {L"expected", L"src"};
    WCHAR name[MAX_PATH];
    for (int i = 0; i < 2; i++) {
        swprintf(name, MAX_PATH, L"%ls\\big.bin", roots[i]);
        make_file(name, 3 * 1024 * 1024 + 77, 1);
        swprintf(name, MAX_PATH, L"%ls\\small.txt", roots[i]);
        make_file(name, 123, 2);
        swprintf(name, MAX_PATH, L"%ls\\sub\\deep.bin", roots[i]);
        make_file(name, 70000, 3);
    }
    make_file(L"expected\\single.bin", 50000, 4);
    make_file(L"single.bin", 50000, 4);
}

static void test_stage_true(const WCHAR *image_file)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    WCHAR *work = path_join(scratch, L"work"), *src = path_join(scratch, L"src");
    WCHAR *single = path_join(scratch, L"single.bin"), *moved = path_join(scratch, L"work-moved");
    BSTR bwork = tbstr(work), bsrc = tbstr(src), bname = tbstr(L"single.bin"), bmoved = tbstr(moved);
    VARIANT_BOOL flag = VARIANT_FALSE;
    IStream *stream = NULL;
    ULONGLONG size = 0;
    BYTE *bytes;
    HRESULT hr;

    make_dirs(work);
    hr = IFileSystemImage_get_StageFiles(image, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "StageFiles default: 0x%08lx %d", hr, flag);
    hr = IFileSystemImage_put_WorkingDirectory(image, bwork);
    ok(hr == S_OK, "put_WorkingDirectory: 0x%08lx", hr);
    hr = IFileSystemImage_put_StageFiles(image, VARIANT_TRUE);
    ok(hr == S_OK, "put_StageFiles: 0x%08lx", hr);
    hr = IFsiDirectoryItem_AddTree(root, bsrc, VARIANT_FALSE);
    ok(hr == S_OK, "AddTree: 0x%08lx", hr);
    hr = SHCreateStreamOnFileEx(single, STGM_READ | STGM_SHARE_DENY_NONE, FILE_ATTRIBUTE_NORMAL, FALSE, NULL, &stream);
    ok(hr == S_OK, "SHCreateStreamOnFileEx: 0x%08lx", hr);
    if (stream) {
        hr = IFsiDirectoryItem_AddFile(root, bname, stream);
        ok(hr == S_OK, "AddFile: 0x%08lx", hr);
        IStream_Release(stream);
    }
    ok(files_in(work) > 0, "no stash file in %s while the image lives", u8(work));
    /* WorkingDirectory moves the stash: the image below reads the moved files. */
    make_dirs(moved);
    hr = IFileSystemImage_put_WorkingDirectory(image, bmoved);
    ok(hr == S_OK, "put_WorkingDirectory with a stash: 0x%08lx", hr);
    ok(files_in(work) == 0 && files_in(moved) > 0, "the stash did not move: %d files left, %d moved", files_in(work),
       files_in(moved));

    /* The staged image holds no stream of single.bin any more, so it can go too. */
    delete_file(L"src\\big.bin");
    delete_file(L"src\\small.txt");
    delete_file(L"src\\sub\\deep.bin");
    delete_file(L"single.bin");
    bytes = write_result_image(image, image_file, &size);
    ok(bytes != NULL && size > 3 * 1024 * 1024, "the staged image was not written");
    if (bytes)
        HeapFree(GetProcessHeap(), 0, bytes);

    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    ok(files_in(moved) == 0, "%d stash files left in %s after the last Release", files_in(moved), u8(moved));
    check_unload_now("after the staged image");
    SysFreeString(bwork);
    SysFreeString(bsrc);
    SysFreeString(bname);
    SysFreeString(bmoved);
    free(work);
    free(src);
    free(single);
    free(moved);
}

static void test_stage_false(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IFileSystemImageResult *result = NULL;
    WCHAR *folder = path_join(scratch, L"unstaged"), *work = path_join(scratch, L"work2");
    BSTR bfolder = tbstr(folder), bwork = tbstr(work), message;
    IStream *stream = NULL;
    static BYTE buf[64 * 1024];
    ULONG got;
    HRESULT hr;

    make_file(L"unstaged\\vanishing.bin", 40000, 5);
    make_dirs(work);
    hr = IFileSystemImage_put_WorkingDirectory(image, bwork);
    ok(hr == S_OK, "put_WorkingDirectory: 0x%08lx", hr);
    hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, IMAPI_MEDIA_TYPE_DISK);
    ok(hr == S_OK, "ChooseImageDefaultsForMediaType: 0x%08lx", hr);
    hr = IFsiDirectoryItem_AddTree(root, bfolder, VARIANT_FALSE);
    ok(hr == S_OK, "AddTree: 0x%08lx", hr);
    ok(files_in(work) == 0, "a stash file in %s with StageFiles False on a fast disk", u8(work));
    delete_file(L"unstaged\\vanishing.bin");
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr);
    if (result && SUCCEEDED(IFileSystemImageResult_get_ImageStream(result, &stream))) {
        do {
            error_info_clear();
            got = 0;
            hr = IStream_Read(stream, buf, sizeof(buf), &got);
        } while (hr == S_OK && got == sizeof(buf));
        ok(hr == IMAPI_E_DATA_STREAM_CREATE_FAILURE, "read of a deleted unstaged source: 0x%08lx", hr);
        message = error_info_take();
        ok(message && wcsstr(message, L"vanishing.bin"), "the error does not name the file: %s",
           message ? u8(message) : "(none)");
        SysFreeString(message);
        IStream_Release(stream);
    }
    if (result)
        IFileSystemImageResult_Release(result);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    check_unload_now("after the unstaged image");
    SysFreeString(bfolder);
    SysFreeString(bwork);
    free(folder);
    free(work);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *image_file;
    if (argc < 3) {
        fprintf(stderr, "usage: test_staging SCRATCH_DIR IMAGE_FILE\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    scratch = win_folder(argv[1]);
    image_file = win_path(argv[2]);
    make_parent_dirs(image_file);
    make_trees();
    test_stage_true(image_file);
    test_stage_false();
    free(image_file);
    free(scratch);
    CoUninitialize();
    return test_summary();
}
