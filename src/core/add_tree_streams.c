/* AddTreeWithNamedStreams: the named data streams of each file AddTree reads from disk, attached to the
 * file's node while the tree is still detached, so the merge adds them with their files or not at all.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "add_tree_streams.h"
#include "hresult.h"
#include "image.h"
#include "message.h"
#include "named_streams.h"
#include "platform.h"
#include "source_file.h"

struct stream_listing {
    fsi_node *file;
    const fsi_char *path; /* the file on disk */
    fsi_error *err;
};

/* One stream: a source that opens "path:name", which is how Windows names a file's stream. */
static fsi_hresult on_stream(void *ctx, const fsi_char *name, uint64_t size)
{
    struct stream_listing *l = ctx;
    size_t path_len = fsi_strlen16(l->path), name_len = fsi_strlen16(name);
    fsi_char *full = malloc((path_len + 1 + name_len + 1) * sizeof(fsi_char));
    message_text text;
    fsi_source *src;
    fsi_error why;
    fsi_hresult hr;

    if (!full)
        return fsi_fail(l->err, FSI_E_OUTOFMEMORY, "out of memory for the streams of '%s'",
                        message_utf8(l->path, &text));
    memcpy(full, l->path, path_len * sizeof(fsi_char));
    full[path_len] = ':';
    memcpy(full + path_len + 1, name, (name_len + 1) * sizeof(fsi_char));
    hr = source_file_create(full, size, &src, &why);
    free(full);
    if (hr < 0)
        return fsi_fail(l->err, hr, "cannot add the streams of '%s': %s", message_utf8(l->path, &text), why.message);
    hr = node_stream_attach(l->file, name, src, &why);
    fsi_source_release(src);
    if (hr < 0)
        return fsi_fail(l->err, hr, "cannot add the streams of '%s': %s", message_utf8(l->path, &text), why.message);
    return FSI_S_OK;
}

fsi_hresult add_tree_streams_attach(fsi_node *file, const fsi_char *path, fsi_error *err)
{
    fsi_error why = {0};
    struct stream_listing l = {file, path, &why};
    message_text text;
    fsi_hresult hr = platform_list_streams(path, on_stream, &l);

    if (hr >= 0)
        return FSI_S_OK;
    if (why.code < 0) /* ours, with its message */
        return fsi_fail(err, why.code, "%s", why.message);
    return fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE, "cannot list the named streams of '%s' (error 0x%08X)",
                    message_utf8(path, &text), (unsigned)hr);
}

fsi_hresult add_tree_streams_check(const fsi_image *img, const fsi_node *built, fsi_error *err)
{
    uint32_t adding = node_streams_in_tree(built);

    if (adding && (uint64_t)img->stream_count + adding > FSI_NAMED_STREAMS_MAX)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "the folder has %lu named streams and the image %d, more than the %d an image takes",
                        (unsigned long)adding, (int)img->stream_count, (int)FSI_NAMED_STREAMS_MAX);
    return FSI_S_OK;
}

fsi_hresult add_tree_streams_result(const fsi_image *img, fsi_hresult hr)
{
    return hr >= 0 && !named_streams_recorded(img) ? IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED : hr;
}
