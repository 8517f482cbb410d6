/* Which blocks of a stash are in use, which are free for the next staged file.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_STASH_EXTENTS_H
#define FSI_STASH_EXTENTS_H
#include "fsi_core.h"

/* A run of 2048-byte blocks of the stash. */
typedef struct stash_extent {
    uint64_t first, count;
} stash_extent;

/* The free runs below end, sorted, none touching another or end (a run freed at the end moves end
 * back instead), so that a stash never holds more than it uses plus the gaps between its files. */
typedef struct stash_extents {
    stash_extent *free;
    size_t free_count, capacity;
    size_t used; /* runs handed out and not yet given back */
    uint64_t end; /* blocks: the first past every run in use */
} stash_extents;

void stash_extents_init(stash_extents *e);
void stash_extents_clear(stash_extents *e); /* frees the list */
/* Room in the list for every gap the runs in use and one more can leave, so that giving back never
 * needs memory (it runs in a source's destroy, which cannot fail). 0, or -1 on out of memory. */
int stash_extents_reserve(stash_extents *e);
/* count (> 0) blocks: the first free run that holds them, else at end (which then moves past them).
 * Call stash_extents_reserve first. */
uint64_t stash_extents_take(stash_extents *e, uint64_t count);
/* A run taken before, free again. */
void stash_extents_give_back(stash_extents *e, uint64_t first, uint64_t count);

#endif
