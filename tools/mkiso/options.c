/* mkiso's command line: -o, -V, -fs, -level, -udf-rev, -boot..., --help and the sources.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "options.h"

#include <stdlib.h>
#include <wchar.h>

const WCHAR usage_text[] =
    L"usage: mkiso [-o out.iso] [-V label] [-fs iso9660,joliet,udf] [-level 1|2|3] [-udf-rev REV]\n"
    L"             [-boot FILE [-platform x86|efi] [-emul none|12|144|288|hd]]... SRC...\n"
    L"Builds an ISO 9660 image of the files and folders SRC through imapi2fs.dll (IMAPI2FS.MsftFileSystemImage).\n"
    L"  -o FILE     output file (default: <label or first source name>.iso)\n"
    L"  -V LABEL    volume label\n"
    L"  -fs LIST    file systems to create, comma-separated: iso9660, joliet, udf (default: the component's)\n"
    L"  -level N    ISO 9660 interchange level (default: the component's)\n"
    L"  -udf-rev R  UDF revision: 1.02, 1.50, 2.00, 2.01, 2.50, 2.60 or 0x102...0x260 (default: the component's)\n"
    L"  -boot FILE  an El Torito boot image (repeatable: the first is the default entry)\n"
    L"  -platform P the last -boot's platform: x86 (default), efi, ppc, mac\n"
    L"  -emul E     the last -boot's emulation: none (default; a floppy-sized image is a floppy), 12, 144, 288, hd\n"
    L"  --help      this text\n"
    L"A folder is added with its name at the image root; a file is added by its name.\n"
    L"On failure mkiso prints one line \"mkiso: what failed: why (0xHRESULT)\" and exits with status 1.\n";

static const struct {
    const WCHAR *name;
    LONG bit;
} file_system_names[] = {{L"iso9660", 1}, {L"joliet", 2}, {L"udf", 4}};

static BOOL parse_file_systems(const WCHAR *list, LONG *mask)
{
    const WCHAR *start = list;

    *mask = 0;
    while (*start) {
        size_t length = wcscspn(start, L",");
        unsigned i;
        for (i = 0; i < ARRAYSIZE(file_system_names); i++)
            if (wcslen(file_system_names[i].name) == length && !_wcsnicmp(start, file_system_names[i].name, length))
                break;
        if (i == ARRAYSIZE(file_system_names))
            return FALSE;
        *mask |= file_system_names[i].bit;
        start += length + (start[length] == ',');
    }
    return *mask != 0;
}

static const struct {
    const WCHAR *name;
    LONG value;
} platform_names[] = {{L"x86", 0}, {L"ppc", 1}, {L"mac", 2}, {L"efi", 0xEF}},
  emulation_names[] = {{L"none", 0}, {L"12", 1}, {L"144", 2}, {L"288", 3}, {L"hd", 4}};

/* -boot FILE starts an entry; -platform and -emul describe the last one. */
static BOOL parse_boot(const WCHAR *arg, const WCHAR *value, struct options *opts, WCHAR *what, size_t what_chars)
{
    struct boot_option *last = opts->boot_count ? &opts->boot[opts->boot_count - 1] : NULL;
    unsigned i;

    if (!wcscmp(arg, L"-boot")) {
        if (opts->boot_count == MAX_BOOT_OPTIONS) {
            swprintf(what, what_chars, L"more than %d -boot options", MAX_BOOT_OPTIONS);
            return FALSE;
        }
        opts->boot[opts->boot_count].path = value;
        opts->boot[opts->boot_count].emulation = -1;
        opts->boot_count++;
        return TRUE;
    }
    if (!last) {
        swprintf(what, what_chars, L"%ls must follow a -boot FILE", arg);
        return FALSE;
    }
    if (!wcscmp(arg, L"-platform")) {
        for (i = 0; i < ARRAYSIZE(platform_names); i++)
            if (!_wcsicmp(value, platform_names[i].name)) {
                last->platform = platform_names[i].value;
                return TRUE;
            }
        swprintf(what, what_chars, L"bad platform '%ls' (x86, efi, ppc, mac)", value);
        return FALSE;
    }
    for (i = 0; i < ARRAYSIZE(emulation_names); i++)
        if (!_wcsicmp(value, emulation_names[i].name)) {
            last->emulation = emulation_names[i].value;
            return TRUE;
        }
    swprintf(what, what_chars, L"bad emulation '%ls' (none, 12, 144, 288, hd)", value);
    return FALSE;
}

/* "2.50" or "0x250" (the form UDFRevision takes). */
static BOOL parse_udf_revision(const WCHAR *text, LONG *revision)
{
    WCHAR *end;
    unsigned long major, minor;

    if (!_wcsnicmp(text, L"0x", 2)) {
        *revision = (LONG)wcstoul(text + 2, &end, 16);
        return text[2] && !*end;
    }
    major = wcstoul(text, &end, 10);
    if (end == text || *end != '.' || !end[1] || !end[2] || end[3])
        return FALSE;
    minor = wcstoul(end + 1, &end, 16);
    *revision = (LONG)(major << 8 | minor);
    return !*end && major < 16;
}

static BOOL parse_level(const WCHAR *text, LONG *level)
{
    WCHAR *end;
    long value = wcstol(text, &end, 10);

    *level = value;
    return *text && !*end;
}

BOOL parse_options(int argc, WCHAR **argv, struct options *opts, WCHAR *what, size_t what_chars)
{
    int i;

    memset(opts, 0, sizeof(*opts));
    opts->sources = HeapAlloc(GetProcessHeap(), 0, argc * sizeof(*opts->sources));
    for (i = 1; i < argc; i++) {
        const WCHAR *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        BOOL boot = !wcscmp(arg, L"-boot") || !wcscmp(arg, L"-platform") || !wcscmp(arg, L"-emul");
        BOOL takes_value = !wcscmp(arg, L"-o") || !wcscmp(arg, L"-V") || !wcscmp(arg, L"-fs") ||
                           !wcscmp(arg, L"-level") || !wcscmp(arg, L"-udf-rev") || boot;

        if (!wcscmp(arg, L"--help") || !wcscmp(arg, L"-h") || !wcscmp(arg, L"/?")) {
            opts->help = TRUE;
            return TRUE;
        }
        if (takes_value && !value) {
            swprintf(what, what_chars, L"option %ls needs a value", arg);
            return FALSE;
        }
        if (boot && !parse_boot(arg, value, opts, what, what_chars))
            return FALSE;
        if (!wcscmp(arg, L"-o"))
            opts->output = value;
        else if (!wcscmp(arg, L"-V"))
            opts->label = value;
        else if (!wcscmp(arg, L"-fs") && !parse_file_systems(value, &opts->file_systems)) {
            swprintf(what, what_chars, L"bad file system list '%ls' (iso9660, joliet, udf)", value);
            return FALSE;
        } else if (!wcscmp(arg, L"-level") && !parse_level(value, &opts->level)) {
            swprintf(what, what_chars, L"bad interchange level '%ls'", value);
            return FALSE;
        } else if (!wcscmp(arg, L"-udf-rev") && !parse_udf_revision(value, &opts->udf_revision)) {
            swprintf(what, what_chars, L"bad UDF revision '%ls' (e.g. 2.50 or 0x250)", value);
            return FALSE;
        } else if (!takes_value && arg[0] == '-' && arg[1]) {
            swprintf(what, what_chars, L"unknown option '%ls'", arg);
            return FALSE;
        } else if (!takes_value) {
            opts->sources[opts->source_count++] = arg;
            continue;
        }
        i++;
    }
    if (!opts->source_count) {
        swprintf(what, what_chars, L"no source given (mkiso --help)");
        return FALSE;
    }
    return TRUE;
}
