/* The snapshot of the model a layout is made from. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "eltorito_entries.h"
#include "hresult.h"
#include "image.h"
#include "layout_snapshot.h"
#include "named_streams.h"
#include "node.h"

/* Grows *array (of elem bytes each) so that it holds at least need elements. */
static int grow(void **array, size_t *capacity, size_t need, size_t elem)
{
    if (need <= *capacity)
        return 1;
    size_t capacity2 = *capacity ? *capacity : 16;
    while (capacity2 < need)
        capacity2 *= 2;
    void *grown = realloc(*array, capacity2 * elem);
    if (!grown)
        return 0;
    *array = grown;
    *capacity = capacity2;
    return 1;
}

/* Sizes *array for exactly need elements (at least one) when it has fewer. */
static int reserve(void **array, size_t *capacity, size_t need, size_t elem)
{
    if (need <= *capacity)
        return 1;
    void *grown = realloc(*array, (need ? need : 1) * elem);
    if (!grown)
        return 0;
    *array = grown;
    *capacity = need;
    return 1;
}

typedef struct snapshot_state {
    layout_tree *t;
    fsi_time created;
    fsi_node **dir_nodes; /* retained until their children are copied */
    size_t dirs_cap, dir_nodes_cap, files_cap, entries_cap, names_cap, stream_sets_cap;
    int streams; /* the image records named streams */
} snapshot_state;

/* A time never set (the root's) is recorded as the image's creation time rather than as 1601. */
static fsi_time modified_time(const snapshot_state *s, const fsi_node *node)
{
    fsi_time t = fsi_node_time(node, FSI_TIME_MODIFIED);
    return t ? t : s->created;
}

static int copy_name(snapshot_state *s, const fsi_char *name, uint32_t *offset)
{
    size_t len = fsi_strlen16(name) + 1;
    if (!grow((void **)&s->t->names, &s->names_cap, s->t->names_len + len, sizeof(fsi_char)))
        return 0;
    memcpy(s->t->names + s->t->names_len, name, len * sizeof(fsi_char));
    *offset = (uint32_t)s->t->names_len;
    s->t->names_len += len;
    return 1;
}

static int add_dir(snapshot_state *s, fsi_node *node, uint32_t parent)
{
    layout_tree *t = s->t;
    if (!grow((void **)&t->dirs, &s->dirs_cap, t->dir_count + 1, sizeof(*t->dirs)) ||
        !grow((void **)&s->dir_nodes, &s->dir_nodes_cap, t->dir_count + 1, sizeof(*s->dir_nodes)))
        return 0;
    layout_dir *d = &t->dirs[t->dir_count];
    memset(d, 0, sizeof(*d));
    d->parent = parent;
    d->depth = t->dir_count ? t->dirs[parent].depth + 1 : 1;
    d->modified = modified_time(s, node);
    d->hidden = fsi_node_hidden(node) != 0;
    if (!copy_name(s, fsi_node_name(node), &d->name))
        return 0;
    s->dir_nodes[t->dir_count++] = fsi_node_retain(node);
    return 1;
}

static int add_file(snapshot_state *s, fsi_node *node, uint32_t parent)
{
    layout_tree *t = s->t;
    if (!grow((void **)&t->files, &s->files_cap, t->file_count + 1, sizeof(*t->files)))
        return 0;
    layout_file *f = &t->files[t->file_count];
    memset(f, 0, sizeof(*f));
    f->parent = parent;
    f->size = fsi_node_file_size(node);
    f->modified = modified_time(s, node);
    f->hidden = fsi_node_hidden(node) != 0;
    f->real_time = fsi_node_real_time(node) != 0;
    f->node = fsi_node_retain(node);
    if (s->streams && fsi_file_stream_count(node)) { /* its streams follow the boot images */
        if (!grow((void **)&t->stream_sets, &s->stream_sets_cap, t->stream_set_count + 1, sizeof(*t->stream_sets)))
            return 0;
        t->stream_sets[t->stream_set_count++] =
            (layout_stream_set){.file = t->file_count, .count = fsi_file_stream_count(node)};
    }
    t->file_count++;
    return 1;
}

static fsi_hresult copy_children(snapshot_state *s, uint32_t d, fsi_error *err)
{
    layout_tree *t = s->t;
    fsi_node **children;
    uint32_t count;
    fsi_hresult hr = fsi_dir_children(s->dir_nodes[d], &children, &count, err);
    int ok = 1;

    if (hr < 0)
        return hr;
    t->dirs[d].first_entry = t->entry_count;
    t->dirs[d].entry_count = count;
    ok = grow((void **)&t->entries, &s->entries_cap, (size_t)t->entry_count + count, sizeof(*t->entries));
    for (uint32_t i = 0; i < count; i++) {
        if (ok) {
            int is_dir = fsi_node_kind(children[i]) == FSI_KIND_DIRECTORY;
            layout_entry *e = &t->entries[t->entry_count++];
            e->is_dir = (uint8_t)is_dir;
            e->index = is_dir ? t->dir_count : t->file_count;
            ok = is_dir ? add_dir(s, children[i], d) : add_file(s, children[i], d);
        }
        fsi_node_release(children[i]);
    }
    fsi_free(children);
    return ok ? FSI_S_OK : fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying the tree for the image");
}

/* The boot images become files after the tree's, nodes of their own in no directory, named for
 * messages only. */
static int add_boot_images(snapshot_state *s, fsi_image *img)
{
    layout_tree *t = s->t;
    if (!grow((void **)&t->files, &s->files_cap, (size_t)t->file_count + img->boot_count, sizeof(*t->files)))
        return 0;
    for (uint32_t i = 0; i < img->boot_count; i++) {
        static const char prefix[] = "El Torito boot image ";
        fsi_char name[sizeof(prefix) + 2];
        layout_file *f = &t->files[t->file_count + i];
        size_t n = 0;
        for (const char *c = prefix; *c; c++)
            name[n++] = (fsi_char)*c;
        if (i + 1 >= 10)
            name[n++] = (fsi_char)('0' + (i + 1) / 10);
        name[n++] = (fsi_char)('0' + (i + 1) % 10);
        name[n] = 0;
        memset(f, 0, sizeof(*f));
        f->node = node_create_file(img, name, n, img->boot_entries[i].e.source);
        if (!f->node)
            return 0;
        f->size = img->boot_entries[i].e.source->size;
        f->modified = s->created;
        t->boot_count++;
    }
    return 1;
}

/* Each file's streams as files of their own after the boot images, in their file's directory. */
static int add_streams(snapshot_state *s)
{
    layout_tree *t = s->t;
    for (uint32_t i = 0; i < t->stream_set_count; i++) {
        layout_stream_set *set = &t->stream_sets[i];
        const fsi_node *owner = t->files[set->file].node;
        set->first = t->file_count + t->boot_count + t->stream_count;
        if (!grow((void **)&t->files, &s->files_cap, (size_t)set->first + set->count, sizeof(*t->files)))
            return 0;
        for (uint32_t k = 0; k < set->count; k++) {
            fsi_node *stream = fsi_file_stream(owner, k);
            layout_file *f = &t->files[set->first + k];
            memset(f, 0, sizeof(*f));
            f->parent = t->files[set->file].parent;
            f->size = fsi_node_file_size(stream);
            f->modified = modified_time(s, stream);
            f->node = fsi_node_retain(stream);
            t->stream_count++;
        }
    }
    return 1;
}

fsi_hresult layout_snapshot(fsi_image *img, fsi_time created, layout_tree *out, fsi_error *err)
{
    snapshot_state s = {.t = out, .created = created, .streams = named_streams_recorded(img)};
    fsi_hresult hr = FSI_S_OK;

    memset(out, 0, sizeof(*out));
    /* The image's running totals give the sizes at once: no array is copied while it grows. */
    if (!reserve((void **)&out->dirs, &s.dirs_cap, (size_t)img->directory_count + 1, sizeof(*out->dirs)) ||
        !reserve((void **)&s.dir_nodes, &s.dir_nodes_cap, (size_t)img->directory_count + 1, sizeof(*s.dir_nodes)) ||
        !reserve((void **)&out->files, &s.files_cap, (size_t)img->file_count + img->boot_count, sizeof(*out->files)) ||
        !reserve((void **)&out->entries, &s.entries_cap, (size_t)img->file_count + img->directory_count,
                 sizeof(*out->entries)))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying the tree for the image");
    else if (!add_dir(&s, fsi_image_root(img), 0))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying the tree for the image");
    for (uint32_t d = 0; d < out->dir_count; d++) {
        if (hr >= 0)
            hr = copy_children(&s, d, err);
        fsi_node_release(s.dir_nodes[d]);
    }
    free(s.dir_nodes);
    if (hr >= 0 && !add_boot_images(&s, img))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying the boot images for the image");
    if (hr >= 0 && !add_streams(&s))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying the named streams for the image");
    if (hr < 0)
        layout_snapshot_free(out);
    return hr;
}

fsi_hresult layout_snapshot_directory(fsi_node *dir, layout_tree *out, fsi_error *err)
{
    snapshot_state s = {.t = out};
    fsi_hresult hr = FSI_S_OK;

    memset(out, 0, sizeof(*out));
    if (!add_dir(&s, dir, 0))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory copying a directory");
    else
        hr = copy_children(&s, 0, err);
    for (uint32_t d = 0; d < out->dir_count; d++)
        fsi_node_release(s.dir_nodes[d]);
    free(s.dir_nodes);
    if (hr < 0)
        layout_snapshot_free(out);
    return hr;
}

void layout_snapshot_free(layout_tree *t)
{
    for (uint32_t i = 0; t->files && i < t->file_count + t->boot_count + t->stream_count; i++)
        fsi_node_release(t->files[i].node);
    free(t->files);
    free(t->stream_sets);
    free(t->dirs);
    free(t->entries);
    free(t->names);
    memset(t, 0, sizeof(*t));
}

static void append_component(char *out, size_t *used, size_t out_size, const fsi_char *name)
{
    if (*used + 2 >= out_size)
        return;
    out[(*used)++] = '\\';
    fsi_utf16_to_utf8(name, out + *used, out_size - *used);
    *used += strlen(out + *used);
}

void layout_tree_path(const layout_tree *t, uint32_t index, int is_dir, char *out, size_t out_size)
{
    enum { MAX_SHOWN_LEVELS = 64 };
    uint32_t chain[MAX_SHOWN_LEVELS], n = 0;
    uint32_t dir = is_dir ? index : t->files[index].parent;
    size_t used = 0;

    while (dir != 0 && n < MAX_SHOWN_LEVELS) {
        chain[n++] = dir;
        dir = t->dirs[dir].parent;
    }
    out[0] = 0;
    for (uint32_t i = n; i > 0; i--)
        append_component(out, &used, out_size, t->names + t->dirs[chain[i - 1]].name);
    if (!is_dir)
        append_component(out, &used, out_size, fsi_node_name(t->files[index].node));
    if (used == 0 && out_size > 1) {
        out[0] = '\\';
        out[1] = 0;
    }
}
