/* IErrorInfo for every failing call, and the shared ISupportErrorInfo.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

#include "com_private.h"

/* Scripts show the source next to the description, so name the class a script would have created. */
static const WCHAR *error_source(REFIID iid)
{
    if (IsEqualIID(iid, &IID_IBootOptions))
        return L"IMAPI2FS.BootOptions";
    if (IsEqualIID(iid, &IID_IIsoImageManager))
        return L"IMAPI2FS.MsftIsoImageManager";
    return L"IMAPI2FS.MsftFileSystemImage";
}

static void set_error_info(REFIID iid, const WCHAR *description)
{
    ICreateErrorInfo *create;
    IErrorInfo *info;

    /* Without error info the caller still gets the HRESULT, so failing here is not an error. */
    if (FAILED(CreateErrorInfo(&create)))
        return;
    ICreateErrorInfo_SetGUID(create, iid);
    ICreateErrorInfo_SetSource(create, (LPOLESTR)error_source(iid));
    ICreateErrorInfo_SetDescription(create, (LPOLESTR)description);
    if (SUCCEEDED(ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void **)&info))) {
        SetErrorInfo(0, info);
        IErrorInfo_Release(info);
    }
    ICreateErrorInfo_Release(create);
}

HRESULT com_error(HRESULT hr, REFIID iid, const WCHAR *fmt, ...)
{
    WCHAR message[1024];
    va_list args;
    int len;

    va_start(args, fmt);
    len = vswprintf(message, ARRAYSIZE(message), fmt, args);
    va_end(args);
    /* vswprintf fails on truncation; a cut message still names the value better than none. */
    if (len < 0)
        message[ARRAYSIZE(message) - 1] = 0;
    set_error_info(iid, message);
    return hr;
}

HRESULT com_error_from_core(const fsi_error *err, REFIID iid)
{
    WCHAR message[ARRAYSIZE(err->message)];

    if (!MultiByteToWideChar(CP_UTF8, 0, err->message, -1, message, ARRAYSIZE(message)))
        message[0] = 0;
    set_error_info(iid, message);
    return err->code;
}

HRESULT com_success(HRESULT hr)
{
    SetErrorInfo(0, NULL);
    return hr;
}

static struct support_error_info *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct support_error_info, ISupportErrorInfo_iface);
}

static HRESULT STDMETHODCALLTYPE sei_QueryInterface(ISupportErrorInfo *iface, REFIID riid, void **out)
{
    return IUnknown_QueryInterface(impl_from_ISupportErrorInfo(iface)->outer, riid, out);
}

static ULONG STDMETHODCALLTYPE sei_AddRef(ISupportErrorInfo *iface)
{
    return IUnknown_AddRef(impl_from_ISupportErrorInfo(iface)->outer);
}

static ULONG STDMETHODCALLTYPE sei_Release(ISupportErrorInfo *iface)
{
    return IUnknown_Release(impl_from_ISupportErrorInfo(iface)->outer);
}

static HRESULT STDMETHODCALLTYPE sei_InterfaceSupportsErrorInfo(ISupportErrorInfo *iface, REFIID riid)
{
    (void)iface;
    (void)riid;
    return S_OK;
}

static const ISupportErrorInfoVtbl support_error_info_vtbl = {
    sei_QueryInterface, sei_AddRef, sei_Release, sei_InterfaceSupportsErrorInfo,
};

void support_error_info_init(struct support_error_info *sei, IUnknown *outer)
{
    sei->ISupportErrorInfo_iface.lpVtbl = &support_error_info_vtbl;
    sei->outer = outer;
}
