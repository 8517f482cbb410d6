/* DllCanUnloadNow after a test: S_OK only when nothing of the DLL is still alive (no leaked reference).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "unload_check.h"

#include "testlib.h"

typedef HRESULT(WINAPI *can_unload_fn)(void);

void check_unload_now(const char *when)
{
    HMODULE module = GetModuleHandleW(L"imapi2fs.dll");
    can_unload_fn can_unload = module ? (can_unload_fn)(void (*)(void))GetProcAddress(module, "DllCanUnloadNow") : NULL;
    HRESULT hr;

    if (!ok(can_unload != NULL, "imapi2fs.dll is not loaded or has no DllCanUnloadNow (%s)", when))
        return;
    hr = can_unload();
    ok(hr == S_OK, "DllCanUnloadNow %s: 0x%08lx, expected S_OK (an object leaked)", when, hr);
}
