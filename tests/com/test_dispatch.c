/* Everything through IDispatch, as VBScript, JScript and PowerShell reach the component: names to
 * DISPIDs, property get/put, methods, default members, _NewEnum, errors as DISP_E_EXCEPTION with
 * EXCEPINFO; then IProvideClassInfo2, the connection points with a sink, and type-info discovery
 * of every object the component hands out (image, folders and files, detached ones too, the named-stream
 * collection and a stream's item, result, progress items and item, block range list and ranges, boot
 * options, ISO image manager); DllCanUnloadNow at the end. The restricted members are com.restricted's.
 * Usage: test_dispatch SMALL_TREE   (path as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "dispatch_util.h"
#include "event_sink.h"
#include "testlib.h"
#include "unload_check.h"

#include <olectl.h>
#include <stdio.h>
#include <wchar.h>

/* ------------------------------------------------------------------ an event sink */

struct sink {
    struct event_sink base;
    int updates, bad_calls;
};

/* Update(object, currentFile, copiedSectors, totalSectors): arguments arrive last first. */
static HRESULT sink_invoke(struct event_sink *base, DISPID member, WORD flags, DISPPARAMS *params,
                           EXCEPINFO *excep)
{
    struct sink *sink = CONTAINING_RECORD(base, struct sink, base);

    (void)flags, (void)excep;
    if (member == DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE && params->cArgs == 4 &&
        V_VT(&params->rgvarg[3]) == VT_DISPATCH && V_VT(&params->rgvarg[2]) == VT_BSTR &&
        V_VT(&params->rgvarg[1]) == VT_I4 && V_VT(&params->rgvarg[0]) == VT_I4 &&
        V_I4(&params->rgvarg[1]) <= V_I4(&params->rgvarg[0]))
        sink->updates++;
    else
        sink->bad_calls++;
    return S_OK;
}

/* ------------------------------------------------------------------ the script-like job */

static IDispatch *create_by_progid(const WCHAR *progid)
{
    IDispatch *object = NULL;
    CLSID clsid;
    HRESULT hr = CLSIDFromProgID(progid, &clsid);

    if (!ok(hr == S_OK, "CLSIDFromProgID(%s): 0x%08lx", u8(progid), hr))
        return NULL;
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IDispatch, (void **)&object);
    ok(hr == S_OK && object, "CoCreateInstance(%s, IID_IDispatch): 0x%08lx", u8(progid), hr);
    return object;
}

static void check_string(VARIANT value, const WCHAR *expected, const char *what)
{
    ok(V_VT(&value) == VT_BSTR && !wcscmp(V_BSTR(&value), expected), "%s is %s (type %d), expected %s", what,
       V_VT(&value) == VT_BSTR ? u8(V_BSTR(&value)) : "?", V_VT(&value), u8(expected));
    VariantClear(&value);
}

static void test_properties(IDispatch *image)
{
    VARIANT value = var_i2(3);

    put_prop(image, L"FileSystemsToCreate", value);
    ok(get_long(image, L"FileSystemsToCreate") == 3, "FileSystemsToCreate read back");
    put_prop(image, L"ISO9660InterchangeLevel", var_i4(2));
    ok(get_long(image, L"ISO9660InterchangeLevel") == 2, "ISO9660InterchangeLevel read back");
    put_prop(image, L"VolumeName", var_bstr(L"Dispatch_1"));
    check_string(get_prop(image, L"VolumeName"), L"Dispatch_1", "VolumeName");
    check_string(get_prop(image, L"VolumeNameJoliet"), L"Dispatch_1", "VolumeNameJoliet");
    check_string(get_prop(image, L"VolumeNameISO9660"), L"DISPATCH_1", "VolumeNameISO9660");
    ok(get_long(image, L"FileCount") == 0, "FileCount of a new image");
}

/* Count, Item (named, as the default member, and as a bare method call) and _NewEnum of root. */
static void test_collection(IDispatch *root, const WCHAR *child)
{
    VARIANT count, item, name, enumerator, arg = var_bstr(child);
    IEnumVARIANT *variants = NULL;
    LONG expected = get_long(root, L"Count"), seen = 0;
    HRESULT hr;

    ok(expected > 0, "root Count %ld after AddTree", expected);
    hr = invoke(root, L"Count", DISPATCH_METHOD, NULL, 0, &count, NULL);
    ok(hr == S_OK && V_VT(&count) == VT_I4 && V_I4(&count) == expected,
       "Count as a bare DISPATCH_METHOD: 0x%08lx, type %d", hr, V_VT(&count));

    hr = invoke(root, L"Item", DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, 1, &item, NULL);
    if (ok(hr == S_OK && V_VT(&item) == VT_DISPATCH, "Item(%s): 0x%08lx", u8(child), hr))
        check_string(get_prop(V_DISPATCH(&item), L"Name"), child, "Item(child).Name");
    VariantClear(&item);
    hr = invoke_id(root, DISPID_VALUE, DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, 1, &item, NULL);
    if (ok(hr == S_OK && V_VT(&item) == VT_DISPATCH, "default member (Item) of root: 0x%08lx", hr))
        check_string(get_prop(V_DISPATCH(&item), L"FullPath"), path_join(L"", child), "root(child).FullPath");
    VariantClear(&item);

    hr = invoke_id(root, DISPID_NEWENUM, DISPATCH_METHOD, NULL, 0, &enumerator, NULL);
    ok(hr == S_OK && (V_VT(&enumerator) == VT_UNKNOWN || V_VT(&enumerator) == VT_DISPATCH),
       "DISPID_NEWENUM as a bare method (JScript): 0x%08lx, type %d", hr, V_VT(&enumerator));
    VariantClear(&enumerator);
    hr = invoke_id(root, DISPID_NEWENUM, DISPATCH_METHOD | DISPATCH_PROPERTYGET, NULL, 0, &enumerator, NULL);
    if (!ok(hr == S_OK && (V_VT(&enumerator) == VT_UNKNOWN || V_VT(&enumerator) == VT_DISPATCH),
            "DISPID_NEWENUM (VBScript For Each): 0x%08lx, type %d", hr, V_VT(&enumerator)))
        return;
    hr = IUnknown_QueryInterface(V_UNKNOWN(&enumerator), &IID_IEnumVARIANT, (void **)&variants);
    VariantClear(&enumerator);
    if (!ok(hr == S_OK, "_NewEnum gives no IEnumVARIANT: 0x%08lx", hr))
        return;
    VariantInit(&item);
    while (IEnumVARIANT_Next(variants, 1, &item, NULL) == S_OK) {
        seen++;
        if (ok(V_VT(&item) == VT_DISPATCH, "For Each element %ld has type %d", seen, V_VT(&item))) {
            name = get_prop(V_DISPATCH(&item), L"Name");
            ok(V_VT(&name) == VT_BSTR && SysStringLen(V_BSTR(&name)) > 0, "For Each element %ld has no Name", seen);
            VariantClear(&name);
        }
        VariantClear(&item);
    }
    ok(seen == expected, "For Each saw %ld items, Count is %ld", seen, expected);
    IEnumVARIANT_Release(variants);
}

static void expect_exception(HRESULT hr, EXCEPINFO *excep, HRESULT scode, const WCHAR *bad_value, const char *what)
{
    if (excep->pfnDeferredFillIn)
        excep->pfnDeferredFillIn(excep);
    ok(hr == DISP_E_EXCEPTION, "%s: 0x%08lx, expected DISP_E_EXCEPTION", what, hr);
    ok(excep->scode == scode, "%s: EXCEPINFO scode 0x%08lx, expected 0x%08lx", what, excep->scode, scode);
    ok(excep->bstrDescription && wcsstr(excep->bstrDescription, bad_value),
       "%s: EXCEPINFO description \"%s\" does not name %s", what, u8(excep->bstrDescription), u8(bad_value));
    SysFreeString(excep->bstrSource);
    SysFreeString(excep->bstrDescription);
    SysFreeString(excep->bstrHelpFile);
}

static void test_errors(IDispatch *image, IDispatch *root)
{
    VARIANT value = var_bstr(L"BAD*NAME");
    LPOLESTR unknown[1] = {(LPOLESTR)L"NoSuchMember"};
    DISPID id = 0;
    EXCEPINFO excep;
    HRESULT hr;

    hr = invoke(image, L"VolumeName", DISPATCH_PROPERTYPUT, &value, 1, NULL, &excep);
    expect_exception(hr, &excep, IMAPI_E_INVALID_VOLUME_NAME, L"BAD*NAME", "VolumeName = \"BAD*NAME\"");
    check_string(get_prop(image, L"VolumeName"), L"Dispatch_1", "VolumeName after a refused put");

    value = var_bstr(L"what?");
    hr = invoke(root, L"AddDirectory", DISPATCH_METHOD, &value, 1, NULL, &excep);
    expect_exception(hr, &excep, IMAPI_E_INVALID_PATH, L"what?", "Root.AddDirectory \"what?\"");

    hr = IDispatch_GetIDsOfNames(image, &IID_NULL, unknown, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == DISP_E_UNKNOWNNAME && id == DISPID_UNKNOWN, "GetIDsOfNames(NoSuchMember): 0x%08lx, id %ld", hr, id);
}

static void test_class_info(IDispatch *image)
{
    IProvideClassInfo2 *class_info = NULL;
    ITypeInfo *coclass = NULL;
    TYPEATTR *attr = NULL;
    GUID source = {0};
    HRESULT hr = IDispatch_QueryInterface(image, &IID_IProvideClassInfo2, (void **)&class_info);

    if (!ok(hr == S_OK, "QueryInterface(IProvideClassInfo2): 0x%08lx", hr))
        return;
    hr = IProvideClassInfo2_GetGUID(class_info, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &source);
    ok(hr == S_OK && IsEqualGUID(&source, &IID_DFileSystemImageEvents),
       "GetGUID(default source): 0x%08lx, not DFileSystemImageEvents", hr);
    hr = IProvideClassInfo2_GetClassInfo(class_info, &coclass);
    if (ok(hr == S_OK && coclass, "GetClassInfo: 0x%08lx", hr)) {
        ITypeInfo_GetTypeAttr(coclass, &attr);
        ok(attr && attr->typekind == TKIND_COCLASS && IsEqualGUID(&attr->guid, &CLSID_MsftFileSystemImage),
           "GetClassInfo is not the MsftFileSystemImage coclass");
        if (attr)
            ITypeInfo_ReleaseTypeAttr(coclass, attr);
        ITypeInfo_Release(coclass);
    }
    IProvideClassInfo2_Release(class_info);
}

static ULONG connection_count(IConnectionPoint *point)
{
    IEnumConnections *connections = NULL;
    CONNECTDATA data;
    ULONG count = 0;

    if (FAILED(IConnectionPoint_EnumConnections(point, &connections)))
        return ~0u;
    while (IEnumConnections_Next(connections, 1, &data, NULL) == S_OK) {
        count++;
        IUnknown_Release(data.pUnk);
    }
    IEnumConnections_Release(connections);
    return count;
}

static void test_connection_points(IDispatch *image, const WCHAR *small)
{
    struct sink sink = {0};
    IConnectionPointContainer *container = NULL;
    IEnumConnectionPoints *points = NULL;
    IConnectionPoint *point = NULL, *import_point = NULL, *listed;
    VARIANT args[2] = {var_bstr(small), var_bool(FALSE)};
    IDispatch *root;
    struct tree_stats stats = {0};
    DWORD cookie = 0;
    IID iid;
    int found = 0;
    HRESULT hr = IDispatch_QueryInterface(image, &IID_IConnectionPointContainer, (void **)&container);

    event_sink_init(&sink.base, sink_invoke);
    if (!ok(hr == S_OK, "QueryInterface(IConnectionPointContainer): 0x%08lx", hr))
        return;
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents, &point);
    ok(hr == S_OK && point, "FindConnectionPoint(DFileSystemImageEvents): 0x%08lx", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageImportEvents, &import_point);
    ok(hr == S_OK && import_point, "FindConnectionPoint(DFileSystemImageImportEvents): 0x%08lx", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_IDispatch, &listed);
    ok(hr == CONNECT_E_NOCONNECTION, "FindConnectionPoint(IDispatch): 0x%08lx", hr);

    if (ok(IConnectionPointContainer_EnumConnectionPoints(container, &points) == S_OK, "EnumConnectionPoints")) {
        while (IEnumConnectionPoints_Next(points, 1, &listed, NULL) == S_OK) {
            IConnectionPoint_GetConnectionInterface(listed, &iid);
            found += IsEqualIID(&iid, &IID_DFileSystemImageEvents) ? 1
                     : IsEqualIID(&iid, &IID_DFileSystemImageImportEvents) ? 2 : 100;
            IConnectionPoint_Release(listed);
        }
        ok(found == 3, "EnumConnectionPoints lists the wrong points (%d)", found);
        IEnumConnectionPoints_Release(points);
    }
    if (point) {
        hr = IConnectionPoint_Advise(point, (IUnknown *)&sink.base.IDispatch_iface, &cookie);
        ok(hr == S_OK && cookie, "Advise: 0x%08lx, cookie %lu", hr, cookie);
        ok(connection_count(point) == 1, "EnumConnections after Advise: %lu", connection_count(point));
        root = get_object(image, L"Root");
        if (root) {
            hr = invoke(root, L"AddTree", DISPATCH_METHOD, args, 2, NULL, NULL);
            ok(hr == S_OK, "Root.AddTree with a sink: 0x%08lx", hr);
            IDispatch_Release(root);
        }
        /* Well-formed Update events, at least one per file added (com.events checks them in detail). */
        tree_stats_of(small, &stats);
        ok(sink.updates >= stats.files && !sink.bad_calls, "sink got %d Update events (%ld files) and %d malformed calls",
           sink.updates, stats.files, sink.bad_calls);
        ok(IConnectionPoint_Unadvise(point, cookie) == S_OK, "Unadvise");
        ok(IConnectionPoint_Unadvise(point, cookie) == CONNECT_E_NOCONNECTION, "Unadvise twice");
        ok(connection_count(point) == 0, "EnumConnections after Unadvise: %lu", connection_count(point));
        ok(sink.base.ref == 1, "the sink's references are %ld after Unadvise", sink.base.ref);
        IConnectionPoint_Release(point);
    }
    if (import_point)
        IConnectionPoint_Release(import_point);
    IConnectionPointContainer_Release(container);
}

static const struct allowed_failure stream_is_real_time = {L"IsRealTime", IMAPI_E_PROPERTY_NOT_ACCESSIBLE};

/* A property or method result that must be an object (caller releases; NULL after a failed check). */
static IDispatch *call_object(IDispatch *object, const WCHAR *name, WORD flags, VARIANT *args, UINT count)
{
    VARIANT value;
    HRESULT hr = invoke(object, name, flags, args, count, &value, NULL);

    if (ok(hr == S_OK && V_VT(&value) == VT_DISPATCH && V_DISPATCH(&value), "%s: 0x%08lx, type %d", u8(name), hr,
           V_VT(&value)))
        return V_DISPATCH(&value);
    VariantClear(&value);
    return NULL;
}

/* ModifiedBlocks and each of its ranges. */
static void probe_block_ranges(IDispatch *result)
{
    IDispatch *list = call_object(result, L"ModifiedBlocks", DISPATCH_PROPERTYGET, NULL, 0);
    VARIANT ranges, *elements = NULL;
    LONG low = 0, high = -1;

    if (!list)
        return;
    ok(probe_properties(list, "BlockRangeList", NULL) == 1, "BlockRangeList has not 1 property");
    ranges = get_prop(list, L"BlockRanges");
    if (ok(V_VT(&ranges) == (VT_ARRAY | VT_VARIANT) && V_ARRAY(&ranges), "BlockRanges of type %d", V_VT(&ranges)) &&
        SUCCEEDED(SafeArrayGetLBound(V_ARRAY(&ranges), 1, &low)) &&
        SUCCEEDED(SafeArrayGetUBound(V_ARRAY(&ranges), 1, &high)) &&
        SUCCEEDED(SafeArrayAccessData(V_ARRAY(&ranges), (void **)&elements))) {
        ok(high >= low, "BlockRanges is empty");
        for (LONG i = 0; i <= high - low; i++)
            if (ok(V_VT(&elements[i]) == VT_DISPATCH, "range %ld of type %d", i, V_VT(&elements[i])))
                ok(probe_properties(V_DISPATCH(&elements[i]), "BlockRange", NULL) == 2,
                   "BlockRange has not 2 properties");
        SafeArrayUnaccessData(V_ARRAY(&ranges));
    }
    VariantClear(&ranges);
    IDispatch_Release(list);
}

/* ProgressItems and its first item. */
static void probe_progress(IDispatch *result)
{
    IDispatch *items = call_object(result, L"ProgressItems", DISPATCH_PROPERTYGET, NULL, 0), *item;
    VARIANT arg = var_i4(0);

    if (!items)
        return;
    ok(probe_properties(items, "ProgressItems", NULL) == 1, "ProgressItems has not 1 property");
    if ((item = call_object(items, L"Item", DISPATCH_PROPERTYGET, &arg, 1))) {
        ok(probe_properties(item, "ProgressItem", NULL) == 4, "ProgressItem has not 4 properties");
        IDispatch_Release(item);
    }
    IDispatch_Release(items);
}

/* The named-stream collection of a file and its stream item. A script cannot reach the collection
 * (FsiNamedStreams is restricted: see com.restricted); a C client holding it through the vtable can
 * still discover it through IDispatch. */
static void probe_named_streams(IDispatch *file)
{
    IFsiFileItem2 *file2 = NULL;
    IFsiNamedStreams *streams = NULL;
    IDispatch *collection = NULL, *stream;
    IStream *data = memory_stream("stream data", 11);
    VARIANT args[2] = {var_bstr(L"notes"), var_unknown((IUnknown *)data)};

    ok(invoke(file, L"AddStream", DISPATCH_METHOD, args, 2, NULL, NULL) == S_OK, "AddStream through Invoke");
    if (ok(IDispatch_QueryInterface(file, &IID_IFsiFileItem2, (void **)&file2) == S_OK, "IFsiFileItem2") &&
        ok(IFsiFileItem2_get_FsiNamedStreams(file2, &streams) == S_OK && streams, "FsiNamedStreams") &&
        ok(IFsiNamedStreams_QueryInterface(streams, &IID_IDispatch, (void **)&collection) == S_OK,
           "FsiNamedStreams: IDispatch")) {
        ok(probe_properties(collection, "FsiNamedStreams", NULL) == 1, "FsiNamedStreams has not 1 property");
        args[0] = var_i4(0);
        if ((stream = call_object(collection, L"Item", DISPATCH_PROPERTYGET, args, 1))) {
            ok(probe_properties(stream, "stream item", &stream_is_real_time) == 12, "a stream item has not 12 properties");
            IDispatch_Release(stream);
        }
        IDispatch_Release(collection);
    }
    if (streams)
        IFsiNamedStreams_Release(streams);
    if (file2)
        IFsiFileItem2_Release(file2);
    IStream_Release(data);
}

/* CreateDirectoryItem / CreateFileItem: items not yet in the tree. */
static void probe_detached(IDispatch *image)
{
    VARIANT arg = var_bstr(L"detached");
    IDispatch *item;

    if ((item = call_object(image, L"CreateDirectoryItem", DISPATCH_METHOD, &arg, 1))) {
        ok(probe_properties(item, "detached FsiDirectoryItem", NULL) == 7, "a detached folder has not 7 properties");
        IDispatch_Release(item);
    }
    arg = var_bstr(L"detached.txt");
    if ((item = call_object(image, L"CreateFileItem", DISPATCH_METHOD, &arg, 1))) {
        ok(probe_properties(item, "detached FsiFileItem", NULL) == 12, "a detached file has not 12 properties");
        IDispatch_Release(item);
    }
}

/* Every object the component hands out that has an IDispatch, read the way PowerShell lists an object's
 * properties. */
static void test_discovery(IDispatch *image, const WCHAR *source, const WCHAR *child_file)
{
    IDispatch *root = get_object(image, L"Root"), *file = NULL, *result = NULL;
    IDispatch *boot = create_by_progid(L"IMAPI2FS.BootOptions");
    IDispatch *manager = create_by_progid(L"IMAPI2FS.MsftIsoImageManager");
    IStream *boot_image = memory_stream("boot sector", 2048);
    VARIANT arg = var_bstr(child_file), value;

    ok(probe_properties(image, "MsftFileSystemImage", NULL) == 26, "MsftFileSystemImage has not 26 properties");
    ok(probe_properties(root, "Root", NULL) == 7, "FsiDirectoryItem has not 7 properties");
    if (root && (file = call_object(root, L"Item", DISPATCH_PROPERTYGET, &arg, 1)))
        ok(probe_properties(file, "FsiFileItem", NULL) == 12, "FsiFileItem has not 12 properties");
    if ((result = call_object(image, L"CreateResultImage", DISPATCH_METHOD, NULL, 0))) {
        ok(get_long(result, L"BlockSize") == 2048, "result BlockSize");
        ok(get_long(result, L"TotalBlocks") == get_long(image, L"UsedBlocks"), "TotalBlocks == UsedBlocks");
        value = get_prop(result, L"ImageStream");
        ok(V_VT(&value) == VT_UNKNOWN || V_VT(&value) == VT_DISPATCH, "ImageStream type %d", V_VT(&value));
        VariantClear(&value);
        ok(probe_properties(result, "FileSystemImageResult", NULL) == 6, "FileSystemImageResult has not 6 properties");
        probe_progress(result);
        probe_block_ranges(result);
        IDispatch_Release(result);
    }
    if (file) {
        probe_named_streams(file);
        IDispatch_Release(file);
    }
    probe_detached(image);
    if (boot) {
        arg = var_unknown((IUnknown *)boot_image);
        ok(invoke(boot, L"AssignBootImage", DISPATCH_METHOD, &arg, 1, NULL, NULL) == S_OK, "AssignBootImage");
        ok(probe_properties(boot, "BootOptions", NULL) == 5, "BootOptions has not 5 properties");
        IDispatch_Release(boot);
    }
    if (manager) {
        arg = var_bstr(path_join(source, child_file));
        ok(invoke(manager, L"SetPath", DISPATCH_METHOD, &arg, 1, NULL, NULL) == S_OK, "SetPath");
        ok(probe_properties(manager, "MsftIsoImageManager", NULL) == 2, "MsftIsoImageManager has not 2 properties");
        IDispatch_Release(manager);
    }
    IStream_Release(boot_image);
    if (root)
        IDispatch_Release(root);
}

static void first_file(const WCHAR *source, WCHAR *file)
{
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(path_join(source, L"*"), &data);

    file[0] = 0;
    if (find == INVALID_HANDLE_VALUE)
        return;
    do
        if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
            wcscpy(file, data.cFileName);
            break;
        }
    while (FindNextFileW(find, &data));
    FindClose(find);
}

int wmain(int argc, WCHAR **argv)
{
    IDispatch *image, *root;
    WCHAR *small, file[MAX_PATH];
    VARIANT args[2];
    HRESULT hr;

    if (argc != 2) {
        printf("usage: test_dispatch SMALL_TREE\n");
        return 2;
    }
    small = win_path(argv[1]);
    first_file(small, file);
    ok(file[0] != 0, "no file at the top of %s", u8(small));
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    image = create_by_progid(L"IMAPI2FS.MsftFileSystemImage");
    if (!image)
        return test_summary() | 2;
    test_properties(image);
    test_class_info(image);
    test_connection_points(image, small);

    root = get_object(image, L"Root");
    if (root) {
        args[0] = var_bstr(small);
        args[1] = var_bool(TRUE);
        hr = invoke(root, L"AddTree", DISPATCH_METHOD, args, 2, NULL, NULL);
        ok(hr == S_OK, "Root.AddTree(small, True): 0x%08lx", hr);
        test_collection(root, file);
        test_errors(image, root);
        IDispatch_Release(root);
    }
    test_discovery(image, small, file);
    IDispatch_Release(image);
    check_unload_now("at the end");
    CoUninitialize();
    return test_summary();
}
