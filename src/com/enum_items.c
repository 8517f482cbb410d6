/* IEnumFsiItems over a directory's children (EnumFsiItems: the C/C++ form of _NewEnum).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct enum_items {
    IEnumFsiItems IEnumFsiItems_iface;
    LONG ref;
    struct item_snapshot *snapshot;
    LONG position; /* see item_snapshot_claim */
};

static struct enum_items *impl_from_IEnumFsiItems(IEnumFsiItems *iface)
{
    return CONTAINING_RECORD(iface, struct enum_items, IEnumFsiItems_iface);
}

static HRESULT STDMETHODCALLTYPE enum_items_QueryInterface(IEnumFsiItems *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumFsiItems)) {
        *out = iface;
        IEnumFsiItems_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE enum_items_AddRef(IEnumFsiItems *iface)
{
    return InterlockedIncrement(&impl_from_IEnumFsiItems(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_items_Release(IEnumFsiItems *iface)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        item_snapshot_release(e->snapshot);
        free(e);
        module_object_destroyed();
    }
    return ref;
}

/* The documentation says S_OK also when fewer than asked came back. A call that returns nothing
 * answers S_FALSE, so the usual `while (Next(...) == S_OK)` loop ends. */
static HRESULT STDMETHODCALLTYPE enum_items_Next(IEnumFsiItems *iface, ULONG wanted, IFsiItem **items, ULONG *fetched)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG first, count, i;

    if (fetched)
        *fetched = 0;
    if (!items)
        return E_POINTER;
    if (!fetched && wanted != 1)
        return E_INVALIDARG;
    first = item_snapshot_claim(e->snapshot, &e->position, wanted, &count);
    for (i = 0; i < count; i++) {
        items[i] = item_snapshot_item(e->snapshot, first + i);
        IFsiItem_AddRef(items[i]);
    }
    if (fetched)
        *fetched = count;
    return count || !wanted ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_items_Skip(IEnumFsiItems *iface, ULONG wanted)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG skipped;

    item_snapshot_claim(e->snapshot, &e->position, wanted, &skipped);
    return skipped == wanted ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_items_Reset(IEnumFsiItems *iface)
{
    InterlockedExchange(&impl_from_IEnumFsiItems(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_items_Clone(IEnumFsiItems *iface, IEnumFsiItems **out)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);

    if (!out)
        return E_POINTER;
    return enum_fsi_items_create(e->snapshot, (ULONG)e->position, out);
}

static const IEnumFsiItemsVtbl enum_items_vtbl = {
    enum_items_QueryInterface,
    enum_items_AddRef,
    enum_items_Release,
    enum_items_Next,
    enum_items_Skip,
    enum_items_Reset,
    enum_items_Clone,
};

HRESULT enum_fsi_items_create(struct item_snapshot *snapshot, ULONG position, IEnumFsiItems **out)
{
    struct enum_items *e;

    *out = NULL;
    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumFsiItems_iface.lpVtbl = &enum_items_vtbl;
    e->ref = 1;
    item_snapshot_retain(snapshot);
    e->snapshot = snapshot;
    e->position = (LONG)position;
    module_object_created();
    *out = &e->IEnumFsiItems_iface;
    return S_OK;
}
