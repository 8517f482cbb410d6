/* The image object behind MsftFileSystemImage: options, the tree, and running totals.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_IMAGE_H
#define FSI_IMAGE_H
#include "change_log.h"
#include "fsi_core.h"

struct fsi_image {
    fsi_node *root;
    uint32_t file_systems;
    int32_t iso_level;
    int32_t free_media_blocks; /* 0 = no limit */
    fsi_char *volume_name;     /* NULL = not set: a generated label is used */
    fsi_char generated_label[16]; /* made on first need, so every file system gets the same one */
    /* Running totals of the nodes reachable from root, kept by every edit. */
    int32_t file_count, directory_count;
    uint64_t file_blocks;  /* sum of each file's blocks */
    uint64_t file_extents; /* sum of each file's 4 GiB pieces (ISO 9660 records one extent per piece) */
    /* El Torito boot entries (eltorito_entries.c), checked, each source retained. */
    struct eltorito_entry *boot_entries;
    uint32_t boot_count;
    int32_t udf_revision;       /* UDFRevision (udf_options.c) */
    int udf_redundant_metadata; /* CreateRedundantUdfMetadataFiles */
    struct dir_size_table *dir_sizes; /* what the estimate keeps per directory (dir_sizes.c); NULL until used */
    uint8_t restricted_names;   /* UseRestrictedCharacterSet (name_rules.c) */
    uint8_t strict_names;       /* StrictFileSystemCompliance */
    struct result_watch *results; /* the live layouts made by fsi_layout_create (result_watch.h); NULL until one is */
    change_log changes; /* ChangePoint and the undo log (change_log.c) */
    /* Named streams of the files reachable from root (named_streams.c): how many, their data blocks and
     * the UDF blocks of their stream directories and entries. */
    int32_t stream_count;
    uint64_t stream_data_blocks, stream_udf_blocks;
    fsi_observer observer; /* who hears of added files (observer.c); all NULL: nobody */
    struct image_staging *staging; /* StageFiles, working directory, stash, probe (stage_image.c); NULL until used */
    int32_t session_start_block; /* SessionStartBlock (session_start.c): 0, or where a multisession disc's next session goes */
};

/* Adds (sign = +1) or subtracts (-1) a subtree's files and directories to the totals. */
void image_account(fsi_image *img, const fsi_node *subtree, int sign);
/* Blocks the image cannot exceed, from the totals alone (no walk of the tree). */
uint64_t image_size_upper_bound(const fsi_image *img);
/* After an edit: the blocks the image now needs if that is more than FreeMediaBlocks allows, else 0.
 * The caller then undoes the edit and reports with image_size_error, naming the item it added. */
uint32_t image_blocks_over_limit(fsi_image *img);
/* IMAPI_E_IMAGE_SIZE_LIMIT: "adding <item> would make the image <needed> blocks, but FreeMediaBlocks
 * allows <limit>"; item is already quoted. */
fsi_hresult image_size_error(const fsi_image *img, uint32_t needed, const char *item, fsi_error *err);

#endif
