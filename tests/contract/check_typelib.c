/* The type library (a .tlb file, or resource 1 of a module) against the reference list: each member
 * is found by name and invoke kind, in its reference slot, with its DISPID, reachable by name through
 * IDispatch, hidden and restricted exactly where the reference says; interface flags, coclasses and
 * the library's own attributes as the reference says.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "contract.h"

/* Members the reference (section 10, item 6) marks [hidden, restricted]; no other member is either. */
static const char *const hidden_restricted_methods[] = {
    "get__NewEnum", "get_EnumFsiItems", "get_EnumProgressItems", "get_EnumNamedStreams", "get_FsiNamedStreams",
};

/* Dispatchable 0x1000, OleAutomation 0x100, NonExtensible 0x80, Dual 0x40: the Win10 typelib flags of
 * reference section 3.1 (IDiscRecorder2: dual, nonextensible, section 1). */
static const struct {
    const char *name;
    const IID *iid;
    WORD flags;
} interface_flags[] = {
    { "IFileSystemImage", &IID_IFileSystemImage, 0x1140 },
    { "IFileSystemImage2", &IID_IFileSystemImage2, 0x1140 },
    { "IFileSystemImage3", &IID_IFileSystemImage3, 0x1140 },
    { "IFsiItem", &IID_IFsiItem, 0x1140 },
    { "IFsiDirectoryItem", &IID_IFsiDirectoryItem, 0x1140 },
    { "IFsiDirectoryItem2", &IID_IFsiDirectoryItem2, 0x1140 },
    { "IFsiFileItem", &IID_IFsiFileItem, 0x1140 },
    { "IFsiFileItem2", &IID_IFsiFileItem2, 0x1140 },
    { "IFsiNamedStreams", &IID_IFsiNamedStreams, 0x11C0 },
    { "IEnumFsiItems", &IID_IEnumFsiItems, 0 },
    { "IFileSystemImageResult", &IID_IFileSystemImageResult, 0x1140 },
    { "IFileSystemImageResult2", &IID_IFileSystemImageResult2, 0x1140 },
    { "IProgressItem", &IID_IProgressItem, 0x11C0 },
    { "IProgressItems", &IID_IProgressItems, 0x11C0 },
    { "IEnumProgressItems", &IID_IEnumProgressItems, 0 },
    { "IBootOptions", &IID_IBootOptions, 0x11C0 },
    { "IIsoImageManager", &IID_IIsoImageManager, 0x1000 },
    { "DFileSystemImageEvents", &IID_DFileSystemImageEvents, 0x1180 },
    { "DFileSystemImageImportEvents", &IID_DFileSystemImageImportEvents, 0x1180 },
    { "IBlockRange", &IID_IBlockRange, 0x1140 },
    { "IBlockRangeList", &IID_IBlockRangeList, 0x1140 },
    { "IDiscRecorder2", &IID_IDiscRecorder2, 0x11C0 },
};
#define INTERFACE_FLAG_MASK (TYPEFLAG_FDISPATCHABLE | TYPEFLAG_FOLEAUTOMATION | TYPEFLAG_FNONEXTENSIBLE | TYPEFLAG_FDUAL)

/* Reference section 3: CLSID, creatable, default interface and (MsftFileSystemImage) default source. */
static const struct {
    const WCHAR *name;
    const CLSID *clsid;
    BOOL creatable;
    const IID *default_interface;
    const IID *default_source;
} coclasses[] = {
    { L"MsftFileSystemImage", &CLSID_MsftFileSystemImage, TRUE, &IID_IFileSystemImage3, &IID_DFileSystemImageEvents },
    { L"BootOptions", &CLSID_BootOptions, TRUE, &IID_IBootOptions, NULL },
    { L"MsftIsoImageManager", &CLSID_MsftIsoImageManager, TRUE, &IID_IIsoImageManager, NULL },
    { L"FsiStream", &CLSID_FsiStream, FALSE, &IID_IStream, NULL },
    { L"FileSystemImageResult", &CLSID_FileSystemImageResult, FALSE, &IID_IFileSystemImageResult2, NULL },
    { L"ProgressItem", &CLSID_ProgressItem, FALSE, &IID_IProgressItem, NULL },
    { L"EnumProgressItems", &CLSID_EnumProgressItems, FALSE, &IID_IEnumProgressItems, NULL },
    { L"ProgressItems", &CLSID_ProgressItems, FALSE, &IID_IProgressItems, NULL },
    { L"FsiDirectoryItem", &CLSID_FsiDirectoryItem, FALSE, &IID_IFsiDirectoryItem2, NULL },
    { L"FsiFileItem", &CLSID_FsiFileItem, FALSE, &IID_IFsiFileItem2, NULL },
    { L"EnumFsiItems", &CLSID_EnumFsiItems, FALSE, &IID_IEnumFsiItems, NULL },
    { L"FsiNamedStreams", &CLSID_FsiNamedStreams, FALSE, &IID_IFsiNamedStreams, NULL },
    { L"BlockRange", &CLSID_BlockRange, FALSE, &IID_IBlockRange, NULL },
    { L"BlockRangeList", &CLSID_BlockRangeList, FALSE, &IID_IBlockRangeList, NULL },
};

/* The type infos of one interface: the one with the vtable (TKIND_INTERFACE) and the one scripts call
 * (the TKIND_DISPATCH half of a dual interface; otherwise the same). */
struct interface_infos {
    ITypeInfo *vtable;
    ITypeInfo *dispatch;
};

static BOOL is_base_method(const char *method)
{
    static const char *const base[] = { "QueryInterface", "AddRef", "Release", "GetTypeInfoCount", "GetTypeInfo",
                                        "GetIDsOfNames", "Invoke" };

    for (size_t i = 0; i < ARRAYSIZE(base); i++)
        if (!strcmp(method, base[i]))
            return TRUE;
    return FALSE;
}

static BOOL is_hidden_restricted(const char *method)
{
    for (size_t i = 0; i < ARRAYSIZE(hidden_restricted_methods); i++)
        if (!strcmp(method, hidden_restricted_methods[i]))
            return TRUE;
    return FALSE;
}

/* get_X / put_X are the two halves of property X; anything else is a method of that name, except the
 * enumerators' [local] Next, which the type library describes by its wire form RemoteNext. */
static INVOKEKIND member_of_method(const char *method, WCHAR *member, size_t size)
{
    INVOKEKIND kind = INVOKE_FUNC;

    if (!strcmp(method, "Next")) {
        method = "RemoteNext";
    } else if (!strncmp(method, "get_", 4)) {
        kind = INVOKE_PROPERTYGET;
        method += 4;
    } else if (!strncmp(method, "put_", 4)) {
        kind = INVOKE_PROPERTYPUT;
        method += 4;
    }
    MultiByteToWideChar(CP_UTF8, 0, method, -1, member, (int)size);
    return kind;
}

static const char *invoke_kind_name(INVOKEKIND kind)
{
    switch (kind) {
    case INVOKE_PROPERTYGET: return "propget";
    case INVOKE_PROPERTYPUT: return "propput";
    case INVOKE_PROPERTYPUTREF: return "propputref";
    default: return "func";
    }
}

static HRESULT load_interface_infos(ITypeLib *lib, const IID *iid, struct interface_infos *infos)
{
    ITypeInfo *info;
    TYPEATTR *attr;
    HREFTYPE vtable_ref;
    HRESULT hr = ITypeLib_GetTypeInfoOfGuid(lib, iid, &info);

    if (FAILED(hr))
        return hr;
    hr = ITypeInfo_GetTypeAttr(info, &attr);
    if (FAILED(hr)) {
        ITypeInfo_Release(info);
        return hr;
    }
    infos->dispatch = info;
    infos->vtable = info;
    if (attr->typekind == TKIND_DISPATCH && (attr->wTypeFlags & TYPEFLAG_FDUAL)) {
        hr = ITypeInfo_GetRefTypeOfImplType(info, -1, &vtable_ref);
        if (SUCCEEDED(hr))
            hr = ITypeInfo_GetRefTypeInfo(info, vtable_ref, &infos->vtable);
    } else {
        ITypeInfo_AddRef(info);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    if (FAILED(hr))
        ITypeInfo_Release(info);
    return hr;
}

static void release_interface_infos(struct interface_infos *infos)
{
    ITypeInfo_Release(infos->vtable);
    ITypeInfo_Release(infos->dispatch);
}

/* Finds member/kind in info or the interfaces it derives from. On success *desc belongs to *owner;
 * release both with ITypeInfo_ReleaseFuncDesc and ITypeInfo_Release. */
static BOOL find_function(ITypeInfo *info, const WCHAR *member, INVOKEKIND kind, ITypeInfo **owner, FUNCDESC **desc)
{
    ITypeInfo_AddRef(info);
    while (info) {
        TYPEATTR *attr;
        ITypeInfo *base = NULL;
        HREFTYPE base_ref;

        if (FAILED(ITypeInfo_GetTypeAttr(info, &attr)))
            break;
        for (UINT i = 0; i < attr->cFuncs; i++) {
            FUNCDESC *func;
            BSTR name = NULL;
            BOOL match;

            if (FAILED(ITypeInfo_GetFuncDesc(info, i, &func)))
                continue;
            ITypeInfo_GetDocumentation(info, func->memid, &name, NULL, NULL, NULL);
            match = name && !wcscmp(name, member) && func->invkind == kind;
            SysFreeString(name);
            if (match) {
                ITypeInfo_ReleaseTypeAttr(info, attr);
                *owner = info;
                *desc = func;
                return TRUE;
            }
            ITypeInfo_ReleaseFuncDesc(info, func);
        }
        if (attr->cImplTypes > 0 && SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, 0, &base_ref)))
            ITypeInfo_GetRefTypeInfo(info, base_ref, &base);
        ITypeInfo_ReleaseTypeAttr(info, attr);
        ITypeInfo_Release(info);
        info = base;
    }
    if (info)
        ITypeInfo_Release(info);
    return FALSE;
}

static void check_flag(const struct contract_row *row, const char *flag, BOOL actual, BOOL expected)
{
    if (actual == expected)
        contract_pass();
    else
        contract_fail("%s::%s: type library %s [%s], reference %s", row->interface_name, row->method,
                      actual ? "has" : "lacks", flag, expected ? "has it" : "does not");
}

static void check_dispatch_name(const struct contract_row *row, ITypeInfo *dispatch, WCHAR *member)
{
    DISPID dispid = DISPID_UNKNOWN;
    HRESULT hr = ITypeInfo_GetIDsOfNames(dispatch, &member, 1, &dispid);

    if (SUCCEEDED(hr) && dispid == row->dispid)
        contract_pass();
    else
        contract_fail("%s::%s: IDispatch name %s gives DISPID %ld (hr 0x%08lX), reference %ld", row->interface_name,
                      row->method, contract_utf8(member), (long)dispid, (unsigned long)hr, (long)row->dispid);
}

static void check_member(const struct contract_row *row, const struct interface_infos *infos)
{
    WCHAR member[128];
    INVOKEKIND kind = member_of_method(row->method, member, ARRAYSIZE(member));
    ITypeInfo *owner;
    FUNCDESC *func;
    unsigned slot;

    if (!find_function(infos->vtable, member, kind, &owner, &func)) {
        contract_fail("%s::%s: type library has no %s %s (reference DISPID %ld)", row->interface_name, row->method,
                      invoke_kind_name(kind), contract_utf8(member), (long)row->dispid);
        return;
    }
    contract_pass();

    slot = (unsigned)(func->oVft / sizeof(void *));
    if (slot == row->reference_slot)
        contract_pass();
    else
        contract_fail("%s::%s: type library slot %u, reference slot %u", row->interface_name, row->method, slot,
                      row->reference_slot);

    if (row->has_dispid) {
        if (func->memid == row->dispid)
            contract_pass();
        else
            contract_fail("%s::%s: type library DISPID %ld, reference %ld", row->interface_name, row->method,
                          (long)func->memid, (long)row->dispid);
        check_dispatch_name(row, infos->dispatch, member);
    }

    check_parameters(row, owner, func);
    check_flag(row, "hidden", !!(func->wFuncFlags & FUNCFLAG_FHIDDEN), is_hidden_restricted(row->method));
    check_flag(row, "restricted", !!(func->wFuncFlags & FUNCFLAG_FRESTRICTED), is_hidden_restricted(row->method));

    ITypeInfo_ReleaseFuncDesc(owner, func);
    ITypeInfo_Release(owner);
}

static const IID *find_interface_iid(const char *name)
{
    for (size_t i = 0; i < contract_interface_count; i++)
        if (!strcmp(contract_interface_list[i].name, name))
            return contract_interface_list[i].generated_iid;
    return NULL;
}

static void check_members(ITypeLib *lib)
{
    for (size_t i = 0; i < contract_row_count; i++) {
        const struct contract_row *row = &contract_row_list[i];
        struct interface_infos infos;
        HRESULT hr;

        if (is_base_method(row->method))
            continue;
        hr = load_interface_infos(lib, find_interface_iid(row->interface_name), &infos);
        if (FAILED(hr)) {
            contract_fail("%s::%s: interface not in the type library (hr 0x%08lX)", row->interface_name, row->method,
                          (unsigned long)hr);
            continue;
        }
        check_member(row, &infos);
        release_interface_infos(&infos);
    }
}

static void check_interface_flags(ITypeLib *lib)
{
    for (size_t i = 0; i < ARRAYSIZE(interface_flags); i++) {
        struct interface_infos infos;
        TYPEATTR *attr;
        WORD flags;

        if (FAILED(load_interface_infos(lib, interface_flags[i].iid, &infos))) {
            contract_fail("%s: interface not in the type library", interface_flags[i].name);
            continue;
        }
        if (SUCCEEDED(ITypeInfo_GetTypeAttr(infos.vtable, &attr))) {
            flags = attr->wTypeFlags & INTERFACE_FLAG_MASK;
            if (attr->typekind == TKIND_INTERFACE && flags == interface_flags[i].flags)
                contract_pass();
            else
                contract_fail("%s: type library kind %d flags 0x%04X, reference TKIND_INTERFACE flags 0x%04X",
                              interface_flags[i].name, attr->typekind, flags, interface_flags[i].flags);
            ITypeInfo_ReleaseTypeAttr(infos.vtable, attr);
        }
        release_interface_infos(&infos);
    }
}

static BOOL implemented_iid(ITypeInfo *coclass, UINT index, IID *iid)
{
    HREFTYPE ref;
    ITypeInfo *info;
    TYPEATTR *attr;
    BOOL found = FALSE;

    if (FAILED(ITypeInfo_GetRefTypeOfImplType(coclass, index, &ref)) ||
        FAILED(ITypeInfo_GetRefTypeInfo(coclass, ref, &info)))
        return FALSE;
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(info, &attr))) {
        *iid = attr->guid;
        found = TRUE;
        ITypeInfo_ReleaseTypeAttr(info, attr);
    }
    ITypeInfo_Release(info);
    return found;
}

static void check_default(const WCHAR *coclass_name, const char *what, ITypeInfo *coclass, UINT count, INT flags,
                          const IID *expected)
{
    for (UINT i = 0; i < count; i++) {
        INT impl_flags;
        IID iid;

        if (FAILED(ITypeInfo_GetImplTypeFlags(coclass, i, &impl_flags)) ||
            (impl_flags & (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE)) != flags)
            continue;
        if (implemented_iid(coclass, i, &iid) && IsEqualIID(&iid, expected))
            contract_pass();
        else
            contract_fail("coclass %s: %s is not the reference's", contract_utf8(coclass_name), what);
        return;
    }
    contract_fail("coclass %s: no %s", contract_utf8(coclass_name), what);
}

static void check_coclasses(ITypeLib *lib)
{
    for (size_t i = 0; i < ARRAYSIZE(coclasses); i++) {
        ITypeInfo *info;
        TYPEATTR *attr;
        BSTR name = NULL;

        if (FAILED(ITypeLib_GetTypeInfoOfGuid(lib, coclasses[i].clsid, &info))) {
            contract_fail("coclass %s: not in the type library", contract_utf8(coclasses[i].name));
            continue;
        }
        ITypeInfo_GetDocumentation(info, MEMBERID_NIL, &name, NULL, NULL, NULL);
        if (name && !wcscmp(name, coclasses[i].name))
            contract_pass();
        else
            contract_fail("coclass %s: type library names it %s", contract_utf8(coclasses[i].name),
                          contract_utf8(name));
        SysFreeString(name);
        if (SUCCEEDED(ITypeInfo_GetTypeAttr(info, &attr))) {
            BOOL creatable = !!(attr->wTypeFlags & TYPEFLAG_FCANCREATE);

            if (attr->typekind == TKIND_COCLASS && creatable == coclasses[i].creatable)
                contract_pass();
            else
                contract_fail("coclass %s: kind %d, creatable %d; reference: coclass, creatable %d",
                              contract_utf8(coclasses[i].name), attr->typekind, creatable, coclasses[i].creatable);
            check_default(coclasses[i].name, "default interface", info, attr->cImplTypes, IMPLTYPEFLAG_FDEFAULT,
                          coclasses[i].default_interface);
            if (coclasses[i].default_source)
                check_default(coclasses[i].name, "default source", info, attr->cImplTypes,
                              IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE, coclasses[i].default_source);
            ITypeInfo_ReleaseTypeAttr(info, attr);
        }
        ITypeInfo_Release(info);
    }
}

static void check_library(ITypeLib *lib)
{
    static const WCHAR expected_name[] = L"IMAPI2FS";
    static const WCHAR expected_help[] = L"Microsoft IMAPI2 File System Image Creator";
    TLIBATTR *attr;
    BSTR name = NULL, help = NULL;

    if (FAILED(ITypeLib_GetLibAttr(lib, &attr))) {
        contract_fail("type library: no attributes");
        return;
    }
    if (IsEqualGUID(&attr->guid, &LIBID_IMAPI2FS) && attr->wMajorVerNum == 1 && attr->wMinorVerNum == 0 &&
        attr->lcid == 0)
        contract_pass();
    else
        contract_fail("type library: version %u.%u lcid %lu or LIBID differ from the reference's 1.0, 0, "
                      "{2C941FD0-975B-59BE-A960-9A2A262853A5}",
                      attr->wMajorVerNum, attr->wMinorVerNum, (unsigned long)attr->lcid);
    ITypeLib_ReleaseTLibAttr(lib, attr);

    ITypeLib_GetDocumentation(lib, -1, &name, &help, NULL, NULL);
    if (name && help && !wcscmp(name, expected_name) && !wcscmp(help, expected_help))
        contract_pass();
    else
        contract_fail("type library: name \"%s\" help \"%s\", reference \"%s\" \"%s\"", contract_utf8(name),
                      contract_utf8(help), contract_utf8(expected_name), contract_utf8(expected_help));
    SysFreeString(name);
    SysFreeString(help);
}

void check_type_library(const WCHAR *path)
{
    ITypeLib *lib;
    HRESULT hr = LoadTypeLibEx(path, REGKIND_NONE, &lib);

    if (FAILED(hr)) {
        contract_fail("LoadTypeLibEx(%s): hr 0x%08lX", contract_utf8(path), (unsigned long)hr);
        return;
    }
    check_library(lib);
    check_members(lib);
    check_interface_flags(lib);
    check_coclasses(lib);
    ITypeLib_Release(lib);
}
