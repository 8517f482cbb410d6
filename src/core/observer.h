/* Reporting the files edits add to the image's observer. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_OBSERVER_H
#define FSI_OBSERVER_H
#include "fsi_core.h"

/* The one place every edit reports a file it adds: fires the observer for file (a node of dir's image)
 * at copied_blocks of its blocks, when someone listens. The file's image path is dir's path followed
 * by file's path up to the top of its tree, as edit_item_path; dir is NULL for a file already in the
 * tree. Call only where the tree may change during the call (see fsi_observer), and touch nothing of
 * the tree read before it afterwards without checking it again. */
void observer_report(fsi_image *img, const fsi_node *dir, const fsi_node *file, uint64_t copied_blocks);
/* The copy of a file being staged for an edit that has not linked it yet (AddFile): its image path is
 * dir's path followed by relative_path (as given to the edit), its size total_blocks. Same rules as
 * observer_report. */
void observer_report_copy(fsi_image *img, const fsi_node *dir, const fsi_char *relative_path,
                          uint64_t copied_blocks, uint64_t total_blocks);
/* A file added without copying its data: the first report (0) and, unless empty, the last (all). */
void observer_file_added(fsi_image *img, fsi_node *dir, fsi_node *file);
/* Every file of a subtree now in the tree (IFsiDirectoryItem::Add), each as observer_file_added. */
void observer_subtree_added(fsi_image *img, fsi_node *subtree);

#endif
