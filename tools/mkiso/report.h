/* mkiso's output: text to stderr (console or not), and the one-line failure report.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MKISO_REPORT_H
#define MKISO_REPORT_H

#include <windows.h>

/* Writes wide text to stdout or stderr: WriteConsoleW on a console, UTF-8 otherwise. */
void write_text(DWORD std_handle, const WCHAR *text);
/* Prints "mkiso: WHAT: REASON (0xHRESULT)" to stderr and returns exit status 1. REASON is the thread's
 * IErrorInfo description if the failing call left one, else the system's (or imapi2fs.dll's) message
 * for hr. */
int report_failure(const WCHAR *what, HRESULT hr);

#endif
