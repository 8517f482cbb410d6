/* A file item's Data: the bytes of its source as a stream of their own.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

struct source_backend {
    fsi_source *source; /* retained */
    void *handle;       /* from the source's open */
};

static HRESULT source_backend_new(fsi_source *source, struct source_backend **out)
{
    struct source_backend *backend;
    fsi_error err = {0};

    if (!(backend = calloc(1, sizeof(*backend))))
        return out_of_memory_error(&IID_IFsiFileItem, L"Data");
    if (source->ops->open(source, &backend->handle, &err) < 0) {
        free(backend);
        return com_error_from_core(&err, &IID_IFsiFileItem);
    }
    backend->source = fsi_source_retain(source);
    *out = backend;
    return S_OK;
}

static HRESULT source_read(void *opaque, uint64_t offset, void *buf, size_t len)
{
    struct source_backend *backend = opaque;
    fsi_error err = {0};

    if (backend->source->ops->read(backend->source, backend->handle, offset, buf, len, &err) < 0)
        return com_error_from_core(&err, &IID_IStream);
    return S_OK;
}

static HRESULT source_clone(void *opaque, void **out)
{
    struct source_backend *backend = opaque;
    return source_backend_new(backend->source, (struct source_backend **)out);
}

static void source_destroy(void *opaque)
{
    struct source_backend *backend = opaque;

    backend->source->ops->close(backend->source, backend->handle);
    fsi_source_release(backend->source);
    free(backend);
}

static const struct stream_backend_ops source_backend_ops = {source_read, source_clone, source_destroy, NULL};

HRESULT source_stream_create(fsi_source *source, const WCHAR *name, IStream **out)
{
    struct source_backend *backend;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = source_backend_new(source, &backend)))
        return hr;
    return read_only_stream_create(&source_backend_ops, backend, source->size, name, &CLSID_NULL, out);
}
