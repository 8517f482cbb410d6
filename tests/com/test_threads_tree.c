/* AddTree while DFileSystemImageEvents has a sink: the image fires Update with its lock released (a sink
 * may call back into the image), so other threads edit the tree in the middle of an AddTree. Two builders
 * AddTree a folder into folders of their own and remove them again; a wrecker removes those folders at
 * any moment (also while they are being filled) and makes and reads results; an advisor advises and
 * unadvises a second sink. Under a watchdog nothing may crash or hang, every call answers S_OK or a
 * documented refusal, the counts always equal what a walk of the tree finds, and a last AddTree of the
 * folder gives an image check-image.sh reads back equal to it.
 * Usage: test_threads_tree SOURCE_FOLDER IMAGE_FILE   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "event_sink.h"
#include "testlib.h"
#include "unload_check.h"

#define BUILDERS 2
#define RUN_MS 3000
#define WATCHDOG_MS 120000

/* ------------------------------------------------------------------ a counting sink */

struct sink {
    struct event_sink base;
    LONG updates;
};

static HRESULT sink_invoke(struct event_sink *base, DISPID member, WORD flags, DISPPARAMS *params,
                           EXCEPINFO *excep)
{
    (void)flags, (void)excep;
    if (member == DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE && params && params->cArgs == 4 &&
        V_VT(&params->rgvarg[2]) == VT_BSTR)
        InterlockedIncrement(&CONTAINING_RECORD(base, struct sink, base)->updates);
    return S_OK;
}

/* ------------------------------------------------------------------ the threads */

struct shared {
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    IConnectionPoint *point;
    const WCHAR *source;
    ULONGLONG deadline;
    struct sink advised_sink;
    LONG trees_added, advise_rounds, results;
};

struct builder {
    struct shared *shared;
    int index;
};

static BOOL expired(const struct shared *shared)
{
    return GetTickCount64() >= shared->deadline;
}

/* Refusals the racing edits may give: the folder went away or is there already. */
static BOOL expected_refusal(HRESULT hr)
{
    return hr == IMAPI_E_ITEM_NOT_FOUND || hr == IMAPI_E_DIR_NOT_FOUND || hr == IMAPI_E_INVALID_PATH ||
           hr == IMAPI_E_DUP_NAME || hr == IMAPI_E_NOT_IN_FILE_SYSTEM;
}

static HRESULT remove_tree(IFsiDirectoryItem *root, const WCHAR *name)
{
    BSTR b = SysAllocString(name);
    HRESULT hr = IFsiDirectoryItem_RemoveTree(root, b);

    SysFreeString(b);
    return hr;
}

static DWORD WINAPI builder_thread(void *arg)
{
    struct builder *b = arg;
    struct shared *s = b->shared;
    WCHAR name[8];
    BSTR folder, source = SysAllocString(s->source);
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    swprintf(name, ARRAYSIZE(name), L"b%d", b->index);
    folder = SysAllocString(name);
    while (!expired(s)) {
        IFsiItem *item = NULL;
        IFsiDirectoryItem *dir = NULL;

        hr = IFsiDirectoryItem_AddDirectory(s->root, folder);
        ok(hr == S_OK || expected_refusal(hr), "builder %d: AddDirectory: 0x%08lx", b->index, hr);
        hr = IFsiDirectoryItem_get_Item(s->root, folder, &item);
        ok(hr == S_OK || expected_refusal(hr), "builder %d: get_Item: 0x%08lx", b->index, hr);
        if (item && SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiDirectoryItem, (void **)&dir))) {
            /* The wrecker may remove the folder before, during or after this. */
            hr = IFsiDirectoryItem_AddTree(dir, source, VARIANT_TRUE);
            ok(hr == S_OK || expected_refusal(hr), "builder %d: AddTree: 0x%08lx", b->index, hr);
            if (hr == S_OK)
                InterlockedIncrement(&s->trees_added);
            IFsiDirectoryItem_Release(dir);
        }
        if (item)
            IFsiItem_Release(item);
        hr = remove_tree(s->root, name);
        ok(hr == S_OK || expected_refusal(hr), "builder %d: RemoveTree: 0x%08lx", b->index, hr);
    }
    SysFreeString(folder);
    SysFreeString(source);
    CoUninitialize();
    return 0;
}

static void read_result(IFileSystemImage *image)
{
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    ULONGLONG size = 0;
    LONG blocks = 0;
    BYTE *bytes;

    if (!ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage"))
        return;
    IFileSystemImageResult_get_TotalBlocks(result, &blocks);
    if (ok(IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK, "get_ImageStream")) {
        bytes = read_stream(stream, 65536, &size);
        ok(bytes && size == (ULONGLONG)blocks * 2048, "read %llu bytes of %ld blocks", size, blocks);
        HeapFree(GetProcessHeap(), 0, bytes);
        IStream_Release(stream);
    }
    IFileSystemImageResult_Release(result);
}

static DWORD WINAPI wrecker_thread(void *arg)
{
    struct shared *s = arg;
    HRESULT hr;
    int k;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    while (!expired(s)) {
        for (k = 0; k < BUILDERS; k++) {
            WCHAR name[8];
            swprintf(name, ARRAYSIZE(name), L"b%d", k);
            hr = remove_tree(s->root, name);
            ok(hr == S_OK || expected_refusal(hr), "wrecker: RemoveTree %ls: 0x%08lx", name, hr);
        }
        read_result(s->image);
        InterlockedIncrement(&s->results);
    }
    CoUninitialize();
    return 0;
}

static DWORD WINAPI advisor_thread(void *arg)
{
    struct shared *s = arg;
    struct sink second = {0};
    DWORD cookie;
    HRESULT hr;

    event_sink_init(&second.base, sink_invoke);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    while (!expired(s)) {
        hr = IConnectionPoint_Advise(s->point, (IUnknown *)&second.base.IDispatch_iface, &cookie);
        if (ok(hr == S_OK, "Advise: 0x%08lx", hr)) {
            Sleep(1);
            ok(IConnectionPoint_Unadvise(s->point, cookie) == S_OK, "Unadvise");
        }
        InterlockedIncrement(&s->advise_rounds);
    }
    /* Firing holds its own reference on a sink while it calls it: all are given back by now. */
    ok(second.base.ref == 1, "the unadvised sink still has %ld references", second.base.ref - 1);
    CoUninitialize();
    return 0;
}

/* ------------------------------------------------------------------ checks */

/* Files and folders below dir, walked with _NewEnum. */
static void walk(IFsiDirectoryItem *dir, LONG *files, LONG *folders)
{
    IEnumVARIANT *items = NULL;
    VARIANT v;
    ULONG got;

    if (!ok(IFsiDirectoryItem_get__NewEnum(dir, &items) == S_OK, "get__NewEnum"))
        return;
    while (IEnumVARIANT_Next(items, 1, &v, &got) == S_OK && got == 1) {
        IFsiDirectoryItem *sub = NULL;
        if (V_VT(&v) == VT_DISPATCH &&
            SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IFsiDirectoryItem, (void **)&sub))) {
            (*folders)++;
            walk(sub, files, folders);
            IFsiDirectoryItem_Release(sub);
        } else {
            (*files)++;
        }
        VariantClear(&v);
    }
    IEnumVARIANT_Release(items);
}

static void check_counts(struct shared *s, const char *when)
{
    LONG files = 0, folders = 0, walked_files = 0, walked_folders = 0; /* DirectoryCount leaves out the root */

    walk(s->root, &walked_files, &walked_folders);
    IFileSystemImage_get_FileCount(s->image, &files);
    IFileSystemImage_get_DirectoryCount(s->image, &folders);
    ok(files == walked_files && folders == walked_folders, "%s: FileCount %ld, DirectoryCount %ld; the tree has "
       "%ld files and %ld folders", when, files, folders, walked_files, walked_folders);
}

static void wait_all(HANDLE *threads, DWORD count)
{
    DWORD wait = WaitForMultipleObjects(count, threads, TRUE, WATCHDOG_MS);

    if (!ok(wait < WAIT_OBJECT_0 + count, "threads still running after %d s (deadlock?)", WATCHDOG_MS / 1000)) {
        test_summary();
        ExitProcess(3);
    }
    while (count--)
        CloseHandle(threads[count]);
}

static void write_final(struct shared *s, const WCHAR *image_path)
{
    struct tree_stats stats = {0};
    LONG files = 0;
    ULONGLONG size = 0;
    HRESULT hr;

    int k;

    for (k = 0; k < BUILDERS; k++) {
        WCHAR name[8];
        swprintf(name, ARRAYSIZE(name), L"b%d", k);
        hr = remove_tree(s->root, name);
        ok(hr == S_OK || expected_refusal(hr), "clearing %ls: 0x%08lx", name, hr);
    }
    hr = IFsiDirectoryItem_AddTree(s->root, tbstr(s->source), VARIANT_TRUE);
    ok(hr == S_OK, "the last AddTree: 0x%08lx", hr);
    tree_stats_of(s->source, &stats);
    IFileSystemImage_get_FileCount(s->image, &files);
    ok(files == stats.files, "FileCount %ld after the last AddTree, the folder has %ld", files, stats.files);
    HeapFree(GetProcessHeap(), 0, write_result_image(s->image, image_path, &size));
}

static void test_tree_race(const WCHAR *source, const WCHAR *image_path)
{
    struct shared s = {0};
    struct builder builders[BUILDERS];
    IConnectionPointContainer *container = NULL;
    HANDLE threads[BUILDERS + 2];
    DWORD cookie = 0, n = 0;
    int k;

    s.source = source;
    event_sink_init(&s.advised_sink.base, sink_invoke);
    s.image = create_image();
    IFileSystemImage_get_Root(s.image, &s.root);
    IFileSystemImage_QueryInterface(s.image, &IID_IConnectionPointContainer, (void **)&container);
    ok(container && IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents,
                                                                  &s.point) == S_OK, "FindConnectionPoint");
    if (container)
        IConnectionPointContainer_Release(container);
    if (!s.point || !ok(IConnectionPoint_Advise(s.point, (IUnknown *)&s.advised_sink.base.IDispatch_iface, &cookie) ==
                            S_OK, "Advise"))
        goto done;

    s.deadline = GetTickCount64() + RUN_MS;
    for (k = 0; k < BUILDERS; k++) {
        builders[k].shared = &s;
        builders[k].index = k;
        threads[n++] = CreateThread(NULL, 0, builder_thread, &builders[k], 0, NULL);
    }
    threads[n++] = CreateThread(NULL, 0, wrecker_thread, &s, 0, NULL);
    threads[n++] = CreateThread(NULL, 0, advisor_thread, &s, 0, NULL);
    wait_all(threads, n);
    printf("%ld trees added, %ld Update events, %ld results read, %ld advise rounds\n", s.trees_added,
           s.advised_sink.updates, s.results, s.advise_rounds);
    ok(s.trees_added > 0 && s.advised_sink.updates > 0 && s.results > 0 && s.advise_rounds > 0,
       "a thread never got through a round");
    check_counts(&s, "after the race");
    write_final(&s, image_path);
    check_counts(&s, "after the last AddTree");
    ok(IConnectionPoint_Unadvise(s.point, cookie) == S_OK, "Unadvise");
    ok(s.advised_sink.base.ref == 1, "the sink still has %ld references after Unadvise",
       s.advised_sink.base.ref - 1);
done:
    if (s.point)
        IConnectionPoint_Release(s.point);
    IFsiDirectoryItem_Release(s.root);
    IFileSystemImage_Release(s.image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *image_path;

    if (argc != 3) {
        printf("usage: test_threads_tree SOURCE_FOLDER IMAGE_FILE\n");
        return 2;
    }
    image_path = win_path(argv[2]);
    make_parent_dirs(image_path);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_tree_race(win_path(argv[1]), image_path);
    check_unload_now("after the AddTree race");
    CoUninitialize();
    return test_summary();
}
