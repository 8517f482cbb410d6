/* FsiDirectoryItem and FsiFileItem: one object type over a node of the image; the IFsiItem part is
 * shared (item.c), each kind adds its own vtable (diritem.c, fileitem.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef ITEM_PRIVATE_H
#define ITEM_PRIVATE_H

#include "objects.h"

struct item {
    /* Both kinds' interfaces begin with IFsiItem's slots, so one pointer serves IFsiItem, IDispatch and
     * every interface of the item's kind. */
    union {
        IFsiItem IFsiItem_iface;
        IFsiDirectoryItem2 IFsiDirectoryItem2_iface;
        IFsiFileItem2 IFsiFileItem2_iface;
    };
    struct support_error_info error_info;
    LONG ref;
    struct fs_image *image; /* a reference: its lock guards node */
    fsi_node *node;         /* retained */
    fsi_kind kind;
};

static inline struct item *impl_from_IFsiItem(IFsiItem *iface)
{
    return CONTAINING_RECORD(iface, struct item, IFsiItem_iface);
}

/* The typed vtable slots of IFsiItem for a derived interface: the shared functions take IFsiItem *,
 * which has the same layout in front. */
#define ITEM_SLOTS(Iface)                                                                           \
    item_QueryInterface_as(Iface), (ULONG(STDMETHODCALLTYPE *)(Iface *))item_AddRef,                \
        (ULONG(STDMETHODCALLTYPE *)(Iface *))item_Release, DISPATCH_SLOTS(Iface),                   \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, BSTR *))item_get_Name,                               \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, BSTR *))item_get_FullPath,                           \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE *))item_get_CreationTime,                       \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE))item_put_CreationTime,                         \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE *))item_get_LastAccessedTime,                   \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE))item_put_LastAccessedTime,                     \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE *))item_get_LastModifiedTime,                   \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, DATE))item_put_LastModifiedTime,                     \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, VARIANT_BOOL *))item_get_IsHidden,                   \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, VARIANT_BOOL))item_put_IsHidden,                     \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, FsiFileSystems, BSTR *))item_FileSystemName,         \
        (HRESULT(STDMETHODCALLTYPE *)(Iface *, FsiFileSystems, BSTR *))item_FileSystemPath
#define item_QueryInterface_as(Iface) (HRESULT(STDMETHODCALLTYPE *)(Iface *, REFIID, void **))item_QueryInterface

HRESULT STDMETHODCALLTYPE item_QueryInterface(IFsiItem *iface, REFIID riid, void **out);
ULONG STDMETHODCALLTYPE item_AddRef(IFsiItem *iface);
ULONG STDMETHODCALLTYPE item_Release(IFsiItem *iface);
HRESULT STDMETHODCALLTYPE item_get_Name(IFsiItem *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE item_get_FullPath(IFsiItem *iface, BSTR *value);
HRESULT STDMETHODCALLTYPE item_get_CreationTime(IFsiItem *iface, DATE *value);
HRESULT STDMETHODCALLTYPE item_put_CreationTime(IFsiItem *iface, DATE value);
HRESULT STDMETHODCALLTYPE item_get_LastAccessedTime(IFsiItem *iface, DATE *value);
HRESULT STDMETHODCALLTYPE item_put_LastAccessedTime(IFsiItem *iface, DATE value);
HRESULT STDMETHODCALLTYPE item_get_LastModifiedTime(IFsiItem *iface, DATE *value);
HRESULT STDMETHODCALLTYPE item_put_LastModifiedTime(IFsiItem *iface, DATE value);
HRESULT STDMETHODCALLTYPE item_get_IsHidden(IFsiItem *iface, VARIANT_BOOL *value);
HRESULT STDMETHODCALLTYPE item_put_IsHidden(IFsiItem *iface, VARIANT_BOOL value);
HRESULT STDMETHODCALLTYPE item_FileSystemName(IFsiItem *iface, FsiFileSystems system, BSTR *value);
HRESULT STDMETHODCALLTYPE item_FileSystemPath(IFsiItem *iface, FsiFileSystems system, BSTR *value);

/* The dispatch_header hook: an item's value is its full path (so `WScript.Echo item`, string
 * conversions and `dir.Item(item)` work). */
HRESULT item_default_value(IDispatch *iface, VARIANT *result);

/* Set the vtable of a new item of each kind. */
void directory_item_init(struct item *item);
void file_item_init(struct item *item);

#endif
