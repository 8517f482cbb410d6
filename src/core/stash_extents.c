/* First fit over a sorted list of free runs. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "stash_extents.h"

void stash_extents_init(stash_extents *e)
{
    memset(e, 0, sizeof(*e));
}

void stash_extents_clear(stash_extents *e)
{
    free(e->free);
    stash_extents_init(e);
}

/* Each free run is followed by a run in use (none touches end), so there are at most used of them;
 * a run given back may be one more for a moment, before it joins end. Room for the run about to be
 * taken and that moment: used + 2. */
int stash_extents_reserve(stash_extents *e)
{
    size_t need = e->used + 2, capacity;
    stash_extent *grown;
    if (e->capacity >= need)
        return 0;
    capacity = e->capacity ? e->capacity * 2 : 16;
    if (capacity < need)
        capacity = need;
    if (!(grown = realloc(e->free, capacity * sizeof(*grown))))
        return -1;
    e->free = grown;
    e->capacity = capacity;
    return 0;
}

uint64_t stash_extents_take(stash_extents *e, uint64_t count)
{
    uint64_t first;
    e->used++;
    for (size_t i = 0; i < e->free_count; i++) {
        stash_extent *run = &e->free[i];
        if (run->count < count)
            continue;
        first = run->first;
        run->first += count;
        run->count -= count;
        if (!run->count) {
            memmove(run, run + 1, (e->free_count - i - 1) * sizeof(*run));
            e->free_count--;
        }
        return first;
    }
    first = e->end;
    e->end += count;
    return first;
}

void stash_extents_give_back(stash_extents *e, uint64_t first, uint64_t count)
{
    size_t i = 0;
    e->used--;
    while (i < e->free_count && e->free[i].first < first)
        i++;
    /* Joined to the run before it, the run after it, or both; else a run of its own. */
    if (i > 0 && e->free[i - 1].first + e->free[i - 1].count == first) {
        e->free[i - 1].count += count;
        if (i < e->free_count && first + count == e->free[i].first) {
            e->free[i - 1].count += e->free[i].count;
            memmove(&e->free[i], &e->free[i + 1], (e->free_count - i - 1) * sizeof(*e->free));
            e->free_count--;
        }
    } else if (i < e->free_count && first + count == e->free[i].first) {
        e->free[i].first = first;
        e->free[i].count += count;
    } else {
        memmove(&e->free[i + 1], &e->free[i], (e->free_count - i) * sizeof(*e->free));
        e->free[i].first = first;
        e->free[i].count = count;
        e->free_count++;
    }
    if (e->free_count) {
        stash_extent *last = &e->free[e->free_count - 1];
        if (last->first + last->count == e->end) {
            e->end = last->first;
            e->free_count--;
        }
    }
}
