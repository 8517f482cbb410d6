/* The [hidden, restricted] getters of every object, as late-bound clients and as C clients meet them.
 *
 * Through IDispatch: oleaut32's ITypeInfo::Invoke, which our IDispatch delegates to, refuses a restricted
 * member with a positive DISPID with DISP_E_MEMBERNOTFOUND and lets negative ones (_NewEnum, -4) through.
 * Windows does so as well as Wine 8: Wine's own conformance test (dlls/oleaut32/tests/tmarshal.c, run on
 * Windows) expects DISP_E_MEMBERNOTFOUND for a restricted member invoked through a type-library
 * IDispatch and S_OK for one with a negative DISPID. So a script gets error 438 for FsiNamedStreams,
 * EnumFsiItems, EnumProgressItems and EnumNamedStreams on either system, and PowerShell does not even list
 * them (its COM adapter skips FUNCFLAG_FRESTRICTED members). This test pins that down for every object:
 * the type information flags exactly the expected members restricted and hidden, GetIDsOfNames finds
 * them, Invoke refuses the positive ones and serves _NewEnum.
 *
 * Through the vtable, where C and C++ clients use them, each one works: EnumFsiItems and EnumNamedStreams
 * list the items Count and _NewEnum list, EnumProgressItems the progress items Item gives, FsiNamedStreams
 * the collection, whose script-facing members (Count, Item as the default member, For Each, the errors
 * in EXCEPINFO) are then driven through its IDispatch. No image is written.
 * Usage: test_restricted
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "dispatch_util.h"
#include "testlib.h"
#include "unload_check.h"

#include <wchar.h>

struct restricted_member {
    const WCHAR *name;
    DISPID id;
};

/* ------------------------------------------------------------------ the type information */

static BOOL is_expected(const struct restricted_member *expected, size_t count, const WCHAR *name, DISPID id)
{
    for (size_t i = 0; i < count; i++)
        if (!wcscmp(expected[i].name, name) && expected[i].id == id)
            return TRUE;
    return FALSE;
}

/* The restricted functions of an interface and its bases (down to IDispatch), as the vtable view of a dual
 * interface lists them; each must be an expected hidden property get. Returns how many there are. */
static int count_restricted(ITypeInfo *info, const char *what, const struct restricted_member *expected,
                            size_t count)
{
    TYPEATTR *attr = NULL;
    HREFTYPE ref;
    ITypeInfo *other = NULL;
    int found = 0;

    if (FAILED(ITypeInfo_GetTypeAttr(info, &attr)))
        return 0;
    if (IsEqualGUID(&attr->guid, &IID_IDispatch) || IsEqualGUID(&attr->guid, &IID_IUnknown)) {
        ITypeInfo_ReleaseTypeAttr(info, attr);
        return 0;
    }
    if (attr->typekind == TKIND_DISPATCH) {
        ok(attr->wTypeFlags & TYPEFLAG_FDUAL, "%s: the type information is not a dual interface", what);
        if (SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, -1, &ref)) &&
            SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, ref, &other))) {
            found = count_restricted(other, what, expected, count);
            ITypeInfo_Release(other);
        }
        ITypeInfo_ReleaseTypeAttr(info, attr);
        return found;
    }
    for (UINT i = 0; i < attr->cFuncs; i++) {
        FUNCDESC *func = NULL;
        BSTR name = NULL;

        if (FAILED(ITypeInfo_GetFuncDesc(info, i, &func)))
            continue;
        if (func->wFuncFlags & FUNCFLAG_FRESTRICTED) {
            ITypeInfo_GetDocumentation(info, func->memid, &name, NULL, NULL, NULL);
            ok(name && is_expected(expected, count, name, func->memid), "%s: %s (DISPID %ld) is restricted",
               what, u8(name), func->memid);
            ok((func->wFuncFlags & FUNCFLAG_FHIDDEN) && func->invkind == INVOKE_PROPERTYGET,
               "%s.%s: flags 0x%x, invoke kind %d; expected a hidden property get", what, u8(name),
               func->wFuncFlags, func->invkind);
            SysFreeString(name);
            found++;
        }
        ITypeInfo_ReleaseFuncDesc(info, func);
    }
    if (attr->cImplTypes == 1 && SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, 0, &ref)) &&
        SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, ref, &other))) {
        found += count_restricted(other, what, expected, count);
        ITypeInfo_Release(other);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    return found;
}

/* ------------------------------------------------------------------ late binding */

static void clear_excep(EXCEPINFO *excep)
{
    SysFreeString(excep->bstrSource);
    SysFreeString(excep->bstrDescription);
    SysFreeString(excep->bstrHelpFile);
}

/* _NewEnum through Invoke: an IEnumVARIANT. */
static void check_new_enum_invoke(IDispatch *object, const char *what, WORD flags)
{
    IEnumVARIANT *variants = NULL;
    VARIANT value;
    HRESULT hr = invoke_id(object, DISPID_NEWENUM, flags, NULL, 0, &value, NULL);

    if (ok(hr == S_OK && (V_VT(&value) == VT_UNKNOWN || V_VT(&value) == VT_DISPATCH) && V_UNKNOWN(&value),
           "%s._NewEnum (flags %u): 0x%08lx, type %d", what, flags, hr, V_VT(&value))) {
        ok(IUnknown_QueryInterface(V_UNKNOWN(&value), &IID_IEnumVARIANT, (void **)&variants) == S_OK,
           "%s._NewEnum gives no IEnumVARIANT", what);
        if (variants)
            IEnumVARIANT_Release(variants);
    }
    VariantClear(&value);
}

/* A positive restricted DISPID through Invoke: refused, nothing returned. */
static void check_refused_invoke(IDispatch *object, const char *what, const struct restricted_member *member,
                                 WORD flags)
{
    EXCEPINFO excep;
    VARIANT value;
    HRESULT hr = invoke_id(object, member->id, flags, NULL, 0, &value, &excep);

    ok(hr == DISP_E_MEMBERNOTFOUND && V_VT(&value) == VT_EMPTY,
       "%s.%s through Invoke (flags %u): 0x%08lx, type %d; expected DISP_E_MEMBERNOTFOUND as oleaut32 answers",
       what, u8(member->name), flags, hr, V_VT(&value));
    VariantClear(&value);
    clear_excep(&excep);
}

static void check_restricted(IDispatch *object, const char *what, const struct restricted_member *expected,
                             size_t count)
{
    static const WORD flag_sets[] = {DISPATCH_PROPERTYGET, DISPATCH_METHOD | DISPATCH_PROPERTYGET,
                                     DISPATCH_METHOD};
    ITypeInfo *info = NULL;
    int found;

    if (!ok(object != NULL, "%s: no object", what))
        return;
    if (ok(IDispatch_GetTypeInfo(object, 0, LOCALE_USER_DEFAULT, &info) == S_OK && info, "%s: GetTypeInfo", what)) {
        found = count_restricted(info, what, expected, count);
        ok(found == (int)count, "%s: %d restricted members, expected %u", what, found, (unsigned)count);
        ITypeInfo_Release(info);
    }
    for (size_t i = 0; i < count; i++) {
        LPOLESTR names[1] = {(LPOLESTR)expected[i].name};
        DISPID id = 0;
        HRESULT hr = IDispatch_GetIDsOfNames(object, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);

        ok(hr == S_OK && id == expected[i].id, "%s: GetIDsOfNames(%s): 0x%08lx, DISPID %ld, expected %ld", what,
           u8(expected[i].name), hr, id, expected[i].id);
        for (size_t f = 0; f < ARRAYSIZE(flag_sets); f++)
            if (expected[i].id == DISPID_NEWENUM)
                check_new_enum_invoke(object, what, flag_sets[f]);
            else
                check_refused_invoke(object, what, &expected[i], flag_sets[f]);
    }
}

static IDispatch *dispatch_of(void *object)
{
    IDispatch *dispatch = NULL;

    ok(object && IUnknown_QueryInterface((IUnknown *)object, &IID_IDispatch, (void **)&dispatch) == S_OK,
       "QueryInterface(IDispatch)");
    return dispatch;
}

/* "name;" for each element of _NewEnum invoked as VBScript's For Each does. */
static void names_by_for_each(IDispatch *collection, WCHAR *names, size_t size)
{
    IEnumVARIANT *variants = NULL;
    VARIANT value, element, name;

    names[0] = 0;
    if (invoke_id(collection, DISPID_NEWENUM, DISPATCH_METHOD | DISPATCH_PROPERTYGET, NULL, 0, &value, NULL) != S_OK)
        return;
    if (V_VT(&value) == VT_UNKNOWN || V_VT(&value) == VT_DISPATCH)
        IUnknown_QueryInterface(V_UNKNOWN(&value), &IID_IEnumVARIANT, (void **)&variants);
    VariantClear(&value);
    if (!ok(variants != NULL, "For Each: no IEnumVARIANT"))
        return;
    VariantInit(&element);
    while (IEnumVARIANT_Next(variants, 1, &element, NULL) == S_OK) {
        if (ok(V_VT(&element) == VT_DISPATCH, "For Each element of type %d", V_VT(&element))) {
            name = get_prop(V_DISPATCH(&element), L"Name");
            if (V_VT(&name) == VT_BSTR && wcslen(names) + SysStringLen(V_BSTR(&name)) + 2 < size) {
                wcscat(names, V_BSTR(&name));
                wcscat(names, L";");
            }
            VariantClear(&name);
        }
        VariantClear(&element);
    }
    IEnumVARIANT_Release(variants);
}

/* "name;" for each item IEnumFsiItems::Next gives, one at a time; the end is S_FALSE with nothing fetched. */
static void names_by_enum_fsi_items(IEnumFsiItems *items, WCHAR *names, size_t size)
{
    IFsiItem *item = NULL;
    ULONG fetched = 0;
    BSTR name;

    names[0] = 0;
    while (IEnumFsiItems_Next(items, 1, &item, &fetched) == S_OK) {
        ok(fetched == 1 && item, "Next fetched %lu", fetched);
        if (!item)
            break;
        name = NULL;
        ok(IFsiItem_get_Name(item, &name) == S_OK, "Name of an enumerated item");
        if (name && wcslen(names) + SysStringLen(name) + 2 < size) {
            wcscat(names, name);
            wcscat(names, L";");
        }
        SysFreeString(name);
        IFsiItem_Release(item);
        item = NULL;
    }
    ok(fetched == 0 && !item, "the end of IEnumFsiItems fetched %lu", fetched);
}

static void expect_exception(HRESULT hr, EXCEPINFO *excep, HRESULT scode, const char *what)
{
    ok(hr == DISP_E_EXCEPTION && excep->scode == scode, "%s: 0x%08lx, scode 0x%08lx, expected scode 0x%08lx", what,
       hr, excep->scode, scode);
    ok(excep->bstrDescription && SysStringLen(excep->bstrDescription) > 0, "%s: no description in EXCEPINFO", what);
    clear_excep(excep);
}

/* ------------------------------------------------------------------ the objects */

static const struct restricted_member file_members[] = {{L"FsiNamedStreams", 45}};
static const struct restricted_member directory_members[] = {{L"_NewEnum", DISPID_NEWENUM}, {L"EnumFsiItems", 2}};
static const struct restricted_member streams_members[] = {{L"_NewEnum", DISPID_NEWENUM}, {L"EnumNamedStreams", 82}};
static const struct restricted_member progress_members[] = {{L"_NewEnum", DISPID_NEWENUM}, {L"EnumProgressItems", 4}};

/* A stream's item (the stream "one" of \a.txt): restricted like any file item, its stream members refused as
 * documented. */
static void test_stream_item(IDispatch *stream, IUnknown *data)
{
    IFsiFileItem2 *item = NULL;
    IFsiNamedStreams *none = (IFsiNamedStreams *)&none;
    VARIANT args[2] = {var_bstr(L"more"), var_unknown(data)}, value;
    EXCEPINFO excep;
    HRESULT hr;

    check_restricted(stream, "stream item", file_members, ARRAYSIZE(file_members));
    value = get_prop(stream, L"FullPath");
    ok(V_VT(&value) == VT_BSTR && !wcscmp(V_BSTR(&value), L"\\a.txt:one"), "stream.FullPath is %s",
       V_VT(&value) == VT_BSTR ? u8(V_BSTR(&value)) : "?");
    VariantClear(&value);
    value = get_prop(stream, L"IsNamedStream");
    ok(V_VT(&value) == VT_BOOL && V_BOOL(&value) == VARIANT_TRUE, "stream.IsNamedStream");
    hr = invoke(stream, L"IsRealTime", DISPATCH_PROPERTYGET, NULL, 0, &value, &excep);
    expect_exception(hr, &excep, IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "stream.IsRealTime through Invoke");
    VariantClear(&value);
    value = var_bool(TRUE);
    hr = invoke(stream, L"IsRealTime", DISPATCH_PROPERTYPUT, &value, 1, NULL, &excep);
    expect_exception(hr, &excep, IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "stream.IsRealTime = True through Invoke");
    hr = invoke(stream, L"AddStream", DISPATCH_METHOD, args, 2, NULL, &excep);
    expect_exception(hr, &excep, IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "stream.AddStream through Invoke");
    hr = invoke(stream, L"RemoveStream", DISPATCH_METHOD, args, 1, NULL, &excep);
    expect_exception(hr, &excep, IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "stream.RemoveStream through Invoke");
    if (ok(IDispatch_QueryInterface(stream, &IID_IFsiFileItem2, (void **)&item) == S_OK, "stream: IFsiFileItem2")) {
        hr = IFsiFileItem2_get_FsiNamedStreams(item, &none);
        ok(hr == IMAPI_E_PROPERTY_NOT_ACCESSIBLE && !none, "stream FsiNamedStreams through the vtable: 0x%08lx", hr);
        IFsiFileItem2_Release(item);
    }
}

/* The collection of \a.txt with the streams "one" (10 bytes) and "two" (3000 bytes); data: any IStream. */
static void test_named_streams(IFsiNamedStreams *streams, IUnknown *data)
{
    IDispatch *collection = dispatch_of(streams), *first = NULL;
    IEnumFsiItems *items = NULL;
    VARIANT arg, value;
    EXCEPINFO excep;
    WCHAR names[64];
    HRESULT hr;

    check_restricted(collection, "FsiNamedStreams", streams_members, ARRAYSIZE(streams_members));
    hr = IFsiNamedStreams_get_EnumNamedStreams(streams, &items);
    if (ok(hr == S_OK && items, "EnumNamedStreams through the vtable: 0x%08lx", hr)) {
        names_by_enum_fsi_items(items, names, ARRAYSIZE(names));
        ok(!wcscmp(names, L"one;two;"), "EnumNamedStreams lists \"%s\"", u8(names));
        IEnumFsiItems_Release(items);
    }
    if (!collection)
        return;
    /* What a script would do with the collection in hand. */
    ok(get_long(collection, L"Count") == 2, "Count through Invoke");
    names_by_for_each(collection, names, ARRAYSIZE(names));
    ok(!wcscmp(names, L"one;two;"), "For Each lists \"%s\"", u8(names));
    arg = var_i4(0);
    hr = invoke(collection, L"Item", DISPATCH_PROPERTYGET, &arg, 1, &value, NULL);
    if (ok(hr == S_OK && V_VT(&value) == VT_DISPATCH, "Item(0): 0x%08lx", hr)) {
        first = V_DISPATCH(&value);
        VariantInit(&value);
        value = get_prop(first, L"Name");
        ok(V_VT(&value) == VT_BSTR && !wcscmp(V_BSTR(&value), L"one"), "Item(0).Name");
        VariantClear(&value);
        ok(get_long(first, L"DataSize") == 10, "Item(0).DataSize");
    }
    VariantClear(&value);
    arg = var_i4(1);
    hr = invoke_id(collection, DISPID_VALUE, DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, 1, &value, NULL);
    if (ok(hr == S_OK && V_VT(&value) == VT_DISPATCH, "the default member (1): 0x%08lx", hr))
        ok(get_long(V_DISPATCH(&value), L"DataSize") == 3000, "streams(1).DataSize");
    VariantClear(&value);
    arg = var_i4(2);
    hr = invoke(collection, L"Item", DISPATCH_PROPERTYGET, &arg, 1, &value, &excep);
    expect_exception(hr, &excep, IMAPI_E_INVALID_PARAM, "Item(2)");
    ok(V_VT(&value) != VT_DISPATCH || !V_DISPATCH(&value), "Item(2) returned an object");
    VariantClear(&value);
    arg = var_i4(-1);
    hr = invoke(collection, L"Item", DISPATCH_PROPERTYGET, &arg, 1, &value, &excep);
    expect_exception(hr, &excep, IMAPI_E_INVALID_PARAM, "Item(-1)");
    VariantClear(&value);
    if (first) {
        test_stream_item(first, data);
        IDispatch_Release(first);
    }
    IDispatch_Release(collection);
}

static void test_file(IFsiFileItem2 *file)
{
    IDispatch *dispatch = dispatch_of(file);
    IFsiNamedStreams *streams = NULL;
    IStream *one = memory_stream("stream one", 10), *two;
    BYTE bytes[3000];
    HRESULT hr;

    memset(bytes, 0x5a, sizeof(bytes));
    two = memory_stream(bytes, sizeof(bytes));
    check_restricted(dispatch, "FsiFileItem", file_members, ARRAYSIZE(file_members));
    ok(IFsiFileItem2_AddStream(file, tbstr(L"one"), one) == S_OK, "AddStream one");
    ok(IFsiFileItem2_AddStream(file, tbstr(L"two"), two) == S_OK, "AddStream two");
    hr = IFsiFileItem2_get_FsiNamedStreams(file, &streams);
    if (ok(hr == S_OK && streams, "FsiNamedStreams through the vtable: 0x%08lx", hr)) {
        test_named_streams(streams, (IUnknown *)one);
        IFsiNamedStreams_Release(streams);
    }
    /* The refusal through Invoke holds whatever the collection holds. */
    check_restricted(dispatch, "FsiFileItem with streams", file_members, ARRAYSIZE(file_members));
    IStream_Release(one);
    IStream_Release(two);
    if (dispatch)
        IDispatch_Release(dispatch);
}

static void test_directory(IFsiDirectoryItem *root)
{
    IDispatch *dispatch = dispatch_of(root);
    IEnumFsiItems *items = NULL;
    WCHAR by_enum[128], by_for_each[128];
    HRESULT hr;

    check_restricted(dispatch, "FsiDirectoryItem", directory_members, ARRAYSIZE(directory_members));
    hr = IFsiDirectoryItem_get_EnumFsiItems(root, &items);
    if (ok(hr == S_OK && items, "EnumFsiItems through the vtable: 0x%08lx", hr)) {
        names_by_enum_fsi_items(items, by_enum, ARRAYSIZE(by_enum));
        IEnumFsiItems_Release(items);
        ok(wcsstr(by_enum, L"a.txt;") && wcsstr(by_enum, L"b.txt;") && wcsstr(by_enum, L"dir;") &&
               wcslen(by_enum) == wcslen(L"a.txt;b.txt;dir;"),
           "EnumFsiItems lists \"%s\"", u8(by_enum));
        if (dispatch) {
            names_by_for_each(dispatch, by_for_each, ARRAYSIZE(by_for_each));
            ok(!wcscmp(by_enum, by_for_each), "EnumFsiItems lists \"%s\", For Each \"%s\"", u8(by_enum),
               u8(by_for_each));
        }
    }
    if (dispatch)
        IDispatch_Release(dispatch);
}

/* The progress items of the image's result (before any named stream is added): one per file with data, in
 * the order Item gives them. */
static void test_progress_items(IFileSystemImage *image)
{
    IFileSystemImageResult *result = NULL;
    IProgressItems *progress = NULL;
    IEnumProgressItems *items = NULL;
    IProgressItem *item = NULL;
    IDispatch *dispatch = NULL;
    LONG count = -1, index = 0;
    ULONG fetched = 0;
    HRESULT hr;

    if (!ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK && result, "CreateResultImage"))
        return;
    if (!ok(IFileSystemImageResult_get_ProgressItems(result, &progress) == S_OK && progress, "ProgressItems")) {
        IFileSystemImageResult_Release(result);
        return;
    }
    dispatch = dispatch_of(progress);
    check_restricted(dispatch, "ProgressItems", progress_members, ARRAYSIZE(progress_members));
    hr = IProgressItems_get_Count(progress, &count);
    ok(hr == S_OK && count == 3, "ProgressItems.Count: 0x%08lx, %ld", hr, count);
    hr = IProgressItems_get_EnumProgressItems(progress, &items);
    if (ok(hr == S_OK && items, "EnumProgressItems through the vtable: 0x%08lx", hr)) {
        while (IEnumProgressItems_Next(items, 1, &item, &fetched) == S_OK && item) {
            VARIANT arg = var_i4(index), value;
            BSTR mine = NULL;

            ok(IProgressItem_get_Description(item, &mine) == S_OK && mine, "Description of item %ld", index);
            hr = invoke(dispatch, L"Item", DISPATCH_PROPERTYGET, &arg, 1, &value, NULL);
            if (ok(hr == S_OK && V_VT(&value) == VT_DISPATCH, "Item(%ld) through Invoke: 0x%08lx", index, hr)) {
                VARIANT theirs = get_prop(V_DISPATCH(&value), L"Description");
                ok(mine && V_VT(&theirs) == VT_BSTR && !wcscmp(mine, V_BSTR(&theirs)),
                   "EnumProgressItems item %ld is %s, Item(%ld) is %s", index, u8(mine), index,
                   V_VT(&theirs) == VT_BSTR ? u8(V_BSTR(&theirs)) : "?");
                VariantClear(&theirs);
            }
            VariantClear(&value);
            SysFreeString(mine);
            IProgressItem_Release(item);
            item = NULL;
            index++;
        }
        ok(index == count && fetched == 0, "EnumProgressItems gave %ld items (Count %ld), then fetched %lu", index,
           count, fetched);
        IEnumProgressItems_Release(items);
    }
    if (dispatch)
        IDispatch_Release(dispatch);
    IProgressItems_Release(progress);
    IFileSystemImageResult_Release(result);
}

int wmain(int argc, WCHAR **argv)
{
    IFileSystemImage *image = NULL;
    IFsiDirectoryItem *root = NULL;
    IFsiItem *item = NULL;
    IFsiFileItem2 *file = NULL;
    IStream *data[3];

    (void)argv;
    if (argc != 1) {
        printf("usage: test_restricted\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    image = create_image();
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet |
                                                           FsiFileSystemUDF) == S_OK,
       "FileSystemsToCreate");
    ok(IFileSystemImage_put_UDFRevision(image, 0x201) == S_OK, "UDFRevision 2.01");
    ok(IFileSystemImage_get_Root(image, &root) == S_OK && root, "Root");
    data[0] = memory_stream("first file", 10);
    data[1] = memory_stream("the second file", 15);
    data[2] = memory_stream("a file in a folder", 18);
    if (root) {
        ok(IFsiDirectoryItem_AddFile(root, tbstr(L"a.txt"), data[0]) == S_OK, "AddFile a.txt");
        ok(IFsiDirectoryItem_AddFile(root, tbstr(L"b.txt"), data[1]) == S_OK, "AddFile b.txt");
        ok(IFsiDirectoryItem_AddDirectory(root, tbstr(L"dir")) == S_OK, "AddDirectory dir");
        ok(IFsiDirectoryItem_AddFile(root, tbstr(L"dir\\c.txt"), data[2]) == S_OK, "AddFile dir\\c.txt");
        test_directory(root);
        test_progress_items(image);
        if (ok(IFsiDirectoryItem_get_Item(root, tbstr(L"a.txt"), &item) == S_OK && item, "Item a.txt") &&
            ok(IFsiItem_QueryInterface(item, &IID_IFsiFileItem2, (void **)&file) == S_OK, "a.txt: IFsiFileItem2")) {
            test_file(file);
            IFsiFileItem2_Release(file);
        }
        if (item)
            IFsiItem_Release(item);
        IFsiDirectoryItem_Release(root);
    }
    for (size_t i = 0; i < ARRAYSIZE(data); i++)
        IStream_Release(data[i]);
    IFileSystemImage_Release(image);
    check_unload_now("at the end");
    CoUninitialize();
    return test_summary();
}
