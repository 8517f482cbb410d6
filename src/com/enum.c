/* IEnumVARIANT over a directory's children (what _NewEnum gives, and what For Each walks).
 *
 * The documentation speaks of VT_BSTR paths, but scripts written for the real component read
 * properties of what For Each gives them (item.Name). So each element is the item object as
 * VT_DISPATCH, whose default value is its full path: it serves both uses.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct enum_variant {
    IEnumVARIANT IEnumVARIANT_iface;
    LONG ref;
    struct item_snapshot *snapshot;
    LONG position; /* see item_snapshot_claim */
};

static struct enum_variant *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct enum_variant, IEnumVARIANT_iface);
}

static HRESULT STDMETHODCALLTYPE enum_variant_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumVARIANT)) {
        *out = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE enum_variant_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_variant_Release(IEnumVARIANT *iface)
{
    struct enum_variant *e = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        item_snapshot_release(e->snapshot);
        free(e);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Next(IEnumVARIANT *iface, ULONG wanted, VARIANT *items, ULONG *fetched)
{
    struct enum_variant *e = impl_from_IEnumVARIANT(iface);
    ULONG first, count, i;

    if (fetched)
        *fetched = 0;
    if (!items)
        return E_POINTER;
    if (!fetched && wanted > 1)
        return E_INVALIDARG;
    first = item_snapshot_claim(e->snapshot, &e->position, wanted, &count);
    for (i = 0; i < count; i++) {
        IFsiItem *item = item_snapshot_item(e->snapshot, first + i);

        IFsiItem_AddRef(item);
        V_VT(&items[i]) = VT_DISPATCH;
        V_DISPATCH(&items[i]) = (IDispatch *)item;
    }
    if (fetched)
        *fetched = count;
    return count == wanted ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Skip(IEnumVARIANT *iface, ULONG wanted)
{
    struct enum_variant *e = impl_from_IEnumVARIANT(iface);
    ULONG skipped;

    item_snapshot_claim(e->snapshot, &e->position, wanted, &skipped);
    return skipped == wanted ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Reset(IEnumVARIANT *iface)
{
    InterlockedExchange(&impl_from_IEnumVARIANT(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct enum_variant *e = impl_from_IEnumVARIANT(iface);

    if (!out)
        return E_POINTER;
    return enum_variant_create(e->snapshot, (ULONG)e->position, out);
}

static const IEnumVARIANTVtbl enum_variant_vtbl = {
    enum_variant_QueryInterface,
    enum_variant_AddRef,
    enum_variant_Release,
    enum_variant_Next,
    enum_variant_Skip,
    enum_variant_Reset,
    enum_variant_Clone,
};

HRESULT enum_variant_create(struct item_snapshot *snapshot, ULONG position, IEnumVARIANT **out)
{
    struct enum_variant *e;

    *out = NULL;
    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &enum_variant_vtbl;
    e->ref = 1;
    item_snapshot_retain(snapshot);
    e->snapshot = snapshot;
    e->position = (LONG)position;
    module_object_created();
    *out = &e->IEnumVARIANT_iface;
    return S_OK;
}
