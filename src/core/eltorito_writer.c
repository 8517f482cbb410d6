/* The El Torito writer. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "eltorito_catalog.h"
#include "eltorito_entries.h"
#include "eltorito_writer.h"
#include "hresult.h"
#include "image.h"

enum eltorito_tag { TAG_BOOT_RECORD, TAG_CATALOG };

typedef struct eltorito_writer {
    fsi_writer base;
    uint32_t count;
    uint32_t first_image; /* the first boot image's index in the tree's files */
    uint32_t catalog_block;
    struct {
        fsi_boot_entry e; /* without its source: the layout's tree holds that */
        uint8_t system_type;
    } entries[FSI_BOOT_ENTRIES_MAX];
} eltorito_writer;

static fsi_hresult eltorito_reserve(fsi_writer *base, layout_phase phase, fsi_layout *layout, fsi_error *err)
{
    eltorito_writer *w = (eltorito_writer *)base;

    switch (phase) {
    case PHASE_VOLUME_DESCRIPTORS:
        return layout_reserve(layout, base, TAG_BOOT_RECORD, 1, NULL, err);
    case PHASE_FILE_DATA:
        return layout_reserve(layout, base, TAG_CATALOG, 1, &w->catalog_block, err);
    default:
        return FSI_S_OK;
    }
}

static void render_catalog(const eltorito_writer *w, const fsi_layout *layout, uint8_t *block)
{
    const layout_tree *tree = layout_get_tree(layout);
    eltorito_catalog_entry entries[FSI_BOOT_ENTRIES_MAX];

    for (uint32_t i = 0; i < w->count; i++) {
        const fsi_boot_entry *e = &w->entries[i].e;
        entries[i] = (eltorito_catalog_entry){
            .platform = e->platform,
            .emulation = e->emulation,
            .system_type = w->entries[i].system_type,
            .load_segment = e->load_segment,
            .sector_count = e->sector_count,
            .load_rba = tree->files[w->first_image + i].block,
            .id = e->id,
        };
    }
    eltorito_catalog_render(entries, w->count, block);
}

static void eltorito_render(const fsi_writer *base, const fsi_layout *layout, uint32_t tag, uint32_t index,
                            uint8_t *block)
{
    const eltorito_writer *w = (const eltorito_writer *)base;

    (void)index;
    if (tag == TAG_BOOT_RECORD)
        eltorito_boot_record_render(w->catalog_block, block);
    else
        render_catalog(w, layout, block);
}

static void eltorito_destroy(fsi_writer *base)
{
    free(base);
}

static const writer_ops eltorito_ops = {
    .reserve = eltorito_reserve,
    .render = eltorito_render,
    .destroy = eltorito_destroy,
};

fsi_hresult eltorito_writer_create(fsi_image *img, const layout_tree *tree, fsi_writer **out, fsi_error *err)
{
    eltorito_writer *w = calloc(1, sizeof(*w));

    *out = NULL;
    if (!w)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
    w->base.ops = &eltorito_ops;
    w->count = img->boot_count;
    w->first_image = tree->file_count;
    for (uint32_t i = 0; i < w->count; i++) {
        w->entries[i].e = img->boot_entries[i].e;
        w->entries[i].e.source = NULL;
        w->entries[i].system_type = img->boot_entries[i].system_type;
    }
    *out = &w->base;
    return FSI_S_OK;
}
