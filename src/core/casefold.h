/* Windows-style case-insensitive name comparison. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_CASEFOLD_H
#define FSI_CASEFOLD_H
#include "fsi_core.h"

fsi_char fsi_upcase(fsi_char c);
/* <0, 0, >0 by upper-cased units; 0 means "the same name" on Windows. */
int fsi_name_compare(const fsi_char *a, const fsi_char *b);
/* The same with a counted (not terminated) first name. */
int fsi_name_compare_n(const fsi_char *a, size_t a_len, const fsi_char *b);

#endif
