/* Late binding helpers for the dispatch test.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "dispatch_util.h"

#include <stdio.h>
#include <wchar.h>

HRESULT invoke_id(IDispatch *object, DISPID id, WORD flags, VARIANT *args, UINT count, VARIANT *result,
                  EXCEPINFO *excep)
{
    VARIANT reversed[8];
    DISPID put_id = DISPID_PROPERTYPUT;
    DISPPARAMS params = {reversed, NULL, count, 0};
    UINT i, arg_err = 0;

    for (i = 0; i < count; i++)
        reversed[count - 1 - i] = args[i];
    if (flags & (DISPATCH_PROPERTYPUT | DISPATCH_PROPERTYPUTREF)) {
        params.rgdispidNamedArgs = &put_id;
        params.cNamedArgs = 1;
    }
    if (result)
        VariantInit(result);
    if (excep)
        memset(excep, 0, sizeof(*excep));
    return IDispatch_Invoke(object, id, &IID_NULL, LOCALE_USER_DEFAULT, flags, &params, result, excep, &arg_err);
}

HRESULT invoke(IDispatch *object, const WCHAR *name, WORD flags, VARIANT *args, UINT count, VARIANT *result,
               EXCEPINFO *excep)
{
    LPOLESTR names[1] = {(LPOLESTR)name};
    DISPID id = DISPID_UNKNOWN;
    HRESULT hr = IDispatch_GetIDsOfNames(object, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);

    if (!ok(hr == S_OK, "GetIDsOfNames(%s): 0x%08lx", u8(name), hr))
        return hr;
    return invoke_id(object, id, flags, args, count, result, excep);
}

VARIANT get_prop(IDispatch *object, const WCHAR *name)
{
    VARIANT value = {0};
    EXCEPINFO excep = {0};
    HRESULT hr = invoke(object, name, DISPATCH_PROPERTYGET, NULL, 0, &value, &excep);

    ok(hr == S_OK, "get %s: 0x%08lx (scode 0x%08lx)", u8(name), hr, excep.scode);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrHelpFile);
    return value;
}

IDispatch *get_object(IDispatch *object, const WCHAR *name)
{
    VARIANT value = get_prop(object, name);

    if (ok(V_VT(&value) == VT_DISPATCH && V_DISPATCH(&value), "%s is of type %d, not an object", u8(name),
           V_VT(&value)))
        return V_DISPATCH(&value);
    VariantClear(&value);
    return NULL;
}

LONG get_long(IDispatch *object, const WCHAR *name)
{
    VARIANT value = get_prop(object, name);

    if (!ok(SUCCEEDED(VariantChangeType(&value, &value, 0, VT_I4)), "%s is of type %d, not a number", u8(name),
            V_VT(&value)))
        return -1;
    return V_I4(&value);
}

void put_prop(IDispatch *object, const WCHAR *name, VARIANT value)
{
    HRESULT hr = invoke(object, name, DISPATCH_PROPERTYPUT, &value, 1, NULL, NULL);

    ok(hr == S_OK, "put %s: 0x%08lx", u8(name), hr);
}

VARIANT var_i4(LONG value)
{
    VARIANT v;

    V_VT(&v) = VT_I4;
    V_I4(&v) = value;
    return v;
}

VARIANT var_i2(SHORT value)
{
    VARIANT v;

    V_VT(&v) = VT_I2;
    V_I2(&v) = value;
    return v;
}

VARIANT var_bool(BOOL value)
{
    VARIANT v;

    V_VT(&v) = VT_BOOL;
    V_BOOL(&v) = value ? VARIANT_TRUE : VARIANT_FALSE;
    return v;
}

VARIANT var_bstr(const WCHAR *value)
{
    VARIANT v;

    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = tbstr(value);
    return v;
}

VARIANT var_unknown(IUnknown *value)
{
    VARIANT v;

    V_VT(&v) = VT_UNKNOWN;
    V_UNKNOWN(&v) = value;
    return v;
}

static BOOL takes_no_argument(const FUNCDESC *func)
{
    SHORT i;

    for (i = 0; i < func->cParams; i++)
        if (!(func->lprgelemdescParam[i].paramdesc.wParamFlags & PARAMFLAG_FRETVAL))
            return FALSE;
    return TRUE;
}

/* Properties whose implementation belongs to a later issue (listed as not done in the README); they may
 * still answer E_NOTIMPL. Each issue that implements one removes it here, so the probe then demands it. */
static const WCHAR *const later_issue_members[] = {
    L"MultisessionInterfaces", /* import and multisession */
};

static BOOL is_later_issue_member(const WCHAR *name)
{
    size_t i;

    for (i = 0; name && i < ARRAYSIZE(later_issue_members); i++)
        if (!wcscmp(name, later_issue_members[i]))
            return TRUE;
    return FALSE;
}

static void probe_one(IDispatch *object, ITypeInfo *info, const FUNCDESC *func, const char *what,
                      const struct allowed_failure *allowed)
{
    BSTR name = NULL;
    EXCEPINFO excep;
    VARIANT value;
    HRESULT hr;

    ITypeInfo_GetDocumentation(info, func->memid, &name, NULL, NULL, NULL);
    hr = invoke_id(object, func->memid, DISPATCH_PROPERTYGET, NULL, 0, &value, &excep);
    if (excep.pfnDeferredFillIn)
        excep.pfnDeferredFillIn(&excep);
    if (hr == DISP_E_EXCEPTION && name &&
        ((allowed && excep.scode == allowed->scode && !wcscmp(name, allowed->name)) ||
         (excep.scode == E_NOTIMPL && is_later_issue_member(name))))
        hr = S_OK;
    ok(hr == S_OK, "%s.%s (DISPID %ld): 0x%08lx, scode 0x%08lx, \"%s\"", what, u8(name), func->memid, hr,
       excep.scode, u8(excep.bstrDescription));
    VariantClear(&value);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrHelpFile);
    SysFreeString(name);
}

static int probe_type(IDispatch *object, ITypeInfo *info, const char *what, const struct allowed_failure *allowed)
{
    TYPEATTR *attr = NULL;
    int probed = 0;
    WORD i;

    if (FAILED(ITypeInfo_GetTypeAttr(info, &attr)))
        return 0;
    if (IsEqualGUID(&attr->guid, &IID_IDispatch) || IsEqualGUID(&attr->guid, &IID_IUnknown)) {
        ITypeInfo_ReleaseTypeAttr(info, attr);
        return 0;
    }
    if (attr->typekind == TKIND_DISPATCH && (attr->wTypeFlags & TYPEFLAG_FDUAL)) {
        HREFTYPE ref;
        ITypeInfo *vtable_view = NULL;
        if (SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, -1, &ref)) &&
            SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, ref, &vtable_view))) {
            probed = probe_type(object, vtable_view, what, allowed);
            ITypeInfo_Release(vtable_view);
        }
        ITypeInfo_ReleaseTypeAttr(info, attr);
        return probed;
    }
    for (i = 0; i < attr->cFuncs; i++) {
        FUNCDESC *func = NULL;
        if (FAILED(ITypeInfo_GetFuncDesc(info, i, &func)))
            continue;
        /* PowerShell lists no restricted member, and oleaut32 refuses the positive ones to Invoke. */
        if (func->invkind == INVOKE_PROPERTYGET && takes_no_argument(func) &&
            !(func->wFuncFlags & FUNCFLAG_FRESTRICTED)) {
            probe_one(object, info, func, what, allowed);
            probed++;
        }
        ITypeInfo_ReleaseFuncDesc(info, func);
    }
    if (attr->typekind == TKIND_INTERFACE && attr->cImplTypes == 1) {
        HREFTYPE ref;
        ITypeInfo *base = NULL;
        if (SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, 0, &ref)) &&
            SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, ref, &base))) {
            probed += probe_type(object, base, what, allowed);
            ITypeInfo_Release(base);
        }
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    return probed;
}

int probe_properties(IDispatch *object, const char *what, const struct allowed_failure *allowed)
{
    ITypeInfo *info = NULL;
    UINT count = 0;
    HRESULT hr;
    int probed;

    if (!object)
        return 0;
    hr = IDispatch_GetTypeInfoCount(object, &count);
    ok(hr == S_OK && count == 1, "%s: GetTypeInfoCount 0x%08lx, %u", what, hr, count);
    hr = IDispatch_GetTypeInfo(object, 0, LOCALE_USER_DEFAULT, &info);
    if (!ok(hr == S_OK && info, "%s: GetTypeInfo: 0x%08lx", what, hr))
        return 0;
    probed = probe_type(object, info, what, allowed);
    ITypeInfo_Release(info);
    return probed;
}
