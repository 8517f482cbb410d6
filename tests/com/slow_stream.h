/* A read-only IStream over bytes the test owns, whose Read sleeps in proportion to the bytes asked for
 * (about 4 MB/s, far below the 8 MB/s a CD-R at 52x needs), counting the Reads it serves.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SLOW_STREAM_H
#define SLOW_STREAM_H

#include <windows.h>
#include <ole2.h>

/* The stream reads data (not copied: the test may change it later) of size bytes; *reads counts every
 * Read that returned bytes. */
IStream *slow_stream(const BYTE *data, ULONG size, LONG *reads);

#endif
