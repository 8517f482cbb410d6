/* contract_test <imapi2fs.dll | imapi2fs.tlb | resource dll>: checks the COM contract. A .tlb has no
 * message table and no version block, so only the header and type library are checked then.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <wchar.h>

#include "contract.h"

static BOOL is_type_library_file(const WCHAR *path)
{
    size_t length = wcslen(path);

    return length >= 4 && !lstrcmpiW(path + length - 4, L".tlb");
}

int wmain(int argc, WCHAR **argv)
{
    if (argc != 2) {
        contract_fail("usage: contract_test <path of imapi2fs.dll or imapi2fs.tlb>");
        return contract_summary();
    }
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    check_header();
    check_type_library(argv[1]);
    if (!is_type_library_file(argv[1])) {
        check_messages(argv[1]);
        check_version(argv[1]);
    }
    CoUninitialize();
    return contract_summary();
}
