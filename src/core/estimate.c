/* The size an image would have if laid out now, from sizes kept per directory: only the directories
 * changed since the last estimate are measured again, then the writers reserve from the sums.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "dir_sizes.h"
#include "eltorito_entries.h"
#include "estimate.h"
#include "image.h"
#include "layout.h"
#include "named_streams.h"
#include "path_table.h"

/* Sums the sizes of every directory of the tree (breadth-first, as the snapshot counts them). */
static int sum_tree(fsi_image *img, layout_tree *sized, layout_sizes *sizes)
{
    size_t capacity = (size_t)img->directory_count + 1, count = 1;
    fsi_node **queue = malloc(capacity * sizeof(*queue));
    int ok = queue != NULL;

    if (ok)
        queue[0] = fsi_image_root(img);
    for (size_t q = 0; ok && q < count; q++) {
        const dir_sizes *d;
        if (dir_sizes_get(img, queue[q], &d, NULL) < 0) {
            ok = 0;
            break;
        }
        if (count + d->subdir_count > capacity) {
            fsi_node **grown = realloc(queue, (count + d->subdir_count) * 2 * sizeof(*queue));
            if (!(ok = grown != NULL))
                break;
            queue = grown;
            capacity = (count + d->subdir_count) * 2;
        }
        for (uint32_t i = 0; i < d->subdir_count; i++)
            queue[count++] = d->subdirs[i];
        sized->file_count += d->file_count;
        sizes->data_blocks += d->data_blocks;
        sizes->iso_table_bytes += d->iso_table_bytes;
        sizes->joliet_table_bytes += d->joliet_table_bytes;
        sizes->iso_dir_blocks += d->iso_blocks;
        sizes->joliet_dir_blocks += d->joliet_blocks;
        sizes->udf_dir_blocks += d->udf_blocks;
        sizes->udf_extent_blocks += d->udf_extent_blocks;
    }
    free(queue);
    sized->dir_count = (uint32_t)count;
    return ok;
}

uint32_t fsi_estimate_blocks(fsi_image *img)
{
    layout_sizes sizes = {0};
    layout_tree sized = {.sizes = &sizes};
    uint32_t total;

    if (!sum_tree(img, &sized, &sizes))
        return 0;
    sized.entry_count = sized.file_count + sized.dir_count - 1;
    sized.boot_count = img->boot_count;
    sizes.iso_table_bytes += path_table_record_length(1); /* the root's record */
    sizes.joliet_table_bytes += path_table_record_length(1);
    if (named_streams_recorded(img)) {
        sizes.data_blocks += img->stream_data_blocks;
        sizes.udf_stream_blocks = img->stream_udf_blocks;
    }
    for (uint32_t i = 0; i < img->boot_count; i++)
        sizes.data_blocks += (img->boot_entries[i].e.source->size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    return layout_total_of_sized(img, &sized, &total, NULL) < 0 ? 0 : total;
}
