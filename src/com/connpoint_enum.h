/* The sinks' enumerator, shared by connpoint.c and connpoint_enum.c.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef CONNPOINT_ENUM_H
#define CONNPOINT_ENUM_H

#include "com_private.h"

/* IEnumConnections over a copy of items (each pUnk AddRef'ed). */
HRESULT enum_connections_create(const CONNECTDATA *items, ULONG count, IEnumConnections **out);

#endif
