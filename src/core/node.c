/* Nodes: reference counting, attributes and the sorted child list of a directory.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "change_log.h"
#include "dir_sizes.h"
#include "hresult.h"
#include "image.h"
#include "named_streams.h"
#include "node.h"
#include "platform.h"

/* Node memory that follows source_bytes of a source, at the alignment a node needs. */
static size_t source_room(size_t source_bytes)
{
    return (source_bytes + _Alignof(fsi_node) - 1) / _Alignof(fsi_node) * _Alignof(fsi_node);
}

static void node_init(fsi_node *node, fsi_image *img, fsi_kind kind, const fsi_char *name, size_t name_len)
{
    node->refs = 1;
    node->kind = (uint8_t)kind;
    node->image = img;
    if (name_len)
        memcpy(node->name, name, name_len * sizeof(fsi_char));
}

static fsi_node *node_alloc(fsi_image *img, fsi_kind kind, const fsi_char *name, size_t name_len)
{
    fsi_node *node = calloc(1, sizeof(*node) + (name_len + 1) * sizeof(fsi_char));
    if (!node)
        return NULL;
    node_init(node, img, kind, name, name_len);
    return node;
}

fsi_node *node_create_directory(fsi_image *img, const fsi_char *name, size_t name_len)
{
    return node_alloc(img, FSI_KIND_DIRECTORY, name, name_len);
}

fsi_node *node_create_file(fsi_image *img, const fsi_char *name, size_t name_len, fsi_source *source)
{
    fsi_node *node = node_alloc(img, FSI_KIND_FILE, name, name_len);
    if (node)
        node->u.file.source = fsi_source_retain(source);
    return node;
}

fsi_node *node_create_file_in_source(fsi_image *img, const fsi_char *name, size_t name_len, size_t source_bytes,
                                     fsi_source **source_out)
{
    size_t room = source_room(source_bytes);
    uint8_t *block = calloc(1, room + sizeof(fsi_node) + (name_len + 1) * sizeof(fsi_char));
    fsi_node *node;
    if (!block)
        return NULL;
    node = (fsi_node *)(block + room);
    node_init(node, img, FSI_KIND_FILE, name, name_len);
    node->in_source = 1;
    node->u.file.source = (fsi_source *)block;
    *source_out = node->u.file.source;
    return node;
}

const fsi_node *node_in_source_block(const fsi_source *source, size_t source_bytes)
{
    return (const fsi_node *)((const uint8_t *)source + source_room(source_bytes));
}

fsi_node *fsi_node_retain(fsi_node *node)
{
    platform_atomic_increment(&node->refs);
    return node;
}

void fsi_node_release(fsi_node *node)
{
    uint32_t i;
    if (!node || platform_atomic_decrement(&node->refs) != 0)
        return;
    if (node->kind == FSI_KIND_DIRECTORY) {
        dir_sizes_forget(node);
        for (i = 0; i < node->u.dir.count; i++) {
            node->u.dir.items[i]->parent = NULL;
            fsi_node_release(node->u.dir.items[i]);
        }
        free(node->u.dir.items);
    } else {
        int in_source = node->in_source;
        node_streams_free(node);
        fsi_source_release(node->u.file.source); /* in_source: frees the node with the source's block, maybe now */
        if (in_source)
            return;
    }
    free(node);
}

fsi_kind fsi_node_kind(const fsi_node *node)
{
    return (fsi_kind)node->kind;
}

const fsi_char *fsi_node_name(const fsi_node *node)
{
    return node->name;
}

fsi_image *fsi_node_image(const fsi_node *node)
{
    return node->image;
}

const fsi_node *node_top(const fsi_node *node)
{
    while (node->parent)
        node = node->parent;
    return node;
}

int fsi_node_in_tree(const fsi_node *node)
{
    return node->image && node_top(node) == node->image->root;
}

fsi_hresult fsi_node_full_path(const fsi_node *node, fsi_char **out, fsi_error *err)
{
    const fsi_node *n;
    size_t len = 0, pos;
    fsi_char *path;
    for (n = node; n && n->name[0]; n = n->parent)
        len += 1 + fsi_strlen16(n->name);
    if (len == 0)
        len = 1; /* the root: "\" */
    path = malloc((len + 1) * sizeof(fsi_char));
    if (!path)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a path");
    pos = len;
    path[pos] = 0;
    path[0] = '\\';
    for (n = node; n && n->name[0]; n = n->parent) {
        size_t name_len = fsi_strlen16(n->name);
        pos -= name_len;
        memcpy(path + pos, n->name, name_len * sizeof(fsi_char));
        path[--pos] = n->is_stream ? ':' : '\\'; /* \dir\file:stream, as Windows names streams */
    }
    *out = path;
    return FSI_S_OK;
}

fsi_time fsi_node_time(const fsi_node *node, enum fsi_time_kind which)
{
    return node->times[which];
}

void fsi_node_set_time(fsi_node *node, enum fsi_time_kind which, fsi_time t)
{
    node->times[which] = t;
}

int fsi_node_hidden(const fsi_node *node)
{
    return node->hidden;
}

void fsi_node_set_hidden(fsi_node *node, int hidden)
{
    node->hidden = hidden != 0;
}

fsi_hresult fsi_node_put_time(fsi_node *node, enum fsi_time_kind which, fsi_time t, fsi_error *err)
{
    fsi_hresult hr = change_log_reserve(node->image, 1, err);
    if (hr >= 0) {
        change_log_time(node->image, node, which, node->times[which]);
        node->times[which] = t;
    }
    return hr;
}

fsi_hresult fsi_node_put_hidden(fsi_node *node, int hidden, fsi_error *err)
{
    fsi_hresult hr = change_log_reserve(node->image, 1, err);
    if (hr >= 0) {
        change_log_hidden(node->image, node, node->hidden);
        node->hidden = hidden != 0;
    }
    return hr;
}

uint64_t fsi_node_file_size(const fsi_node *node)
{
    return node->kind == FSI_KIND_FILE ? node->u.file.source->size : 0;
}

fsi_source *fsi_node_file_source(const fsi_node *node)
{
    return node->kind == FSI_KIND_FILE ? node->u.file.source : NULL;
}

uint32_t fsi_dir_count(const fsi_node *dir)
{
    return dir->kind == FSI_KIND_DIRECTORY ? dir->u.dir.count : 0;
}

fsi_hresult fsi_dir_children(const fsi_node *dir, fsi_node ***out, uint32_t *count, fsi_error *err)
{
    uint32_t i, n = fsi_dir_count(dir);
    fsi_node **items = malloc((n ? n : 1) * sizeof(*items));
    if (!items)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory listing %u items", (unsigned)n);
    for (i = 0; i < n; i++)
        items[i] = fsi_node_retain(dir->u.dir.items[i]);
    *out = items;
    *count = n;
    return FSI_S_OK;
}

fsi_node *node_find(const fsi_node *dir, const fsi_char *name, size_t name_len, uint32_t *index)
{
    uint32_t lo = 0, hi = dir->u.dir.count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int order = fsi_name_compare_n(name, name_len, dir->u.dir.items[mid]->name);
        if (order == 0) {
            *index = mid;
            return dir->u.dir.items[mid];
        }
        if (order < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *index = lo;
    return NULL;
}

fsi_hresult node_reserve(fsi_node *dir, uint32_t count, fsi_error *err)
{
    uint64_t need = (uint64_t)dir->u.dir.count + count;
    uint64_t capacity = dir->u.dir.capacity ? dir->u.dir.capacity : 4;
    fsi_node **items;
    if (need <= dir->u.dir.capacity)
        return FSI_S_OK;
    while (capacity < need)
        capacity *= 2;
    if (capacity > UINT32_MAX / sizeof(fsi_node *))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "too many items in one directory");
    items = realloc(dir->u.dir.items, (size_t)capacity * sizeof(*items));
    if (!items)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for %llu items in one directory",
                        (unsigned long long)need);
    dir->u.dir.items = items;
    dir->u.dir.capacity = (uint32_t)capacity;
    return FSI_S_OK;
}

fsi_hresult node_insert_at(fsi_node *dir, uint32_t index, fsi_node *child, fsi_error *err)
{
    fsi_hresult hr = node_reserve(dir, 1, err);
    if (hr < 0)
        return hr;
    dir_sizes_forget(dir);
    memmove(dir->u.dir.items + index + 1, dir->u.dir.items + index,
            (dir->u.dir.count - index) * sizeof(fsi_node *));
    dir->u.dir.items[index] = child;
    dir->u.dir.count++;
    child->parent = dir;
    return FSI_S_OK;
}

fsi_node *node_take_at(fsi_node *dir, uint32_t index)
{
    fsi_node *child = dir->u.dir.items[index];
    dir_sizes_forget(dir);
    dir->u.dir.count--;
    memmove(dir->u.dir.items + index, dir->u.dir.items + index + 1,
            (dir->u.dir.count - index) * sizeof(fsi_node *));
    child->parent = NULL;
    return child;
}

fsi_node *node_swap_at(fsi_node *dir, uint32_t index, fsi_node *child)
{
    fsi_node *old = dir->u.dir.items[index];
    dir_sizes_forget(dir);
    dir->u.dir.items[index] = child;
    child->parent = dir;
    old->parent = NULL;
    return old;
}
