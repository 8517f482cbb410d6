/* mkiso's sink for DFileSystemImageEvents: a small IDispatch the image calls with Update(object,
 * currentFile, copiedSectors, totalSectors) while Add, AddFile and AddTree copy files in, advised through
 * IConnectionPointContainer as any client of the component does.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "events.h"

#include <ole2.h>
#include <wchar.h>

#include "report.h"

#define SECTOR 2048.0
#define MIB (1024.0 * 1024.0)
#define SHOWN_NAME_CHARS 48

struct add_events {
    IDispatch IDispatch_iface;
    LONG ref;
    IConnectionPoint *point;
    DWORD cookie;
    BOOL shown;                  /* stderr is a console or a pipe */
    BOOL interrupted;            /* a failure ended the line: no totals */
    ULONGLONG last_drawn;
    LONG files;                  /* Updates with copiedSectors = 0: one per file begun */
    ULONGLONG finished_sectors;  /* sectors of the files before the current one */
    LONG current_sectors;        /* copiedSectors of the current file */
};

static struct add_events *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct add_events, IDispatch_iface);
}

static HRESULT STDMETHODCALLTYPE sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_DFileSystemImageEvents)) {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_IDispatch(iface)->ref);
}

static ULONG STDMETHODCALLTYPE sink_Release(IDispatch *iface)
{
    struct add_events *events = impl_from_IDispatch(iface);
    ULONG ref = InterlockedDecrement(&events->ref);

    if (!ref)
        HeapFree(GetProcessHeap(), 0, events);
    return ref;
}

/* The component calls Invoke by DISPID only: no type information is needed. */
static HRESULT STDMETHODCALLTYPE sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    (void)iface;
    if (!count)
        return E_POINTER;
    *count = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    (void)iface, (void)index, (void)lcid;
    if (info)
        *info = NULL;
    return DISP_E_BADINDEX;
}

static HRESULT STDMETHODCALLTYPE sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                                    LCID lcid, DISPID *ids)
{
    (void)iface, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
    return DISP_E_UNKNOWNNAME;
}

static LONG long_arg(VARIANT *arg)
{
    VARIANT value;
    LONG result = 0;

    VariantInit(&value);
    if (SUCCEEDED(VariantChangeType(&value, arg, 0, VT_I4)))
        result = V_I4(&value);
    VariantClear(&value);
    return result;
}

/* The tail of a long path, so the line fits a console. */
static const WCHAR *shown_name(const WCHAR *name)
{
    size_t length;

    if (!name)
        return L"";
    length = wcslen(name);
    return length > SHOWN_NAME_CHARS ? name + length - SHOWN_NAME_CHARS : name;
}

static void draw(struct add_events *events, const WCHAR *file)
{
    ULONGLONG now = GetTickCount64();
    double sectors = (double)(events->finished_sectors + events->current_sectors);
    WCHAR line[128];

    if (!events->shown || (events->last_drawn && now - events->last_drawn < 100))
        return;
    events->last_drawn = now;
    swprintf(line, ARRAYSIZE(line), L"\radding file %ld, %8.1f MiB: %-*ls", (long)events->files,
             sectors * SECTOR / MIB, SHOWN_NAME_CHARS, shown_name(file));
    write_text(STD_ERROR_HANDLE, line);
}

/* Arguments arrive last first: rgvarg[3] is object, [2] currentFile, [1] copiedSectors, [0] totalSectors. */
static HRESULT STDMETHODCALLTYPE sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
                                             DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    struct add_events *events = impl_from_IDispatch(iface);
    VARIANT file;
    LONG copied;

    (void)riid, (void)lcid, (void)flags, (void)result, (void)excep, (void)arg_err;
    if (member != DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE)
        return DISP_E_MEMBERNOTFOUND;
    if (!params || params->cArgs != 4)
        return DISP_E_BADPARAMCOUNT;
    copied = long_arg(&params->rgvarg[1]);
    if (copied == 0) {
        events->files++;
        events->finished_sectors += events->current_sectors;
    }
    events->current_sectors = copied;
    VariantInit(&file);
    VariantChangeType(&file, &params->rgvarg[2], 0, VT_BSTR);
    draw(events, V_VT(&file) == VT_BSTR ? V_BSTR(&file) : NULL);
    VariantClear(&file);
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef,       sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, sink_Invoke,
};

HRESULT add_events_start(IFileSystemImage *image, struct add_events **out)
{
    IConnectionPointContainer *container = NULL;
    struct add_events *events = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*events));
    DWORD type = GetFileType(GetStdHandle(STD_ERROR_HANDLE));
    HRESULT hr;

    *out = NULL;
    if (!events)
        return E_OUTOFMEMORY;
    events->IDispatch_iface.lpVtbl = &sink_vtbl;
    events->ref = 1;
    events->shown = type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE;
    hr = IFileSystemImage_QueryInterface(image, &IID_IConnectionPointContainer, (void **)&container);
    if (SUCCEEDED(hr))
        hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents, &events->point);
    if (SUCCEEDED(hr))
        hr = IConnectionPoint_Advise(events->point, (IUnknown *)&events->IDispatch_iface, &events->cookie);
    if (container)
        IConnectionPointContainer_Release(container);
    if (FAILED(hr)) {
        if (events->point)
            IConnectionPoint_Release(events->point);
        IDispatch_Release(&events->IDispatch_iface);
        return hr;
    }
    *out = events;
    return S_OK;
}

void add_events_interrupt(struct add_events *events)
{
    if (!events || events->interrupted)
        return;
    events->interrupted = TRUE;
    if (events->shown && events->last_drawn)
        write_text(STD_ERROR_HANDLE, L"\n");
}

void add_events_stop(struct add_events *events)
{
    WCHAR line[96];

    if (!events)
        return;
    IConnectionPoint_Unadvise(events->point, events->cookie);
    IConnectionPoint_Release(events->point);
    if (events->shown && events->files && !events->interrupted) {
        events->finished_sectors += events->current_sectors;
        swprintf(line, ARRAYSIZE(line), L"\radded %ld files (%.1f MiB)%*ls\n", (long)events->files,
                 events->finished_sectors * SECTOR / MIB, SHOWN_NAME_CHARS + 8, L"");
        write_text(STD_ERROR_HANDLE, line);
    }
    IDispatch_Release(&events->IDispatch_iface);
}
