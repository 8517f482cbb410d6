/* Checks of a result image's IStream: Stat, reads of odd sizes, Seek, Clone and CopyTo must all give
 * the bytes of one sequential read.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef STREAM_CHECKS_H
#define STREAM_CHECKS_H

#include "testlib.h"

/* Runs every check on result's ImageStream; `image` is the sequential read (size bytes). */
void check_stream_access(IFileSystemImageResult *result, const BYTE *image, ULONGLONG size);

#endif
