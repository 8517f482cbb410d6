/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Name rules the oracle holds images to: ECMA-119 identifiers per interchange level, Joliet truncation. */
#ifndef ORACLE_ISO_NAMES_H
#define ORACLE_ISO_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#define JOLIET_MAX_UNITS 64

/* NULL when the recorded identifier is valid for the level (1 or 2), else why it is not. Files must be
 * NAME.EXT;1 (SEPARATOR 1 always present), folders a bare name; only d-characters A-Z 0-9 _. */
const char *iso9660_identifier_problem(const char *identifier, bool is_dir, int level);

/* The identifier as readers that drop versions and empty extensions see it ("A.;1" -> "A"), into key. */
void iso9660_identifier_key(const char *identifier, char *key, size_t key_size);

/* Drops a trailing ";1" from a Joliet file name, as readers do. */
void joliet_strip_version(char *name);

/* Whether joliet is source cut to its first 64 UTF-16 units (63 when the 64th would split a pair). */
bool joliet_is_truncation(const char *joliet, const char *source);

#endif
