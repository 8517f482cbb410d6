/* mkiso: the job users run — build an image of files and folders with IMAPI2FS.MsftFileSystemImage
 * and write its ImageStream to a file, with a progress bar. Only the public COM API is used, so the
 * same program works with Windows' own imapi2fs.dll.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <windows.h>
#include <ole2.h>
#include <shlwapi.h>
#include <wchar.h>

#include "boot.h"
#include "events.h"
#include "imapi2fs.h"
#include "options.h"
#include "progress.h"
#include "report.h"

#define CHUNK (1u << 20)

/* Calls that fail report through report_failure; clearing first keeps an older IErrorInfo from
 * being taken for this call's. */
#define TRY(what, call)                         \
    do {                                        \
        HRESULT hr_;                            \
        SetErrorInfo(0, NULL);                  \
        if (FAILED(hr_ = (call)))               \
            return report_failure((what), hr_); \
    } while (0)

static WCHAR *full_path(const WCHAR *path)
{
    DWORD chars = GetFullPathNameW(path, 0, NULL, NULL);
    WCHAR *full = HeapAlloc(GetProcessHeap(), 0, (chars + 1) * sizeof(WCHAR));
    size_t n;

    if (!full || !GetFullPathNameW(path, chars + 1, full, NULL))
        return NULL;
    n = wcslen(full);
    while (n > 3 && (full[n - 1] == '\\' || full[n - 1] == '/'))
        full[--n] = 0;
    return full;
}

static const WCHAR *leaf_of(const WCHAR *path)
{
    const WCHAR *leaf = path, *p;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/')
            leaf = p + 1;
    return leaf;
}

/* A folder is added with its own name at the root; a file by its name, through a stream. A failure
 * ends the events' progress line before it is reported. */
static int add_source(IFsiDirectoryItem *root, const WCHAR *source, struct add_events *events)
{
    WCHAR *path = full_path(source), what[MAX_PATH + 32];
    DWORD attributes;
    IStream *stream = NULL;
    BSTR bpath, name;
    HRESULT hr;

    if (!path)
        return report_failure(source, HRESULT_FROM_WIN32(GetLastError()));
    attributes = GetFileAttributesW(path);
    SetErrorInfo(0, NULL);
    if (attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        swprintf(what, ARRAYSIZE(what), L"adding the file %ls", path);
        hr = SHCreateStreamOnFileEx(path, STGM_READ | STGM_SHARE_DENY_WRITE, 0, FALSE, NULL, &stream);
        if (SUCCEEDED(hr)) {
            name = SysAllocString(leaf_of(path));
            hr = IFsiDirectoryItem_AddFile(root, name, stream);
            SysFreeString(name);
            IStream_Release(stream);
        }
    } else {
        swprintf(what, ARRAYSIZE(what), L"adding the folder %ls", path);
        bpath = SysAllocString(path);
        hr = IFsiDirectoryItem_AddTree(root, bpath, VARIANT_TRUE);
        SysFreeString(bpath);
    }
    if (FAILED(hr)) {
        add_events_interrupt(events);
        return report_failure(what, hr);
    }
    return 0;
}

static int put_string(IFileSystemImage *image, HRESULT(STDMETHODCALLTYPE *put)(IFileSystemImage *, BSTR),
                      const WCHAR *value, const WCHAR *what)
{
    BSTR text = SysAllocString(value);
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = text ? put(image, text) : E_OUTOFMEMORY;
    SysFreeString(text);
    return FAILED(hr) ? report_failure(what, hr) : 0;
}

/* Media defaults first, so that -fs and -udf-rev given with -media override its choices. */
static int configure(IFileSystemImage *image, const struct options *opts)
{
    WCHAR what[64];
    int status = 0;

    if (opts->media >= 0) {
        swprintf(what, ARRAYSIZE(what), L"choosing the defaults for media type %ld", (long)opts->media);
        TRY(what, IFileSystemImage_ChooseImageDefaultsForMediaType(image, (IMAPI_MEDIA_PHYSICAL_TYPE)opts->media));
    }
    if (opts->file_systems)
        TRY(L"choosing the file systems", IFileSystemImage_put_FileSystemsToCreate(image, opts->file_systems));
    if (opts->level)
        TRY(L"setting the ISO 9660 interchange level",
            IFileSystemImage_put_ISO9660InterchangeLevel(image, opts->level));
    if (opts->udf_revision)
        TRY(L"setting the UDF revision", IFileSystemImage_put_UDFRevision(image, opts->udf_revision));
    if (opts->workdir)
        status = put_string(image, image->lpVtbl->put_WorkingDirectory, opts->workdir,
                            L"setting the working directory");
    if (!status && opts->stage)
        TRY(L"staging the files", IFileSystemImage_put_StageFiles(image, VARIANT_TRUE));
    if (!status && opts->label)
        status = put_string(image, image->lpVtbl->put_VolumeName, opts->label, L"setting the volume name");
    return status;
}

/* Streams the result into the file with 1 MiB reads; the file is removed if anything fails. */
static int write_image(IFileSystemImage *image, const WCHAR *output)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    LONG blocks = 0, block_size = 0;
    struct progress progress;
    ULONGLONG written = 0;
    BYTE *buffer;
    HANDLE file;
    int status = 0;
    HRESULT hr;

    TRY(L"creating the result image", IFileSystemImage_CreateResultImage(image, &result));
    IFileSystemImageResult_get_TotalBlocks(result, &blocks);
    IFileSystemImageResult_get_BlockSize(result, &block_size);
    SetErrorInfo(0, NULL);
    hr = IFileSystemImageResult_get_ImageStream(result, &stream);
    IFileSystemImageResult_Release(result);
    if (FAILED(hr))
        return report_failure(L"getting the image stream", hr);

    file = CreateFileW(output, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    /* Page-aligned: the page cache copies into it several times faster than into a heap block. */
    buffer = VirtualAlloc(NULL, CHUNK, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (file == INVALID_HANDLE_VALUE || !buffer) {
        WCHAR what[MAX_PATH + 16];
        swprintf(what, ARRAYSIZE(what), L"creating %ls", output);
        status = report_failure(what, HRESULT_FROM_WIN32(GetLastError()));
        goto done;
    }
    progress_start(&progress, (ULONGLONG)blocks * block_size);
    for (;;) {
        ULONG got = 0;
        DWORD put = 0;

        SetErrorInfo(0, NULL);
        hr = IStream_Read(stream, buffer, CHUNK, &got);
        if (FAILED(hr)) {
            progress_finish(&progress);
            status = report_failure(L"reading the image stream", hr);
            break;
        }
        if (!got)
            break;
        if (!WriteFile(file, buffer, got, &put, NULL) || put != got) {
            progress_finish(&progress);
            status = report_failure(output, HRESULT_FROM_WIN32(GetLastError()));
            break;
        }
        written += got;
        progress_update(&progress, written);
    }
    if (!status)
        progress_finish(&progress);

done:
    if (buffer)
        VirtualFree(buffer, 0, MEM_RELEASE);
    if (file != INVALID_HANDLE_VALUE) {
        CloseHandle(file);
        if (status)
            DeleteFileW(output);
    }
    IStream_Release(stream);
    return status;
}

static WCHAR *default_output(const struct options *opts)
{
    WCHAR *source = full_path(opts->sources[0]);
    const WCHAR *stem = opts->label ? opts->label : source ? leaf_of(source) : L"image";
    size_t chars = wcslen(stem) + 5;
    WCHAR *name = HeapAlloc(GetProcessHeap(), 0, chars * sizeof(WCHAR));

    swprintf(name, chars, L"%ls.iso", *stem ? stem : L"image");
    return name;
}

/* The sources, with the component's Update events shown while they are added. */
static int add_sources(IFileSystemImage *image, const struct options *opts)
{
    struct add_events *events = NULL;
    IFsiDirectoryItem *root = NULL;
    int status = 0, i;

    TRY(L"getting the root folder", IFileSystemImage_get_Root(image, &root));
    if (FAILED(add_events_start(image, &events)))
        events = NULL; /* an image without events (an older component) still gets built */
    for (i = 0; !status && i < opts->source_count; i++)
        status = add_source(root, opts->sources[i], events);
    add_events_stop(events);
    IFsiDirectoryItem_Release(root);
    return status;
}

static int run(const struct options *opts)
{
    IFileSystemImage *image = NULL;
    int status;

    TRY(L"creating IMAPI2FS.MsftFileSystemImage",
        CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage,
                         (void **)&image));
    status = configure(image, opts);
    if (!status)
        status = configure_boot(image, opts);
    if (!status)
        status = add_sources(image, opts);
    if (!status)
        status = write_image(image, opts->output ? opts->output : default_output(opts));
    IFileSystemImage_Release(image);
    return status;
}

int wmain(int argc, WCHAR **argv)
{
    struct options opts;
    WCHAR what[512];
    int status;

    if (!parse_options(argc, argv, &opts, what, ARRAYSIZE(what)))
        return report_failure(what, E_INVALIDARG);
    if (opts.help) {
        write_text(STD_OUTPUT_HANDLE, usage_text);
        return 0;
    }
    if (FAILED(CoInitializeEx(NULL, COINIT_MULTITHREADED)))
        return report_failure(L"initialising COM", E_UNEXPECTED);
    status = run(&opts);
    CoUninitialize();
    return status;
}
