/* A volume descriptor over a directory hierarchy. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "hresult.h"
#include "iso9660_writer_common.h"
#include "volume_desc.h"

fsi_hresult hierarchy_writer_create(fsi_image *img, const layout_tree *tree, const dirrec_naming *naming,
                                    uint32_t file_system, const writer_ops *ops, fsi_writer **out,
                                    fsi_error *err)
{
    hierarchy_writer *w = calloc(1, sizeof(*w));
    fsi_hresult hr;

    *out = NULL;
    if (!w)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    w->base.ops = ops;
    w->joliet = file_system == FSI_FS_JOLIET;
    hr = fsi_image_volume_name_for(img, file_system, &w->volume_id, err);
    if (hr >= 0)
        hr = dirrec_tree_create(tree, naming, &w->tree, err);
    if (hr < 0) {
        hierarchy_writer_destroy(&w->base);
        return hr;
    }
    *out = &w->base;
    return FSI_S_OK;
}

fsi_hresult hierarchy_writer_reserve(hierarchy_writer *w, layout_phase phase, fsi_layout *layout,
                                     int with_terminator, fsi_error *err)
{
    switch (phase) {
    case PHASE_VOLUME_DESCRIPTORS:
        return layout_reserve(layout, &w->base, TAG_DESCRIPTOR, 1, NULL, err);
    case PHASE_DESCRIPTOR_END:
        return with_terminator ? layout_reserve(layout, &w->base, TAG_TERMINATOR, 1, NULL, err) : FSI_S_OK;
    case PHASE_PATH_TABLES:
        return dirrec_tree_reserve_path_tables(w->tree, layout, &w->base, TAG_L_TABLE, TAG_M_TABLE, err);
    case PHASE_DIRECTORIES:
        return dirrec_tree_reserve_directories(w->tree, layout, &w->base, TAG_DIRECTORIES, err);
    default:
        return FSI_S_OK;
    }
}

static void render_descriptor(const hierarchy_writer *w, const fsi_layout *layout, uint8_t *block)
{
    volume_desc vd = {
        .joliet = w->joliet,
        .volume_id = w->volume_id,
        .space_size = fsi_layout_total_blocks(layout),
        .path_table_size = dirrec_tree_path_table_size(w->tree),
        .l_path_table = dirrec_tree_l_path_table(w->tree),
        .m_path_table = dirrec_tree_m_path_table(w->tree),
        .created = layout_created(layout),
    };
    dirrec_tree_root_record(w->tree, vd.root_record);
    volume_desc_write(block, &vd);
}

void hierarchy_writer_render(const fsi_writer *base, const fsi_layout *layout, uint32_t tag, uint32_t index,
                             uint8_t *block)
{
    const hierarchy_writer *w = (const hierarchy_writer *)base;
    switch ((enum hierarchy_tag)tag) {
    case TAG_DESCRIPTOR:
        render_descriptor(w, layout, block);
        break;
    case TAG_TERMINATOR:
        volume_desc_write_terminator(block);
        break;
    case TAG_L_TABLE:
    case TAG_M_TABLE:
        dirrec_tree_render_path_table(w->tree, tag == TAG_M_TABLE, index, block);
        break;
    case TAG_DIRECTORIES:
        dirrec_tree_render_directory(w->tree, index, block);
        break;
    }
}

void hierarchy_writer_destroy(fsi_writer *base)
{
    hierarchy_writer *w = (hierarchy_writer *)base;
    dirrec_tree_destroy(w->tree);
    fsi_free(w->volume_id);
    free(w);
}
