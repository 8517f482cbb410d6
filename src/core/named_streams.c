/* Named streams (IFsiFileItem2::AddStream / RemoveStream) and the real-time attribute.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "change_log.h"
#include "hresult.h"
#include "image.h"
#include "message.h"
#include "named_streams.h"
#include "node.h"
#include "platform.h"
#include "udf_cs0.h"
#include "udf_streams.h"

enum { UDF_FIRST_STREAM_REVISION = 0x200, UDF_FIRST_REAL_TIME_REVISION = 0x201 };

static int udf_at_least(const fsi_image *img, int32_t revision)
{
    return (img->file_systems & FSI_FS_UDF) && img->udf_revision >= revision;
}

int named_streams_recorded(const fsi_image *img) { return udf_at_least(img, UDF_FIRST_STREAM_REVISION); }

int fsi_node_is_named_stream(const fsi_node *node) { return node->is_stream; }

uint32_t fsi_file_stream_count(const fsi_node *file)
{
    return file->kind == FSI_KIND_FILE && file->u.file.streams ? file->u.file.streams->count : 0;
}

fsi_node *fsi_file_stream(const fsi_node *file, uint32_t index)
{
    return index < fsi_file_stream_count(file) ? file->u.file.streams->items[index] : NULL;
}

void node_streams_free(fsi_node *file)
{
    struct node_streams *s = file->u.file.streams;
    if (!s)
        return;
    for (uint32_t i = 0; i < s->count; i++) {
        s->items[i]->parent = NULL;
        fsi_node_release(s->items[i]);
    }
    free(s);
    file->u.file.streams = NULL;
}

void node_streams_account(fsi_image *img, const fsi_node *file, int sign)
{
    const struct node_streams *s = file->u.file.streams;
    uint64_t data = 0, udf;
    if (!s || !s->count)
        return;
    for (uint32_t i = 0; i < s->count; i++)
        data += (fsi_node_file_size(s->items[i]) + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    udf = udf_stream_set_blocks(s->items, s->count);
    img->stream_count += sign * (int32_t)s->count;
    img->stream_data_blocks = sign > 0 ? img->stream_data_blocks + data : img->stream_data_blocks - data;
    img->stream_udf_blocks = sign > 0 ? img->stream_udf_blocks + udf : img->stream_udf_blocks - udf;
}

/* A stream's name is one component of a Windows path after the ':' (no separators, no ':', no
 * control characters) that UDF can record whole. */
static fsi_hresult check_name(const fsi_char *name, fsi_error *err)
{
    message_text text;
    uint8_t cs0[UDF_CS0_MAX_NAME];
    size_t len = fsi_strlen16(name);
    int cut;
    if (len == 0)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "a named stream needs a name");
    for (size_t i = 0; i < len; i++)
        if (name[i] < 32 || name[i] == '\\' || name[i] == '/' || name[i] == ':')
            return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                            "the stream name '%s' has a character a stream name cannot have (\\ / : or a control "
                            "character)", message_utf8(name, &text));
    udf_cs0_encode(name, len, NULL, cs0, sizeof(cs0), &cut);
    if (cut)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "the stream name '%s' is longer than UDF's 255 bytes",
                        message_utf8(name, &text));
    return FSI_S_OK;
}

/* Streams belong to files of the tree, never to a stream. */
static fsi_hresult check_owner(const fsi_node *file, fsi_error *err)
{
    message_text text;
    if (file->is_stream)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "'%s' is a named stream, which has no named streams of its own",
                        message_utf8(file->name, &text));
    if (file->kind != FSI_KIND_FILE)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "'%s' is a directory: only files have named streams",
                        message_utf8(file->name, &text));
    if (!fsi_node_in_tree(file))
        return fsi_fail(err, IMAPI_E_NOT_IN_FILE_SYSTEM, "the file '%s' is not part of the image; add it first",
                        message_utf8(file->name, &text));
    return FSI_S_OK;
}

static int find_stream(const fsi_node *file, const fsi_char *name, uint32_t *index)
{
    for (uint32_t i = 0; i < fsi_file_stream_count(file); i++)
        if (fsi_name_compare(file->u.file.streams->items[i]->name, name) == 0) {
            *index = i;
            return 1;
        }
    return 0;
}

static fsi_hresult done(const fsi_image *img)
{
    return named_streams_recorded(img) ? FSI_S_OK : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED;
}

/* Takes the stream at index out of the list (the totals already without the file's streams). */
static fsi_node *take_stream(fsi_node *file, uint32_t index)
{
    struct node_streams *s = file->u.file.streams;
    fsi_node *stream = s->items[index];
    memmove(&s->items[index], &s->items[index + 1], (s->count - index - 1) * sizeof(s->items[0]));
    s->count--;
    stream->parent = NULL;
    return stream;
}

/* Appends a new stream node to the file's list, dated `when`; the image's totals are the caller's. */
static fsi_hresult append_stream(fsi_node *file, const fsi_char *name, fsi_source *src, fsi_time when,
                                 fsi_error *err)
{
    uint32_t count = fsi_file_stream_count(file);
    fsi_node *stream = node_create_file(file->image, name, fsi_strlen16(name), src);
    struct node_streams *grown =
        stream ? realloc(file->u.file.streams, sizeof(*grown) + (count + 1) * sizeof(grown->items[0])) : NULL;
    message_text text;

    if (!grown) {
        fsi_node_release(stream);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory adding the named stream '%s'",
                        message_utf8(name, &text));
    }
    stream->is_stream = 1;
    stream->parent = file;
    for (int t = FSI_TIME_CREATED; t <= FSI_TIME_MODIFIED; t++)
        stream->times[t] = when;
    grown->count = count + 1;
    grown->items[count] = stream;
    file->u.file.streams = grown;
    return FSI_S_OK;
}

/* A new stream's name, and no other stream of the file with it. */
static fsi_hresult check_new_stream(const fsi_node *file, const fsi_char *name, fsi_error *err)
{
    message_text text, file_text;
    uint32_t index;
    fsi_hresult hr = check_name(name, err);

    if (hr >= 0 && find_stream(file, name, &index))
        hr = fsi_fail(err, IMAPI_E_DUP_NAME, "the file '%s' already has a named stream '%s'",
                      message_utf8(file->name, &file_text), message_utf8(name, &text));
    return hr;
}

fsi_hresult fsi_file_add_stream(fsi_node *file, const fsi_char *name, fsi_source *src, fsi_error *err)
{
    fsi_image *img = file->image;
    uint32_t count = fsi_file_stream_count(file), needed;
    fsi_hresult hr = check_owner(file, err);

    if (hr >= 0)
        hr = check_new_stream(file, name, err);
    if (hr < 0)
        return hr;
    if (img->stream_count >= FSI_NAMED_STREAMS_MAX)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "the image already has %d named streams, the most it takes",
                        (int)FSI_NAMED_STREAMS_MAX);
    if ((hr = change_log_reserve(img, 1, err)) < 0)
        return hr;
    node_streams_account(img, file, -1); /* before realloc, which may move the list */
    hr = append_stream(file, name, src, platform_now(), err);
    node_streams_account(img, file, +1);
    if (hr < 0)
        return hr;
    if ((needed = image_blocks_over_limit(img)) != 0) {
        node_streams_account(img, file, -1);
        fsi_node_release(take_stream(file, count));
        node_streams_account(img, file, +1);
        return image_size_error(img, needed, "the named stream", err);
    }
    change_log_stream_added(img, file, file->u.file.streams->items[count]);
    return done(img);
}

fsi_hresult node_stream_attach(fsi_node *file, const fsi_char *name, fsi_source *src, fsi_error *err)
{
    fsi_hresult hr = check_new_stream(file, name, err);
    return hr < 0 ? hr : append_stream(file, name, src, file->times[FSI_TIME_MODIFIED], err);
}

uint32_t node_streams_in_tree(const fsi_node *node)
{
    uint32_t count = 0;
    if (node->kind == FSI_KIND_FILE)
        return fsi_file_stream_count(node);
    for (uint32_t i = 0; i < node->u.dir.count; i++)
        count += node_streams_in_tree(node->u.dir.items[i]);
    return count;
}

fsi_hresult fsi_file_remove_stream(fsi_node *file, const fsi_char *name, fsi_error *err)
{
    message_text text;
    uint32_t index;
    fsi_node *stream;
    fsi_hresult hr = check_owner(file, err);
    if (hr < 0)
        return hr;
    if (!find_stream(file, name, &index))
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "the file has no named stream '%s'", message_utf8(name, &text));
    if ((hr = change_log_reserve(file->image, 1, err)) < 0)
        return hr;
    node_streams_account(file->image, file, -1);
    stream = take_stream(file, index);
    node_streams_account(file->image, file, +1);
    change_log_stream_removed(file->image, file, stream, index);
    fsi_node_release(stream); /* the entry keeps it for a rollback */
    return done(file->image);
}

int fsi_node_real_time(const fsi_node *file) { return file->real_time; }

fsi_hresult fsi_node_set_real_time(fsi_node *file, int on, fsi_error *err)
{
    message_text text;
    fsi_hresult hr;
    if (file->is_stream)
        return fsi_fail(err, IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "the named stream '%s' has no real-time attribute",
                        message_utf8(file->name, &text));
    if (file->kind != FSI_KIND_FILE)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "'%s' is a directory: only files are real-time",
                        message_utf8(file->name, &text));
    if ((hr = change_log_reserve(file->image, 1, err)) < 0)
        return hr;
    change_log_real_time(file->image, file, file->real_time);
    file->real_time = on != 0;
    return udf_at_least(file->image, UDF_FIRST_REAL_TIME_REVISION) ? FSI_S_OK : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED;
}
