/* ISO 9660's eight directory levels. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "hresult.h"
#include "image.h"
#include "iso_levels.h"
#include "message.h"
#include "node.h"
#include "tree_edit.h"

int iso_levels_apply(const fsi_image *img)
{
    return (img->file_systems & FSI_FS_ISO9660) != 0;
}

static int level_of(const fsi_node *dir)
{
    int level = 1;
    for (; dir->parent; dir = dir->parent)
        level++;
    return level;
}

/* The first directory at or below item that is deeper than room levels below item's parent. The
 * recursion stops at the limit, so it is never deeper than ISO9660_MAX_LEVELS. */
static const fsi_node *first_too_deep(const fsi_node *item, int room)
{
    uint32_t i;
    if (item->kind != FSI_KIND_DIRECTORY)
        return NULL;
    if (room <= 0)
        return item;
    for (i = 0; i < item->u.dir.count; i++) {
        const fsi_node *found = first_too_deep(item->u.dir.items[i], room - 1);
        if (found)
            return found;
    }
    return NULL;
}

static fsi_hresult too_deep_error(const fsi_node *dir, const fsi_node *too_deep, fsi_error *err)
{
    message_text text;
    return fsi_fail(err, IMAPI_E_ISO9660_LEVELS,
                    "'%s' would be a directory at level %d, but ISO 9660 allows at most %d levels (the root "
                    "is level 1); leave ISO 9660 out of FileSystemsToCreate for deeper trees",
                    edit_item_path(dir, too_deep, &text), ISO9660_MAX_LEVELS + 1, ISO9660_MAX_LEVELS);
}

fsi_hresult iso_levels_check_item(const fsi_node *dir, const fsi_node *item, fsi_error *err)
{
    const fsi_node *too_deep = first_too_deep(item, ISO9660_MAX_LEVELS - level_of(dir));
    return too_deep ? too_deep_error(dir, too_deep, err) : FSI_S_OK;
}

fsi_hresult iso_levels_check_tree(const fsi_node *dir, fsi_error *err)
{
    uint32_t i;
    for (i = 0; i < dir->u.dir.count; i++) {
        const fsi_node *too_deep = first_too_deep(dir->u.dir.items[i], ISO9660_MAX_LEVELS - level_of(dir));
        if (too_deep)
            return too_deep_error(NULL, too_deep, err);
    }
    return FSI_S_OK;
}
