/* SplitMix64: a small PRNG whose output depends only on the seed (the same trees on every machine).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PROPERTY_SPLITMIX_H
#define PROPERTY_SPLITMIX_H
#include <stdint.h>

static inline uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (n > 0); the tiny modulo bias does not matter for test data */
static inline uint64_t rng_below(uint64_t *state, uint64_t n)
{
    return rng_next(state) % n;
}
#endif
