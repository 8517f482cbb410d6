/* bench_com: imapi2fs.dll through COM doing the whole job as a Windows program would: CoCreateInstance
 * of MsftFileSystemImage, Root.AddTree (contents only), CreateResultImage, then the whole ImageStream
 * read in 1 MiB pieces into a file; timed inside the program.
 *   bench_com.exe SRC OUT [FileSystemsToCreate, default 3] [StageFiles 0|1, default 0] [media type]
 *   (media type: an IMAPI_MEDIA_PHYSICAL_TYPE given to ChooseImageDefaultsForMediaType, whose rate the
 *   staging probe judges against; FreeMediaBlocks is set to 0 after it)
 *   -> "files=N bytes=N add_s=.. create_s=.. read_s=.. total_s=.. peak_working_set_kib=.."
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "imapi2fs.h"
#include "timing.h"

enum { CHUNK = 1 << 20 };

static int fail(const char *what, HRESULT hr)
{
    fprintf(stderr, "bench_com: %s failed: 0x%08lX\n", what, (unsigned long)hr);
    return 1;
}

/* Reads the whole stream into out; *bytes counts what was read. */
static HRESULT copy_stream(IStream *image, HANDLE out, unsigned long long *bytes)
{
    BYTE *buf = VirtualAlloc(NULL, CHUNK, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    HRESULT hr = buf ? S_OK : E_OUTOFMEMORY;
    ULONG got = 0;
    DWORD wrote;

    *bytes = 0;
    while (SUCCEEDED(hr) && SUCCEEDED(hr = IStream_Read(image, buf, CHUNK, &got)) && got > 0) {
        if (!WriteFile(out, buf, got, &wrote, NULL) || wrote != got)
            hr = HRESULT_FROM_WIN32(GetLastError());
        *bytes += got;
    }
    if (buf)
        VirtualFree(buf, 0, MEM_RELEASE);
    return hr;
}

static int run(const WCHAR *source, const WCHAR *output, LONG file_systems, LONG stage_files, LONG media)
{
    IFileSystemImage *fsi;
    IFsiDirectoryItem *root;
    IFileSystemImageResult *result;
    IStream *image;
    BSTR folder = SysAllocString(source);
    unsigned long long bytes = 0;
    LONG files = 0;
    HANDLE out;
    HRESULT hr;
    double t0, t1, t2, t3;

    t0 = seconds_now();
    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage, (void **)&fsi);
    if (FAILED(hr))
        return fail("CoCreateInstance(MsftFileSystemImage)", hr);
    if (media >= 0 && FAILED(hr = IFileSystemImage_ChooseImageDefaultsForMediaType(fsi, (IMAPI_MEDIA_PHYSICAL_TYPE)media)))
        return fail("ChooseImageDefaultsForMediaType", hr);
    if (FAILED(hr = IFileSystemImage_put_StageFiles(fsi, stage_files ? VARIANT_TRUE : VARIANT_FALSE)) ||
        FAILED(hr = IFileSystemImage_put_FileSystemsToCreate(fsi, (FsiFileSystems)file_systems)) ||
        FAILED(hr = IFileSystemImage_put_FreeMediaBlocks(fsi, 0)) ||
        FAILED(hr = IFileSystemImage_get_Root(fsi, &root)))
        return fail("setting up the image", hr);
    if (FAILED(hr = IFsiDirectoryItem_AddTree(root, folder, VARIANT_FALSE)))
        return fail("AddTree", hr);
    t1 = seconds_now();
    if (FAILED(hr = IFileSystemImage_CreateResultImage(fsi, &result)))
        return fail("CreateResultImage", hr);
    t2 = seconds_now();
    if (FAILED(hr = IFileSystemImageResult_get_ImageStream(result, &image)))
        return fail("ImageStream", hr);
    out = CreateFileW(output, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (out == INVALID_HANDLE_VALUE)
        return fail("creating the output file", HRESULT_FROM_WIN32(GetLastError()));
    hr = copy_stream(image, out, &bytes);
    if (!CloseHandle(out) && SUCCEEDED(hr))
        hr = HRESULT_FROM_WIN32(GetLastError());
    if (FAILED(hr))
        return fail("reading the image stream", hr);
    t3 = seconds_now();
    IFileSystemImage_get_FileCount(fsi, &files);
    printf("files=%ld bytes=%llu add_s=%.3f create_s=%.3f read_s=%.3f total_s=%.3f peak_working_set_kib=%llu\n",
           (long)files, bytes, t1 - t0, t2 - t1, t3 - t2, t3 - t0, peak_working_set_kib());
    IStream_Release(image);
    IFileSystemImageResult_Release(result);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(fsi);
    SysFreeString(folder);
    return 0;
}

int wmain(int argc, WCHAR **argv)
{
    int rc;
    if (argc < 3 || argc > 6) {
        fwprintf(stderr, L"usage: bench_com.exe SRC OUT [FileSystemsToCreate] [StageFiles 0|1] [media type]\n");
        return 2;
    }
    if (FAILED(CoInitializeEx(NULL, COINIT_MULTITHREADED)))
        return 1;
    rc = run(argv[1], argv[2], argc > 3 ? wcstol(argv[3], NULL, 10) : FsiFileSystemISO9660 | FsiFileSystemJoliet,
             argc > 4 ? wcstol(argv[4], NULL, 10) : 0, argc > 5 ? wcstol(argv[5], NULL, 10) : -1);
    CoUninitialize();
    return rc;
}
