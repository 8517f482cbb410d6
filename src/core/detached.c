/* Detached items (CreateDirectoryItem, CreateFileItem), their Data, and Add, which links one into a
 * directory. A detached item is "loose" until added: a directory can be filled below it first, and
 * the image's counts and limits see it only once it is linked into the tree.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>

#include "add_tree_streams.h"
#include "change_log.h"
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "node.h"
#include "observer.h"
#include "platform.h"
#include "size_limits.h"
#include "stage_image.h"
#include "tree_edit.h"

static fsi_hresult new_item(fsi_image *img, const fsi_char *name, fsi_kind kind, fsi_node **out, fsi_error *err)
{
    size_t len = fsi_strlen16(name);
    message_text text;
    fsi_source *empty = NULL;
    fsi_node *node;
    fsi_time now;
    fsi_hresult hr;
    if ((hr = fsi_image_check_new_name(img, name, kind == FSI_KIND_DIRECTORY, err)) < 0)
        return hr;
    if (kind == FSI_KIND_FILE && (hr = fsi_source_from_memory(NULL, 0, &empty, err)) < 0)
        return hr;
    node = kind == FSI_KIND_FILE ? node_create_file(img, name, len, empty) : node_create_directory(img, name, len);
    fsi_source_release(empty);
    if (!node)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory creating the item '%s'", message_utf8(name, &text));
    now = platform_now();
    node->times[FSI_TIME_CREATED] = node->times[FSI_TIME_ACCESSED] = node->times[FSI_TIME_MODIFIED] = now;
    node->loose = 1;
    *out = node;
    return FSI_S_OK;
}

fsi_hresult fsi_image_new_directory(fsi_image *img, const fsi_char *name, fsi_node **out, fsi_error *err)
{
    return new_item(img, name, FSI_KIND_DIRECTORY, out, err);
}

fsi_hresult fsi_image_new_file(fsi_image *img, const fsi_char *name, fsi_node **out, fsi_error *err)
{
    return new_item(img, name, FSI_KIND_FILE, out, err);
}

int fsi_node_is_detached_item(const fsi_node *item)
{
    return item->loose && !item->parent;
}

/* Data may change only while the file is a detached item: once added (anywhere), its data is part of
 * what was added. */
fsi_hresult fsi_node_set_data(fsi_node *file, fsi_source *src, fsi_error *err)
{
    message_text text;
    fsi_hresult hr;
    fsi_source *data;
    if (file->kind != FSI_KIND_FILE)
        return fsi_fail(err, IMAPI_E_NOT_FILE, "'%s' is a directory, not a file", edit_item_path(file, NULL, &text));
    if (!fsi_node_is_detached_item(file))
        return fsi_fail(err, IMAPI_E_READONLY,
                        "the data of '%s' cannot change: only a file item of CreateFileItem not yet added takes "
                        "new data",
                        edit_item_path(file, NULL, &text));
    if ((hr = change_log_reserve(file->image, 1, err)) < 0)
        return hr;
    /* A detached item's files are reported when it is added: its copy reports nothing. */
    if ((hr = stage_image_source(file->image, src, NULL, NULL, NULL, &data, err)) < 0)
        return hr;
    change_log_data(file->image, file, file->u.file.source);
    file->u.file.source = data;
    return FSI_S_OK;
}

/* The checks of Add that do not depend on where the item goes. */
static fsi_hresult check_item(const fsi_node *dir, const fsi_node *item, fsi_error *err)
{
    message_text text, target;
    if (item->image != dir->image)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "the item '%s' belongs to another image",
                        message_utf8(item->name, &text));
    if (!fsi_node_is_detached_item(item))
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "the item '%s' is not a detached item of CreateFileItem or CreateDirectoryItem (it is or "
                        "was in a directory already)",
                        edit_item_path(item, NULL, &text));
    if (node_top(dir) == item)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "the directory '%s' cannot be added to itself or below itself ('%s')",
                        message_utf8(item->name, &text), edit_item_path(dir, NULL, &target));
    return FSI_S_OK;
}

fsi_hresult fsi_dir_add_item(fsi_node *dir, fsi_node *item, fsi_error *err)
{
    int counted;
    message_text text, target;
    fsi_error why;
    uint32_t index, needed;
    fsi_hresult hr = check_item(dir, item, err);
    if (hr >= 0)
        hr = edit_check_target(dir, err);
    if (hr < 0)
        return hr;
    if (node_find(dir, item->name, fsi_strlen16(item->name), &index))
        return fsi_fail(err, IMAPI_E_DUP_NAME, "'%s' is already in the directory '%s'", message_utf8(item->name, &text),
                        edit_item_path(dir, NULL, &target));
    counted = fsi_node_in_tree(dir);
    if (counted && ((iso_levels_apply(dir->image) && (hr = iso_levels_check_item(dir, item, err)) < 0) ||
                    (hr = size_limits_check_item(dir->image, dir, item, err)) < 0 ||
                    (hr = add_tree_streams_check(dir->image, item, err)) < 0))
        return hr;
    if ((hr = change_log_reserve(dir->image, 1, err)) < 0 || (hr = stage_image_item(dir->image, item, err)) < 0)
        return hr;
    if ((hr = node_insert_at(dir, index, item, &why)) < 0)
        return fsi_fail(err, hr, "cannot add '%s': %s", message_utf8(item->name, &text), why.message);
    fsi_node_retain(item); /* the directory's reference */
    item->loose = 0;
    if (counted) {
        image_account(dir->image, item, +1);
        if ((needed = image_blocks_over_limit(dir->image))) {
            image_account(dir->image, item, -1);
            fsi_node_release(node_take_at(dir, index));
            item->loose = 1;
            snprintf(why.message, sizeof(why.message), "'%s'", edit_item_path(dir, item, &text));
            return image_size_error(dir->image, needed, why.message, err);
        }
    }
    change_log_linked(dir->image, dir, item, 1);
    if (counted)
        observer_subtree_added(dir->image, item); /* last: the edit is complete */
    return FSI_S_OK;
}
