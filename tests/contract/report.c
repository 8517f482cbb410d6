/* Counting and printing check results.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <stdio.h>

#include "contract.h"

static unsigned passed;
static unsigned failed;

void contract_pass(void)
{
    passed++;
}

void contract_fail(const char *format, ...)
{
    va_list args;

    failed++;
    fputs("FAIL: ", stdout);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fputc('\n', stdout);
}

int contract_summary(void)
{
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed || !passed ? 1 : 0;
}

const char *contract_utf8(const WCHAR *text)
{
    static char buffers[4][512];
    static unsigned next;
    char *buffer = buffers[next++ % ARRAYSIZE(buffers)];

    if (!text)
        return "(null)";
    if (!WideCharToMultiByte(CP_UTF8, 0, text, -1, buffer, sizeof(buffers[0]), NULL, NULL))
        return "(unprintable)";
    return buffer;
}
