/* Live layouts of an image. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "image.h"
#include "platform.h"
#include "result_watch.h"

struct result_watch {
    long refs; /* the image's and each live layout's */
    long live; /* layouts */
};

static void release(result_watch *watch)
{
    if (platform_atomic_decrement(&watch->refs) == 0)
        free(watch);
}

result_watch *result_watch_layout_made(fsi_image *img)
{
    if (!img->results) {
        if (!(img->results = calloc(1, sizeof(*img->results))))
            return NULL;
        img->results->refs = 1;
    }
    platform_atomic_increment(&img->results->refs);
    platform_atomic_increment(&img->results->live);
    return img->results;
}

void result_watch_layout_gone(result_watch *watch)
{
    if (!watch)
        return;
    platform_atomic_decrement(&watch->live);
    release(watch);
}

void result_watch_image_gone(result_watch *watch)
{
    if (watch)
        release(watch);
}

int fsi_image_has_results(fsi_image *img)
{
    long live;
    if (!img->results)
        return 0;
    /* An atomic read from the two operations the platform has: the count seen, put back at once. */
    live = platform_atomic_increment(&img->results->live) - 1;
    platform_atomic_decrement(&img->results->live);
    return live > 0;
}
