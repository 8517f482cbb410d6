/* Checks shared by every edit of a directory. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_TREE_EDIT_H
#define FSI_TREE_EDIT_H
#include "fsi_core.h"
#include "message.h"

/* S_OK when dir is a directory of its image's tree; IMAPI_E_NOT_DIR or IMAPI_E_NOT_IN_FILE_SYSTEM. */
fsi_hresult edit_check_target(const fsi_node *dir, fsi_error *err);
/* An item's image path for a message: dir's full path (none when dir is NULL) followed by below's path
 * up to the top of its tree (a detached tree whose top is nameless stands for dir itself); below may
 * be NULL. Falls back to the bare name when out of memory. */
const char *edit_item_path(const fsi_node *dir, const fsi_node *below, message_text *text);

#endif
