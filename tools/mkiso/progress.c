/* mkiso's progress bar.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "progress.h"
#include "report.h"

#include <wchar.h>

#define BAR_WIDTH 30
#define MIB (1024.0 * 1024.0)

void progress_start(struct progress *p, ULONGLONG total_bytes)
{
    DWORD type = GetFileType(GetStdHandle(STD_ERROR_HANDLE));

    p->total = total_bytes;
    p->started = GetTickCount64();
    p->last_drawn = 0;
    p->shown = type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE;
}

void progress_update(struct progress *p, ULONGLONG done)
{
    ULONGLONG now = GetTickCount64();
    double seconds = (now - p->started) / 1000.0, percent = p->total ? 100.0 * done / p->total : 100.0;
    WCHAR bar[BAR_WIDTH + 1], line[128];
    int filled = (int)(percent * BAR_WIDTH / 100.0), i;

    if (!p->shown || (done < p->total && now - p->last_drawn < 100))
        return;
    p->last_drawn = now;
    for (i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? L'#' : L'.';
    bar[BAR_WIDTH] = 0;
    swprintf(line, ARRAYSIZE(line), L"\r[%ls] %3d%%  %8.1f MiB  %7.1f MiB/s", bar, (int)percent, done / MIB,
             seconds > 0 ? done / MIB / seconds : 0.0);
    write_text(STD_ERROR_HANDLE, line);
}

void progress_finish(struct progress *p)
{
    if (p->shown)
        write_text(STD_ERROR_HANDLE, L"\n");
}
