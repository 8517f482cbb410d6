/* Per-directory sizes for the estimate, kept in a hash table of the image keyed by directory node.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "dir_sizes.h"
#include "hresult.h"
#include "image.h"
#include "iso9660_writer.h"
#include "iso9660_writer_common.h"
#include "joliet_writer.h"
#include "layout_snapshot.h"
#include "node.h"
#include "path_table.h"
#include "udf_private.h"

typedef struct kept_sizes {
    fsi_node *dir;
    /* The options the sizes were measured under. */
    uint32_t file_systems;
    int32_t iso_level, udf_revision;
    dir_sizes sizes;
} kept_sizes;

/* Open addressing with linear probing; a removal shifts the entries after it back. */
typedef struct dir_size_table dir_size_table;
struct dir_size_table {
    kept_sizes **slots;
    size_t mask, count;
};

static size_t slot_of(const dir_size_table *t, const fsi_node *dir)
{
    uint64_t h = (uint64_t)(uintptr_t)dir * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & t->mask;
}

static kept_sizes **find_slot(const dir_size_table *t, const fsi_node *dir)
{
    size_t i = slot_of(t, dir);
    while (t->slots[i] && t->slots[i]->dir != dir)
        i = (i + 1) & t->mask;
    return &t->slots[i];
}

static int grow_table(dir_size_table *t)
{
    size_t capacity = t->slots ? (t->mask + 1) * 2 : 64;
    dir_size_table bigger = {calloc(capacity, sizeof(*bigger.slots)), capacity - 1, t->count};
    if (!bigger.slots)
        return 0;
    for (size_t i = 0; t->slots && i <= t->mask; i++)
        if (t->slots[i])
            *find_slot(&bigger, t->slots[i]->dir) = t->slots[i];
    free(t->slots);
    *t = bigger;
    return 1;
}

static void free_kept(kept_sizes *k)
{
    free(k->sizes.subdirs);
    free(k);
}

void dir_sizes_forget(fsi_node *dir)
{
    dir_size_table *t;
    if (!dir->sized)
        return;
    dir->sized = 0;
    t = dir->image->dir_sizes;
    size_t hole = (size_t)(find_slot(t, dir) - t->slots);
    free_kept(t->slots[hole]);
    t->slots[hole] = NULL;
    t->count--;
    /* Entries after the hole that would no longer be found past it move into it. */
    for (size_t i = (hole + 1) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
        size_t home = slot_of(t, t->slots[i]->dir);
        if (((i - home) & t->mask) >= ((i - hole) & t->mask)) {
            t->slots[hole] = t->slots[i];
            t->slots[i] = NULL;
            hole = i;
        }
    }
}

void dir_sizes_free_all(fsi_image *img)
{
    dir_size_table *t = img->dir_sizes;
    if (!t)
        return;
    for (size_t i = 0; i <= t->mask; i++)
        if (t->slots[i]) {
            t->slots[i]->dir->sized = 0;
            free_kept(t->slots[i]);
        }
    free(t->slots);
    free(t);
    img->dir_sizes = NULL;
}

/* The hierarchy's blocks for the directory and its children's path table records. */
static void hierarchy_sizes(const fsi_writer *w, uint32_t *blocks, uint32_t *table_bytes)
{
    const dirrec_tree *tree = ((const hierarchy_writer *)w)->tree;
    *blocks = dirrec_tree_blocks_of(tree, 0);
    *table_bytes = dirrec_tree_path_table_size(tree) - (uint32_t)path_table_record_length(1);
}

/* Lays out dir and its children alone with each writer of the image and notes what dir takes. */
static fsi_hresult measure(fsi_image *img, fsi_node *dir, dir_sizes *out, fsi_error *err)
{
    uint32_t systems = fsi_image_file_systems(img);
    layout_tree mini;
    fsi_writer *w;
    fsi_hresult hr = layout_snapshot_directory(dir, &mini, err);

    if (hr < 0)
        return hr;
    out->subdirs = malloc((mini.dir_count ? mini.dir_count : 1) * sizeof(*out->subdirs));
    if (!out->subdirs) {
        layout_snapshot_free(&mini);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory sizing a directory");
    }
    for (uint32_t i = 0; i < dir->u.dir.count; i++)
        if (dir->u.dir.items[i]->kind == FSI_KIND_DIRECTORY)
            out->subdirs[out->subdir_count++] = dir->u.dir.items[i];
    out->file_count = mini.file_count;
    for (uint32_t i = 0; i < mini.file_count; i++)
        out->data_blocks += (mini.files[i].size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    /* As add_writers: ISO 9660 describes the tree unless UDF is alone. */
    if (systems & (FSI_FS_ISO9660 | FSI_FS_JOLIET)) {
        hr = iso9660_writer_create(img, &mini, &w, err);
        if (hr >= 0) {
            hierarchy_sizes(w, &out->iso_blocks, &out->iso_table_bytes);
            w->ops->destroy(w);
        }
    }
    if (hr >= 0 && (systems & FSI_FS_JOLIET)) {
        hr = joliet_writer_create(img, &mini, &w, err);
        if (hr >= 0) {
            hierarchy_sizes(w, &out->joliet_blocks, &out->joliet_table_bytes);
            w->ops->destroy(w);
        }
    }
    if (hr >= 0 && (systems & FSI_FS_UDF)) {
        hr = udf_writer_create(img, &mini, 0, &w, err);
        if (hr >= 0) {
            const udf_writer *u = (const udf_writer *)w;
            out->udf_blocks = (u->dirs[0].bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
            out->udf_extent_blocks = u->extent_blocks;
            w->ops->destroy(w);
        }
    }
    layout_snapshot_free(&mini);
    return hr;
}

fsi_hresult dir_sizes_get(fsi_image *img, fsi_node *dir, const dir_sizes **out, fsi_error *err)
{
    kept_sizes *k;
    fsi_hresult hr;

    if (dir->sized) {
        k = *find_slot(img->dir_sizes, dir);
        if (k->file_systems == img->file_systems && k->iso_level == img->iso_level &&
            k->udf_revision == img->udf_revision) {
            *out = &k->sizes;
            return FSI_S_OK;
        }
        dir_sizes_forget(dir);
    }
    if (!img->dir_sizes && !(img->dir_sizes = calloc(1, sizeof(*img->dir_sizes))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory sizing a directory");
    if ((img->dir_sizes->count + 1) * 2 > (img->dir_sizes->slots ? img->dir_sizes->mask + 1 : 0) &&
        !grow_table(img->dir_sizes))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory sizing a directory");
    if (!(k = calloc(1, sizeof(*k))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory sizing a directory");
    hr = measure(img, dir, &k->sizes, err);
    if (hr < 0) {
        free_kept(k);
        return hr;
    }
    k->dir = dir;
    k->file_systems = img->file_systems;
    k->iso_level = img->iso_level;
    k->udf_revision = img->udf_revision;
    *find_slot(img->dir_sizes, dir) = k;
    img->dir_sizes->count++;
    dir->sized = 1;
    *out = &k->sizes;
    return FSI_S_OK;
}
