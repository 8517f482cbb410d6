/* The ISO 9660 writer. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "iso9660_writer.h"
#include "iso9660_writer_common.h"

/* "NAME.EXT;1", "NAME.;1" (§7.5.1 keeps the separator when there is no extension) or a directory's "NAME". */
static size_t encode_iso(const mapped_name *name, int is_dir, uint8_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < name->len; i++)
        out[n++] = (uint8_t)name->units[i];
    if (is_dir)
        return n;
    if (name->ext_len == 0)
        out[n++] = '.';
    out[n++] = ';';
    out[n++] = '1';
    return n;
}

static fsi_hresult iso_reserve(fsi_writer *w, layout_phase phase, fsi_layout *layout, fsi_error *err)
{
    return hierarchy_writer_reserve((hierarchy_writer *)w, phase, layout, 1, err);
}

static void iso_order_files(const fsi_writer *w, uint32_t *order)
{
    dirrec_tree_file_order(((const hierarchy_writer *)w)->tree, order);
}

static const writer_ops iso_ops = {
    .reserve = iso_reserve,
    .render = hierarchy_writer_render,
    .order_files = iso_order_files,
    .destroy = hierarchy_writer_destroy,
};

fsi_hresult iso9660_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err)
{
    dirrec_naming naming = {
        .file_system = "ISO 9660",
        .fs = FSI_FS_ISO9660,
        .level = fsi_image_iso_level(img),
        .map = iso_map_name,
        .unique_marker = '_',
        .encode = encode_iso,
    };
    return hierarchy_writer_create(img, tree, &naming, FSI_FS_ISO9660, &iso_ops, out, err);
}
