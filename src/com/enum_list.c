/* The enumerators over a fixed list of automation objects (struct enum_source): IEnumVARIANT
 * (_NewEnum, what For Each walks) and its typed C/C++ forms IEnumFsiItems (a directory's children)
 * and IEnumProgressItems (a result's progress items). One object and one position over a shared
 * source; each object answers only the interface it was made for, the vtables differing only in Next.
 *
 * The documentation speaks of VT_BSTR paths for a directory's _NewEnum, but scripts written for the
 * real component read properties of what For Each gives them (item.Name). So each element is the
 * object as VT_DISPATCH (an item's default value is its full path: it serves both uses).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct list_enum {
    IEnumVARIANT IEnumVARIANT_iface;
    IEnumFsiItems IEnumFsiItems_iface;
    IEnumProgressItems IEnumProgressItems_iface;
    const IID *iid; /* the interface this object answers */
    LONG ref;
    struct enum_source *source;
    LONG position; /* advanced atomically: clients may share an enumerator between threads */
};

static struct list_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct list_enum, IEnumVARIANT_iface);
}

static struct list_enum *impl_from_IEnumFsiItems(IEnumFsiItems *iface)
{
    return CONTAINING_RECORD(iface, struct list_enum, IEnumFsiItems_iface);
}

static struct list_enum *impl_from_IEnumProgressItems(IEnumProgressItems *iface)
{
    return CONTAINING_RECORD(iface, struct list_enum, IEnumProgressItems_iface);
}

static IUnknown *outer_iface(struct list_enum *e)
{
    if (e->iid == &IID_IEnumVARIANT)
        return (IUnknown *)&e->IEnumVARIANT_iface;
    if (e->iid == &IID_IEnumFsiItems)
        return (IUnknown *)&e->IEnumFsiItems_iface;
    return (IUnknown *)&e->IEnumProgressItems_iface;
}

static HRESULT list_enum_query(struct list_enum *e, REFIID riid, void **out)
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

static ULONG list_enum_release(struct list_enum *e)
{
    ULONG ref = InterlockedDecrement(&e->ref);

    if (!ref) {
        e->source->ops->release(e->source);
        free(e);
        module_object_destroyed();
    }
    return ref;
}

/* Advances the position by up to wanted elements; *claimed says how many, the result is the first. */
static ULONG list_enum_claim(struct list_enum *e, ULONG wanted, ULONG *claimed)
{
    ULONG count = e->source->ops->count(e->source);
    LONG old, next;

    do {
        old = e->position;
        *claimed = (ULONG)old < count ? min(wanted, count - (ULONG)old) : 0;
        next = old + (LONG)*claimed;
    } while (InterlockedCompareExchange(&e->position, next, old) != old);
    return (ULONG)old;
}

/* The next elements as new references; on failure none is kept. */
static HRESULT list_enum_next(struct list_enum *e, ULONG wanted, IDispatch **items, ULONG *count)
{
    ULONG first = list_enum_claim(e, wanted, count), i;
    HRESULT hr = S_OK;

    for (i = 0; i < *count && SUCCEEDED(hr); i++)
        hr = e->source->ops->item(e->source, first + i, &items[i]);
    if (FAILED(hr)) {
        for (i--; i-- > 0;)
            IDispatch_Release(items[i]);
        *count = 0;
    }
    return hr;
}

/* The typed Next of IEnumFsiItems and IEnumProgressItems. The documentation says S_OK also when
 * fewer than asked came back. A call that returns nothing answers S_FALSE, so the usual
 * `while (Next(...) == S_OK)` loop ends. */
static HRESULT list_enum_next_typed(struct list_enum *e, ULONG wanted, IDispatch **items, ULONG *fetched)
{
    ULONG count;
    HRESULT hr;

    if (fetched)
        *fetched = 0;
    if (!items)
        return E_POINTER;
    if (!fetched && wanted != 1)
        return E_INVALIDARG;
    if (FAILED(hr = list_enum_next(e, wanted, items, &count)))
        return hr;
    if (fetched)
        *fetched = count;
    return count || !wanted ? S_OK : S_FALSE;
}

static HRESULT list_enum_skip(struct list_enum *e, ULONG wanted)
{
    ULONG skipped;

    list_enum_claim(e, wanted, &skipped);
    return skipped == wanted ? S_OK : S_FALSE;
}

static HRESULT list_enum_create(struct enum_source *source, ULONG position, const IID *iid, void **out);

static HRESULT list_enum_clone(struct list_enum *e, void **out)
{
    if (!out)
        return E_POINTER;
    return list_enum_create(e->source, (ULONG)e->position, e->iid, out);
}

/* ------------------------------------------------------------------ IEnumVARIANT */

static HRESULT STDMETHODCALLTYPE enum_variant_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    return list_enum_query(impl_from_IEnumVARIANT(iface), riid, out);
}

static ULONG STDMETHODCALLTYPE enum_variant_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_variant_Release(IEnumVARIANT *iface)
{
    return list_enum_release(impl_from_IEnumVARIANT(iface));
}

static HRESULT STDMETHODCALLTYPE enum_variant_Next(IEnumVARIANT *iface, ULONG wanted, VARIANT *items, ULONG *fetched)
{
    struct list_enum *e = impl_from_IEnumVARIANT(iface);
    IDispatch *objects[16];
    ULONG done = 0, count;
    HRESULT hr = S_OK;

    if (fetched)
        *fetched = 0;
    if (!items)
        return E_POINTER;
    if (!fetched && wanted > 1)
        return E_INVALIDARG;
    /* In chunks, so that the VARIANTs are filled from a plain array of pointers. */
    while (done < wanted && SUCCEEDED(hr = list_enum_next(e, min(wanted - done, ARRAYSIZE(objects)), objects, &count)) &&
           count) {
        for (ULONG i = 0; i < count; i++) {
            V_VT(&items[done + i]) = VT_DISPATCH;
            V_DISPATCH(&items[done + i]) = objects[i];
        }
        done += count;
    }
    if (FAILED(hr)) {
        while (done)
            VariantClear(&items[--done]);
        return hr;
    }
    if (fetched)
        *fetched = done;
    return done == wanted ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Skip(IEnumVARIANT *iface, ULONG wanted)
{
    return list_enum_skip(impl_from_IEnumVARIANT(iface), wanted);
}

static HRESULT STDMETHODCALLTYPE enum_variant_Reset(IEnumVARIANT *iface)
{
    InterlockedExchange(&impl_from_IEnumVARIANT(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_variant_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    return list_enum_clone(impl_from_IEnumVARIANT(iface), (void **)out);
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
    return list_enum_query(impl_from_IEnumFsiItems(iface), riid, out);
}

static ULONG STDMETHODCALLTYPE enum_items_AddRef(IEnumFsiItems *iface)
{
    return InterlockedIncrement(&impl_from_IEnumFsiItems(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_items_Release(IEnumFsiItems *iface)
{
    return list_enum_release(impl_from_IEnumFsiItems(iface));
}

static HRESULT STDMETHODCALLTYPE enum_items_Next(IEnumFsiItems *iface, ULONG wanted, IFsiItem **items, ULONG *fetched)
{
    return list_enum_next_typed(impl_from_IEnumFsiItems(iface), wanted, (IDispatch **)items, fetched);
}

static HRESULT STDMETHODCALLTYPE enum_items_Skip(IEnumFsiItems *iface, ULONG wanted)
{
    return list_enum_skip(impl_from_IEnumFsiItems(iface), wanted);
}

static HRESULT STDMETHODCALLTYPE enum_items_Reset(IEnumFsiItems *iface)
{
    InterlockedExchange(&impl_from_IEnumFsiItems(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_items_Clone(IEnumFsiItems *iface, IEnumFsiItems **out)
{
    return list_enum_clone(impl_from_IEnumFsiItems(iface), (void **)out);
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

/* ------------------------------------------------------------------ IEnumProgressItems */

static HRESULT STDMETHODCALLTYPE enum_progress_QueryInterface(IEnumProgressItems *iface, REFIID riid, void **out)
{
    return list_enum_query(impl_from_IEnumProgressItems(iface), riid, out);
}

static ULONG STDMETHODCALLTYPE enum_progress_AddRef(IEnumProgressItems *iface)
{
    return InterlockedIncrement(&impl_from_IEnumProgressItems(iface)->ref);
}

static ULONG STDMETHODCALLTYPE enum_progress_Release(IEnumProgressItems *iface)
{
    return list_enum_release(impl_from_IEnumProgressItems(iface));
}

static HRESULT STDMETHODCALLTYPE enum_progress_Next(IEnumProgressItems *iface, ULONG wanted, IProgressItem **items,
                                                    ULONG *fetched)
{
    return list_enum_next_typed(impl_from_IEnumProgressItems(iface), wanted, (IDispatch **)items, fetched);
}

static HRESULT STDMETHODCALLTYPE enum_progress_Skip(IEnumProgressItems *iface, ULONG wanted)
{
    return list_enum_skip(impl_from_IEnumProgressItems(iface), wanted);
}

static HRESULT STDMETHODCALLTYPE enum_progress_Reset(IEnumProgressItems *iface)
{
    InterlockedExchange(&impl_from_IEnumProgressItems(iface)->position, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_progress_Clone(IEnumProgressItems *iface, IEnumProgressItems **out)
{
    return list_enum_clone(impl_from_IEnumProgressItems(iface), (void **)out);
}

static const IEnumProgressItemsVtbl enum_progress_vtbl = {
    enum_progress_QueryInterface,
    enum_progress_AddRef,
    enum_progress_Release,
    enum_progress_Next,
    enum_progress_Skip,
    enum_progress_Reset,
    enum_progress_Clone,
};

/* ------------------------------------------------------------------ construction */

static HRESULT list_enum_create(struct enum_source *source, ULONG position, const IID *iid, void **out)
{
    struct list_enum *e;

    *out = NULL;
    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &enum_variant_vtbl;
    e->IEnumFsiItems_iface.lpVtbl = &enum_items_vtbl;
    e->IEnumProgressItems_iface.lpVtbl = &enum_progress_vtbl;
    e->iid = iid;
    e->ref = 1;
    source->ops->retain(source);
    e->source = source;
    e->position = (LONG)position;
    module_object_created();
    *out = outer_iface(e);
    return S_OK;
}

HRESULT enum_variant_create(struct enum_source *source, ULONG position, IEnumVARIANT **out)
{
    return list_enum_create(source, position, &IID_IEnumVARIANT, (void **)out);
}

HRESULT enum_fsi_items_create(struct enum_source *source, ULONG position, IEnumFsiItems **out)
{
    return list_enum_create(source, position, &IID_IEnumFsiItems, (void **)out);
}

HRESULT enum_progress_items_create(struct enum_source *source, ULONG position, IEnumProgressItems **out)
{
    return list_enum_create(source, position, &IID_IEnumProgressItems, (void **)out);
}
