/* Random file and folder names for the property tests' trees (see gen_random_tree.c for what they hold).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PROPERTY_RANDOM_NAMES_H
#define PROPERTY_RANDOM_NAMES_H
#include <stddef.h>
#include <stdint.h>

enum { NAME_MAX_UNITS = 120, NAME_MAX_CPS = NAME_MAX_UNITS };

struct random_name {
    uint32_t cps[NAME_MAX_CPS];
    size_t count;
    char utf8[NAME_MAX_CPS * 4 + 1];
    char key[64 * 4 + 1]; /* upper case of the first 64 UTF-16 units: unique within a folder */
};

/* The names of one folder. */
struct name_set {
    struct random_name *items;
    int count;
};

/* What all folders share: the names used so far (for the same name in another case elsewhere) and the
 * stems of the families whose names collide once mapped to ISO 9660. */
struct name_pool {
    struct random_name *used;
    int used_count;
    struct random_name stems[4];
};

void name_set_init(struct name_set *set);
void name_set_free(struct name_set *set);
void name_pool_init(struct name_pool *pool, uint64_t *rng);
void name_pool_free(struct name_pool *pool);
/* Adds a new name to set, unique there; returns its index. */
int random_name_add(struct name_pool *pool, struct name_set *set, uint64_t *rng);
#endif
