/* FsiStream: the result image as a stream, rendered on demand by an fsi_reader of the layout.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct layout_backend {
    fsi_layout *layout; /* retained */
    fsi_reader *reader; /* one per stream: it caches the source it read last */
};

static HRESULT layout_backend_new(fsi_layout *layout, struct layout_backend **out)
{
    struct layout_backend *backend;
    fsi_error err = {0};

    if (!(backend = calloc(1, sizeof(*backend))))
        return out_of_memory_error(&IID_IStream, L"creating the image stream");
    if (fsi_reader_create(layout, &backend->reader, &err) < 0) {
        free(backend);
        return com_error_from_core(&err, &IID_IStream);
    }
    backend->layout = fsi_layout_retain(layout);
    *out = backend;
    return S_OK;
}

static HRESULT layout_read(void *opaque, uint64_t offset, void *buf, size_t len)
{
    struct layout_backend *backend = opaque;
    fsi_error err = {0};

    if (fsi_reader_read(backend->reader, offset, buf, len, &err) < 0)
        return com_error_from_core(&err, &IID_IStream);
    return S_OK;
}

static HRESULT layout_clone(void *opaque, void **out)
{
    struct layout_backend *backend = opaque;
    return layout_backend_new(backend->layout, (struct layout_backend **)out);
}

static void layout_destroy(void *opaque)
{
    struct layout_backend *backend = opaque;

    fsi_reader_destroy(backend->reader);
    fsi_layout_release(backend->layout);
    free(backend);
}

/* The documented way to learn the blocks to write from the stream alone. */
static HRESULT layout_query(void *opaque, IUnknown *stream, REFIID riid, void **out)
{
    struct layout_backend *backend = opaque;

    if (!IsEqualIID(riid, &IID_IBlockRangeList))
        return E_NOINTERFACE;
    return block_range_list_create(backend->layout, stream, (IBlockRangeList **)out);
}

static const struct stream_backend_ops layout_backend_ops = {layout_read, layout_clone, layout_destroy, layout_query};

HRESULT fsi_stream_create(fsi_layout *layout, const WCHAR *name, IStream **out)
{
    struct layout_backend *backend;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = layout_backend_new(layout, &backend)))
        return hr;
    return read_only_stream_create(&layout_backend_ops, backend,
                                   (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE, name,
                                   &CLSID_FsiStream, out);
}
