/* FsiFileItem: a file's size, its data as a stream, its named streams and its real-time attribute.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "item_private.h"

#define FILE_IID (&IID_IFsiFileItem)
#define FILE2_IID (&IID_IFsiFileItem2)

static struct item *impl_from_IFsiFileItem2(IFsiFileItem2 *iface)
{
    return CONTAINING_RECORD(iface, struct item, IFsiFileItem2_iface);
}

static uint64_t file_size(struct item *file)
{
    uint64_t size;

    fs_image_enter(file->image);
    size = fsi_node_file_size(file->node);
    fs_image_leave(file->image);
    return size;
}

static HRESULT STDMETHODCALLTYPE file_get_DataSize(IFsiFileItem2 *iface, LONGLONG *value)
{
    if (!value)
        return null_pointer_error(FILE_IID, L"DataSize");
    *value = (LONGLONG)file_size(impl_from_IFsiFileItem2(iface));
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE file_get_DataSize32BitLow(IFsiFileItem2 *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(FILE_IID, L"DataSize32BitLow");
    *value = (LONG)(ULONG)file_size(impl_from_IFsiFileItem2(iface));
    return com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE file_get_DataSize32BitHigh(IFsiFileItem2 *iface, LONG *value)
{
    if (!value)
        return null_pointer_error(FILE_IID, L"DataSize32BitHigh");
    *value = (LONG)(ULONG)(file_size(impl_from_IFsiFileItem2(iface)) >> 32);
    return com_success(S_OK);
}

/* A new stream at position 0 each time, reading the file's source directly. */
static HRESULT STDMETHODCALLTYPE file_get_Data(IFsiFileItem2 *iface, IStream **value)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    fsi_error err = {0};
    fsi_char *path = NULL;
    fsi_source *source;
    fsi_hresult core_hr;
    HRESULT hr;

    if (!value)
        return null_pointer_error(FILE_IID, L"Data");
    *value = NULL;
    fs_image_enter(file->image);
    source = fsi_source_retain(fsi_node_file_source(file->node));
    core_hr = fsi_node_full_path(file->node, &path, &err);
    fs_image_leave(file->image);
    if (core_hr < 0)
        hr = com_error_from_core(&err, FILE_IID);
    else
        hr = source_stream_create(source, wide_str(path), value);
    fsi_source_release(source);
    fsi_free(path);
    return FAILED(hr) ? hr : com_success(S_OK);
}

/* Only a detached file (CreateFileItem, not yet added) takes new data; the stream is read when the
 * image is, as with AddFile. */
static HRESULT STDMETHODCALLTYPE file_put_Data(IFsiFileItem2 *iface, IStream *value)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    fsi_error err = {0};
    fsi_source *source;
    fsi_char *name;
    fsi_hresult core_hr;

    if (!value)
        return com_error(E_POINTER, FILE_IID, L"Data was given no stream.");
    fs_image_enter(file->image);
    name = fsi_strdup16(fsi_node_name(file->node));
    fs_image_leave(file->image);
    if (!name)
        return out_of_memory_error(FILE_IID, L"Data");
    core_hr = istream_source_create(value, wide_str(name), &source, &err);
    fsi_free(name);
    if (core_hr < 0)
        return com_error_from_core(&err, FILE_IID);
    fs_image_enter(file->image);
    core_hr = fsi_node_set_data(file->node, source, &err);
    if (core_hr >= 0)
        fs_image_changed(file->image);
    fs_image_leave(file->image);
    fsi_source_release(source);
    return core_hr < 0 ? com_error_from_core(&err, FILE_IID) : com_success(S_OK);
}

/* A named stream is an item of its own (IsNamedStream); it has no streams and no real-time attribute. */
static BOOL is_named_stream(struct item *file)
{
    BOOL stream;

    fs_image_enter(file->image);
    stream = fsi_node_is_named_stream(file->node) != 0;
    fs_image_leave(file->image);
    return stream;
}

static HRESULT not_accessible_on_stream(const WCHAR *member)
{
    return com_error(IMAPI_E_PROPERTY_NOT_ACCESSIBLE, FILE2_IID, L"%ls is not available on a named stream.",
                     member);
}

/* The file's streams as they are now: later edits do not change the collection. */
static HRESULT STDMETHODCALLTYPE file_get_FsiNamedStreams(IFsiFileItem2 *iface, IFsiNamedStreams **value)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    HRESULT hr;

    if (!value)
        return null_pointer_error(FILE2_IID, L"FsiNamedStreams");
    *value = NULL;
    if (is_named_stream(file))
        return not_accessible_on_stream(L"FsiNamedStreams");
    hr = named_streams_create(file->image, file->node, value);
    return FAILED(hr) ? hr : com_success(S_OK);
}

static HRESULT STDMETHODCALLTYPE file_get_IsNamedStream(IFsiFileItem2 *iface, VARIANT_BOOL *value)
{
    if (!value)
        return null_pointer_error(FILE2_IID, L"IsNamedStream");
    *value = is_named_stream(impl_from_IFsiFileItem2(iface)) ? VARIANT_TRUE : VARIANT_FALSE;
    return com_success(S_OK);
}

/* Like AddFile, the stream is read when the image is; without UDF 2.00 or later the stream is kept and
 * the core's IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED passes through. */
static HRESULT STDMETHODCALLTYPE file_AddStream(IFsiFileItem2 *iface, BSTR name, IStream *data)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    fsi_error err = {0};
    fsi_source *source;
    fsi_hresult core_hr;

    if (is_named_stream(file))
        return not_accessible_on_stream(L"AddStream");
    if (!data)
        return com_error(E_POINTER, FILE2_IID, L"AddStream was given no stream for \"%ls\".", name ? name : L"");
    if (istream_source_create(data, name ? name : L"", &source, &err) < 0)
        return com_error_from_core(&err, FILE2_IID);
    fs_image_enter(file->image);
    core_hr = fsi_file_add_stream(file->node, bstr_arg(name), source, &err);
    if (core_hr >= 0)
        fs_image_changed(file->image);
    fs_image_leave(file->image);
    fsi_source_release(source);
    return core_hr < 0 ? com_error_from_core(&err, FILE2_IID) : com_success(core_hr);
}

static HRESULT STDMETHODCALLTYPE file_RemoveStream(IFsiFileItem2 *iface, BSTR name)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    fsi_error err = {0};
    fsi_hresult core_hr;

    if (is_named_stream(file))
        return not_accessible_on_stream(L"RemoveStream");
    fs_image_enter(file->image);
    core_hr = fsi_file_remove_stream(file->node, bstr_arg(name), &err);
    if (core_hr >= 0)
        fs_image_changed(file->image);
    fs_image_leave(file->image);
    return core_hr < 0 ? com_error_from_core(&err, FILE2_IID) : com_success(core_hr);
}

static HRESULT STDMETHODCALLTYPE file_get_IsRealTime(IFsiFileItem2 *iface, VARIANT_BOOL *value)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    BOOL stream, real_time;

    if (!value)
        return null_pointer_error(FILE2_IID, L"IsRealTime");
    fs_image_enter(file->image);
    stream = fsi_node_is_named_stream(file->node) != 0;
    real_time = fsi_node_real_time(file->node) != 0;
    fs_image_leave(file->image);
    if (stream)
        return not_accessible_on_stream(L"IsRealTime");
    *value = real_time ? VARIANT_TRUE : VARIANT_FALSE;
    return com_success(S_OK);
}

/* Below UDF 2.01 the value is kept and IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED passes through. */
static HRESULT STDMETHODCALLTYPE file_put_IsRealTime(IFsiFileItem2 *iface, VARIANT_BOOL value)
{
    struct item *file = impl_from_IFsiFileItem2(iface);
    fsi_error err = {0};
    fsi_hresult core_hr;

    fs_image_enter(file->image);
    core_hr = fsi_node_set_real_time(file->node, value != VARIANT_FALSE, &err);
    if (core_hr >= 0)
        fs_image_changed(file->image);
    fs_image_leave(file->image);
    return core_hr < 0 ? com_error_from_core(&err, FILE2_IID) : com_success(core_hr);
}

static const DISPATCH_VTBL(IFsiFileItem2) file_item_vtbl = {
    {&IID_IFsiFileItem2, item_default_value},
    {
        ITEM_SLOTS(IFsiFileItem2),
        file_get_DataSize,
        file_get_DataSize32BitLow,
        file_get_DataSize32BitHigh,
        file_get_Data,
        file_put_Data,
        file_get_FsiNamedStreams,
        file_get_IsNamedStream,
        file_AddStream,
        file_RemoveStream,
        file_get_IsRealTime,
        file_put_IsRealTime,
    },
};

void file_item_init(struct item *item)
{
    item->IFsiFileItem2_iface.lpVtbl = &file_item_vtbl.vtbl;
}
