/* The Joliet writer. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "endian.h"
#include "iso9660_writer_common.h"
#include "joliet_names.h"
#include "joliet_writer.h"

static void map_joliet(const fsi_char *name, int is_dir, int level, mapped_name *out)
{
    (void)is_dir;
    (void)level;
    joliet_map_name(name, out);
}

/* UCS-2 big-endian, no version. */
static size_t encode_joliet(const mapped_name *name, int is_dir, uint8_t *out)
{
    (void)is_dir;
    for (size_t i = 0; i < name->len; i++)
        put_be16(out + 2 * i, name->units[i]);
    return 2 * (size_t)name->len;
}

static fsi_hresult joliet_reserve(fsi_writer *w, layout_phase phase, fsi_layout *layout, fsi_error *err)
{
    return hierarchy_writer_reserve((hierarchy_writer *)w, phase, layout, 0, err);
}

static const writer_ops joliet_ops = {
    .reserve = joliet_reserve,
    .render = hierarchy_writer_render,
    .destroy = hierarchy_writer_destroy,
};

fsi_hresult joliet_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err)
{
    dirrec_naming naming = {
        .file_system = "Joliet",
        .fs = FSI_FS_JOLIET,
        .map = map_joliet,
        .unique_marker = '~',
        .encode = encode_joliet,
    };
    return hierarchy_writer_create(img, tree, &naming, FSI_FS_JOLIET, &joliet_ops, out, err);
}
