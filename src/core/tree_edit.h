/* Checks shared by every edit of a directory. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_TREE_EDIT_H
#define FSI_TREE_EDIT_H
#include "fsi_core.h"

/* S_OK when dir is a directory of its image's tree; IMAPI_E_NOT_DIR or IMAPI_E_NOT_IN_FILE_SYSTEM. */
fsi_hresult edit_check_target(const fsi_node *dir, fsi_error *err);

#endif
