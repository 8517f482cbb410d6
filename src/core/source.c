/* Reference counting shared by every kind of source. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fsi_core.h"
#include "platform.h"

void fsi_source_init(fsi_source *src, const fsi_source_ops *ops, uint64_t size)
{
    src->ops = ops;
    src->refs = 1;
    src->size = size;
    src->stream = 0;
}

fsi_source *fsi_source_retain(fsi_source *src)
{
    platform_atomic_increment(&src->refs);
    return src;
}

void fsi_source_release(fsi_source *src)
{
    if (src && platform_atomic_decrement(&src->refs) == 0)
        src->ops->destroy(src);
}
