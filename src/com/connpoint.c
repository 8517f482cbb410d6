/* IConnectionPoint: one per outgoing interface of a container (MsftFileSystemImage's events).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "connpoint_enum.h"

struct connection_point {
    IConnectionPoint IConnectionPoint_iface;
    /* Not AddRef'ed: the container owns the point and destroys it, so holding it would be a cycle. */
    IConnectionPointContainer *container;
    IID iid;
    CRITICAL_SECTION lock;
    CONNECTDATA *sinks; /* pUnk is the sink's IDispatch (or its outgoing interface, IDispatch-derived) */
    LONG count;         /* changed under the lock; read without it by connection_point_has_sinks */
    ULONG capacity;
    DWORD last_cookie;
};

static struct connection_point *impl_from_IConnectionPoint(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct connection_point, IConnectionPoint_iface);
}

static HRESULT STDMETHODCALLTYPE cp_QueryInterface(IConnectionPoint *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IConnectionPoint)) {
        *out = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE cp_AddRef(IConnectionPoint *iface)
{
    return IConnectionPointContainer_AddRef(impl_from_IConnectionPoint(iface)->container);
}

static ULONG STDMETHODCALLTYPE cp_Release(IConnectionPoint *iface)
{
    return IConnectionPointContainer_Release(impl_from_IConnectionPoint(iface)->container);
}

static HRESULT STDMETHODCALLTYPE cp_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    if (!iid)
        return E_POINTER;
    *iid = impl_from_IConnectionPoint(iface)->iid;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cp_GetConnectionPointContainer(IConnectionPoint *iface,
                                                                IConnectionPointContainer **out)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);

    if (!out)
        return E_POINTER;
    *out = cp->container;
    IConnectionPointContainer_AddRef(cp->container);
    return S_OK;
}

/* Called with the lock held. */
static BOOL reserve_sink(struct connection_point *cp)
{
    CONNECTDATA *grown;
    ULONG capacity;

    if ((ULONG)cp->count < cp->capacity)
        return TRUE;
    capacity = cp->capacity ? cp->capacity * 2 : 4;
    grown = realloc(cp->sinks, capacity * sizeof(*grown));
    if (!grown)
        return FALSE;
    cp->sinks = grown;
    cp->capacity = capacity;
    return TRUE;
}

static HRESULT STDMETHODCALLTYPE cp_Advise(IConnectionPoint *iface, IUnknown *sink, DWORD *cookie)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    IDispatch *dispatch;
    HRESULT hr = S_OK;

    if (!cookie)
        return E_POINTER;
    *cookie = 0;
    if (!sink)
        return E_POINTER;
    /* The outgoing interfaces derive from IDispatch, so either answer can be called through Invoke. */
    if (FAILED(IUnknown_QueryInterface(sink, &cp->iid, (void **)&dispatch)) &&
        FAILED(IUnknown_QueryInterface(sink, &IID_IDispatch, (void **)&dispatch)))
        return CONNECT_E_CANNOTCONNECT;

    EnterCriticalSection(&cp->lock);
    if (reserve_sink(cp)) {
        if (++cp->last_cookie == 0)
            ++cp->last_cookie;
        cp->sinks[cp->count].pUnk = (IUnknown *)dispatch;
        cp->sinks[cp->count].dwCookie = cp->last_cookie;
        InterlockedIncrement(&cp->count);
        *cookie = cp->last_cookie;
        dispatch = NULL;
    } else {
        hr = E_OUTOFMEMORY;
    }
    LeaveCriticalSection(&cp->lock);
    if (dispatch)
        IDispatch_Release(dispatch);
    return hr;
}

static HRESULT STDMETHODCALLTYPE cp_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    IUnknown *removed = NULL;

    EnterCriticalSection(&cp->lock);
    for (LONG i = 0; i < cp->count; i++) {
        if (cp->sinks[i].dwCookie == cookie) {
            removed = cp->sinks[i].pUnk;
            cp->sinks[i] = cp->sinks[InterlockedDecrement(&cp->count)];
            break;
        }
    }
    LeaveCriticalSection(&cp->lock);
    /* Released outside the lock: the sink's destructor may call back into us. */
    if (!removed)
        return CONNECT_E_NOCONNECTION;
    IUnknown_Release(removed);
    return S_OK;
}

/* A referenced copy of the sinks, so callers work without the lock. Free with release_snapshot. */
static HRESULT snapshot_sinks(struct connection_point *cp, CONNECTDATA **out, ULONG *count)
{
    CONNECTDATA *copy;
    HRESULT hr = S_OK;

    EnterCriticalSection(&cp->lock);
    copy = malloc((cp->count ? cp->count : 1) * sizeof(*copy));
    if (copy) {
        for (LONG i = 0; i < cp->count; i++) {
            copy[i] = cp->sinks[i];
            IUnknown_AddRef(copy[i].pUnk);
        }
        *count = (ULONG)cp->count;
    } else {
        hr = E_OUTOFMEMORY;
    }
    LeaveCriticalSection(&cp->lock);
    *out = copy;
    return hr;
}

static void release_snapshot(CONNECTDATA *sinks, ULONG count)
{
    for (ULONG i = 0; i < count; i++)
        IUnknown_Release(sinks[i].pUnk);
    free(sinks);
}

static HRESULT STDMETHODCALLTYPE cp_EnumConnections(IConnectionPoint *iface, IEnumConnections **out)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    CONNECTDATA *sinks;
    ULONG count;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    hr = snapshot_sinks(cp, &sinks, &count);
    if (FAILED(hr))
        return hr;
    hr = enum_connections_create(sinks, count, out);
    release_snapshot(sinks, count);
    return hr;
}

static const IConnectionPointVtbl connection_point_vtbl = {
    cp_QueryInterface, cp_AddRef, cp_Release, cp_GetConnectionInterface, cp_GetConnectionPointContainer,
    cp_Advise, cp_Unadvise, cp_EnumConnections,
};

HRESULT connection_point_create(IConnectionPointContainer *container, REFIID iid, struct connection_point **out)
{
    struct connection_point *cp = calloc(1, sizeof(*cp));

    *out = NULL;
    if (!cp)
        return E_OUTOFMEMORY;
    cp->IConnectionPoint_iface.lpVtbl = &connection_point_vtbl;
    cp->container = container;
    cp->iid = *iid;
    InitializeCriticalSection(&cp->lock);
    *out = cp;
    return S_OK;
}

void connection_point_destroy(struct connection_point *cp)
{
    if (!cp)
        return;
    for (LONG i = 0; i < cp->count; i++)
        IUnknown_Release(cp->sinks[i].pUnk);
    free(cp->sinks);
    DeleteCriticalSection(&cp->lock);
    free(cp);
}

IConnectionPoint *connection_point_iface(struct connection_point *cp)
{
    return &cp->IConnectionPoint_iface;
}

BOOL connection_point_has_sinks(struct connection_point *cp)
{
    return InterlockedCompareExchange(&cp->count, 0, 0) != 0;
}

void connection_point_fire(struct connection_point *cp, DISPID dispid, VARIANTARG *args, UINT count)
{
    DISPPARAMS params = { args, NULL, count, 0 };
    CONNECTDATA *sinks;
    ULONG sink_count;

    if (FAILED(snapshot_sinks(cp, &sinks, &sink_count)))
        return;
    for (ULONG i = 0; i < sink_count; i++) {
        VARIANT result;

        VariantInit(&result);
        IDispatch_Invoke((IDispatch *)sinks[i].pUnk, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD,
                         &params, &result, NULL, NULL);
        VariantClear(&result);
    }
    release_snapshot(sinks, sink_count);
}
