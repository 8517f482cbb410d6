/* The volume recognition check behind IIsoImageManager::Validate.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VOLUME_RECOGNITION_H
#define VOLUME_RECOGNITION_H

#include "com_private.h"

enum { VOLUME_SECTOR_SIZE = 2048 };

/* S_OK when the image (sectors of 2048 bytes) has, from sector 16, an ECMA-119 volume descriptor set
 * (a primary descriptor, ended by a set terminator) or an ECMA-167 volume recognition sequence
 * (BEA01, NSR02 or NSR03, TEA01); S_FALSE when it has neither; a failure when the stream cannot be
 * read. The stream's seek position is restored. */
HRESULT volume_recognition_check(IStream *image, ULONGLONG sectors);

#endif
