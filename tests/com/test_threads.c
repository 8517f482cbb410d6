/* ThreadingModel=Both, hammered: threads share ONE image for a few seconds: two adders (files in the root
 * and in a folder of their own, folders, removals of their own files), a looker (Item, Exists, counts,
 * enumeration, VolumeName puts) and two result makers (CreateResultImage and whole reads of the result
 * while the tree changes). Nothing may crash, deadlock (a watchdog fails the test) or go wrong: every add
 * and remove succeeds, every item found is the file its name says, every result reads whole; at the end
 * the counts are what the successful operations imply and the final image, read by three threads at
 * once, is written for check-image.sh together with the folder it must equal (written by the test).
 * Usage: test_threads SCRATCH_DIR IMAGES_DIR   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#define ADDERS 2
#define RESULT_MAKERS 2
#define FINAL_READERS 3
#define MAX_FILES 300 /* files per adder at most: keeps the final image small */
#define RUN_MS 3000
#define WATCHDOG_MS 120000

struct shared {
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    ULONGLONG deadline;
    volatile LONG adders_running;
};

struct adder {
    struct shared *shared;
    int index;
    BOOL alive[MAX_FILES]; /* file i exists in the image */
    LONG files, folders;   /* successful adds minus removes */
    LONG steps;
    BOOL failed;
};

struct checker {
    struct shared *shared;
    LONG rounds;
};

/* File i of adder k: in the root ("r<k>_<i>.bin") when i is even, else in the adder's folder. */
static void file_name(int k, int i, WCHAR *name, size_t chars)
{
    if (i % 2 == 0)
        swprintf(name, chars, L"r%d_%d.bin", k, i);
    else
        swprintf(name, chars, L"d%d\\f%d.bin", k, i);
}

static DWORD file_size(int k, int i)
{
    return (DWORD)((k * 7919 + i * 104729) % 20000);
}

static BYTE *file_bytes(int k, int i)
{
    DWORD size = file_size(k, i), j;
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size + 1);

    for (j = 0; j < size; j++)
        data[j] = (BYTE)(j * 13 + k * 5 + i);
    return data;
}

/* testlib's tbstr and u8 share rings between calls: threads make and free their own strings. */
static HRESULT with_bstr(const WCHAR *text, HRESULT (*call)(void *object, BSTR text, void *out), void *object,
                         void *out)
{
    BSTR b = SysAllocString(text);
    HRESULT hr = b ? call(object, b, out) : E_OUTOFMEMORY;

    SysFreeString(b);
    return hr;
}

static HRESULT add_directory(void *root, BSTR name, void *out)
{
    (void)out;
    return IFsiDirectoryItem_AddDirectory((IFsiDirectoryItem *)root, name);
}

static HRESULT add_file(void *root, BSTR name, void *stream)
{
    return IFsiDirectoryItem_AddFile((IFsiDirectoryItem *)root, name, (IStream *)stream);
}

static HRESULT remove_item(void *root, BSTR name, void *out)
{
    (void)out;
    return IFsiDirectoryItem_Remove((IFsiDirectoryItem *)root, name);
}

static HRESULT get_item(void *root, BSTR name, void *item)
{
    return IFsiDirectoryItem_get_Item((IFsiDirectoryItem *)root, name, (IFsiItem **)item);
}

static HRESULT exists(void *image, BSTR path, void *type)
{
    return IFileSystemImage_Exists((IFileSystemImage *)image, path, (FsiItemType *)type);
}

static HRESULT put_volume(void *image, BSTR name, void *out)
{
    (void)out;
    return IFileSystemImage_put_VolumeName((IFileSystemImage *)image, name);
}

static BOOL expired(const struct shared *shared)
{
    return GetTickCount64() >= shared->deadline;
}

static DWORD WINAPI adder_thread(void *arg)
{
    struct adder *a = arg;
    IFsiDirectoryItem *root = a->shared->root;
    WCHAR name[64], folder[16];
    HRESULT hr;
    LONG s;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    swprintf(folder, ARRAYSIZE(folder), L"d%d", a->index);
    hr = with_bstr(folder, add_directory, root, NULL);
    a->failed |= !ok(hr == S_OK, "adder %d: AddDirectory %ls: 0x%08lx", a->index, folder, hr);
    a->folders += hr == S_OK;
    /* Slot i = 7s mod MAX_FILES visits every slot once per pass: a missing file is added, a present one
     * removed on every other pass (by slot parity), so the tree keeps changing until the deadline and
     * ends with an irregular set; at least one full pass runs however slow the machine. */
    for (s = 0; !a->failed && (s < MAX_FILES || !expired(a->shared)); s++) {
        int i = (int)((s * 7) % MAX_FILES);
        if (!a->alive[i]) {
            BYTE *data = file_bytes(a->index, i);
            IStream *stream = memory_stream(data, file_size(a->index, i));

            HeapFree(GetProcessHeap(), 0, data);
            file_name(a->index, i, name, ARRAYSIZE(name));
            hr = with_bstr(name, add_file, root, stream);
            IStream_Release(stream);
            a->failed |= !ok(hr == S_OK, "adder %d: AddFile %ls: 0x%08lx", a->index, name, hr);
            a->alive[i] = hr == S_OK;
            a->files += hr == S_OK;
        } else if ((s / MAX_FILES + i) % 2 == 0) {
            file_name(a->index, i, name, ARRAYSIZE(name));
            hr = with_bstr(name, remove_item, root, NULL);
            a->failed |= !ok(hr == S_OK, "adder %d: Remove %ls: 0x%08lx", a->index, name, hr);
            a->alive[i] = hr != S_OK;
            a->files -= hr == S_OK;
        }
    }
    a->steps = s;
    InterlockedDecrement(&a->shared->adders_running);
    CoUninitialize();
    return 0;
}

/* An item found by name is that file: its Name and DataSize match. */
static void look_up(IFsiDirectoryItem *root, int k, int i)
{
    WCHAR name[64];
    IFsiItem *item = NULL;
    IFsiFileItem *file = NULL;
    BSTR got = NULL;
    LONGLONG size = -1;
    HRESULT hr;

    file_name(k, i, name, ARRAYSIZE(name));
    hr = with_bstr(name, get_item, root, &item);
    if (hr == IMAPI_E_ITEM_NOT_FOUND)
        return;
    if (!ok(hr == S_OK && item, "get_Item %ls: 0x%08lx", name, hr))
        return;
    IFsiItem_get_Name(item, &got);
    ok(got && !wcscmp(got, path_leaf(name)), "get_Item %ls gave an item named %ls", name, got ? got : L"(null)");
    SysFreeString(got);
    if (SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file))) {
        IFsiFileItem_get_DataSize(file, &size);
        ok(size == file_size(k, i), "%ls: DataSize %lld, expected %lu", name, size, file_size(k, i));
        IFsiFileItem_Release(file);
    } else {
        ok(0, "get_Item %ls is not a file", name);
    }
    IFsiItem_Release(item);
}

/* Walks the root with _NewEnum; returns how many items it held (each one a live object). */
static LONG enumerate(IFsiDirectoryItem *root)
{
    IEnumVARIANT *items = NULL;
    VARIANT v;
    LONG count = 0;
    ULONG got;

    if (!ok(IFsiDirectoryItem_get__NewEnum(root, &items) == S_OK, "get__NewEnum"))
        return -1;
    while (IEnumVARIANT_Next(items, 1, &v, &got) == S_OK && got == 1) {
        ok(V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v), "_NewEnum gave a VARIANT of type %d", V_VT(&v));
        VariantClear(&v);
        count++;
    }
    IEnumVARIANT_Release(items);
    return count;
}

static DWORD WINAPI looker_thread(void *arg)
{
    struct checker *c = arg;
    struct shared *shared = c->shared;
    const LONG most = ADDERS * MAX_FILES;
    LONG files, folders, count, enumerated;
    FsiItemType type;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    while (!expired(shared) || shared->adders_running) {
        int k = c->rounds % ADDERS, i = (int)((c->rounds * 37) % MAX_FILES);
        look_up(shared->root, k, i);
        ok(IFileSystemImage_get_FileCount(shared->image, &files) == S_OK && files >= 0 && files <= most,
           "FileCount %ld", files);
        ok(IFileSystemImage_get_DirectoryCount(shared->image, &folders) == S_OK && folders >= 0 &&
               folders <= 1 + ADDERS, "DirectoryCount %ld", folders);
        hr = with_bstr(L"\\d0", exists, shared->image, &type);
        ok(hr == S_OK && (type == FsiItemDirectory || type == FsiItemNotFound), "Exists \\d0: 0x%08lx, %d", hr, type);
        ok(IFsiDirectoryItem_get_Count(shared->root, &count) == S_OK && count >= 0 && count <= most + ADDERS,
           "root Count %ld", count);
        if (c->rounds % 64 == 0) {
            hr = with_bstr(c->rounds % 128 ? L"HAMMER1" : L"HAMMER2", put_volume, shared->image, NULL);
            ok(hr == S_OK, "put_VolumeName: 0x%08lx", hr);
        }
        if (c->rounds % 16 == 0) {
            enumerated = enumerate(shared->root);
            ok(enumerated >= 0 && enumerated <= most + ADDERS, "_NewEnum walked %ld items", enumerated);
        }
        c->rounds++;
    }
    CoUninitialize();
    return 0;
}

/* CreateResultImage now and one whole read of it while the tree keeps changing: the read gives exactly
 * TotalBlocks blocks and an ISO 9660 volume descriptor where one belongs. */
static void make_and_read(IFileSystemImage *image)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    ULONGLONG size = 0;
    LONG blocks = 0;
    BYTE *bytes;
    HRESULT hr = IFileSystemImage_CreateResultImage(image, &result);

    if (!ok(hr == S_OK, "CreateResultImage: 0x%08lx", hr))
        return;
    IFileSystemImageResult_get_TotalBlocks(result, &blocks);
    hr = IFileSystemImageResult_get_ImageStream(result, &stream);
    IFileSystemImageResult_Release(result);
    if (!ok(hr == S_OK, "get_ImageStream: 0x%08lx", hr))
        return;
    bytes = read_stream(stream, 65536, &size);
    ok(bytes && size == (ULONGLONG)blocks * 2048, "read %llu bytes of a result of %ld blocks", size, blocks);
    ok(bytes && size > 17 * 2048 && !memcmp(bytes + 16 * 2048 + 1, "CD001", 5), "no volume descriptor at block 16");
    HeapFree(GetProcessHeap(), 0, bytes);
    IStream_Release(stream);
}

static DWORD WINAPI result_thread(void *arg)
{
    struct checker *c = arg;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    while (!expired(c->shared) || c->shared->adders_running) {
        make_and_read(c->shared->image);
        c->rounds++;
    }
    CoUninitialize();
    return 0;
}

struct final_reader {
    IFileSystemImageResult *result;
    BYTE *bytes;
    ULONGLONG size;
};

static DWORD WINAPI final_read_thread(void *arg)
{
    struct final_reader *r = arg;
    IStream *stream = NULL;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (ok(IFileSystemImageResult_get_ImageStream(r->result, &stream) == S_OK, "final get_ImageStream")) {
        r->bytes = read_stream(stream, 100000, &r->size);
        IStream_Release(stream);
    }
    CoUninitialize();
    return 0;
}

/* Waits for threads under the watchdog: a deadlock fails the test instead of hanging it. */
static void wait_all(HANDLE *threads, DWORD count, const char *what)
{
    DWORD wait = WaitForMultipleObjects(count, threads, TRUE, WATCHDOG_MS);

    if (!ok(wait < WAIT_OBJECT_0 + count, "%s: still running after %d s (deadlock?)", what, WATCHDOG_MS / 1000)) {
        test_summary();
        ExitProcess(3);
    }
    while (count--)
        CloseHandle(threads[count]);
}

/* The folder the final image must equal, from what the adders report alive. */
static void write_expected(const WCHAR *folder, const struct adder *adders)
{
    WCHAR name[64], sub[16];
    int k, i;

    for (k = 0; k < ADDERS; k++) {
        swprintf(sub, ARRAYSIZE(sub), L"d%d", k);
        make_dirs(path_join(folder, sub));
        for (i = 0; i < MAX_FILES; i++) {
            BYTE *data;
            if (!adders[k].alive[i])
                continue;
            file_name(k, i, name, ARRAYSIZE(name));
            data = file_bytes(k, i);
            ok(write_file(path_join(folder, name), data, file_size(k, i)), "writing %s", u8(name));
            HeapFree(GetProcessHeap(), 0, data);
        }
    }
}

static void final_image(IFileSystemImage *image, const WCHAR *image_path)
{
    struct final_reader readers[FINAL_READERS] = {0};
    HANDLE threads[FINAL_READERS];
    IFileSystemImageResult *result = NULL;
    int r;

    if (!ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "final CreateResultImage"))
        return;
    for (r = 0; r < FINAL_READERS; r++) {
        readers[r].result = result;
        threads[r] = CreateThread(NULL, 0, final_read_thread, &readers[r], 0, NULL);
    }
    wait_all(threads, FINAL_READERS, "the final readers");
    for (r = 0; r < FINAL_READERS; r++) {
        ok(readers[r].bytes && readers[r].size == readers[0].size &&
               !memcmp(readers[r].bytes, readers[0].bytes, readers[0].size),
           "final reader %d read other bytes than reader 0", r);
    }
    if (readers[0].bytes)
        ok(write_file(image_path, readers[0].bytes, (DWORD)readers[0].size), "writing the final image");
    for (r = 0; r < FINAL_READERS; r++)
        HeapFree(GetProcessHeap(), 0, readers[r].bytes);
    IFileSystemImageResult_Release(result);
}

static void test_hammer(const WCHAR *scratch, const WCHAR *images)
{
    struct shared shared = {0};
    struct adder adders[ADDERS] = {0};
    struct checker looker = {&shared, 0}, makers[RESULT_MAKERS] = {{&shared, 0}, {&shared, 0}};
    HANDLE threads[ADDERS + 1 + RESULT_MAKERS];
    LONG files0 = 0, folders0 = 0, files = 0, folders = 0, want_files, want_folders;
    DWORD n = 0;
    int k;

    shared.image = create_image();
    IFileSystemImage_get_Root(shared.image, &shared.root);
    IFileSystemImage_get_FileCount(shared.image, &files0);
    IFileSystemImage_get_DirectoryCount(shared.image, &folders0);
    shared.deadline = GetTickCount64() + RUN_MS;
    shared.adders_running = ADDERS;
    for (k = 0; k < ADDERS; k++) {
        adders[k].shared = &shared;
        adders[k].index = k;
        threads[n++] = CreateThread(NULL, 0, adder_thread, &adders[k], 0, NULL);
    }
    threads[n++] = CreateThread(NULL, 0, looker_thread, &looker, 0, NULL);
    for (k = 0; k < RESULT_MAKERS; k++)
        threads[n++] = CreateThread(NULL, 0, result_thread, &makers[k], 0, NULL);
    wait_all(threads, n, "the hammer threads");
    printf("adder steps %ld + %ld, looker rounds %ld, results made %ld + %ld\n", adders[0].steps, adders[1].steps,
           looker.rounds, makers[0].rounds, makers[1].rounds);
    ok(looker.rounds > 0 && makers[0].rounds > 0 && makers[1].rounds > 0, "a thread never ran a round");

    want_files = files0;
    want_folders = folders0;
    for (k = 0; k < ADDERS; k++) {
        want_files += adders[k].files;
        want_folders += adders[k].folders;
    }
    IFileSystemImage_get_FileCount(shared.image, &files);
    IFileSystemImage_get_DirectoryCount(shared.image, &folders);
    ok(files == want_files, "FileCount %ld, the operations that succeeded leave %ld", files, want_files);
    ok(folders == want_folders, "DirectoryCount %ld, the operations that succeeded leave %ld", folders, want_folders);
    write_expected(path_join(scratch, L"expected"), adders);
    final_image(shared.image, path_join(images, L"threads.iso"));
    IFsiDirectoryItem_Release(shared.root);
    IFileSystemImage_Release(shared.image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch, *images;

    if (argc != 3) {
        printf("usage: test_threads SCRATCH_DIR IMAGES_DIR\n");
        return 2;
    }
    scratch = win_folder(argv[1]);
    images = win_folder(argv[2]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_hammer(scratch, images);
    check_unload_now("after the thread hammer");
    CoUninitialize();
    return test_summary();
}
