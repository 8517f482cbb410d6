/* Upper and lower case of the letters the random names use (ASCII, Latin-1, the Latin Extended-A
 * letters of our pools, Greek, Cyrillic), as Windows' simple case mapping has them.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PROPERTY_LETTER_CASE_H
#define PROPERTY_LETTER_CASE_H
#include <stdint.h>

uint32_t letter_upper(uint32_t c);
uint32_t letter_lower(uint32_t c);
#endif
