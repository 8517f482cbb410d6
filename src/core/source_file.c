/* A source that reads a file by path, opened only while a result stream reads it.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "message.h"
#include "node.h"
#include "platform.h"
#include "source_file.h"

struct source_folder {
    long refs;
    fsi_char separator;
    fsi_char path[];
};

/* A file's whole path, or (in_node_ops) its folder and the name of the node that follows it. */
struct file_source {
    fsi_source base;
    source_folder *folder;
    fsi_char name[];
};

static const fsi_source_ops file_ops, in_node_ops;

static const fsi_char *file_name(const struct file_source *file)
{
    if (file->base.ops == &in_node_ops)
        return fsi_node_name(node_in_source_block(&file->base, sizeof(*file)));
    return file->name;
}

source_folder *source_folder_create(const fsi_char *path, fsi_char separator)
{
    size_t bytes = (fsi_strlen16(path) + 1) * sizeof(fsi_char);
    source_folder *folder = malloc(sizeof(*folder) + bytes);
    if (folder) {
        folder->refs = 1;
        folder->separator = separator;
        memcpy(folder->path, path, bytes);
    }
    return folder;
}

void source_folder_release(source_folder *folder)
{
    if (folder && platform_atomic_decrement(&folder->refs) == 0)
        free(folder);
}

/* The file's whole path, malloc'd; NULL on out of memory. */
static fsi_char *full_path(const struct file_source *file)
{
    size_t folder_len = file->folder ? fsi_strlen16(file->folder->path) : 0;
    const fsi_char *name = file_name(file);
    size_t name_len = fsi_strlen16(name), pos = 0;
    fsi_char *path = malloc((folder_len + 1 + name_len + 1) * sizeof(fsi_char));
    if (!path)
        return NULL;
    if (file->folder) {
        memcpy(path, file->folder->path, folder_len * sizeof(fsi_char));
        pos = folder_len;
        if (pos && path[pos - 1] != '\\' && path[pos - 1] != '/')
            path[pos++] = file->folder->separator;
    }
    memcpy(path + pos, name, (name_len + 1) * sizeof(fsi_char));
    return path;
}

/* The path for a message (just the name if memory is short). */
static const char *path_for_message(const struct file_source *file, message_text *text)
{
    fsi_char *path = full_path(file);
    message_utf8(path ? path : file_name(file), text);
    free(path);
    return text->utf8;
}

static fsi_hresult file_open(fsi_source *src, void **handle, fsi_error *err)
{
    struct file_source *file = (struct file_source *)src;
    fsi_char *path = full_path(file);
    platform_file *f;
    message_text text;
    fsi_hresult hr;
    if (!path)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory opening '%s'", message_utf8(file_name(file), &text));
    hr = platform_open_read(path, &f);
    free(path);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE, "cannot open '%s' (error 0x%08X)",
                        path_for_message(file, &text), (unsigned)hr);
    *handle = f;
    return FSI_S_OK;
}

static fsi_hresult file_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                             fsi_error *err)
{
    struct file_source *file = (struct file_source *)src;
    message_text text;
    size_t got = 0;
    int grown = 0;
    fsi_hresult hr;
    if (offset > src->size || len > src->size - offset)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "a read of %llu bytes at offset %llu goes past the %llu bytes of '%s'",
                        (unsigned long long)len, (unsigned long long)offset, (unsigned long long)src->size,
                        path_for_message(file, &text));
    /* A file grown since it was added would give the image its first bytes only, silently: the read that
     * reaches the announced end also looks one byte further, on the open handle (in the same system call
     * where the OS allows), instead of a stat of the path at every open (the result stream's hot path). */
    if (offset + len == src->size)
        hr = platform_read_at_and_peek(handle, offset, buf, len, &got, &grown);
    else
        hr = platform_read_at(handle, offset, buf, len, &got);
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE,
                        "cannot read %llu bytes at offset %llu of '%s' (error 0x%08X)", (unsigned long long)len,
                        (unsigned long long)offset, path_for_message(file, &text), (unsigned)hr);
    if (got < len)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_INCONSISTENCY,
                        "'%s' now ends at %llu bytes, but it had %llu when it was added",
                        path_for_message(file, &text), (unsigned long long)(offset + got),
                        (unsigned long long)src->size);
    if (grown)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_INCONSISTENCY,
                        "'%s' has more than the %llu bytes it had when it was added",
                        path_for_message(file, &text), (unsigned long long)src->size);
    return FSI_S_OK;
}

static void file_close(fsi_source *src, void *handle)
{
    (void)src;
    platform_close(handle);
}

static void file_destroy(fsi_source *src)
{
    source_folder_release(((struct file_source *)src)->folder);
    free(src);
}

static const fsi_source_ops file_ops = {file_open, file_read, file_close, file_destroy};
static const fsi_source_ops in_node_ops = {file_open, file_read, file_close, file_destroy};

fsi_char *source_file_path(const fsi_source *src)
{
    if (src->ops != &file_ops && src->ops != &in_node_ops)
        return NULL;
    return full_path((const struct file_source *)src);
}

fsi_hresult source_file_create(const fsi_char *path, uint64_t size, fsi_source **out, fsi_error *err)
{
    size_t bytes = (fsi_strlen16(path) + 1) * sizeof(fsi_char);
    struct file_source *file = malloc(sizeof(*file) + bytes);
    if (!file)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a file source");
    memcpy(file->name, path, bytes);
    file->folder = NULL;
    fsi_source_init(&file->base, &file_ops, size);
    *out = &file->base;
    return FSI_S_OK;
}

fsi_node *source_file_create_node(fsi_image *img, source_folder *folder, const fsi_char *name, size_t name_len,
                                  uint64_t size)
{
    fsi_source *src;
    fsi_node *node = node_create_file_in_source(img, name, name_len, sizeof(struct file_source), &src);
    if (!node)
        return NULL;
    fsi_source_init(src, &in_node_ops, size);
    ((struct file_source *)src)->folder = folder;
    platform_atomic_increment(&folder->refs);
    return node;
}

fsi_hresult fsi_source_from_path(const fsi_char *path, fsi_source **out, fsi_error *err)
{
    platform_file_info info;
    message_text text;
    fsi_hresult hr = platform_stat(path, &info);
    if (hr < 0)
        return fsi_fail(err, hr, "cannot find '%s' (error 0x%08X)", message_utf8(path, &text), (unsigned)hr);
    if (info.is_directory)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_CREATE_FAILURE, "'%s' is a directory, not a file",
                        message_utf8(path, &text));
    return source_file_create(path, info.size, out, err);
}
