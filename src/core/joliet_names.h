/* Joliet identifiers: UCS-2 names of up to 64 code units. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_JOLIET_NAMES_H
#define FSI_JOLIET_NAMES_H

#include "iso_names.h"

enum { JOLIET_MAX_UNITS = 64 };

/* Letter case kept; * / : ; ? \ and control characters become '_'; cut to 64 code units without
 * splitting a surrogate pair. Joliet names carry no ";1" version. */
void joliet_map_name(const fsi_char *name, mapped_name *out);

#endif
