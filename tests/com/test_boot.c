/* El Torito through the C vtable: BootOptions -> put_BootImageOptions (a copy: later changes to the
 * caller's stream do not count), put_BootImageOptionsArray (references: later changes do count) with
 * BIOS + EFI + floppy entries, and bad input, each with its documented HRESULT, IErrorInfo and
 * nothing changed. Writes IMAGES/boot-array.iso and its three boot images for the native checks.
 * Usage: test_boot IMAGES_DIR   (Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <string.h>

enum { BLOCK = 2048, FLOPPY_144 = 1474560 };

static BYTE *pattern(SIZE_T size, BYTE seed)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size);
    for (SIZE_T i = 0; i < size; i++)
        data[i] = (BYTE)(seed + i * 13 + (i >> 11));
    return data;
}

/* An IStream whose Stat works and whose Read always fails: a boot image that cannot be read. */
struct failing_stream {
    IStream IStream_iface;
    LONG ref;
};
static HRESULT STDMETHODCALLTYPE fs_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IStream) ||
        IsEqualIID(riid, &IID_ISequentialStream)) {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE fs_AddRef(IStream *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct failing_stream, IStream_iface)->ref);
}
static ULONG STDMETHODCALLTYPE fs_Release(IStream *iface)
{
    struct failing_stream *s = CONTAINING_RECORD(iface, struct failing_stream, IStream_iface);
    ULONG ref = InterlockedDecrement(&s->ref);
    if (!ref)
        HeapFree(GetProcessHeap(), 0, s);
    return ref;
}
static HRESULT STDMETHODCALLTYPE fs_Read(IStream *iface, void *buf, ULONG len, ULONG *got)
{
    (void)iface, (void)buf, (void)len;
    if (got)
        *got = 0;
    return STG_E_READFAULT;
}
static HRESULT STDMETHODCALLTYPE fs_Write(IStream *iface, const void *buf, ULONG len, ULONG *put)
{
    (void)iface, (void)buf, (void)len, (void)put;
    return STG_E_ACCESSDENIED;
}
static HRESULT STDMETHODCALLTYPE fs_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *pos)
{
    (void)iface, (void)move, (void)origin;
    if (pos)
        pos->QuadPart = 0;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE fs_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    (void)iface, (void)size;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE fs_CopyTo(IStream *iface, IStream *to, ULARGE_INTEGER n, ULARGE_INTEGER *r,
                                           ULARGE_INTEGER *w)
{
    (void)iface, (void)to, (void)n, (void)r, (void)w;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE fs_Commit(IStream *iface, DWORD flags)
{
    (void)iface, (void)flags;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE fs_Revert(IStream *iface)
{
    (void)iface;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE fs_LockRegion(IStream *iface, ULARGE_INTEGER o, ULARGE_INTEGER n, DWORD t)
{
    (void)iface, (void)o, (void)n, (void)t;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE fs_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    (void)iface, (void)flags;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = 4096;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE fs_Clone(IStream *iface, IStream **out)
{
    (void)iface;
    *out = NULL;
    return E_NOTIMPL;
}
static const IStreamVtbl failing_stream_vtbl = {
    fs_QueryInterface, fs_AddRef, fs_Release, fs_Read, fs_Write, fs_Seek, fs_SetSize, fs_CopyTo,
    fs_Commit, fs_Revert, fs_LockRegion, fs_LockRegion, fs_Stat, fs_Clone,
};
static IStream *failing_stream(void)
{
    struct failing_stream *s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s));
    s->IStream_iface.lpVtbl = &failing_stream_vtbl;
    s->ref = 1;
    return &s->IStream_iface;
}

static IBootOptions *boot_options(IStream *stream, PlatformId platform, const WCHAR *manufacturer)
{
    IBootOptions *boot = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IBootOptions, (void **)&boot);
    ok(hr == S_OK, "CoCreateInstance(BootOptions): 0x%08lx", hr);
    if (stream)
        ok(IBootOptions_AssignBootImage(boot, stream) == S_OK, "AssignBootImage");
    ok(IBootOptions_put_PlatformId(boot, platform) == S_OK, "put_PlatformId");
    if (manufacturer)
        ok(IBootOptions_put_Manufacturer(boot, tbstr(manufacturer)) == S_OK, "put_Manufacturer");
    return boot;
}

static IFileSystemImage2 *new_image(void)
{
    IFileSystemImage2 *image = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage2,
                                  (void **)&image);
    ok(hr == S_OK, "CoCreateInstance(MsftFileSystemImage): 0x%08lx", hr);
    return image;
}

static BYTE *result_bytes(IFileSystemImage2 *image, ULONGLONG *size)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    BYTE *bytes = NULL;
    HRESULT hr = IFileSystemImage2_CreateResultImage(image, &result);

    ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr);
    if (FAILED(hr))
        return NULL;
    IFileSystemImageResult_get_ImageStream(result, &stream);
    bytes = read_stream(stream, 1 << 16, size);
    IStream_Release(stream);
    IFileSystemImageResult_Release(result);
    return bytes;
}

static DWORD le32(const BYTE *p) { return p[0] | p[1] << 8 | p[2] << 16 | (DWORD)p[3] << 24; }

/* The catalog block and the LBA of entry n (0: default entry; sections as test_boot writes them). */
static const BYTE *catalog_of(const BYTE *image) { return image + (SIZE_T)le32(image + 17 * BLOCK + 71) * BLOCK; }

static SAFEARRAY *options_array(IBootOptions **options, LONG count)
{
    SAFEARRAY *array = SafeArrayCreateVector(VT_VARIANT, 0, count);
    VARIANT v;
    for (LONG i = 0; i < count; i++) {
        V_VT(&v) = VT_DISPATCH;
        V_DISPATCH(&v) = (IDispatch *)options[i];
        SafeArrayPutElement(array, &i, &v);
    }
    return array;
}

static void test_copy(void)
{
    BYTE *data = pattern(3000, 1), *changed = pattern(3000, 99);
    IStream *stream = memory_stream(data, 3000);
    IBootOptions *boot = boot_options(stream, PlatformX86, L"Copy Test"), *got = NULL;
    IFileSystemImage2 *image = new_image();
    LARGE_INTEGER zero = {{0}};
    ULONGLONG size = 0;

    ok(IFileSystemImage2_put_BootImageOptions(image, boot) == S_OK, "put_BootImageOptions");
    ok(IFileSystemImage2_get_BootImageOptions(image, &got) == S_OK && got && got != boot,
       "get_BootImageOptions gives the image's own copy");
    /* The copy's stream is its own, holding the bytes as they were. */
    IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    IStream_Write(stream, changed, 3000, NULL);
    IBootOptions_put_Manufacturer(boot, tbstr(L"Changed"));
    BYTE *bytes = result_bytes(image, &size);
    if (bytes) {
        const BYTE *c = catalog_of(bytes);
        ok(!memcmp(c + 4, "Copy Test\0", 10), "the catalog has the manufacturer at the put");
        ok(!memcmp(bytes + (SIZE_T)le32(c + 40) * BLOCK, data, 3000), "the boot image has the bytes at the put");
        ok(bytes[17 * BLOCK] == 0 && bytes[18 * BLOCK] == 2, "boot record at 17, Joliet at 18");
    }
    HeapFree(GetProcessHeap(), 0, bytes);
    if (got) {
        IStream *copy = NULL;
        ULONG image_size = 0;
        IBootOptions_get_BootImage(got, &copy);
        IBootOptions_get_ImageSize(got, &image_size);
        ok(copy && copy != stream && image_size == 3000, "the copy has a stream of its own (%lu bytes)", image_size);
        if (copy)
            IStream_Release(copy);
        IBootOptions_Release(got);
    }
    ok(IFileSystemImage2_put_BootImageOptions(image, NULL) == S_OK, "put_BootImageOptions(NULL)");
    got = (IBootOptions *)1;
    ok(IFileSystemImage2_get_BootImageOptions(image, &got) == S_OK && !got, "no boot options after NULL");
    IFileSystemImage2_Release(image);
    IBootOptions_Release(boot);
    IStream_Release(stream);
    HeapFree(GetProcessHeap(), 0, data);
    HeapFree(GetProcessHeap(), 0, changed);
}

static void save(const WCHAR *dir, const WCHAR *name, const void *data, DWORD size)
{
    ok(write_file(path_join(dir, name), data, size), "writing %s", u8(name));
}

/* BIOS + EFI + floppy: the catalog test_eltorito_image.sh checks natively. */
static void test_array(const WCHAR *images)
{
    BYTE *bios = pattern(3000, 2), *efi = pattern(FLOPPY_144, 3), *floppy = pattern(FLOPPY_144, 4);
    IStream *streams[3] = {memory_stream(bios, 3000), memory_stream(efi, FLOPPY_144), memory_stream(floppy, FLOPPY_144)};
    IBootOptions *options[3] = {
        boot_options(streams[0], PlatformX86, L"placeholder"),
        boot_options(streams[1], PlatformEFI, NULL),
        boot_options(streams[2], PlatformX86, NULL),
    };
    IFileSystemImage2 *image = new_image();
    EmulationType emulation = EmulationNone;
    SAFEARRAY *array;
    ULONGLONG size = 0;

    /* A 1.44 MB EFI system partition image became a floppy on AssignBootImage: no emulation for EFI. */
    IBootOptions_get_Emulation(options[1], &emulation);
    ok(emulation == Emulation144MFloppy, "AssignBootImage of 1.44 MB chose emulation %d", emulation);
    ok(IBootOptions_put_Emulation(options[1], EmulationNone) == S_OK, "put_Emulation(None)");
    /* A file after the boot images, as on a real disc (xorriso also reads a stdio image's last block short). */
    IFsiDirectoryItem *root = NULL;
    IStream *readme = memory_stream("bootable\r\n", 10);
    IFileSystemImage2_get_Root(image, &root);
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"readme.txt"), readme) == S_OK, "AddFile");
    IFsiDirectoryItem_Release(root);
    IStream_Release(readme);
    array = options_array(options, 3);
    ok(IFileSystemImage2_put_BootImageOptionsArray(image, array) == S_OK, "put_BootImageOptionsArray");
    SafeArrayDestroy(array);
    /* References: a change after the put reaches the result. */
    ok(IBootOptions_put_Manufacturer(options[0], tbstr(L"openimapi2fs test")) == S_OK, "put_Manufacturer");
    BYTE *bytes = result_bytes(image, &size);
    if (bytes) {
        save(images, L"boot-array.iso", bytes, (DWORD)size);
        ok(!memcmp(catalog_of(bytes) + 4, "openimapi2fs test", 17), "the catalog has the later manufacturer");
    }
    save(images, L"boot-bios.bin", bios, 3000);
    save(images, L"boot-efi.img", efi, FLOPPY_144);
    save(images, L"boot-floppy.img", floppy, FLOPPY_144);
    HeapFree(GetProcessHeap(), 0, bytes);
    IFileSystemImage2_Release(image);
    for (int i = 0; i < 3; i++) {
        IBootOptions_Release(options[i]);
        IStream_Release(streams[i]);
    }
    HeapFree(GetProcessHeap(), 0, bios);
    HeapFree(GetProcessHeap(), 0, efi);
    HeapFree(GetProcessHeap(), 0, floppy);
}

static void expect_unchanged(IFileSystemImage2 *image, IBootOptions *expected, LONG blocks, const char *what)
{
    IBootOptions *got = NULL;
    LONG now = 0;
    IFileSystemImage2_get_BootImageOptions(image, &got);
    IFileSystemImage2_get_UsedBlocks(image, &now);
    ok(now == blocks, "%s changed UsedBlocks %ld -> %ld", what, blocks, now);
    if (expected) {
        ULONG size = 0, want = 0;
        ok(got != NULL, "%s dropped the boot options", what);
        if (got)
            IBootOptions_get_ImageSize(got, &size);
        IBootOptions_get_ImageSize(expected, &want);
        ok(size == want, "%s changed the boot image (%lu bytes, expected %lu)", what, size, want);
    }
    if (got)
        IBootOptions_Release(got);
}

static void test_bad_input(void)
{
    BYTE *data = pattern(3000, 5);
    IStream *good_stream = memory_stream(data, 3000), *bad_stream = failing_stream();
    IBootOptions *good = boot_options(good_stream, PlatformX86, NULL);
    IBootOptions *unreadable = boot_options(bad_stream, PlatformX86, NULL);
    IBootOptions *empty = boot_options(NULL, PlatformX86, NULL);
    IBootOptions *mismatch = boot_options(NULL, PlatformX86, NULL);
    IBootOptions *hard_disk = boot_options(good_stream, PlatformX86, NULL);
    IBootOptions *many[33];
    IFileSystemImage2 *image = new_image();
    SAFEARRAY *array;
    LONG blocks = 0;
    HRESULT hr;

    ok(IFileSystemImage2_put_BootImageOptions(image, good) == S_OK, "put_BootImageOptions(good)");
    IFileSystemImage2_get_UsedBlocks(image, &blocks);

    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptions(image, unreadable);
    ok(hr == IMAPI_E_BOOT_IMAGE_DATA, "unreadable boot stream: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "unreadable boot stream", L"reading the boot image");
    expect_unchanged(image, good, blocks, "an unreadable boot stream");

    array = options_array(&unreadable, 1);
    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptionsArray(image, array);
    ok(hr == IMAPI_E_BOOT_IMAGE_DATA, "array with an unreadable boot stream: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage2, "array with an unreadable stream", L"boot entry 1");
    expect_unchanged(image, good, blocks, "an array with an unreadable boot stream");
    SafeArrayDestroy(array);

    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptions(image, empty);
    ok(hr == IMAPI_E_BOOT_IMAGE_DATA, "boot options without an image: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "no boot image", L"AssignBootImage");
    expect_unchanged(image, good, blocks, "boot options without an image");

    for (int i = 0; i < 33; i++)
        many[i] = good;
    array = options_array(many, 33);
    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptionsArray(image, array);
    ok(hr == IMAPI_E_INVALID_PARAM, "33 boot entries: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage2, "33 entries", L"33 entries");
    expect_unchanged(image, good, blocks, "33 boot entries");
    SafeArrayDestroy(array);

    /* A floppy emulation chosen before an image of another size. */
    ok(IBootOptions_put_Emulation(mismatch, Emulation144MFloppy) == S_OK, "put_Emulation before AssignBootImage");
    ok(IBootOptions_AssignBootImage(mismatch, good_stream) == S_OK, "AssignBootImage");
    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptions(image, mismatch);
    ok(hr == IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH, "1.44 MB emulation of 3000 bytes: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "size mismatch", L"1474560");
    expect_unchanged(image, good, blocks, "a size mismatch");
    error_info_clear();
    hr = IBootOptions_put_Emulation(good, Emulation12MFloppy);
    ok(hr == IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH, "put_Emulation(1.2 MB) on 3000 bytes: 0x%08lx", hr);
    check_error_info(good, &IID_IBootOptions, "put_Emulation mismatch", L"1228800");

    /* Hard disk emulation of an image without a master boot record. */
    ok(IBootOptions_put_Emulation(hard_disk, EmulationHardDisk) == S_OK, "put_Emulation(hard disk)");
    error_info_clear();
    hr = IFileSystemImage2_put_BootImageOptions(image, hard_disk);
    ok(hr == IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH, "hard disk emulation without an MBR: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "no MBR", L"master boot record");
    expect_unchanged(image, good, blocks, "a hard disk image without an MBR");

    IFileSystemImage2_Release(image);
    IBootOptions_Release(good);
    IBootOptions_Release(unreadable);
    IBootOptions_Release(empty);
    IBootOptions_Release(mismatch);
    IBootOptions_Release(hard_disk);
    IStream_Release(good_stream);
    IStream_Release(bad_stream);
    HeapFree(GetProcessHeap(), 0, data);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_boot IMAGES_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    make_dirs(win_path(argv[1]));
    test_copy();
    test_array(win_path(argv[1]));
    test_bad_input();
    CoUninitialize();
    return test_summary();
}
