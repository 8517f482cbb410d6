/* mkiso's command line.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MKISO_OPTIONS_H
#define MKISO_OPTIONS_H

#include <windows.h>

/* One -boot FILE with the -platform and -emul after it. */
struct boot_option {
    const WCHAR *path;
    LONG platform;  /* PlatformId */
    LONG emulation; /* EmulationType */
};
#define MAX_BOOT_OPTIONS 32

struct options {
    const WCHAR *output;   /* NULL: <label or first source name>.iso */
    const WCHAR *label;    /* NULL: the component's default */
    LONG file_systems;     /* FsiFileSystems mask; 0: the component's default */
    LONG level;            /* ISO 9660 interchange level; 0: the component's default */
    LONG udf_revision;     /* UDFRevision (0x102...); 0: the component's default */
    LONG media;            /* IMAPI_MEDIA_PHYSICAL_TYPE for ChooseImageDefaultsForMediaType; -1: none */
    BOOL stage;            /* StageFiles = True before anything is added */
    const WCHAR *workdir;  /* WorkingDirectory; NULL: the component's default */
    BOOL help;
    struct boot_option boot[MAX_BOOT_OPTIONS];
    int boot_count;
    const WCHAR **sources; /* argv's strings, in order */
    int source_count;
};

/* Fills opts from argv. On a bad command line returns FALSE with *what describing it (static text or
 * argv, valid until the next call). */
BOOL parse_options(int argc, WCHAR **argv, struct options *opts, WCHAR *what, size_t what_chars);
/* The --help text. */
extern const WCHAR usage_text[];

#endif
