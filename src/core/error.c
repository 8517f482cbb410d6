/* Failure reporting: an HRESULT plus a message that names the bad value.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <stdio.h>

#include "fsi_core.h"

fsi_hresult fsi_fail(fsi_error *err, fsi_hresult code, const char *fmt, ...)
{
    if (err) {
        va_list args;
        err->code = code;
        va_start(args, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, args);
        va_end(args);
    }
    return code;
}
