/* The undo log: recording edits, rolling back to a change point, locking one in.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "change_log.h"
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "named_streams.h"
#include "node.h"
#include "size_limits.h"
#include "tree_edit.h"

enum change_kind { CHANGE_LINK, CHANGE_SWAP, CHANGE_TIME, CHANGE_HIDDEN, CHANGE_DATA, CHANGE_STREAM, CHANGE_REAL_TIME };

struct change {
    int32_t point;   /* the change point the edit leads to */
    uint8_t kind;    /* enum change_kind */
    uint8_t loose;   /* LINK: node's loose flag while it is not linked */
    uint8_t which;   /* TIME: enum fsi_time_kind */
    fsi_node *parent; /* LINK, SWAP; STREAM: the file */
    fsi_node *node;   /* LINK: the child; SWAP: one of the two children; STREAM: the stream; the edited node
                       * otherwise */
    union {
        fsi_node *other;    /* SWAP: the child not in parent */
        fsi_time time;      /* TIME: the value not in node */
        int hidden;         /* HIDDEN */
        fsi_source *source; /* DATA: the source not in node (a reference) */
        uint32_t index;     /* STREAM: where the stream goes back in the file's list while it is out */
        int real_time;      /* REAL_TIME */
    } u;
};

fsi_hresult change_log_reserve(fsi_image *img, size_t count, fsi_error *err)
{
    change_log *log = &img->changes;
    size_t capacity = log->capacity ? log->capacity : 16;
    change *entries;
    if (log->count + count <= log->capacity)
        return FSI_S_OK;
    while (capacity < log->count + count)
        capacity *= 2;
    entries = realloc(log->entries, capacity * sizeof(*entries));
    if (!entries)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory recording a change (%lu kept)",
                        (unsigned long)log->count);
    log->entries = entries;
    log->capacity = capacity;
    return FSI_S_OK;
}

static change *append(fsi_image *img, enum change_kind kind, fsi_node *parent, fsi_node *node)
{
    change *c = &img->changes.entries[img->changes.count++];
    memset(c, 0, sizeof(*c));
    c->point = img->changes.point + 1;
    c->kind = (uint8_t)kind;
    c->parent = parent ? fsi_node_retain(parent) : NULL;
    c->node = fsi_node_retain(node);
    return c;
}

void change_log_linked(fsi_image *img, fsi_node *parent, fsi_node *node, int was_loose)
{
    append(img, CHANGE_LINK, parent, node)->loose = was_loose != 0;
}

void change_log_unlinked(fsi_image *img, fsi_node *parent, fsi_node *node)
{
    append(img, CHANGE_LINK, parent, node);
}

void change_log_replaced(fsi_image *img, fsi_node *parent, fsi_node *added, fsi_node *replaced)
{
    append(img, CHANGE_SWAP, parent, added)->u.other = fsi_node_retain(replaced);
}

void change_log_time(fsi_image *img, fsi_node *node, enum fsi_time_kind which, fsi_time before)
{
    change *c = append(img, CHANGE_TIME, NULL, node);
    c->which = (uint8_t)which;
    c->u.time = before;
}

void change_log_hidden(fsi_image *img, fsi_node *node, int before)
{
    append(img, CHANGE_HIDDEN, NULL, node)->u.hidden = before;
}

void change_log_data(fsi_image *img, fsi_node *node, fsi_source *before)
{
    append(img, CHANGE_DATA, NULL, node)->u.source = before;
}

void change_log_stream_added(fsi_image *img, fsi_node *file, fsi_node *stream)
{
    append(img, CHANGE_STREAM, file, stream);
}

void change_log_stream_removed(fsi_image *img, fsi_node *file, fsi_node *stream, uint32_t index)
{
    append(img, CHANGE_STREAM, file, stream)->u.index = index;
}

void change_log_real_time(fsi_image *img, fsi_node *file, int before)
{
    append(img, CHANGE_REAL_TIME, NULL, file)->u.real_time = before;
}

static void drop(change *c)
{
    if (c->kind == CHANGE_SWAP)
        fsi_node_release(c->u.other);
    else if (c->kind == CHANGE_DATA)
        fsi_source_release(c->u.source);
    fsi_node_release(c->node);
    fsi_node_release(c->parent);
}

/* Drops the entries from first on. */
static void truncate_log(change_log *log, size_t first)
{
    size_t i;
    for (i = first; i < log->count; i++)
        drop(&log->entries[i]);
    log->count = first;
}

void change_log_free(fsi_image *img)
{
    truncate_log(&img->changes, 0);
    free(img->changes.entries);
    img->changes.entries = NULL;
    img->changes.capacity = 0;
}

/* ---------------------------------------------------------------- toggling an entry ------------ */

static uint32_t index_of(const fsi_node *dir, const fsi_node *child)
{
    uint32_t index;
    node_find(dir, child->name, fsi_strlen16(child->name), &index);
    return index;
}

/* Links or unlinks c->node. Linking cannot fail: rollback reserved the room beforehand, and a forward
 * pass only refills arrays that held as many children before. */
static void toggle_link(fsi_image *img, change *c)
{
    int counted = fsi_node_in_tree(c->parent);
    if (c->node->parent == c->parent) {
        fsi_node *child = node_take_at(c->parent, index_of(c->parent, c->node));
        if (counted)
            image_account(img, child, -1);
        child->loose = c->loose;
        fsi_node_release(child); /* the tree's reference; the entry keeps its own */
    } else {
        uint32_t index;
        node_find(c->parent, c->node->name, fsi_strlen16(c->node->name), &index);
        node_insert_at(c->parent, index, fsi_node_retain(c->node), NULL);
        c->node->loose = 0;
        if (counted)
            image_account(img, c->node, +1);
    }
}

static void toggle_swap(fsi_image *img, change *c)
{
    int counted = fsi_node_in_tree(c->parent);
    fsi_node *in = c->node->parent == c->parent ? c->node : c->u.other;
    fsi_node *out = in == c->node ? c->u.other : c->node;
    fsi_node *old = node_swap_at(c->parent, index_of(c->parent, in), fsi_node_retain(out));
    if (counted) {
        image_account(img, old, -1);
        image_account(img, out, +1);
    }
    fsi_node_release(old);
}

/* Takes c->node out of its file's list of streams, or puts it back where it was (the list's order is
 * the order the streams were added). Putting back cannot fail: rollback made room in the list
 * beforehand (reserve_stream_room), and a forward pass only refills lists that held as many before. */
static void toggle_stream(fsi_image *img, change *c)
{
    fsi_node *file = c->parent;
    struct node_streams *s = file->u.file.streams;
    int counted = fsi_node_in_tree(file);
    uint32_t i = 0;
    if (counted)
        node_streams_account(img, file, -1);
    if (c->node->parent == file) {
        while (s->items[i] != c->node)
            i++;
        memmove(&s->items[i], &s->items[i + 1], (s->count - i - 1) * sizeof(s->items[0]));
        s->count--;
        c->node->parent = NULL;
        c->u.index = i;
        fsi_node_release(c->node); /* the list's reference; the entry keeps its own */
    } else {
        i = c->u.index;
        memmove(&s->items[i + 1], &s->items[i], (s->count - i) * sizeof(s->items[0]));
        s->items[i] = fsi_node_retain(c->node);
        s->count++;
        c->node->parent = file;
    }
    if (counted)
        node_streams_account(img, file, +1);
}

static void toggle(fsi_image *img, change *c)
{
    switch ((enum change_kind)c->kind) {
    case CHANGE_LINK:
        toggle_link(img, c);
        break;
    case CHANGE_SWAP:
        toggle_swap(img, c);
        break;
    case CHANGE_TIME: {
        fsi_time t = c->node->times[c->which];
        c->node->times[c->which] = c->u.time;
        c->u.time = t;
        break;
    }
    case CHANGE_HIDDEN: {
        int hidden = c->node->hidden;
        c->node->hidden = (uint8_t)c->u.hidden;
        c->u.hidden = hidden;
        break;
    }
    case CHANGE_DATA: {
        fsi_source *source = c->node->u.file.source;
        int counted = fsi_node_in_tree(c->node);
        if (counted)
            image_account(img, c->node, -1);
        c->node->u.file.source = c->u.source;
        c->u.source = source;
        if (counted)
            image_account(img, c->node, +1);
        break;
    }
    case CHANGE_STREAM:
        toggle_stream(img, c);
        break;
    case CHANGE_REAL_TIME: {
        int real_time = c->node->real_time;
        c->node->real_time = (uint8_t)c->u.real_time;
        c->u.real_time = real_time;
        break;
    }
    }
}

/* ---------------------------------------------------------------- rollback --------------------- */

static int compare_pointers(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (fsi_node *const *)a, y = (uintptr_t) * (fsi_node *const *)b;
    return x < y ? -1 : x > y;
}

/* Room for count more children of a directory, or streams of a file. */
typedef fsi_hresult (*make_room)(fsi_node *owner, uint32_t count, fsi_error *err);

static fsi_hresult reserve_stream_room(fsi_node *file, uint32_t count, fsi_error *err)
{
    struct node_streams *s = file->u.file.streams;
    uint32_t had = s ? s->count : 0;
    struct node_streams *grown = realloc(s, sizeof(*grown) + ((size_t)had + count) * sizeof(grown->items[0]));
    if (!grown)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory rolling back %lu named streams",
                        (unsigned long)count);
    grown->count = had;
    file->u.file.streams = grown;
    return FSI_S_OK;
}

/* Makes room in every owner (parent) of the entries of kind after entry first: as many places as it has
 * entries, enough for whatever they put back. */
static fsi_hresult reserve_room(change_log *log, size_t first, enum change_kind kind, make_room reserve,
                                fsi_error *err)
{
    fsi_node **owners;
    size_t i, n = 0, run;
    fsi_hresult hr = FSI_S_OK;
    for (i = first; i < log->count; i++)
        n += log->entries[i].kind == kind;
    if (!n)
        return hr;
    if (!(owners = malloc(n * sizeof(*owners))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory rolling back %lu changes", (unsigned long)n);
    for (i = first, n = 0; i < log->count; i++)
        if (log->entries[i].kind == kind)
            owners[n++] = log->entries[i].parent;
    qsort(owners, n, sizeof(*owners), compare_pointers);
    for (i = 0; hr >= 0 && i < n; i += run) {
        for (run = 1; i + run < n && owners[i + run] == owners[i]; run++)
            ;
        hr = reserve(owners[i], (uint32_t)run, err);
    }
    free(owners);
    return hr;
}

/* After the entries from first on were undone: every subtree they put back into the tree must fit the
 * limits of the options as they are now (ISO 9660's depth and file size, FreeMediaBlocks). The named
 * streams need no check: the count comes back to what it was at change_point, which every edit kept
 * within FSI_NAMED_STREAMS_MAX. */
static fsi_hresult check_restored(fsi_image *img, size_t first, int32_t change_point, fsi_error *err)
{
    change_log *log = &img->changes;
    message_text text;
    fsi_error why;
    size_t i;
    uint32_t needed;
    for (i = first; i < log->count; i++) {
        const change *c = &log->entries[i];
        const fsi_node *back = c->kind == CHANGE_SWAP ? c->u.other : c->node;
        fsi_hresult hr;
        if ((c->kind != CHANGE_LINK && c->kind != CHANGE_SWAP) || back->parent != c->parent ||
            !fsi_node_in_tree(c->parent))
            continue;
        if ((iso_levels_apply(img) && (hr = iso_levels_check_item(c->parent, back, &why)) < 0) ||
            (hr = size_limits_check_item(img, c->parent, back, &why)) < 0)
            return fsi_fail(err, hr, "rolling back to change point %ld would put back '%s': %s",
                            (long)change_point, edit_item_path(back, NULL, &text), why.message);
    }
    needed = image_blocks_over_limit(img);
    if (needed)
        return fsi_fail(err, IMAPI_E_IMAGE_SIZE_LIMIT,
                        "rolling back to change point %ld would make the image %lu blocks, but "
                        "FreeMediaBlocks allows %ld",
                        (long)change_point, (unsigned long)needed, (long)img->free_media_blocks);
    return FSI_S_OK;
}

fsi_hresult fsi_image_rollback(fsi_image *img, int32_t change_point, fsi_error *err)
{
    change_log *log = &img->changes;
    size_t first = log->count, i;
    fsi_hresult hr;
    if (change_point < log->locked || change_point > log->point)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "change point %ld cannot be rolled back to: the image can return to change points "
                        "%ld to %ld",
                        (long)change_point, (long)log->locked, (long)log->point);
    while (first > 0 && log->entries[first - 1].point > change_point)
        first--;
    if ((hr = reserve_room(log, first, CHANGE_LINK, node_reserve, err)) < 0 ||
        (hr = reserve_room(log, first, CHANGE_STREAM, reserve_stream_room, err)) < 0)
        return hr;
    for (i = log->count; i > first; i--)
        toggle(img, &log->entries[i - 1]);
    if ((hr = check_restored(img, first, change_point, err)) < 0) {
        for (i = first; i < log->count; i++)
            toggle(img, &log->entries[i]);
        return hr;
    }
    truncate_log(log, first);
    log->point = change_point;
    return FSI_S_OK;
}

void fsi_image_lock_change_point(fsi_image *img)
{
    change_log *log = &img->changes;
    size_t kept = 0, i;
    while (kept < log->count && log->entries[kept].point <= log->point)
        kept++;
    for (i = 0; i < kept; i++)
        drop(&log->entries[i]);
    memmove(log->entries, log->entries + kept, (log->count - kept) * sizeof(*log->entries));
    log->count -= kept;
    log->locked = log->point;
}

int32_t fsi_image_change_point(const fsi_image *img)
{
    return img->changes.point;
}

void fsi_image_count_change(fsi_image *img)
{
    img->changes.point++;
}
