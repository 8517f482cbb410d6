/* DFileSystemImageEvents::Update through the connection point, with C sinks called through IDispatch:
 * per file added by AddTree and AddFile one call with copiedSectors 0 and one with all its 2048-byte
 * sectors (one (0, 0) call for an empty file), currentFile its image path, object the image; every
 * advised sink gets every call; a sink that fails, one that unadvises itself during the event and one
 * that calls back into the image (FileCount, Root.Item, AddFile, Remove) break nothing; no call after
 * Unadvise; DllCanUnloadNow S_OK at the end.
 * Usage: test_events SCRATCH_DIR   (Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "event_sink.h"
#include "testlib.h"

#include <olectl.h>
#include <string.h>

/* ------------------------------------------------------------------ a sink */

enum { MAX_CALLS = 64 };
struct call {
    WCHAR file[260];
    LONG copied, total;
    BOOL object_is_image;
};

enum sink_kind { SINK_RECORD, SINK_FAIL, SINK_UNADVISE, SINK_REENTER };

struct sink {
    struct event_sink base;
    enum sink_kind kind;
    IFileSystemImage *image;   /* not a reference: the test holds the image */
    IConnectionPoint *point;   /* SINK_UNADVISE: not a reference */
    DWORD cookie;
    struct call calls[MAX_CALLS];
    int count;
    BOOL reentered;
};

/* From inside the event: read the image, look the file up, add a file and remove it again. */
static void reenter(struct sink *s, const WCHAR *file)
{
    IFsiDirectoryItem *root = NULL;
    IFsiItem *item = NULL;
    IStream *data = memory_stream("re-entered", 10);
    LONG files = -1;
    HRESULT hr;

    s->reentered = TRUE; /* its own AddFile below is reported to it too: only once */
    ok(IFileSystemImage_get_FileCount(s->image, &files) == S_OK && files >= 0, "FileCount from the event");
    ok(IFileSystemImage_get_Root(s->image, &root) == S_OK, "Root from the event");
    if (root) {
        hr = IFsiDirectoryItem_get_Item(root, tbstr(file), &item);
        ok(hr == S_OK || hr == IMAPI_E_ITEM_NOT_FOUND, "Item(%s) from the event: 0x%08lx", u8(file), hr);
        if (item)
            IFsiItem_Release(item);
        hr = IFsiDirectoryItem_AddFile(root, tbstr(L"\\from-event.txt"), data);
        ok(hr == S_OK, "AddFile from the event: 0x%08lx", hr);
        hr = IFsiDirectoryItem_Remove(root, tbstr(L"\\from-event.txt"));
        ok(hr == S_OK, "Remove from the event: 0x%08lx", hr);
        IFsiDirectoryItem_Release(root);
    }
    IStream_Release(data);
}

static HRESULT sink_invoke(struct event_sink *base, DISPID member, WORD flags, DISPPARAMS *params,
                           EXCEPINFO *excep)
{
    struct sink *s = CONTAINING_RECORD(base, struct sink, base);
    struct call *c;

    ok(member == DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE, "DISPID %ld", member);
    ok(flags == DISPATCH_METHOD, "flags %u", flags);
    if (!ok(params && params->cArgs == 4 && !params->cNamedArgs, "4 positional arguments"))
        return E_INVALIDARG;
    ok(V_VT(&params->rgvarg[3]) == VT_DISPATCH && V_VT(&params->rgvarg[2]) == VT_BSTR &&
           V_VT(&params->rgvarg[1]) == VT_I4 && V_VT(&params->rgvarg[0]) == VT_I4,
       "argument types %u %u %u %u", V_VT(&params->rgvarg[3]), V_VT(&params->rgvarg[2]), V_VT(&params->rgvarg[1]),
       V_VT(&params->rgvarg[0]));
    if (s->count < MAX_CALLS) {
        IFileSystemImage *image = NULL;
        c = &s->calls[s->count];
        lstrcpynW(c->file, V_BSTR(&params->rgvarg[2]), ARRAYSIZE(c->file));
        c->copied = V_I4(&params->rgvarg[1]);
        c->total = V_I4(&params->rgvarg[0]);
        if (V_DISPATCH(&params->rgvarg[3]) &&
            SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[3]), &IID_IFileSystemImage, (void **)&image))) {
            c->object_is_image = image == s->image;
            IFileSystemImage_Release(image);
        }
    }
    s->count++;
    switch (s->kind) {
    case SINK_FAIL:
        if (excep)
            excep->scode = E_FAIL;
        return s->count % 2 ? E_FAIL : DISP_E_EXCEPTION;
    case SINK_UNADVISE:
        if (s->cookie) {
            ok(IConnectionPoint_Unadvise(s->point, s->cookie) == S_OK, "Unadvise from the event");
            s->cookie = 0;
        }
        break;
    case SINK_REENTER:
        if (!s->reentered)
            reenter(s, V_BSTR(&params->rgvarg[2]));
        break;
    case SINK_RECORD:
        break;
    }
    return S_OK;
}

static void sink_init(struct sink *s, enum sink_kind kind, IFileSystemImage *image, IConnectionPoint *point)
{
    memset(s, 0, sizeof(*s));
    event_sink_init(&s->base, sink_invoke);
    s->kind = kind;
    s->image = image;
    s->point = point;
    ok(IConnectionPoint_Advise(point, (IUnknown *)&s->base.IDispatch_iface, &s->cookie) == S_OK && s->cookie,
       "Advise sink %d", kind);
}

/* ------------------------------------------------------------------ checks */

/* The calls of one file, in order (others may come between, e.g. of a file a sink adds meanwhile):
 * (0, sectors) then (sectors, sectors), or one (0, 0) for an empty file. */
static void check_file(const struct sink *s, const WCHAR *file, LONG sectors, const char *who)
{
    const struct call *mine[4];
    int found = 0;

    for (int i = 0; i < s->count && i < MAX_CALLS; i++)
        if (!lstrcmpW(s->calls[i].file, file) && found < 4)
            mine[found++] = &s->calls[i];
    if (!ok(found == (sectors ? 2 : 1), "%s: %s reported %d times", who, u8(file), found))
        return;
    ok(mine[0]->copied == 0 && mine[0]->total == sectors, "%s: %s first call %ld/%ld, expected 0/%ld", who, u8(file),
       mine[0]->copied, mine[0]->total, sectors);
    ok(mine[0]->object_is_image, "%s: %s: object is not the image", who, u8(file));
    if (sectors)
        ok(mine[1]->copied == sectors && mine[1]->total == sectors, "%s: %s second call %ld/%ld", who, u8(file),
           mine[1]->copied, mine[1]->total);
}

static const struct {
    const WCHAR *name;
    DWORD size;
} source_files[] = {
    {L"a.txt", 5}, {L"empty.txt", 0}, {L"sub\\b.bin", 5000}, {L"sub\\deep\\big.bin", 3 * 1048576 + 1},
};
enum { SOURCE_CALLS = 7 };

/* extra: the calls of files a sink added from inside an event. */
static void check_tree_calls(const struct sink *s, const WCHAR *prefix, int extra, const char *who)
{
    WCHAR file[260];

    ok(s->count == SOURCE_CALLS + extra, "%s: %d calls, expected %d", who, s->count, SOURCE_CALLS + extra);
    for (size_t i = 0; i < ARRAYSIZE(source_files); i++) {
        swprintf(file, ARRAYSIZE(file), L"%ls\\%ls", prefix, source_files[i].name);
        check_file(s, file, (LONG)((source_files[i].size + 2047) / 2048), who);
    }
}

static void make_source(const WCHAR *dir)
{
    for (size_t i = 0; i < ARRAYSIZE(source_files); i++) {
        WCHAR *path = path_join(dir, source_files[i].name);
        BYTE *data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, source_files[i].size + 1);
        WCHAR *slash = wcsrchr(path, '\\');
        *slash = 0;
        make_dirs(path);
        *slash = '\\';
        ok(write_file(path, data, source_files[i].size), "write %s", u8(path));
        HeapFree(GetProcessHeap(), 0, data);
    }
}

static IConnectionPoint *events_point(IFileSystemImage *image)
{
    IConnectionPointContainer *container = NULL;
    IConnectionPoint *point = NULL;

    IFileSystemImage_QueryInterface(image, &IID_IConnectionPointContainer, (void **)&container);
    if (container) {
        ok(IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents, &point) == S_OK,
           "FindConnectionPoint");
        IConnectionPointContainer_Release(container);
    }
    return point;
}

static void test_events(const WCHAR *source)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    IConnectionPoint *point;
    struct sink record, failing, unadvising, reentering;
    IStream *data;
    LONG files = 0;

    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemJoliet | FsiFileSystemUDF);
    IFileSystemImage_get_Root(image, &root);
    point = events_point(image);
    if (!point || !root)
        return;
    /* The failing sink first, so that the others come after a failure. */
    sink_init(&failing, SINK_FAIL, image, point);
    sink_init(&record, SINK_RECORD, image, point);
    sink_init(&unadvising, SINK_UNADVISE, image, point);
    sink_init(&reentering, SINK_REENTER, image, point);

    ok(IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE) == S_OK, "AddTree");
    /* The re-entering sink's AddFile is reported to every sink, inside the event that ran it. */
    check_tree_calls(&record, L"", 2, "recording sink");
    check_tree_calls(&failing, L"", 2, "failing sink");
    check_tree_calls(&reentering, L"", 2, "re-entering sink");
    check_file(&record, L"\\from-event.txt", 1, "added from the event");
    ok(reentering.reentered, "the re-entering sink ran");
    ok(unadvising.count == 1 && unadvising.cookie == 0, "the unadvising sink got %d calls", unadvising.count);
    ok(IFileSystemImage_get_FileCount(image, &files) == S_OK && files == 4, "FileCount %ld after AddTree", files);

    /* AddTree with the base folder into a directory, AddFile: the image paths. */
    record.count = failing.count = reentering.count = 0;
    ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"\\into")) == S_OK, "AddDirectory");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_TRUE) == S_OK, "AddTree with base");
    ok(record.count == SOURCE_CALLS, "%d calls", record.count);
    {
        WCHAR prefix[260];
        swprintf(prefix, ARRAYSIZE(prefix), L"\\%ls", path_leaf(source));
        check_tree_calls(&record, prefix, 0, "with base");
    }
    record.count = 0;
    data = memory_stream("0123456789", 10);
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"into/ten.bin"), data) == S_OK, "AddFile");
    ok(record.count == 2, "AddFile: %d calls", record.count);
    check_file(&record, L"\\into\\ten.bin", 1, "AddFile");
    /* A failed edit calls nobody. */
    record.count = 0;
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"into/ten.bin"), data) == IMAPI_E_DUP_NAME, "AddFile twice");
    ok(record.count == 0, "a failed AddFile made %d calls", record.count);

    /* Add of a detached folder: its files are reported when it joins the tree, not while it is filled. */
    {
        IFsiDirectoryItem *loose = NULL;
        ok(IFileSystemImage_CreateDirectoryItem(image, tbstr(L"loose"), &loose) == S_OK, "CreateDirectoryItem");
        if (loose) {
            ok(IFsiDirectoryItem_AddFile(loose, tbstr(L"eleven.bin"), data) == S_OK, "AddFile into a detached folder");
            ok(record.count == 0, "filling a detached folder made %d calls", record.count);
            ok(IFsiDirectoryItem_Add(root, (IFsiItem *)loose) == S_OK, "Add");
            ok(record.count == 2, "Add: %d calls", record.count);
            check_file(&record, L"\\loose\\eleven.bin", 1, "Add");
            IFsiDirectoryItem_Release(loose);
        }
    }
    IStream_Release(data);

    /* After Unadvise: no calls, and the sinks are released. */
    ok(IConnectionPoint_Unadvise(point, record.cookie) == S_OK, "Unadvise");
    ok(IConnectionPoint_Unadvise(point, failing.cookie) == S_OK, "Unadvise");
    ok(IConnectionPoint_Unadvise(point, reentering.cookie) == S_OK, "Unadvise");
    ok(IConnectionPoint_Unadvise(point, unadvising.cookie ? unadvising.cookie : 12345) == CONNECT_E_NOCONNECTION,
       "Unadvise of a sink gone");
    record.count = 0;
    ok(IFsiDirectoryItem_RemoveTree(root, tbstr(L"\\into")) == S_OK, "RemoveTree");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_TRUE) == S_OK, "AddTree without sinks");
    ok(record.count == 0, "%d calls after Unadvise", record.count);
    ok(record.base.ref == 1 && failing.base.ref == 1 && unadvising.base.ref == 1 && reentering.base.ref == 1,
       "sinks still referenced: %ld %ld %ld %ld", record.base.ref, failing.base.ref, unadvising.base.ref,
       reentering.base.ref);

    IConnectionPoint_Release(point);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static void check_unload(void)
{
    HMODULE dll = GetModuleHandleW(L"imapi2fs.dll");
    HRESULT(WINAPI * can_unload)(void) = dll ? (void *)GetProcAddress(dll, "DllCanUnloadNow") : NULL;

    ok(can_unload && can_unload() == S_OK, "DllCanUnloadNow is not S_OK at the end: something leaked");
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *source;

    if (argc != 2) {
        fprintf(stderr, "usage: test_events SCRATCH_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    source = path_join(win_path(argv[1]), L"events-src");
    make_source(source);
    test_events(source);
    check_unload();
    CoUninitialize();
    return test_summary();
}
