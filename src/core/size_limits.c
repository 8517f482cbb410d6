/* The largest file ISO 9660 and Joliet take at levels 1 and 2. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "hresult.h"
#include "image.h"
#include "message.h"
#include "node.h"
#include "size_limits.h"
#include "tree_edit.h"

uint64_t size_limit_for(uint32_t file_systems, int32_t iso_level)
{
    if (!(file_systems & (FSI_FS_ISO9660 | FSI_FS_JOLIET)) || iso_level >= 3)
        return SIZE_LIMIT_NONE;
    return SIZE_LIMIT_LEVELS_1_2;
}

/* The first file at or below node larger than limit, in the tree's order. */
static const fsi_node *first_too_big(const fsi_node *node, uint64_t limit)
{
    uint32_t i;
    if (node->kind != FSI_KIND_DIRECTORY)
        return node->u.file.source->size > limit ? node : NULL;
    for (i = 0; i < node->u.dir.count; i++) {
        const fsi_node *found = first_too_big(node->u.dir.items[i], limit);
        if (found)
            return found;
    }
    return NULL;
}

fsi_hresult size_limits_check_item(const fsi_image *img, const fsi_node *dir, const fsi_node *item,
                                   fsi_error *err)
{
    uint64_t limit = size_limit_for(img->file_systems, img->iso_level);
    const fsi_node *file = limit == SIZE_LIMIT_NONE ? NULL : first_too_big(item, limit);
    message_text text;
    if (!file)
        return FSI_S_OK;
    return fsi_fail(err, IMAPI_E_DATA_TOO_BIG,
                    "the file '%s' (%llu bytes) is larger than the %llu bytes (2 GiB) ISO 9660 and Joliet take "
                    "at interchange levels 1 and 2; set ISO9660InterchangeLevel 3, or create UDF alone",
                    edit_item_path(dir, file, &text), (unsigned long long)file->u.file.source->size,
                    (unsigned long long)limit);
}

fsi_hresult size_limits_check_options(const fsi_image *img, uint32_t file_systems, int32_t iso_level,
                                      fsi_error *err)
{
    uint64_t limit = size_limit_for(file_systems, iso_level);
    const fsi_node *file;
    message_text text;
    char option[80];
    if (limit >= size_limit_for(img->file_systems, img->iso_level) || !(file = first_too_big(img->root, limit)))
        return FSI_S_OK;
    if (iso_level != img->iso_level)
        snprintf(option, sizeof(option), "ISO9660InterchangeLevel %ld", (long)iso_level);
    else
        snprintf(option, sizeof(option), "FileSystemsToCreate 0x%X at ISO9660InterchangeLevel %ld",
                 (unsigned)file_systems, (long)iso_level);
    return fsi_fail(err, IMAPI_E_DATA_TOO_BIG,
                    "%s would limit files in ISO 9660 and Joliet to %llu bytes (2 GiB), but the file '%s' has "
                    "%llu bytes; remove it first",
                    option, (unsigned long long)limit, edit_item_path(NULL, file, &text),
                    (unsigned long long)file->u.file.source->size);
}
