/* The children of a directory, or the named streams of a file, at one moment, as item objects, shared by
 * enumerators and their clones.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct item_snapshot {
    struct enum_source source;
    LONG ref;
    ULONG count;
    IFsiItem *items[];
};

static struct item_snapshot *impl_from_enum_source(struct enum_source *source)
{
    return CONTAINING_RECORD(source, struct item_snapshot, source);
}

static void snapshot_retain(struct enum_source *source)
{
    InterlockedIncrement(&impl_from_enum_source(source)->ref);
}

static void snapshot_release(struct enum_source *source)
{
    item_snapshot_release(impl_from_enum_source(source));
}

static ULONG snapshot_count(struct enum_source *source)
{
    return impl_from_enum_source(source)->count;
}

static HRESULT snapshot_item(struct enum_source *source, ULONG index, IDispatch **out)
{
    IFsiItem *item = impl_from_enum_source(source)->items[index];

    IFsiItem_AddRef(item);
    *out = (IDispatch *)item;
    return S_OK;
}

static const struct enum_source_ops snapshot_ops = {
    snapshot_retain, snapshot_release, snapshot_count, snapshot_item,
};

/* A snapshot with room for count items and none made yet. */
static HRESULT snapshot_alloc(ULONG count, REFIID iid, const WCHAR *what, struct item_snapshot **out)
{
    struct item_snapshot *snapshot = calloc(1, sizeof(*snapshot) + count * sizeof(snapshot->items[0]));

    if (!(*out = snapshot))
        return out_of_memory_error(iid, what);
    snapshot->source.ops = &snapshot_ops;
    snapshot->ref = 1;
    return S_OK;
}

HRESULT item_snapshot_create(struct fs_image *image, fsi_node *dir, struct item_snapshot **out)
{
    struct item_snapshot *snapshot = NULL;
    fsi_node **children = NULL;
    fsi_error err = {0};
    uint32_t count = 0, i;
    HRESULT hr;

    *out = NULL;
    if (fsi_dir_children(dir, &children, &count, &err) < 0)
        return com_error_from_core(&err, &IID_IFsiDirectoryItem);
    hr = snapshot_alloc(count, &IID_IFsiDirectoryItem, L"enumerating a directory", &snapshot);
    for (i = 0; i < count; i++) {
        if (SUCCEEDED(hr))
            hr = fsi_item_create(image, children[i], &IID_IFsiItem, (void **)&snapshot->items[snapshot->count++]);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
    if (FAILED(hr) && snapshot)
        item_snapshot_release(snapshot);
    else
        *out = snapshot;
    return hr;
}

HRESULT stream_snapshot_create(struct fs_image *image, fsi_node *file, struct item_snapshot **out)
{
    struct item_snapshot *snapshot;
    uint32_t count = fsi_file_stream_count(file), i;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = snapshot_alloc(count, &IID_IFsiFileItem2, L"listing the named streams", &snapshot)))
        return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        hr = fsi_item_create(image, fsi_file_stream(file, i), &IID_IFsiItem,
                             (void **)&snapshot->items[snapshot->count++]);
    if (FAILED(hr))
        item_snapshot_release(snapshot);
    else
        *out = snapshot;
    return hr;
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

struct enum_source *item_snapshot_source(struct item_snapshot *snapshot)
{
    return &snapshot->source;
}
