/* HRESULT values the core returns: the IMAPI_E_* codes (imapi2fserror.h) plus the few winerror.h
 * values it needs, which it cannot include (no windows.h in the core). Core-internal.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_HRESULT_H
#define FSI_HRESULT_H
#include "fsi_core.h"
#include "imapi2fserror.h"

#define FSI_HR(value) ((fsi_hresult)(int32_t)(uint32_t)(value))

#define FSI_S_OK FSI_HR(0)
#define FSI_E_OUTOFMEMORY FSI_HR(0x8007000E)
#define FSI_E_INVALIDARG FSI_HR(0x80070057)

/* HRESULT_FROM_WIN32 of the Windows errors the platform layers report. */
#define FSI_HRESULT_FROM_WIN32(code) \
    ((code) == 0 ? FSI_S_OK : FSI_HR(0x80070000u | ((uint32_t)(code) & 0xFFFFu)))
enum {
    FSI_WIN32_FILE_NOT_FOUND = 2,
    FSI_WIN32_PATH_NOT_FOUND = 3,
};

#endif
