/* mkiso's command line: -o, -V/-volume, -fs, -level, -udf-rev, -media, -boot..., -stage, -workdir, --help
 * and the sources.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "options.h"

#include <stdlib.h>
#include <wchar.h>

const WCHAR usage_text[] =
    L"usage: mkiso [-o out.iso] [-volume NAME] [-media TYPE] [-fs iso9660,joliet,udf] [-level 1|2|3]\n"
    L"             [-udf-rev REV] [-stage] [-workdir DIR]\n"
    L"             [-boot FILE [-platform x86|efi|ppc|mac] [-emul none|floppy12|floppy144|floppy288|hdd]]...\n"
    L"             SRC...\n"
    L"Builds an image of the files and folders SRC through imapi2fs.dll (IMAPI2FS.MsftFileSystemImage).\n"
    L"  -o FILE        output file (default: <volume name or first source name>.iso)\n"
    L"  -volume NAME   volume name (VolumeName); -V NAME is the same\n"
    L"  -media TYPE    pick file systems, UDF revision and capacity for a kind of disc\n"
    L"                 (ChooseImageDefaultsForMediaType), by name or IMAPI_MEDIA_PHYSICAL_TYPE number:\n"
    L"                 unknown (0), cdrom (1), cdr (2), cdrw (3), dvdrom (4), dvdram (5), dvdplusr (6),\n"
    L"                 dvdplusrw (7), dvdplusr_dl (8), dvddashr (9), dvddashrw (10), dvddashr_dl (11),\n"
    L"                 disk (12), dvdplusrw_dl (13), hddvdrom (14), hddvdr (15), hddvdram (16), bdrom (17),\n"
    L"                 bdr (18), bdre (19); -fs and -udf-rev given as well override its choices\n"
    L"  -fs LIST       file systems to create, comma-separated: iso9660, joliet, udf (FileSystemsToCreate;\n"
    L"                 default: the component's, ISO 9660 + Joliet)\n"
    L"  -level N       ISO 9660 interchange level 1, 2 or 3 (ISO9660InterchangeLevel; default: the component's)\n"
    L"  -udf-rev R     UDF revision: 1.02, 1.50, 2.00, 2.01, 2.50, 2.60 or 0x102...0x260 (UDFRevision)\n"
    L"  -stage         copy every file to a stage file when it is added (StageFiles = True), so the sources\n"
    L"                 may change while the image is written\n"
    L"  -workdir DIR   folder for stage files (WorkingDirectory; default: the temporary folder)\n"
    L"  -boot FILE     an El Torito boot image (repeatable: the first is the default entry)\n"
    L"  -platform P    the last -boot's platform: x86 (default), efi, ppc, mac\n"
    L"  -emul E        the last -boot's emulation: none (the default, but an image of exactly a floppy's size\n"
    L"                 is that floppy), floppy12, floppy144, floppy288, hdd (also 12, 144, 288, hd)\n"
    L"  --help         this text (also -h, /?)\n"
    L"A folder is added with its name at the image root; a file is added by its name.\n"
    L"While files are added mkiso shows the component's progress events (\"adding N files...\"), then a\n"
    L"progress bar while the image is written (on a console or a pipe).\n"
    L"On failure mkiso prints one line \"mkiso: what failed: why (0xHRESULT)\", leaves no output file and\n"
    L"exits with status 1.\n";

struct name_value {
    const WCHAR *name;
    LONG value;
};

static BOOL lookup(const struct name_value *table, size_t count, const WCHAR *name, size_t length, LONG *value)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (wcslen(table[i].name) == length && !_wcsnicmp(name, table[i].name, length)) {
            *value = table[i].value;
            return TRUE;
        }
    return FALSE;
}

static const struct name_value file_system_names[] = {{L"iso9660", 1}, {L"joliet", 2}, {L"udf", 4}};

static BOOL parse_file_systems(const WCHAR *list, LONG *mask)
{
    const WCHAR *start = list;
    LONG bit;

    *mask = 0;
    while (*start) {
        size_t length = wcscspn(start, L",");
        if (!lookup(file_system_names, ARRAYSIZE(file_system_names), start, length, &bit))
            return FALSE;
        *mask |= bit;
        start += length + (start[length] == ',');
    }
    return *mask != 0;
}

/* The suffixes of IMAPI_MEDIA_PHYSICAL_TYPE's names, with "_dl" for "_DUALLAYER". */
static const struct name_value media_names[] = {
    {L"unknown", 0},      {L"cdrom", 1},     {L"cdr", 2},          {L"cdrw", 3},        {L"dvdrom", 4},
    {L"dvdram", 5},       {L"dvdplusr", 6},  {L"dvdplusrw", 7},    {L"dvdplusr_dl", 8}, {L"dvddashr", 9},
    {L"dvddashrw", 10},   {L"dvddashr_dl", 11}, {L"disk", 12},     {L"dvdplusrw_dl", 13}, {L"hddvdrom", 14},
    {L"hddvdr", 15},      {L"hddvdram", 16}, {L"bdrom", 17},       {L"bdr", 18},        {L"bdre", 19},
};

/* A name ("dvdplusr_dl", also spelt as the enum: "IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER") or any decimal
 * number: a number is the component's to judge, so one it refuses fails with its own message. */
static BOOL parse_media(const WCHAR *text, LONG *media)
{
    static const WCHAR prefix[] = L"IMAPI_MEDIA_TYPE_", dual[] = L"_duallayer";
    WCHAR name[32], *end;
    size_t length;
    long value;

    value = wcstol(text, &end, 10);
    if (*text && !*end) {
        *media = value;
        return TRUE;
    }
    if (!_wcsnicmp(text, prefix, wcslen(prefix)))
        text += wcslen(prefix);
    length = wcslen(text);
    if (length >= ARRAYSIZE(name))
        return FALSE;
    wcscpy(name, text);
    if (length > wcslen(dual) && !_wcsicmp(name + length - wcslen(dual), dual))
        wcscpy(name + length - wcslen(dual), L"_dl");
    return lookup(media_names, ARRAYSIZE(media_names), name, wcslen(name), media);
}

static const struct name_value platform_names[] = {{L"x86", 0}, {L"ppc", 1}, {L"mac", 2}, {L"efi", 0xEF}};
static const struct name_value emulation_names[] = {
    {L"none", 0}, {L"floppy12", 1}, {L"floppy144", 2}, {L"floppy288", 3}, {L"hdd", 4},
    {L"12", 1},   {L"144", 2},      {L"288", 3},       {L"hd", 4},
};

/* -boot FILE starts an entry; -platform and -emul describe the last one. */
static BOOL parse_boot(const WCHAR *arg, const WCHAR *value, struct options *opts, WCHAR *what, size_t what_chars)
{
    struct boot_option *last = opts->boot_count ? &opts->boot[opts->boot_count - 1] : NULL;

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
        if (lookup(platform_names, ARRAYSIZE(platform_names), value, wcslen(value), &last->platform))
            return TRUE;
        swprintf(what, what_chars, L"bad platform '%ls' (x86, efi, ppc, mac)", value);
        return FALSE;
    }
    if (lookup(emulation_names, ARRAYSIZE(emulation_names), value, wcslen(value), &last->emulation))
        return TRUE;
    swprintf(what, what_chars, L"bad emulation '%ls' (none, floppy12, floppy144, floppy288, hdd)", value);
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

static BOOL is(const WCHAR *arg, const WCHAR *name)
{
    return !wcscmp(arg, name);
}

/* One option that takes a value; FALSE with *what set when the value is bad. */
static BOOL parse_valued(const WCHAR *arg, const WCHAR *value, struct options *opts, WCHAR *what, size_t what_chars)
{
    if (is(arg, L"-boot") || is(arg, L"-platform") || is(arg, L"-emul"))
        return parse_boot(arg, value, opts, what, what_chars);
    if (is(arg, L"-o")) {
        opts->output = value;
        return TRUE;
    }
    if (is(arg, L"-V") || is(arg, L"-volume")) {
        opts->label = value;
        return TRUE;
    }
    if (is(arg, L"-workdir")) {
        opts->workdir = value;
        return TRUE;
    }
    if (is(arg, L"-fs") && !parse_file_systems(value, &opts->file_systems))
        swprintf(what, what_chars, L"bad file system list '%ls' (iso9660, joliet, udf)", value);
    else if (is(arg, L"-level") && !parse_level(value, &opts->level))
        swprintf(what, what_chars, L"bad interchange level '%ls' (1, 2 or 3)", value);
    else if (is(arg, L"-udf-rev") && !parse_udf_revision(value, &opts->udf_revision))
        swprintf(what, what_chars, L"bad UDF revision '%ls' (e.g. 2.50 or 0x250)", value);
    else if (is(arg, L"-media") && !parse_media(value, &opts->media))
        swprintf(what, what_chars, L"bad media type '%ls' (cdr, dvdplusr, dvdplusr_dl, bdr, ... or 0 to 19; "
                                   L"mkiso --help lists them)", value);
    else
        return TRUE;
    return FALSE;
}

static const WCHAR *const valued_options[] = {L"-o",     L"-V",       L"-volume", L"-fs",   L"-level",
                                              L"-udf-rev", L"-media", L"-workdir", L"-boot", L"-platform",
                                              L"-emul"};

static BOOL takes_value(const WCHAR *arg)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(valued_options); i++)
        if (is(arg, valued_options[i]))
            return TRUE;
    return FALSE;
}

BOOL parse_options(int argc, WCHAR **argv, struct options *opts, WCHAR *what, size_t what_chars)
{
    int i;

    memset(opts, 0, sizeof(*opts));
    opts->media = -1;
    opts->sources = HeapAlloc(GetProcessHeap(), 0, argc * sizeof(*opts->sources));
    for (i = 1; i < argc; i++) {
        const WCHAR *arg = argv[i];

        if (is(arg, L"--help") || is(arg, L"-h") || is(arg, L"/?")) {
            opts->help = TRUE;
            return TRUE;
        }
        if (takes_value(arg)) {
            if (i + 1 == argc) {
                swprintf(what, what_chars, L"option %ls needs a value", arg);
                return FALSE;
            }
            if (!parse_valued(arg, argv[++i], opts, what, what_chars))
                return FALSE;
        } else if (is(arg, L"-stage")) {
            opts->stage = TRUE;
        } else if (arg[0] == '-' && arg[1]) {
            swprintf(what, what_chars, L"unknown option '%ls'", arg);
            return FALSE;
        } else {
            opts->sources[opts->source_count++] = arg;
        }
    }
    if (!opts->source_count) {
        swprintf(what, what_chars, L"no source given (mkiso --help)");
        return FALSE;
    }
    return TRUE;
}
