/* A progress bar on stderr while the image is written: percent, MiB written, MiB/s, redrawn in place.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MKISO_PROGRESS_H
#define MKISO_PROGRESS_H

#include <windows.h>

struct progress {
    ULONGLONG total, started, last_drawn;
    BOOL shown; /* only on a console or a pipe: a log file gets no carriage-return noise */
};

void progress_start(struct progress *p, ULONGLONG total_bytes);
/* Redraws at most ten times a second, and always when done == total. */
void progress_update(struct progress *p, ULONGLONG done);
/* Ends the bar's line. */
void progress_finish(struct progress *p);

#endif
