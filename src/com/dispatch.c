/* IDispatch for every dual interface, over the type library embedded in this DLL.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "com_private.h"

/* Our library has a few dozen interfaces and coclasses; the cache never needs more. */
enum { TYPEINFO_CACHE_SIZE = 64 };

struct typeinfo_entry {
    GUID guid;
    ITypeInfo *info;
};

static SRWLOCK typeinfo_lock = SRWLOCK_INIT;
static ITypeLib *type_library;
static struct typeinfo_entry typeinfo_cache[TYPEINFO_CACHE_SIZE];
static UINT typeinfo_count;

static ITypeInfo *cached_typeinfo(REFGUID guid)
{
    for (UINT i = 0; i < typeinfo_count; i++)
        if (IsEqualGUID(&typeinfo_cache[i].guid, guid))
            return typeinfo_cache[i].info;
    return NULL;
}

/* Called with typeinfo_lock held exclusively. */
static HRESULT load_type_library(void)
{
    WCHAR *path;
    HRESULT hr;

    if (type_library)
        return S_OK;
    hr = module_path(&path);
    if (FAILED(hr))
        return hr;
    hr = LoadTypeLibEx(path, REGKIND_NONE, &type_library);
    free(path);
    return hr;
}

HRESULT typeinfo_get(REFGUID guid, ITypeInfo **info)
{
    HRESULT hr = S_OK;

    AcquireSRWLockShared(&typeinfo_lock);
    *info = cached_typeinfo(guid);
    ReleaseSRWLockShared(&typeinfo_lock);
    if (*info)
        return S_OK;

    AcquireSRWLockExclusive(&typeinfo_lock);
    *info = cached_typeinfo(guid);
    if (!*info) {
        ITypeInfo *loaded = NULL;

        hr = load_type_library();
        if (SUCCEEDED(hr))
            hr = ITypeLib_GetTypeInfoOfGuid(type_library, guid, &loaded);
        if (SUCCEEDED(hr) && typeinfo_count == TYPEINFO_CACHE_SIZE) {
            ITypeInfo_Release(loaded);
            hr = E_OUTOFMEMORY;
        }
        if (SUCCEEDED(hr)) {
            typeinfo_cache[typeinfo_count].guid = *guid;
            typeinfo_cache[typeinfo_count].info = loaded;
            typeinfo_count++;
            *info = loaded;
        }
    }
    ReleaseSRWLockExclusive(&typeinfo_lock);
    return hr;
}

void typeinfo_release_all(void)
{
    AcquireSRWLockExclusive(&typeinfo_lock);
    for (UINT i = 0; i < typeinfo_count; i++)
        ITypeInfo_Release(typeinfo_cache[i].info);
    typeinfo_count = 0;
    if (type_library) {
        ITypeLib_Release(type_library);
        type_library = NULL;
    }
    ReleaseSRWLockExclusive(&typeinfo_lock);
}

HRESULT STDMETHODCALLTYPE dispatch_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    (void)iface;
    if (!count)
        return E_POINTER;
    *count = 1;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE dispatch_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    HRESULT hr;

    (void)lcid;
    if (!info)
        return E_POINTER;
    *info = NULL;
    if (index != 0)
        return DISP_E_BADINDEX;
    hr = typeinfo_get(DISPATCH_HEADER(iface)->iid, info);
    if (SUCCEEDED(hr))
        ITypeInfo_AddRef(*info);
    return hr;
}

HRESULT STDMETHODCALLTYPE dispatch_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                                 UINT count, LCID lcid, DISPID *ids)
{
    ITypeInfo *info;
    HRESULT hr;

    (void)lcid;
    if (!IsEqualIID(riid, &IID_NULL))
        return DISP_E_UNKNOWNINTERFACE;
    if (!names || !ids)
        return E_POINTER;
    hr = typeinfo_get(DISPATCH_HEADER(iface)->iid, &info);
    if (FAILED(hr))
        return hr;
    return ITypeInfo_GetIDsOfNames(info, names, count, ids);
}

static BOOL takes_no_arguments(const FUNCDESC *func)
{
    for (SHORT i = 0; i < func->cParams; i++) {
        USHORT flags = func->lprgelemdescParam[i].paramdesc.wParamFlags;
        if (!(flags & (PARAMFLAG_FRETVAL | PARAMFLAG_FLCID | PARAMFLAG_FOPT)))
            return FALSE;
    }
    return TRUE;
}

/* Whether the type info itself answers a property get of DISPID_VALUE with no arguments. */
static BOOL has_argumentless_value(ITypeInfo *info)
{
    TYPEATTR *attr;
    BOOL found = FALSE;

    if (FAILED(ITypeInfo_GetTypeAttr(info, &attr)))
        return FALSE;
    for (UINT i = 0; i < attr->cFuncs && !found; i++) {
        FUNCDESC *func;

        if (FAILED(ITypeInfo_GetFuncDesc(info, i, &func)))
            continue;
        found = func->memid == DISPID_VALUE && (func->invkind & (INVOKE_PROPERTYGET | INVOKE_FUNC)) &&
                takes_no_arguments(func);
        ITypeInfo_ReleaseFuncDesc(info, func);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    return found;
}

static HRESULT invoke_default_value(IDispatch *iface, dispatch_default_value_fn hook, VARIANT *result)
{
    VARIANT value;
    HRESULT hr;

    VariantInit(&value);
    hr = hook(iface, &value);
    if (SUCCEEDED(hr) && result)
        *result = value;
    else
        VariantClear(&value);
    return hr;
}

/* A failure of the member itself (not of argument binding, which has its own DISP_E_* codes)
 * reaches scripts only through EXCEPINFO. */
static BOOL is_member_failure(HRESULT hr)
{
    return FAILED(hr) && hr != DISP_E_EXCEPTION && HRESULT_FACILITY(hr) != FACILITY_DISPATCH;
}

static void fill_exception(EXCEPINFO *excep, HRESULT hr)
{
    IErrorInfo *error;

    memset(excep, 0, sizeof(*excep));
    excep->scode = hr;
    if (GetErrorInfo(0, &error) == S_OK) {
        IErrorInfo_GetSource(error, &excep->bstrSource);
        IErrorInfo_GetDescription(error, &excep->bstrDescription);
        /* GetErrorInfo took it from the thread; a C caller of Invoke may still want it. */
        SetErrorInfo(0, error);
        IErrorInfo_Release(error);
    }
}

HRESULT STDMETHODCALLTYPE dispatch_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid,
                                          WORD flags, DISPPARAMS *params, VARIANT *result,
                                          EXCEPINFO *excep, UINT *arg_err)
{
    const struct dispatch_header *header = DISPATCH_HEADER(iface);
    DISPPARAMS no_arguments = { NULL, NULL, 0, 0 };
    ITypeInfo *info;
    HRESULT hr;

    (void)lcid;
    if (!IsEqualIID(riid, &IID_NULL))
        return DISP_E_UNKNOWNINTERFACE;
    if (!params)
        params = &no_arguments;
    hr = typeinfo_get(header->iid, &info);
    if (FAILED(hr))
        return hr;

    if (flags == DISPATCH_METHOD)
        flags |= DISPATCH_PROPERTYGET;
    /* VBScript's `Set obj.Prop = x` asks for a propputref; the type library has none (object
     * properties such as BootImageOptions are plain propput), so serve it as a put. */
    if (flags & DISPATCH_PROPERTYPUTREF)
        flags = (flags & ~DISPATCH_PROPERTYPUTREF) | DISPATCH_PROPERTYPUT;

    SetErrorInfo(0, NULL);
    if (member == DISPID_VALUE && header->default_value && (flags & DISPATCH_PROPERTYGET) &&
        params->cArgs == 0 && !has_argumentless_value(info))
        hr = invoke_default_value(iface, header->default_value, result);
    else
        /* [restricted] members with a positive DISPID (FsiNamedStreams, EnumFsiItems, EnumProgressItems,
         * EnumNamedStreams) come back DISP_E_MEMBERNOTFOUND from here, _NewEnum (-4) is served: oleaut32 does
         * so on Windows as on Wine (Wine's conformance test tmarshal.c, run on Windows, expects exactly that),
         * so scripts see what they see with any type-library IDispatch. Kept on purpose (com.restricted). */
        hr = ITypeInfo_Invoke(info, iface, member, flags, params, result, excep, arg_err);

    if (is_member_failure(hr) && excep) {
        fill_exception(excep, hr);
        hr = DISP_E_EXCEPTION;
    }
    return hr;
}
