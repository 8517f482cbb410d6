/* mkiso's sink for DFileSystemImageEvents: progress while files are added to the image.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MKISO_EVENTS_H
#define MKISO_EVENTS_H

#include <windows.h>

#include "imapi2fs.h"

struct add_events;

/* Advises a sink on the image's DFileSystemImageEvents connection point; each Update redraws
 * "adding file N, X MiB: current file" on stderr (console or pipe only, like the bar). */
HRESULT add_events_start(IFileSystemImage *image, struct add_events **out);
/* Ends the progress line so that a failure report starts on a line of its own (events may be NULL). */
void add_events_interrupt(struct add_events *events);
/* Unadvises, ends the line with the totals seen ("added N files (X MiB)", unless interrupted) and frees
 * the sink (events may be NULL). */
void add_events_stop(struct add_events *events);

#endif
