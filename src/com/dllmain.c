/* The module: its handle, its path, and the counts that make DllCanUnloadNow honest.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "com_private.h"

HINSTANCE imapi2fs_module;

static LONG live_objects;
static LONG server_locks;

void module_object_created(void)
{
    InterlockedIncrement(&live_objects);
}

void module_object_destroyed(void)
{
    InterlockedDecrement(&live_objects);
}

void module_lock(BOOL lock)
{
    if (lock)
        InterlockedIncrement(&server_locks);
    else
        InterlockedDecrement(&server_locks);
}

BOOL module_can_unload(void)
{
    return InterlockedCompareExchange(&live_objects, 0, 0) == 0 &&
           InterlockedCompareExchange(&server_locks, 0, 0) == 0;
}

HRESULT module_path(WCHAR **out)
{
    DWORD size = MAX_PATH;

    /* GetModuleFileNameW truncates silently when the buffer is too small, so grow until it fits. */
    for (;;) {
        WCHAR *path = malloc(size * sizeof(WCHAR));
        DWORD len;

        if (!path)
            return E_OUTOFMEMORY;
        len = GetModuleFileNameW(imapi2fs_module, path, size);
        if (len == 0) {
            DWORD error = GetLastError();
            free(path);
            return HRESULT_FROM_WIN32(error);
        }
        if (len < size) {
            *out = path;
            return S_OK;
        }
        free(path);
        if (size >= 32768)
            return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
        size *= 2;
    }
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        imapi2fs_module = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        /* On process exit (reserved != NULL) other DLLs may already be gone: leave the type library. */
        if (!reserved)
            typeinfo_release_all();
        break;
    }
    return TRUE;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return module_can_unload() ? S_OK : S_FALSE;
}
