/* The children of a directory at one moment, as item objects, shared by enumerators and their clones.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct item_snapshot {
    LONG ref;
    ULONG count;
    IFsiItem *items[];
};

HRESULT item_snapshot_create(struct fs_image *image, fsi_node *dir, struct item_snapshot **out)
{
    struct item_snapshot *snapshot;
    fsi_node **children = NULL;
    fsi_error err = {0};
    uint32_t count = 0, i;
    HRESULT hr = S_OK;

    *out = NULL;
    if (fsi_dir_children(dir, &children, &count, &err) < 0)
        return com_error_from_core(&err, &IID_IFsiDirectoryItem);
    if (!(snapshot = calloc(1, sizeof(*snapshot) + count * sizeof(snapshot->items[0]))))
        hr = out_of_memory_error(&IID_IFsiDirectoryItem, L"enumerating a directory");
    for (i = 0; i < count; i++) {
        if (SUCCEEDED(hr))
            hr = fsi_item_create(image, children[i], &IID_IFsiItem, (void **)&snapshot->items[snapshot->count++]);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
    if (snapshot) {
        snapshot->ref = 1;
        if (FAILED(hr)) {
            item_snapshot_release(snapshot);
            return hr;
        }
    }
    *out = snapshot;
    return hr;
}

void item_snapshot_retain(struct item_snapshot *snapshot)
{
    InterlockedIncrement(&snapshot->ref);
}

/* Items take their image's lock when they go; that lock is re-entrant, so this may run under it. */
void item_snapshot_release(struct item_snapshot *snapshot)
{
    ULONG i;

    if (InterlockedDecrement(&snapshot->ref))
        return;
    for (i = 0; i < snapshot->count; i++)
        if (snapshot->items[i])
            IFsiItem_Release(snapshot->items[i]);
    free(snapshot);
}

ULONG item_snapshot_count(const struct item_snapshot *snapshot)
{
    return snapshot->count;
}

IFsiItem *item_snapshot_item(const struct item_snapshot *snapshot, ULONG index)
{
    return snapshot->items[index];
}

ULONG item_snapshot_claim(const struct item_snapshot *snapshot, LONG *position, ULONG wanted, ULONG *claimed)
{
    LONG old, next;

    do {
        old = *position;
        *claimed = (ULONG)old < snapshot->count ? min(wanted, snapshot->count - (ULONG)old) : 0;
        next = old + (LONG)*claimed;
    } while (InterlockedCompareExchange(position, next, old) != old);
    return (ULONG)old;
}
