/* The version block of the module: what Explorer and installers show and what tools match on.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "contract.h"

static void check_string(const void *block, const WCHAR *key, const WCHAR *expected)
{
    WCHAR path[128];
    WCHAR *value = NULL;
    UINT length = 0;

    wsprintfW(path, L"\\StringFileInfo\\040904B0\\%s", key);
    if (VerQueryValueW(block, path, (void **)&value, &length) && length && !lstrcmpW(value, expected))
        contract_pass();
    else
        contract_fail("version block: %s is \"%s\", expected \"%s\"", contract_utf8(key),
                      contract_utf8(length ? value : NULL), contract_utf8(expected));
}

void check_version(const WCHAR *module_path)
{
    DWORD size = GetFileVersionInfoSizeW(module_path, NULL);
    void *block = size ? malloc(size) : NULL;

    if (!block || !GetFileVersionInfoW(module_path, 0, size, block)) {
        contract_fail("version block: none in %s (error %lu)", contract_utf8(module_path), GetLastError());
        free(block);
        return;
    }
    check_string(block, L"FileDescription", L"openimapi2fs IMAPI2 File System Image Creator");
    check_string(block, L"OriginalFilename", L"imapi2fs.dll");
    free(block);
}
