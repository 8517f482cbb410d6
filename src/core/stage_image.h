/* Staging as the image applies it: StageFiles, the media the image was made for, the working
 * directory, the image's one stash and one probe, and the step every edit that adds file data takes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A file is decided when it is added (AddFile, each AddTree entry, Data put) and, when staged, copied
 * before the edit commits: a failed copy fails the edit and its staged source, released, gives its
 * stash run back. The stash is made on the first file staged, in the working directory.
 */
#ifndef FSI_STAGE_IMAGE_H
#define FSI_STAGE_IMAGE_H
#include "fsi_core.h"
#include "stage_policy.h"
#include "stash.h"

struct image_staging;
void stage_image_free(fsi_image *img);

/* Whether a file whose source is src must be staged (the probe decides; StageFiles on says yes).
 * path: the file's path on disk for a file source, else NULL (then src is judged as a stream). */
int stage_image_decide(fsi_image *img, fsi_source *src, stage_source_kind kind, const fsi_char *path);

/* Copies src into the image's stash: *out gets the staged source (one reference). Each copied MiB is
 * reported as the file's progress, through report(ctx, copied, total) when report is not NULL. batch
 * (NULL: none) gathers small files into one write (stash.h): the caller flushes it with
 * stage_image_flush before any of them can be read, and frees it with stash_batch_free. */
typedef void (*stage_image_report)(void *ctx, uint64_t copied_blocks, uint64_t total_blocks);
fsi_hresult stage_image_copy(fsi_image *img, fsi_source *src, stage_image_report report, void *ctx,
                             stash_batch *batch, fsi_source **out, fsi_error *err);
fsi_hresult stage_image_flush(fsi_image *img, stash_batch *batch, fsi_error *err);

/* src as it goes into the image: decided as stage_image_decide (a file source by its path, a caller's
 * stream as a stream, any other as memory), then copied when staged (its progress through report when
 * not NULL; *copied tells whether it was); otherwise src itself, retained. */
fsi_hresult stage_image_source(fsi_image *img, fsi_source *src, stage_image_report report, void *ctx, int *copied,
                               fsi_source **out, fsi_error *err);

/* Add of a detached item while StageFiles is on: copies the files below item not staged yet (Data put
 * while it was off), all or none; their sources are replaced only when every copy succeeded. */
fsi_hresult stage_image_item(fsi_image *img, fsi_node *item, fsi_error *err);

#endif
