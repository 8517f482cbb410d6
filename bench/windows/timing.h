/* Timing and memory figures the Windows benchmark programs print.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H
#include <windows.h>
#include <psapi.h>

static inline double seconds_now(void)
{
    LARGE_INTEGER freq, now;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart / (double)freq.QuadPart;
}

static inline unsigned long long peak_working_set_kib(void)
{
    PROCESS_MEMORY_COUNTERS memory = {0};
    memory.cb = sizeof(memory);
    GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory));
    return (unsigned long long)memory.PeakWorkingSetSize / 1024;
}

#endif
