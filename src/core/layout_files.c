/* The files of a layout as block ranges (IFileSystemImageResult::ProgressItems): read-only, so any
 * number of threads may ask at once. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "layout.h"

/* The tree's files with data: the tail of the layout's data files, after the boot images (which are
 * placed first and are no file of the tree). */
static const uint32_t *tree_files(const fsi_layout *layout, uint32_t *count)
{
    const layout_tree *t = layout_get_tree(layout);
    uint32_t all, skip = 0;
    const uint32_t *files = layout_data_files(layout, &all);
    while (skip < all && files[skip] >= t->file_count)
        skip++;
    *count = all - skip;
    return files + skip;
}

static const layout_file *file_at(const fsi_layout *layout, uint32_t index)
{
    uint32_t count;
    return &layout_get_tree(layout)->files[tree_files(layout, &count)[index]];
}

uint32_t fsi_layout_file_count(const fsi_layout *layout)
{
    uint32_t count;
    tree_files(layout, &count);
    return count;
}

void fsi_layout_file_blocks(const fsi_layout *layout, uint32_t index, uint32_t *first_block, uint32_t *block_count)
{
    const layout_file *f = file_at(layout, index);
    *first_block = f->block;
    *block_count = (uint32_t)((f->size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
}

/* Puts "\name" right before pos; returns where it starts. */
static size_t prepend(fsi_char *path, size_t pos, const fsi_char *name)
{
    size_t len = fsi_strlen16(name);
    pos -= len;
    memcpy(path + pos, name, len * sizeof(fsi_char));
    path[--pos] = '\\';
    return pos;
}

/* From the layout's own tree, not the nodes: the image may have moved the file since. */
fsi_hresult fsi_layout_file_path(const fsi_layout *layout, uint32_t index, fsi_char **out, fsi_error *err)
{
    const layout_tree *t = layout_get_tree(layout);
    const layout_file *f = file_at(layout, index);
    size_t len = 1 + fsi_strlen16(fsi_node_name(f->node)), pos;
    fsi_char *path;
    uint32_t dir;

    for (dir = f->parent; dir != 0; dir = t->dirs[dir].parent)
        len += 1 + fsi_strlen16(t->names + t->dirs[dir].name);
    if (!(path = malloc((len + 1) * sizeof(fsi_char))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a path");
    path[len] = 0;
    pos = prepend(path, len, fsi_node_name(f->node));
    for (dir = f->parent; dir != 0; dir = t->dirs[dir].parent)
        pos = prepend(path, pos, t->names + t->dirs[dir].name);
    *out = path;
    return FSI_S_OK;
}

int fsi_layout_file_find(const fsi_layout *layout, uint32_t block, uint32_t *index)
{
    const layout_file *files = layout_get_tree(layout)->files;
    uint32_t count, lo = 0, hi;
    const uint32_t *order = tree_files(layout, &count);
    uint32_t first, blocks;

    hi = count; /* the last file starting at or before block is lo */
    if (!count || files[order[0]].block > block)
        return 0;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (files[order[mid]].block <= block)
            lo = mid;
        else
            hi = mid;
    }
    fsi_layout_file_blocks(layout, lo, &first, &blocks);
    if (block - first >= blocks)
        return 0;
    *index = lo;
    return 1;
}
