/* Small helpers shared by the COM client tests: ok() checks with a final tally, BSTRs that free
 * themselves, paths, file and stream I/O, error-info checks and a listing of an image's tree.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <windows.h>
#include <ole2.h>
#include <stdarg.h>
#include <stdio.h>

#include "imapi2fs.h"
#include "imapi2fserror.h"

#define ok(cond, ...) test_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Prints the failure (file:line and message) and counts it; returns cond. */
int test_check(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(__MINGW_PRINTF_FORMAT, 4, 5)));
/* Prints "N passed, M failed"; returns the process exit status (0 only without failures). */
int test_summary(void);

/* A BSTR that lives until 64 more have been made: enough for one call's arguments. */
BSTR tbstr(const WCHAR *s);
/* A UTF-8 rendering of a wide string for messages (same lifetime rule as tbstr). */
const char *u8(const WCHAR *s);

/* A command-line path ("Z:/a/b") in Windows form ("Z:\a\b"); heap, never freed (tests are short). */
WCHAR *win_path(const WCHAR *arg);
/* dir + "\" + name, heap. */
WCHAR *path_join(const WCHAR *dir, const WCHAR *name);
/* Last component of a path (a pointer into it). */
const WCHAR *path_leaf(const WCHAR *path);

/* Files, directories and bytes below a source folder, counted with the Win32 API. */
struct tree_stats {
    LONG files;
    LONG directories;
    ULONGLONG bytes;
};
void tree_stats_of(const WCHAR *dir, struct tree_stats *stats);

BOOL write_file(const WCHAR *path, const void *data, DWORD size);
/* Whole file into a heap buffer (HeapFree it); NULL on failure. */
BYTE *read_file(const WCHAR *path, DWORD *size);
/* Creates every missing folder of a path. */
void make_dirs(const WCHAR *path);
/* A command-line folder argument in Windows form (win_path), made if missing. */
WCHAR *win_folder(const WCHAR *arg);
/* Creates every missing folder above a file's path. */
void make_parent_dirs(const WCHAR *file_path);

/* Reads a stream from its current position to its end with `chunk`-byte Reads, into a heap buffer. */
BYTE *read_stream(IStream *stream, ULONG chunk, ULONGLONG *size);
/* A memory IStream holding a copy of the bytes. */
IStream *memory_stream(const void *data, SIZE_T size);

/* Clears the thread's error info before a call whose failure is checked with error_info_names(). */
void error_info_clear(void);
/* The thread's IErrorInfo description (caller frees; NULL if none), taking it. */
BSTR error_info_take(void);
/* ok()s that the object supports error info for iid and that GetErrorInfo gives a description that
 * contains one of the wide-string needles (case-insensitive). */
#define check_error_info(object, iid, what, ...) \
    check_error_info_((IUnknown *)(object), iid, what, __VA_ARGS__, (const WCHAR *)NULL)
void check_error_info_(IUnknown *object, REFIID iid, const char *what, ...);
void check_error_infov(IUnknown *object, REFIID iid, const char *what, va_list needles);

/* Every item below dir as "path|D" or "path|F:size" lines in enumeration order (caller frees). */
WCHAR *tree_listing(IFsiDirectoryItem *dir);

/* The image's counters, for before/after comparisons. */
struct image_counts {
    LONG files;
    LONG directories;
    LONG used_blocks;
};
void image_counts_of(IFileSystemImage *image, struct image_counts *counts);

/* A new MsftFileSystemImage. A test that cannot make one ends here with its summary: nothing after
 * could run. */
IFileSystemImage *create_image(void);
/* The image's root folder (a reference); ends the test likewise when there is none. */
IFsiDirectoryItem *image_root(IFileSystemImage *image);
/* CreateResultImage and the whole of its ImageStream, written to path: the bytes (HeapFree them) and
 * their count, or NULL once a step's ok() failed. */
BYTE *write_result_image(IFileSystemImage *image, const WCHAR *path, ULONGLONG *size);

#endif
