/* mkiso's output and its failure line.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "report.h"

#include <ole2.h>
#include <stdio.h>
#include <wchar.h>

void write_text(DWORD std_handle, const WCHAR *text)
{
    HANDLE handle = GetStdHandle(std_handle);
    DWORD mode, written;
    int size;
    char *utf8;

    if (GetConsoleMode(handle, &mode)) {
        WriteConsoleW(handle, text, (DWORD)wcslen(text), &written, NULL);
        return;
    }
    size = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    utf8 = HeapAlloc(GetProcessHeap(), 0, size);
    if (!utf8)
        return;
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, size, NULL, NULL);
    WriteFile(handle, utf8, size - 1, &written, NULL);
    HeapFree(GetProcessHeap(), 0, utf8);
}

/* The message tables that know hr: the system's, then the component's (IMAPI_E_* codes). */
static BOOL message_for(HRESULT hr, WCHAR *text, DWORD chars)
{
    const DWORD flags = FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK;
    HMODULE component = GetModuleHandleW(L"imapi2fs.dll");

    if (FormatMessageW(flags | FORMAT_MESSAGE_FROM_SYSTEM, NULL, hr, 0, text, chars, NULL))
        return TRUE;
    return component && FormatMessageW(flags | FORMAT_MESSAGE_FROM_HMODULE, component, hr, 0, text, chars, NULL);
}

static void trim(WCHAR *text)
{
    size_t n = wcslen(text);

    while (n && (text[n - 1] == ' ' || text[n - 1] == '\r' || text[n - 1] == '\n'))
        text[--n] = 0;
}

int report_failure(const WCHAR *what, HRESULT hr)
{
    IErrorInfo *info = NULL;
    BSTR description = NULL;
    WCHAR reason[1024] = L"", line[2048];

    if (GetErrorInfo(0, &info) == S_OK && info) {
        if (SUCCEEDED(IErrorInfo_GetDescription(info, &description)) && description)
            wcsncpy(reason, description, ARRAYSIZE(reason) - 1);
        SysFreeString(description);
        IErrorInfo_Release(info);
    }
    if (!reason[0] && !message_for(hr, reason, ARRAYSIZE(reason)))
        wcscpy(reason, L"unknown error");
    trim(reason);
    swprintf(line, ARRAYSIZE(line), L"mkiso: %ls: %ls (0x%08lX)\n", what, reason, (unsigned long)hr);
    write_text(STD_ERROR_HANDLE, line);
    return 1;
}
