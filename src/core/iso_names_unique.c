/* Unique names within one directory: the "~N" scheme shared by ISO 9660 and Joliet.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iso_names.h"

/* An open-addressing set of names (letter case ignored), holding indices into an array of names. */
typedef struct name_table {
    uint32_t *slots; /* index + 1; 0 is empty */
    size_t mask;
} name_table;

static fsi_char fold(fsi_char c) { return c >= 'a' && c <= 'z' ? (fsi_char)(c - 'a' + 'A') : c; }

static size_t name_hash(const fsi_char *units, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ fold(units[i])) * 16777619u;
    return h;
}

static int same_name(const fsi_char *a, size_t a_len, const fsi_char *b, size_t b_len)
{
    if (a_len != b_len)
        return 0;
    for (size_t i = 0; i < a_len; i++)
        if (fold(a[i]) != fold(b[i]))
            return 0;
    return 1;
}

static int table_init(name_table *t, size_t count)
{
    size_t cap = 16;
    while (cap < 2 * count + 2)
        cap *= 2;
    t->slots = calloc(cap, sizeof(*t->slots));
    t->mask = cap - 1;
    return t->slots != NULL;
}

/* The slot holding the name, or the empty slot where it belongs. */
static uint32_t *table_find(const name_table *t, const mapped_name *all, const fsi_char *units, size_t len)
{
    for (size_t i = name_hash(units, len) & t->mask;; i = (i + 1) & t->mask) {
        uint32_t *slot = &t->slots[i];
        if (*slot == 0)
            return slot;
        const mapped_name *other = &all[*slot - 1];
        if (same_name(other->units, other->len, units, len))
            return slot;
    }
}

/* Writes base, marker, n, ext into out; 0 when the suffix does not fit within the name's limit. */
static int with_suffix(const mapped_name *orig, fsi_char marker, unsigned long n, mapped_name *out)
{
    char digits[24];
    int suffix_len = snprintf(digits, sizeof(digits), "%c%lu", (char)marker, n);
    size_t base_room = orig->max_len - orig->ext_len;
    if ((size_t)suffix_len > base_room)
        return 0;
    size_t keep = orig->len - orig->ext_len;
    if (keep > base_room - (size_t)suffix_len)
        keep = base_room - (size_t)suffix_len;
    if (keep > 0 && orig->units[keep - 1] >= 0xD800 && orig->units[keep - 1] <= 0xDBFF)
        keep--; /* never split a surrogate pair */
    *out = *orig;
    out->renamed = 1;
    out->len = (uint16_t)keep;
    for (int i = 0; i < suffix_len; i++)
        out->units[out->len++] = (fsi_char)digits[i];
    memcpy(out->units + out->len, orig->units + orig->len - orig->ext_len, orig->ext_len * sizeof(fsi_char));
    out->len = (uint16_t)(out->len + orig->ext_len);
    return 1;
}

/* The next N to try for names that collided with the same spelling, so that many alike names cost
 * one probe each instead of a walk from ~1. */
typedef struct stem_counters {
    mapped_name *stems;
    unsigned long *next;
    size_t count;
    name_table table;
} stem_counters;

static unsigned long *stem_counter(stem_counters *s, const mapped_name *name)
{
    uint32_t *slot = table_find(&s->table, s->stems, name->units, name->len);
    if (*slot == 0) {
        s->stems[s->count] = *name;
        s->next[s->count] = 1;
        *slot = (uint32_t)++s->count;
    }
    return &s->next[*slot - 1];
}

/* Gives names[i] a suffixed spelling that is not taken; 0 when none fits. */
static int claim_with_suffix(mapped_name *names, size_t i, fsi_char marker, name_table *taken,
                             stem_counters *stems)
{
    unsigned long *next = stem_counter(stems, &names[i]);
    mapped_name candidate;
    for (unsigned long n = *next;; n++) {
        if (!with_suffix(&names[i], marker, n, &candidate))
            return 0;
        uint32_t *slot = table_find(taken, names, candidate.units, candidate.len);
        if (*slot == 0) {
            names[i] = candidate;
            *slot = (uint32_t)i + 1;
            *next = n + 1;
            return 1;
        }
    }
}

long names_make_unique(mapped_name *names, size_t count, fsi_char marker)
{
    name_table taken;
    stem_counters stems = {0};
    long result = -1;

    if (!table_init(&taken, count))
        return -2;
    stems.stems = malloc(count * sizeof(*stems.stems) + 1);
    stems.next = malloc(count * sizeof(*stems.next) + 1);
    if (!stems.stems || !stems.next || !table_init(&stems.table, count)) {
        result = -2;
        goto done;
    }
    /* Exact names first, so that "README.TXT" is not displaced by a mapped "readme+.txt". */
    for (int pass = 0; pass < 2 && result == -1; pass++) {
        for (size_t i = 0; i < count; i++) {
            if (names[i].exact != (pass == 0))
                continue;
            uint32_t *slot = table_find(&taken, names, names[i].units, names[i].len);
            if (*slot == 0) {
                *slot = (uint32_t)i + 1;
                continue;
            }
            if (pass == 0) {
                names[i].exact = 0; /* equal but for case: it takes a suffix in the second pass */
                continue;
            }
            if (!claim_with_suffix(names, i, marker, &taken, &stems)) {
                result = (long)i;
                break;
            }
        }
    }
done:
    free(taken.slots);
    free(stems.stems);
    free(stems.next);
    free(stems.table.slots);
    return result;
}
