/* The undo log behind ChangePoint, RollbackToChangePoint and LockInChangePoint.
 *
 * Every edit of a node of the image (attached or detached) appends what it changed, tagged with the
 * change point it leads to; the caller closes each modification with fsi_image_count_change. An entry
 * is a toggle: applying it again swaps the before and after states, so a rollback applies the entries
 * after the point in reverse order, and a rollback that must be refused applies them forward again.
 * Whole subtrees are logged where they are linked or unlinked (AddTree logs one entry per insertion
 * point, not per file), and removed ones are kept alive by their entry until LockInChangePoint or the
 * image's end. Entries hold a reference on every node they name.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_CHANGE_LOG_H
#define FSI_CHANGE_LOG_H
#include "fsi_core.h"

typedef struct change change;

typedef struct change_log {
    change *entries; /* in the order the edits were made */
    size_t count, capacity;
    int32_t point;  /* ChangePoint: modifications counted so far */
    int32_t locked; /* LockInChangePoint: the earliest point a rollback may return to */
} change_log;

/* Room for count more entries, so that recording the edit about to be made cannot fail. */
fsi_hresult change_log_reserve(fsi_image *img, size_t count, fsi_error *err);

/* What an edit just did; each needs reserved room. */
/* node was linked into parent (was_loose: it was a detached item of CreateFileItem/CreateDirectoryItem). */
void change_log_linked(fsi_image *img, fsi_node *parent, fsi_node *node, int was_loose);
/* node was unlinked from parent. */
void change_log_unlinked(fsi_image *img, fsi_node *parent, fsi_node *node);
/* added took the place of replaced (same name) in parent. */
void change_log_replaced(fsi_image *img, fsi_node *parent, fsi_node *added, fsi_node *replaced);
/* A time, the hidden flag or a file's source of node had the value given before the edit. */
void change_log_time(fsi_image *img, fsi_node *node, enum fsi_time_kind which, fsi_time before);
void change_log_hidden(fsi_image *img, fsi_node *node, int before);
void change_log_data(fsi_image *img, fsi_node *node, fsi_source *before); /* takes over before's reference */
/* stream was appended to file's named streams, or taken out of them at index; file's real-time flag had
 * the value before. */
void change_log_stream_added(fsi_image *img, fsi_node *file, fsi_node *stream);
void change_log_stream_removed(fsi_image *img, fsi_node *file, fsi_node *stream, uint32_t index);
void change_log_real_time(fsi_image *img, fsi_node *file, int before);

/* Drops every entry (the image is being destroyed). */
void change_log_free(fsi_image *img);

#endif
