/* Looking up, adding and removing single items by path. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_log.h"
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "name_rules.h"
#include "node.h"
#include "observer.h"
#include "platform.h"
#include "size_limits.h"
#include "stage_image.h"
#include "tree_edit.h"
#include "tree_path.h"

fsi_hresult edit_check_target(const fsi_node *dir, fsi_error *err)
{
    message_text text;
    if (dir->kind != FSI_KIND_DIRECTORY)
        return fsi_fail(err, IMAPI_E_NOT_DIR, "'%s' is a file, not a directory",
                        edit_item_path(dir, NULL, &text));
    if (!fsi_node_in_tree(dir) && !node_top(dir)->loose) /* below a detached item is allowed */
        return fsi_fail(err, IMAPI_E_NOT_IN_FILE_SYSTEM,
                        "the directory '%s' is not part of the image; add it first",
                        edit_item_path(dir, NULL, &text));
    return FSI_S_OK;
}

const char *edit_item_path(const fsi_node *dir, const fsi_node *below, message_text *text)
{
    const fsi_node *named = below ? below : dir;
    fsi_char *dir_path = NULL, *below_path = NULL, *joined = NULL;
    size_t dir_len = 0, below_len = 0;
    if ((!dir || fsi_node_full_path(dir, &dir_path, NULL) >= 0) &&
        (!below || fsi_node_full_path(below, &below_path, NULL) >= 0)) {
        if (dir_path && (!below_path || dir->name[0])) /* the root's "\" only when nothing follows */
            dir_len = fsi_strlen16(dir_path);
        if (below_path)
            below_len = fsi_strlen16(below_path);
        joined = malloc((dir_len + below_len + 1) * sizeof(fsi_char));
    }
    if (joined) {
        if (dir_len)
            memcpy(joined, dir_path, dir_len * sizeof(fsi_char));
        if (below_len)
            memcpy(joined + dir_len, below_path, below_len * sizeof(fsi_char));
        joined[dir_len + below_len] = 0;
        message_utf8(joined, text);
    } else {
        message_utf8(named->name, text);
    }
    free(joined);
    free(dir_path);
    free(below_path);
    return text->utf8;
}

fsi_hresult fsi_dir_item(fsi_node *dir, const fsi_char *path, fsi_node **out_retained, fsi_error *err)
{
    const fsi_char *cursor = path, *name;
    fsi_node *node = dir;
    message_text text;
    size_t components, len;
    fsi_hresult hr = path_check(path, &components, err);
    if (hr < 0)
        return hr;
    while (path_next(&cursor, &name, &len)) {
        uint32_t index;
        if (node->kind != FSI_KIND_DIRECTORY || !(node = node_find(node, name, len, &index)))
            return fsi_fail(err, IMAPI_E_ITEM_NOT_FOUND, "'%s' is not in the image",
                            message_utf8(path, &text));
    }
    *out_retained = fsi_node_retain(node);
    return FSI_S_OK;
}

/* Links a new node (its reference is taken over) under the named parent; undone if the image
 * would outgrow FreeMediaBlocks. */
typedef fsi_node *make_node_fn(fsi_image *img, const fsi_char *name, size_t len, fsi_source *src);

static fsi_hresult add_node(fsi_node *dir, const fsi_char *path, make_node_fn *make, fsi_source *src,
                            int report_added, fsi_error *err)
{
    fsi_node *parent, *node;
    const fsi_char *name;
    message_text text;
    fsi_error why;
    size_t components, len;
    uint32_t index, needed;
    fsi_time now;
    int counted = fsi_node_in_tree(dir); /* else below a detached item: limits apply when it is added */
    fsi_hresult hr = edit_check_target(dir, err);
    if (hr >= 0)
        hr = path_check(path, &components, err);
    if (hr >= 0 && components == 0)
        hr = fsi_fail(err, IMAPI_E_INVALID_PATH, "the path '%s' names no item", message_utf8(path, &text));
    if (hr >= 0)
        hr = path_walk_to_parent(dir, path, &parent, &name, &len, err);
    if (hr < 0)
        return hr;
    if (node_find(parent, name, len, &index))
        return fsi_fail(err, IMAPI_E_DUP_NAME, "'%s' is already in the image", message_utf8(path, &text));
    if (!(node = make(dir->image, name, len, src)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory adding '%s'", message_utf8(path, &text));
    hr = name_rules_check(dir->image, name, len, node->kind == FSI_KIND_DIRECTORY, edit_item_path(parent, node, &text),
                          err);
    if (hr < 0) {
        fsi_node_release(node);
        return hr;
    }
    if ((counted && ((iso_levels_apply(dir->image) && (hr = iso_levels_check_item(parent, node, err)) < 0) ||
                     (hr = size_limits_check_item(dir->image, parent, node, err)) < 0)) ||
        (hr = change_log_reserve(dir->image, 1, err)) < 0) {
        fsi_node_release(node);
        return hr;
    }
    now = platform_now();
    node->times[FSI_TIME_CREATED] = node->times[FSI_TIME_ACCESSED] = node->times[FSI_TIME_MODIFIED] = now;
    hr = node_insert_at(parent, index, node, &why);
    if (hr < 0) {
        hr = fsi_fail(err, hr, "cannot add '%s': %s", edit_item_path(parent, node, &text), why.message);
        fsi_node_release(node);
        return hr;
    }
    if (counted)
        image_account(dir->image, node, +1);
    needed = counted ? image_blocks_over_limit(dir->image) : 0;
    if (needed) {
        image_account(dir->image, node, -1);
        node = node_take_at(parent, index);
        snprintf(why.message, sizeof(why.message), "'%s'", edit_item_path(parent, node, &text));
        hr = image_size_error(dir->image, needed, why.message, err);
        fsi_node_release(node);
        return hr;
    }
    change_log_linked(dir->image, parent, node, 0);
    /* A detached folder's files are reported when the folder is added (fsi_dir_add_item). */
    if (counted && report_added && node->kind == FSI_KIND_FILE)
        observer_file_added(dir->image, NULL, node); /* last: the edit is complete */
    return hr;
}

static fsi_node *make_directory(fsi_image *img, const fsi_char *name, size_t len, fsi_source *unused)
{
    (void)unused;
    return node_create_directory(img, name, len);
}

fsi_hresult fsi_dir_add_directory(fsi_node *dir, const fsi_char *path, fsi_error *err)
{
    return add_node(dir, path, make_directory, NULL, 0, err);
}

struct copy_report {
    fsi_node *dir;
    const fsi_char *path;
};

static void report_copy(void *ctx, uint64_t copied_blocks, uint64_t total_blocks)
{
    struct copy_report *r = ctx;
    observer_report_copy(r->dir->image, r->dir, r->path, copied_blocks, total_blocks);
}

/* The file is staged (or not) before the edit: a failed copy changes nothing. A staged copy reports its
 * progress as it goes (before the first block, per MiB, after the last: a large file from a slow drive
 * takes a while), and then nothing more; a file not copied reports once it is in the tree, as any file
 * (fsi_observer). dir is held across the copy's reports, which may edit the tree; the edit checks it again. */
fsi_hresult fsi_dir_add_file(fsi_node *dir, const fsi_char *path, fsi_source *src, fsi_error *err)
{
    struct copy_report report = {dir, path};
    fsi_source *added = NULL;
    int copied = 0;
    fsi_hresult hr = edit_check_target(dir, err);
    if (hr < 0)
        return hr;
    fsi_node_retain(dir);
    hr = stage_image_source(dir->image, src, fsi_node_in_tree(dir) ? report_copy : NULL, &report, &copied, &added,
                            err);
    if (hr >= 0)
        hr = add_node(dir, path, node_create_file, added, !copied, err);
    fsi_source_release(added);
    fsi_node_release(dir);
    return hr;
}

/* Finds what a removal names: *node NULL when the path names dir itself, else its parent and index. */
static fsi_hresult find_for_removal(fsi_node *dir, const fsi_char *path, fsi_hresult missing,
                                    fsi_node **node, fsi_node **parent, uint32_t *index, fsi_error *err)
{
    const fsi_char *name;
    message_text text;
    size_t components, len;
    fsi_hresult hr = edit_check_target(dir, err);
    if (hr >= 0)
        hr = path_check(path, &components, err);
    if (hr >= 0)
        hr = path_walk_to_parent(dir, path, parent, &name, &len, err);
    if (hr == IMAPI_E_DIR_NOT_FOUND || hr == IMAPI_E_NOT_DIR)
        return fsi_fail(err, missing, "'%s' is not in the image", message_utf8(path, &text));
    if (hr < 0)
        return hr;
    *node = len ? node_find(*parent, name, len, index) : NULL;
    if (len && !*node)
        return fsi_fail(err, missing, "'%s' is not in the image", message_utf8(path, &text));
    return FSI_S_OK;
}

/* The caller reserved room in the change log. */
static void unlink_child(fsi_node *parent, uint32_t index)
{
    fsi_node *child = node_take_at(parent, index);
    if (fsi_node_in_tree(parent))
        image_account(parent->image, child, -1);
    change_log_unlinked(parent->image, parent, child);
    fsi_node_release(child);
}

fsi_hresult fsi_dir_remove(fsi_node *dir, const fsi_char *path, fsi_error *err)
{
    fsi_node *node = NULL, *parent = NULL;
    message_text text;
    uint32_t index;
    fsi_hresult hr = find_for_removal(dir, path, IMAPI_E_ITEM_NOT_FOUND, &node, &parent, &index, err);
    if (hr < 0)
        return hr;
    if (!node)
        return fsi_fail(err, IMAPI_E_INVALID_PATH, "the path '%s' names no item", message_utf8(path, &text));
    if (node->kind == FSI_KIND_DIRECTORY && node->u.dir.count)
        return fsi_fail(err, IMAPI_E_DIR_NOT_EMPTY, "the directory '%s' is not empty (%lu items)",
                        message_utf8(path, &text), (unsigned long)node->u.dir.count);
    if ((hr = change_log_reserve(dir->image, 1, err)) < 0)
        return hr;
    unlink_child(parent, index);
    return FSI_S_OK;
}

fsi_hresult fsi_dir_remove_tree(fsi_node *dir, const fsi_char *path, fsi_error *err)
{
    fsi_node *node = NULL, *parent = NULL;
    message_text text;
    uint32_t index;
    fsi_hresult hr = find_for_removal(dir, path, IMAPI_E_DIR_NOT_FOUND, &node, &parent, &index, err);
    if (hr < 0)
        return hr;
    if ((hr = change_log_reserve(dir->image, node ? 1 : dir->u.dir.count, err)) < 0)
        return hr;
    if (!node) { /* "\": everything below dir */
        while (dir->u.dir.count)
            unlink_child(dir, dir->u.dir.count - 1);
        return FSI_S_OK;
    }
    if (node->kind != FSI_KIND_DIRECTORY)
        return fsi_fail(err, IMAPI_E_NOT_DIR, "'%s' is a file, not a directory", message_utf8(path, &text));
    unlink_child(parent, index);
    return FSI_S_OK;
}
