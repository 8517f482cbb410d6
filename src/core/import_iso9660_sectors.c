/* The set of directory sectors the ISO 9660 / Joliet reader has read: a sector met twice means two
 * directories share it (a loop, a directory with two parents, or overlapping extents), which a hostile
 * disc would use to make the walk endless or exponential. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "import_iso9660.h"

/* Fibonacci hashing spreads the consecutive sector numbers of a directory over the table. */
static size_t slot_of(uint32_t lba, size_t capacity)
{
    return (size_t)(((uint64_t)lba * 0x9E3779B97F4A7C15ull) >> 32) & (capacity - 1);
}

static int insert(uint32_t *slots, size_t capacity, uint32_t lba)
{
    size_t i = slot_of(lba, capacity);
    while (slots[i] != ISO_SECTOR_FREE) {
        if (slots[i] == lba)
            return 0;
        i = (i + 1) & (capacity - 1);
    }
    slots[i] = lba;
    return 1;
}

static int grow(iso_sector_set *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 256;
    uint32_t *slots = malloc(capacity * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < capacity; i++)
        slots[i] = ISO_SECTOR_FREE;
    for (size_t i = 0; i < set->capacity; i++)
        if (set->slots[i] != ISO_SECTOR_FREE)
            insert(slots, capacity, set->slots[i]);
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 0;
}

int iso_sector_set_add(iso_sector_set *set, uint32_t lba)
{
    /* Kept at most half full, so that probes stay short. */
    if ((set->count + 1) * 2 > set->capacity && grow(set) < 0)
        return -1;
    int added = insert(set->slots, set->capacity, lba);
    set->count += (size_t)added;
    return added;
}

void iso_sector_set_free(iso_sector_set *set)
{
    free(set->slots);
    set->slots = NULL;
    set->capacity = set->count = 0;
}
