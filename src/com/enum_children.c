/* The enumerators over a directory's children: IEnumVARIANT (_NewEnum, what For Each walks) and
 * IEnumFsiItems (EnumFsiItems, its C/C++ form). One object and one position over a shared snapshot;
 * each object answers only the interface it was made for, the two vtables differing only in Next.
 *
 * The documentation speaks of VT_BSTR paths for _NewEnum, but scripts written for the real component
 * read properties of what For Each gives them (item.Name). So each element is the item object as
 * VT_DISPATCH, whose default value is its full path: it serves both uses.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct child_enum {
    IEnumVARIANT IEnumVARIANT_iface;
    IEnumFsiItems IEnumFsiItems_iface;
    const IID *iid; /* the interface this object answers */
    LONG ref;
    struct item_snapshot *snapshot;
    LONG position; /* see item_snapshot_claim */
};

static struct child_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct child_enum, IEnumVARIANT_iface);
}

static struct child_enum *impl_from_IEnumFsiItems(IEnumFsiItems *iface)
{
    return CONTAINING_RECORD(iface, struct child_enum, IEnumFsiItems_iface);
}

static IUnknown *outer_iface(struct child_enum *e)
{
    return e->iid == &IID_IEnumVARIANT ? (IUnknown *)&e->IEnumVARIANT_iface : (IUnknown *)&e->IEnumFsiItems_iface;
}

static HRESULT child_enum_query(struct child_enum *e, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, e->iid)) {
        *out = outer_iface(e);
        InterlockedIncrement(&e->ref);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG child_enum_release(struct child_enum *e)
{
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        item_snapshot_release(e->snapshot);
        free(e);
        module_object_destroyed();
    }
    return ref;
}

static HRESULT child_enum_skip(struct child_enum *e, ULONG wanted)
{
    ULONG skipped;

    item_snapshot_claim(e->snapshot, &e->position, wanted, &skipped);
    return skipped == wanted ? S_OK : S_FALSE;
}

static HRESULT child_enum_create(struct item_snapshot *snapshot, ULONG position, const IID *iid, void **out);

/* ------------------------------------------------------------------ IEnumVARIANT */

static HRESULT STDMETHODCALLTYPE enum_variant_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    return child_enum_query(impl_from_IEnumVARIANT(iface), riid, out);
}

static ULONG STDMETHODCALLTYPE enum_variant_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_variant_Release(IEnumVARIANT *iface)
{
    return child_enum_release(impl_from_IEnumVARIANT(iface));
}

static HRESULT STDMETHODCALLTYPE enum_variant_Next(IEnumVARIANT *iface, ULONG wanted, VARIANT *items, ULONG *fetched)
{
    struct child_enum *e = impl_from_IEnumVARIANT(iface);
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
    return child_enum_skip(impl_from_IEnumVARIANT(iface), wanted);
}

static HRESULT STDMETHODCALLTYPE enum_variant_Reset(IEnumVARIANT *iface)
{
    InterlockedExchange(&impl_from_IEnumVARIANT(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct child_enum *e = impl_from_IEnumVARIANT(iface);

    if (!out)
        return E_POINTER;
    return child_enum_create(e->snapshot, (ULONG)e->position, &IID_IEnumVARIANT, (void **)out);
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

/* ------------------------------------------------------------------ IEnumFsiItems */

static HRESULT STDMETHODCALLTYPE enum_items_QueryInterface(IEnumFsiItems *iface, REFIID riid, void **out)
{
    return child_enum_query(impl_from_IEnumFsiItems(iface), riid, out);
}

static ULONG STDMETHODCALLTYPE enum_items_AddRef(IEnumFsiItems *iface)
{
    return InterlockedIncrement(&impl_from_IEnumFsiItems(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_items_Release(IEnumFsiItems *iface)
{
    return child_enum_release(impl_from_IEnumFsiItems(iface));
}

/* The documentation says S_OK also when fewer than asked came back. A call that returns nothing
 * answers S_FALSE, so the usual `while (Next(...) == S_OK)` loop ends. */
static HRESULT STDMETHODCALLTYPE enum_items_Next(IEnumFsiItems *iface, ULONG wanted, IFsiItem **items, ULONG *fetched)
{
    struct child_enum *e = impl_from_IEnumFsiItems(iface);
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
    return child_enum_skip(impl_from_IEnumFsiItems(iface), wanted);
}

static HRESULT STDMETHODCALLTYPE enum_items_Reset(IEnumFsiItems *iface)
{
    InterlockedExchange(&impl_from_IEnumFsiItems(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_items_Clone(IEnumFsiItems *iface, IEnumFsiItems **out)
{
    struct child_enum *e = impl_from_IEnumFsiItems(iface);

    if (!out)
        return E_POINTER;
    return child_enum_create(e->snapshot, (ULONG)e->position, &IID_IEnumFsiItems, (void **)out);
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

/* ------------------------------------------------------------------ construction */

static HRESULT child_enum_create(struct item_snapshot *snapshot, ULONG position, const IID *iid, void **out)
{
    struct child_enum *e;

    *out = NULL;
    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &enum_variant_vtbl;
    e->IEnumFsiItems_iface.lpVtbl = &enum_items_vtbl;
    e->iid = iid;
    e->ref = 1;
    item_snapshot_retain(snapshot);
    e->snapshot = snapshot;
    e->position = (LONG)position;
    module_object_created();
    *out = outer_iface(e);
    return S_OK;
}

HRESULT enum_variant_create(struct item_snapshot *snapshot, ULONG position, IEnumVARIANT **out)
{
    return child_enum_create(snapshot, position, &IID_IEnumVARIANT, (void **)out);
}

HRESULT enum_fsi_items_create(struct item_snapshot *snapshot, ULONG position, IEnumFsiItems **out)
{
    return child_enum_create(snapshot, position, &IID_IEnumFsiItems, (void **)out);
}
