/* How many layouts made from an image are alive, kept apart from the image because a layout (a result,
 * its streams) may outlive it. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_RESULT_WATCH_H
#define FSI_RESULT_WATCH_H
#include "fsi_core.h"

typedef struct result_watch result_watch;

/* The image's watch, made on first need (NULL when out of memory), with one more reference and one
 * more live layout counted; the layout gives both back with result_watch_layout_gone. */
result_watch *result_watch_layout_made(fsi_image *img);
void result_watch_layout_gone(result_watch *watch);
/* The image is destroyed: its reference goes. */
void result_watch_image_gone(result_watch *watch);

#endif
