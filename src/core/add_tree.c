/* AddTree: mirrors a folder (or one file) from disk into a directory of the image, all or nothing.
 *
 * The new items are built detached first (one directory listing per folder, nothing else asked of
 * the OS), then merged into the tree in one step that cannot fail: every merged directory gets a new
 * child array prepared beforehand, and the old one is kept until the size check has passed, so a
 * failure puts back exactly what was there. On a name collision the source wins: a file or a
 * directory replaces what had its name, except that two directories merge.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "add_tree_streams.h"
#include "casefold.h"
#include "change_log.h"
#include "dir_sizes.h"
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "name_rules.h"
#include "node.h"
#include "observer.h"
#include "platform.h"
#include "size_limits.h"
#include "source_file.h"
#include "stage_image.h"
#include "tree_edit.h"
#include "tree_path.h"

/* ---------------------------------------------------------------- building the detached tree --- */

struct builder {
    fsi_image *img;
    fsi_char *path; /* the folder being listed, then "\name" while an entry is handled */
    size_t len, capacity;
    fsi_char separator;
    fsi_error *err;
    fsi_node *target; /* the directory of the image that receives the tree (for progress reports) */
    int with_streams; /* AddTreeWithNamedStreams: each file's named streams too */
    int reports;      /* target is in the image's tree; a detached folder's files are reported when it is added */
    stash_batch batch; /* staged small files not written yet: flushed before the built tree is merged */
};

static fsi_hresult builder_push(struct builder *b, const fsi_char *name)
{
    size_t name_len = fsi_strlen16(name), need = b->len + 1 + name_len + 1;
    message_text text;
    if (need > b->capacity) {
        size_t capacity = need * 2;
        fsi_char *path = realloc(b->path, capacity * sizeof(fsi_char));
        if (!path)
            return fsi_fail(b->err, FSI_E_OUTOFMEMORY, "out of memory for the source path of '%s'",
                            message_utf8(name, &text));
        b->path = path;
        b->capacity = capacity;
    }
    if (b->len && !path_is_separator(b->path[b->len - 1]))
        b->path[b->len++] = b->separator;
    memcpy(b->path + b->len, name, (name_len + 1) * sizeof(fsi_char));
    b->len += name_len;
    return FSI_S_OK;
}

static void builder_pop(struct builder *b, size_t len)
{
    b->len = len;
    b->path[len] = 0;
}

static void set_attributes(fsi_node *node, const platform_file_info *info)
{
    node->times[FSI_TIME_CREATED] = info->created;
    node->times[FSI_TIME_ACCESSED] = info->accessed;
    node->times[FSI_TIME_MODIFIED] = info->modified;
    node->hidden = info->is_hidden != 0;
}

/* A node for one entry of a folder (b->path is the entry's own path); a file's source keeps folder
 * and shares the node's name, or keeps its whole path when folder is NULL or the file is to be staged
 * (*stage: stage_entry copies it once the node is in the built tree). */
static fsi_hresult make_entry(struct builder *b, source_folder *folder, const fsi_char *name,
                              const platform_file_info *info, fsi_node **out, int *stage)
{
    size_t len = fsi_strlen16(name);
    message_text text;
    fsi_node *node;
    fsi_hresult hr;
    if (!path_name_is_valid(name, len))
        return fsi_fail(b->err, IMAPI_E_INVALID_PATH,
                        "'%s' has a name Windows does not allow in an image (empty, too long, '.', '..' "
                        "or a forbidden character)",
                        message_utf8(b->path, &text));
    hr = name_rules_check(b->img, name, len, info->is_directory, message_utf8(b->path, &text), b->err);
    if (hr < 0)
        return hr;
    *stage = 0;
    if (info->is_directory) {
        node = node_create_directory(b->img, name, len);
    } else {
        /* The probe judges a source of the file's own; a file to stage keeps it until it is copied
         * (a source inside the node cannot be replaced). */
        fsi_source *src;
        fsi_error why;
        hr = source_file_create(b->path, info->size, &src, &why);
        if (hr < 0)
            return fsi_fail(b->err, hr, "cannot add '%s': %s", message_utf8(b->path, &text), why.message);
        *stage = stage_image_decide(b->img, src, STAGE_SOURCE_FILE, b->path);
        node = folder && !*stage ? source_file_create_node(b->img, folder, name, len, info->size)
                                 : node_create_file(b->img, name, len, src);
        fsi_source_release(src);
    }
    if (!node)
        return fsi_fail(b->err, FSI_E_OUTOFMEMORY, "out of memory adding '%s'", message_utf8(b->path, &text));
    set_attributes(node, info);
    if (b->with_streams && !info->is_directory && (hr = add_tree_streams_attach(node, b->path, b->err)) < 0) {
        fsi_node_release(node);
        return hr;
    }
    *out = node;
    return FSI_S_OK;
}

struct entry_report {
    struct builder *b;
    fsi_node *node;
};

static void report_entry(void *ctx, uint64_t copied_blocks, uint64_t total_blocks)
{
    struct entry_report *r = ctx;
    (void)total_blocks;
    observer_report(r->b->img, r->b->target, r->node, copied_blocks);
}

/* Copies a file of the built tree into the stash (its progress reported as the scan reports files)
 * and gives the node the staged source; a failure fails the whole AddTree, and the built tree, freed,
 * gives the stash back what it took. The node is held: the observer may edit the tree meanwhile, but
 * the built tree is not in it. */
static fsi_hresult stage_entry(struct builder *b, fsi_node *node)
{
    struct entry_report report = {b, node};
    message_text text;
    fsi_source *staged;
    fsi_error why;
    fsi_hresult hr;
    fsi_node_retain(node);
    hr = stage_image_copy(b->img, node->u.file.source, b->reports ? report_entry : NULL, &report, &b->batch, &staged,
                          &why);
    if (hr >= 0) {
        fsi_source_release(node->u.file.source);
        node->u.file.source = staged;
    } else {
        fsi_fail(b->err, hr, "cannot stage '%s': %s", message_utf8(b->path, &text), why.message);
    }
    fsi_node_release(node);
    return hr;
}

struct listing {
    struct builder *b;
    fsi_node *dir;
    source_folder *folder; /* made for the first file */
    int failed;            /* the error came from us (err is set), not from the OS listing */
};

static fsi_hresult on_entry(void *ctx, const fsi_char *name, const platform_file_info *info)
{
    struct listing *l = ctx;
    size_t folder_len = l->b->len;
    fsi_node *node = NULL;
    message_text text;
    fsi_error why;
    int stage = 0;
    fsi_hresult hr = FSI_S_OK;
    if (!info->is_directory && !l->folder && !(l->folder = source_folder_create(l->b->path, l->b->separator)))
        hr = fsi_fail(l->b->err, FSI_E_OUTOFMEMORY, "out of memory listing the folder '%s'",
                      message_utf8(l->b->path, &text));
    if (hr >= 0)
        hr = builder_push(l->b, name);
    if (hr >= 0)
        hr = make_entry(l->b, l->folder, name, info, &node, &stage);
    if (hr >= 0 && (hr = node_reserve(l->dir, 1, &why)) < 0)
        fsi_fail(l->b->err, hr, "cannot add '%s': %s", message_utf8(l->b->path, &text), why.message);
    if (hr >= 0) {
        l->dir->u.dir.items[l->dir->u.dir.count++] = node;
        node->parent = l->dir;
        if (stage)
            hr = stage_entry(l->b, node);
        else if (node->kind == FSI_KIND_FILE && l->b->reports)
            observer_file_added(l->b->img, l->b->target, node);
        l->failed = hr < 0;
    } else {
        fsi_node_release(node);
        l->failed = 1;
    }
    builder_pop(l->b, folder_len);
    return hr;
}

static int compare_nodes(const void *a, const void *b)
{
    return fsi_name_compare((*(fsi_node *const *)a)->name, (*(fsi_node *const *)b)->name);
}

/* Fills dir with the contents of the folder at b->path, recursively. */
static fsi_hresult build_folder(struct builder *b, fsi_node *dir)
{
    struct listing l = {b, dir, NULL, 0};
    message_text text;
    uint32_t i;
    fsi_hresult hr = platform_list_directory(b->path, on_entry, &l);
    source_folder_release(l.folder);
    if (hr < 0 && !l.failed)
        return fsi_fail(b->err, IMAPI_E_DIRECTORY_READ_FAILURE, "cannot list the folder '%s' (error 0x%08X)",
                        message_utf8(b->path, &text), (unsigned)hr);
    if (hr < 0)
        return hr;
    if (dir->u.dir.count > 1)
        qsort(dir->u.dir.items, dir->u.dir.count, sizeof(fsi_node *), compare_nodes);
    for (i = 1; i < dir->u.dir.count; i++) {
        if (!fsi_name_compare(dir->u.dir.items[i - 1]->name, dir->u.dir.items[i]->name)) {
            message_text first, second;
            return fsi_fail(b->err, IMAPI_E_DUP_NAME, "'%s' and '%s' in the folder '%s' differ only in case",
                            message_utf8(dir->u.dir.items[i - 1]->name, &first),
                            message_utf8(dir->u.dir.items[i]->name, &second), message_utf8(b->path, &text));
        }
    }
    for (i = 0; i < dir->u.dir.count; i++) {
        fsi_node *child = dir->u.dir.items[i];
        size_t folder_len = b->len;
        if (child->kind != FSI_KIND_DIRECTORY)
            continue;
        hr = builder_push(b, child->name);
        if (hr >= 0)
            hr = build_folder(b, child);
        builder_pop(b, folder_len);
        if (hr < 0)
            return hr;
    }
    return FSI_S_OK;
}

/* ---------------------------------------------------------------- merging into the tree -------- */

/* One directory of the image that receives children: the array it will have (before the commit)
 * or the one it had (after), and the detached directory whose children it receives. */
struct merge_record {
    fsi_node *target, *source;
    fsi_node **items;
    uint32_t count, capacity;
};

struct merge_plan {
    struct merge_record *records;
    size_t count, capacity;
};

static fsi_hresult plan_merge(struct merge_plan *plan, fsi_node *target, fsi_node *source, fsi_error *err)
{
    uint32_t i = 0, j = 0, n = 0, total = target->u.dir.count + source->u.dir.count;
    size_t index = plan->count;
    fsi_node **items;
    if (plan->count == plan->capacity) {
        size_t capacity = plan->capacity ? plan->capacity * 2 : 8;
        struct merge_record *records = realloc(plan->records, capacity * sizeof(*records));
        if (!records)
            return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory merging a folder");
        plan->records = records;
        plan->capacity = capacity;
    }
    items = malloc((total ? total : 1) * sizeof(*items));
    if (!items)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory merging %lu items", (unsigned long)total);
    plan->records[index] = (struct merge_record){target, source, items, 0, total ? total : 1};
    plan->count++;
    while (i < target->u.dir.count || j < source->u.dir.count) {
        fsi_node *t = i < target->u.dir.count ? target->u.dir.items[i] : NULL;
        fsi_node *s = j < source->u.dir.count ? source->u.dir.items[j] : NULL;
        int order = !t ? 1 : !s ? -1 : fsi_name_compare(t->name, s->name);
        if (order < 0) {
            items[n++] = t, i++;
        } else if (order > 0 || t->kind != FSI_KIND_DIRECTORY || s->kind != FSI_KIND_DIRECTORY) {
            items[n++] = s, j++;
            i += order == 0; /* the source replaces t */
        } else {
            fsi_hresult hr;
            items[n++] = t, i++, j++;
            hr = plan_merge(plan, t, s, err);
            if (hr < 0)
                return hr;
        }
    }
    plan->records[index].count = n;
    return FSI_S_OK;
}

static void swap_arrays(struct merge_record *r)
{
    fsi_node **items = r->target->u.dir.items;
    uint32_t count = r->target->u.dir.count, capacity = r->target->u.dir.capacity;
    dir_sizes_forget(r->target);
    r->target->u.dir.items = r->items;
    r->target->u.dir.count = r->count;
    r->target->u.dir.capacity = r->capacity;
    r->items = items;
    r->count = count;
    r->capacity = capacity;
}

/* Puts the planned arrays in place. Afterwards, in r->items (the old array), replaced items are the
 * ones without a parent; in the source, moved items are the ones whose parent is now the target. */
static void commit_merge(fsi_image *img, struct merge_plan *plan)
{
    size_t k;
    uint32_t i;
    for (k = 0; k < plan->count; k++) {
        struct merge_record *r = &plan->records[k];
        fsi_node *dir = r->target;
        int counted = fsi_node_in_tree(dir); /* else below a detached item */
        swap_arrays(r);
        for (i = 0; i < r->count; i++)
            r->items[i]->parent = NULL;
        for (i = 0; i < dir->u.dir.count; i++) {
            fsi_node *item = dir->u.dir.items[i];
            if (item->parent == r->source) {
                fsi_node_retain(item);
                if (counted)
                    image_account(img, item, +1);
            }
            item->parent = dir;
        }
        for (i = 0; counted && i < r->count; i++)
            if (!r->items[i]->parent)
                image_account(img, r->items[i], -1);
    }
}

static void undo_merge(fsi_image *img, struct merge_plan *plan)
{
    size_t k = plan->count;
    uint32_t i;
    while (k--) {
        struct merge_record *r = &plan->records[k];
        fsi_node *dir = r->target;
        swap_arrays(r);
        for (i = 0; i < dir->u.dir.count; i++) {
            if (!dir->u.dir.items[i]->parent)
                image_account(img, dir->u.dir.items[i], +1);
            dir->u.dir.items[i]->parent = dir;
        }
        for (i = 0; i < r->source->u.dir.count; i++) {
            fsi_node *item = r->source->u.dir.items[i];
            if (item->parent == dir) {
                image_account(img, item, -1);
                item->parent = r->source;
                fsi_node_release(item);
            }
        }
    }
}

/* Records each moved item of a committed record: replacing the old item of its name (r->items, in
 * the same order, where replaced items have no parent) or inserted. Room was reserved. */
static void log_merge(fsi_image *img, const struct merge_record *r)
{
    uint32_t i, j = 0;
    for (i = 0; i < r->source->u.dir.count; i++) {
        fsi_node *item = r->source->u.dir.items[i];
        if (item->parent == r->source)
            continue; /* a directory merged into one of the same name */
        while (j < r->count && fsi_name_compare(r->items[j]->name, item->name) < 0)
            j++;
        if (j < r->count && !r->items[j]->parent && !fsi_name_compare(r->items[j]->name, item->name))
            change_log_replaced(img, r->target, item, r->items[j]);
        else
            change_log_linked(img, r->target, item, 0);
    }
}

/* After a commit that stays: records it, drops the replaced items and the source's hold on the moved
 * ones. */
static void finish_merge(fsi_image *img, struct merge_plan *plan)
{
    size_t k;
    uint32_t i, kept;
    for (k = 0; k < plan->count; k++) {
        struct merge_record *r = &plan->records[k];
        log_merge(img, r);
        for (i = 0; i < r->count; i++)
            if (!r->items[i]->parent)
                fsi_node_release(r->items[i]);
        for (i = kept = 0; i < r->source->u.dir.count; i++) {
            fsi_node *item = r->source->u.dir.items[i];
            if (item->parent == r->source)
                r->source->u.dir.items[kept++] = item;
            else
                fsi_node_release(item);
        }
        r->source->u.dir.count = kept;
    }
}

static void free_plan(struct merge_plan *plan)
{
    size_t k;
    for (k = 0; k < plan->count; k++)
        free(plan->records[k].items);
    free(plan->records);
}

/* Cuts a UTF-8 string to at most max bytes, at a character boundary. */
static void utf8_clip(char *s, size_t max)
{
    if (strlen(s) <= max)
        return;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    s[max] = 0;
}

/* "'<image path>' from '<source path>'", short enough to leave room for the rest of a message. */
static void describe_addition(char *out, size_t size, const fsi_node *dir, const fsi_node *item,
                              const fsi_char *source_path)
{
    message_text destination;
    char source[160];
    edit_item_path(dir, item, &destination);
    utf8_clip(destination.utf8, 200);
    fsi_utf16_to_utf8(source_path, source, sizeof(source));
    snprintf(out, size, "'%s' from '%s'", destination.utf8, source);
}

/* Merges source's children into target, or changes nothing. item (a child of source, or NULL for
 * target itself) and source_path name what is being added in a failure's message. */
static fsi_hresult merge_into(fsi_node *target, fsi_node *source, const fsi_node *item,
                              const fsi_char *source_path, fsi_error *err)
{
    struct merge_plan plan = {NULL, 0, 0};
    char what[400];
    fsi_error why;
    uint32_t needed = 0;
    size_t k, moved = 0;
    fsi_hresult hr = plan_merge(&plan, target, source, &why);
    for (k = 0; k < plan.count; k++)
        moved += plan.records[k].source->u.dir.count;
    if (hr >= 0)
        hr = change_log_reserve(target->image, moved, &why);
    if (hr >= 0) {
        commit_merge(target->image, &plan);
        needed = fsi_node_in_tree(target) ? image_blocks_over_limit(target->image) : 0;
        if (needed)
            undo_merge(target->image, &plan);
        else
            finish_merge(target->image, &plan);
    }
    free_plan(&plan);
    if (hr >= 0 && !needed)
        return hr;
    describe_addition(what, sizeof(what), target, item, source_path);
    if (hr < 0)
        return fsi_fail(err, hr, "cannot add %s: %s", what, why.message);
    return image_size_error(target->image, needed, what, err);
}

/* With ISO 9660 selected, source's children must fit its eight levels once they are target's. */
static fsi_hresult check_levels(const fsi_node *target, const fsi_node *source, fsi_error *err)
{
    uint32_t i;
    fsi_hresult hr = FSI_S_OK;
    if (!iso_levels_apply(target->image) || !fsi_node_in_tree(target))
        return hr;
    for (i = 0; hr >= 0 && i < source->u.dir.count; i++)
        hr = iso_levels_check_item(target, source->u.dir.items[i], err);
    return hr;
}

/* ---------------------------------------------------------------- AddTree ---------------------- */

/* The last name of a source path (trailing separators ignored), as a new string. */
static fsi_char *base_name(const fsi_char *path)
{
    size_t end = fsi_strlen16(path), start;
    fsi_char *name;
    while (end > 0 && path_is_separator(path[end - 1]))
        end--;
    for (start = end; start > 0 && !path_is_separator(path[start - 1]); start--)
        ;
    name = malloc((end - start + 1) * sizeof(fsi_char));
    if (name) {
        memcpy(name, path + start, (end - start) * sizeof(fsi_char));
        name[end - start] = 0;
    }
    return name;
}

/* The node for the source itself: a directory filled from the folder, or a file. Its name only
 * matters when it becomes an item of its own. */
static fsi_hresult build_source(struct builder *b, const fsi_char *name, const platform_file_info *info,
                                int include_base, fsi_node **out)
{
    message_text text;
    int stage = 0;
    fsi_hresult hr;
    if (info->is_directory && !include_base)
        hr = (*out = node_create_directory(b->img, NULL, 0))
                 ? FSI_S_OK
                 : fsi_fail(b->err, FSI_E_OUTOFMEMORY, "out of memory adding '%s'", message_utf8(b->path, &text));
    else if ((hr = make_entry(b, NULL, name, info, out, &stage)) >= 0 && stage)
        hr = stage_entry(b, *out);
    else if (hr >= 0 && !info->is_directory && b->reports)
        observer_file_added(b->img, b->target, *out);
    if (hr < 0 && *out && !info->is_directory) {
        fsi_node_release(*out);
        *out = NULL;
    }
    if (hr >= 0 && info->is_directory) {
        hr = build_folder(b, *out);
        if (hr < 0) {
            fsi_node_release(*out);
            *out = NULL;
        }
    }
    return hr;
}

/* Joins source paths with the separator the caller used. */
static fsi_char preferred_separator(const fsi_char *path)
{
    int has_slash = 0;
    for (; *path; path++) {
        if (*path == '\\')
            return '\\';
        has_slash |= *path == '/';
    }
    return has_slash ? '/' : '\\';
}

static fsi_hresult add_tree(fsi_node *dir, const fsi_char *source_path, int include_base, int with_streams,
                            fsi_error *err)
{
    struct builder b = {dir->image, NULL, 0, 0, '\\', err, dir, with_streams, fsi_node_in_tree(dir), {NULL, 0, 0}};
    platform_file_info info;
    message_text text;
    fsi_node *built = NULL, *wrapper = NULL, *item = NULL;
    fsi_char *name = NULL;
    fsi_hresult hr = edit_check_target(dir, err);
    if (hr < 0)
        return hr;
    hr = platform_stat(source_path, &info);
    if (hr < 0)
        return fsi_fail(err, hr, "cannot find the source '%s' (error 0x%08X)", message_utf8(source_path, &text),
                        (unsigned)hr);
    b.separator = preferred_separator(source_path);
    if (!(name = base_name(source_path)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory adding '%s'", message_utf8(source_path, &text));
    hr = builder_push(&b, source_path);
    if (hr >= 0)
        hr = build_source(&b, name, &info, include_base, &built);
    if (hr >= 0 && (include_base || !info.is_directory)) {
        /* The source becomes one child of dir: merge a directory that holds just it. */
        wrapper = node_create_directory(dir->image, NULL, 0);
        if (!wrapper || node_insert_at(wrapper, 0, built, err) < 0)
            hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory adding '%s'", message_utf8(source_path, &text));
        else
            item = built, built = wrapper;
    }
    if (hr >= 0) {
        fsi_error why;
        if ((hr = stage_image_flush(dir->image, &b.batch, &why)) < 0)
            fsi_fail(err, hr, "cannot stage the files of '%s': %s", message_utf8(source_path, &text), why.message);
    }
    stash_batch_free(&b.batch);
    if (hr >= 0) /* the scan reported its files: their observer may have edited the tree */
        hr = edit_check_target(dir, err);
    if (hr >= 0)
        hr = check_levels(dir, built, err);
    if (hr >= 0 && fsi_node_in_tree(dir)) /* else below a detached item: checked when it is added */
        hr = size_limits_check_item(dir->image, dir, built, err);
    if (hr >= 0 && with_streams)
        hr = add_tree_streams_check(dir->image, built, err);
    if (hr >= 0)
        hr = merge_into(dir, built, item, source_path, err);
    if (wrapper != built)
        fsi_node_release(wrapper);
    fsi_node_release(built);
    free(name);
    free(b.path);
    return hr;
}

fsi_hresult fsi_dir_add_tree(fsi_node *dir, const fsi_char *source_path, int include_base, fsi_error *err)
{
    return add_tree(dir, source_path, include_base, 0, err);
}

fsi_hresult fsi_dir_add_tree_with_streams(fsi_node *dir, const fsi_char *source_path, int include_base,
                                          fsi_error *err)
{
    return add_tree_streams_result(dir->image, add_tree(dir, source_path, include_base, 1, err));
}
