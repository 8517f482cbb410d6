/* The message table: FormatMessage finds a text for every code of imapi2fserror.h in the module, and
 * none for a code that is not ours (so the table is not a catch-all).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "contract.h"

static DWORD module_message(HMODULE module, HRESULT code, WCHAR *text, DWORD size)
{
    return FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, module, (DWORD)code,
                          0, text, size, NULL);
}

void check_messages(const WCHAR *module_path)
{
    static const HRESULT unused_code = (HRESULT)0xC0AAB107;
    HMODULE module = LoadLibraryExW(module_path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    WCHAR text[1024];

    if (!module) {
        contract_fail("LoadLibraryEx(%s) failed: error %lu", contract_utf8(module_path), GetLastError());
        return;
    }
    for (size_t i = 0; i < contract_code_count; i++) {
        const struct contract_code *code = &contract_code_list[i];
        DWORD length = module_message(module, code->value, text, ARRAYSIZE(text));

        if (length > 0 && text[0] > L' ')
            contract_pass();
        else
            contract_fail("message %s (0x%08lX): no text in the module (FormatMessage error %lu)", code->name,
                          (unsigned long)code->value, length ? 0 : GetLastError());
    }
    if (!module_message(module, unused_code, text, ARRAYSIZE(text)))
        contract_pass();
    else
        contract_fail("message 0x%08lX is no IMAPI2FS code, yet the module has the text \"%s\"",
                      (unsigned long)unused_code, contract_utf8(text));
    FreeLibrary(module);
}
