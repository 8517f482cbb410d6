/* The largest file ISO 9660 and Joliet take at interchange levels 1 and 2.
 *
 * ECMA-119 §10.1 and §10.2 allow one file section per file at these levels, and a section's 32-bit
 * length could hold 4 GiB - 1 bytes; the original stops at exactly 2 GiB (2,147,483,648 bytes; one byte
 * more gives IMAPI_E_DATA_TOO_BIG), and so do we, so that a program that works with one works with the
 * other. Level 3 (§10.3) stores a file of any size as several sections; UDF alone has no such limit.
 *
 * Every way a file enters the tree checks its subtree (AddFile, AddTree, and whatever comes later:
 * Add of a detached item, imports, rollbacks), and every option change that tightens the limit checks
 * the whole tree, so the writers never meet a file too big for the level.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_SIZE_LIMITS_H
#define FSI_SIZE_LIMITS_H
#include "fsi_core.h"

#define SIZE_LIMIT_LEVELS_1_2 ((uint64_t)1 << 31)
#define SIZE_LIMIT_NONE UINT64_MAX

/* The largest file these options let the image hold. */
uint64_t size_limit_for(uint32_t file_systems, int32_t iso_level);

/* S_OK when every file at or below item (detached, about to become a child of dir, a directory of
 * img's tree) fits img's limit; else IMAPI_E_DATA_TOO_BIG naming the first file too big and the limit. */
fsi_hresult size_limits_check_item(const fsi_image *img, const fsi_node *dir, const fsi_node *item,
                                   fsi_error *err);

/* Before img's options become file_systems and iso_level: S_OK when the tree already fits the limit
 * they set, else IMAPI_E_DATA_TOO_BIG naming the option, the first file too big and the limit. */
fsi_hresult size_limits_check_options(const fsi_image *img, uint32_t file_systems, int32_t iso_level,
                                      fsi_error *err);

#endif
