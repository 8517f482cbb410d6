/* Snapshot enumerators of connection points: IEnumConnections (a point's sinks) and
 * IEnumConnectionPoints (a container's points). Both hold their own references to a fixed list, so
 * advising or unadvising while enumerating is safe.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "connpoint_enum.h"

/* One implementation behind two interfaces: an instance hands out exactly one of them. The
 * IEnumConnectionPoints flavour stores each point as CONNECTDATA.pUnk with cookie 0. */
struct connection_enum {
    IEnumConnections IEnumConnections_iface;
    IEnumConnectionPoints IEnumConnectionPoints_iface;
    LONG ref;
    ULONG position;
    ULONG count;
    CONNECTDATA items[];
};

static struct connection_enum *impl_from_IEnumConnections(IEnumConnections *iface)
{
    return CONTAINING_RECORD(iface, struct connection_enum, IEnumConnections_iface);
}

static struct connection_enum *impl_from_IEnumConnectionPoints(IEnumConnectionPoints *iface)
{
    return CONTAINING_RECORD(iface, struct connection_enum, IEnumConnectionPoints_iface);
}

static const IEnumConnectionsVtbl enum_connections_vtbl;
static const IEnumConnectionPointsVtbl enum_points_vtbl;

static struct connection_enum *connection_enum_alloc(const CONNECTDATA *items, ULONG count, ULONG position)
{
    struct connection_enum *e = malloc(sizeof(*e) + count * sizeof(e->items[0]));

    if (!e)
        return NULL;
    e->IEnumConnections_iface.lpVtbl = &enum_connections_vtbl;
    e->IEnumConnectionPoints_iface.lpVtbl = &enum_points_vtbl;
    e->ref = 1;
    e->position = position;
    e->count = count;
    for (ULONG i = 0; i < count; i++) {
        e->items[i] = items[i];
        IUnknown_AddRef(e->items[i].pUnk);
    }
    module_object_created();
    return e;
}

static ULONG connection_enum_addref(struct connection_enum *e)
{
    return InterlockedIncrement(&e->ref);
}

static ULONG connection_enum_release(struct connection_enum *e)
{
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        for (ULONG i = 0; i < e->count; i++)
            IUnknown_Release(e->items[i].pUnk);
        free(e);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT connection_enum_skip(struct connection_enum *e, ULONG count)
{
    ULONG left = e->count - e->position;

    if (count > left) {
        e->position = e->count;
        return S_FALSE;
    }
    e->position += count;
    return S_OK;
}

/* ---- IEnumConnections */

static HRESULT STDMETHODCALLTYPE enum_connections_QueryInterface(IEnumConnections *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumConnections)) {
        *out = iface;
        IEnumConnections_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE enum_connections_AddRef(IEnumConnections *iface)
{
    return connection_enum_addref(impl_from_IEnumConnections(iface));
}

static ULONG STDMETHODCALLTYPE enum_connections_Release(IEnumConnections *iface)
{
    return connection_enum_release(impl_from_IEnumConnections(iface));
}

static HRESULT STDMETHODCALLTYPE enum_connections_Next(IEnumConnections *iface, ULONG count, CONNECTDATA *out,
                                                       ULONG *fetched)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);
    ULONG done = 0;

    if (!out || (count > 1 && !fetched))
        return E_POINTER;
    while (done < count && e->position < e->count) {
        out[done] = e->items[e->position++];
        IUnknown_AddRef(out[done].pUnk);
        done++;
    }
    if (fetched)
        *fetched = done;
    return done == count ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_connections_Skip(IEnumConnections *iface, ULONG count)
{
    return connection_enum_skip(impl_from_IEnumConnections(iface), count);
}

static HRESULT STDMETHODCALLTYPE enum_connections_Reset(IEnumConnections *iface)
{
    impl_from_IEnumConnections(iface)->position = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_connections_Clone(IEnumConnections *iface, IEnumConnections **out)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface), *copy;

    if (!out)
        return E_POINTER;
    copy = connection_enum_alloc(e->items, e->count, e->position);
    *out = copy ? &copy->IEnumConnections_iface : NULL;
    return copy ? S_OK : E_OUTOFMEMORY;
}

static const IEnumConnectionsVtbl enum_connections_vtbl = {
    enum_connections_QueryInterface, enum_connections_AddRef, enum_connections_Release,
    enum_connections_Next, enum_connections_Skip, enum_connections_Reset, enum_connections_Clone,
};

HRESULT enum_connections_create(const CONNECTDATA *items, ULONG count, IEnumConnections **out)
{
    struct connection_enum *e = connection_enum_alloc(items, count, 0);

    *out = e ? &e->IEnumConnections_iface : NULL;
    return e ? S_OK : E_OUTOFMEMORY;
}

/* ---- IEnumConnectionPoints */

static HRESULT STDMETHODCALLTYPE enum_points_QueryInterface(IEnumConnectionPoints *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumConnectionPoints)) {
        *out = iface;
        IEnumConnectionPoints_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE enum_points_AddRef(IEnumConnectionPoints *iface)
{
    return connection_enum_addref(impl_from_IEnumConnectionPoints(iface));
}

static ULONG STDMETHODCALLTYPE enum_points_Release(IEnumConnectionPoints *iface)
{
    return connection_enum_release(impl_from_IEnumConnectionPoints(iface));
}

static HRESULT STDMETHODCALLTYPE enum_points_Next(IEnumConnectionPoints *iface, ULONG count, IConnectionPoint **out,
                                                  ULONG *fetched)
{
    struct connection_enum *e = impl_from_IEnumConnectionPoints(iface);
    ULONG done = 0;

    if (!out || (count > 1 && !fetched))
        return E_POINTER;
    while (done < count && e->position < e->count) {
        out[done] = (IConnectionPoint *)e->items[e->position++].pUnk;
        IConnectionPoint_AddRef(out[done]);
        done++;
    }
    if (fetched)
        *fetched = done;
    return done == count ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_points_Skip(IEnumConnectionPoints *iface, ULONG count)
{
    return connection_enum_skip(impl_from_IEnumConnectionPoints(iface), count);
}

static HRESULT STDMETHODCALLTYPE enum_points_Reset(IEnumConnectionPoints *iface)
{
    impl_from_IEnumConnectionPoints(iface)->position = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_points_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **out)
{
    struct connection_enum *e = impl_from_IEnumConnectionPoints(iface), *copy;

    if (!out)
        return E_POINTER;
    copy = connection_enum_alloc(e->items, e->count, e->position);
    *out = copy ? &copy->IEnumConnectionPoints_iface : NULL;
    return copy ? S_OK : E_OUTOFMEMORY;
}

static const IEnumConnectionPointsVtbl enum_points_vtbl = {
    enum_points_QueryInterface, enum_points_AddRef, enum_points_Release,
    enum_points_Next, enum_points_Skip, enum_points_Reset, enum_points_Clone,
};

HRESULT enum_connection_points_create(IConnectionPoint **points, ULONG count, IEnumConnectionPoints **out)
{
    CONNECTDATA *items;
    struct connection_enum *e;

    if (!out)
        return E_POINTER;
    *out = NULL;
    items = calloc(count ? count : 1, sizeof(*items));
    if (!items)
        return E_OUTOFMEMORY;
    for (ULONG i = 0; i < count; i++)
        items[i].pUnk = (IUnknown *)points[i];
    e = connection_enum_alloc(items, count, 0);
    free(items);
    if (!e)
        return E_OUTOFMEMORY;
    *out = &e->IEnumConnectionPoints_iface;
    return S_OK;
}
