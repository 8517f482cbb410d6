/* A test's scratch folder on disk, for the trees it builds to add: $TEST_TMPDIR (tests/core/CMakeLists.txt
 * gives each test its own) or /tmp/<the test's name>, emptied when the test starts; at() names paths in it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SCRATCH_H
#define SCRATCH_H
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"

static char base[512];

/* base/relative, from a ring of 8 so that one call can take several. A path that does not fit ends the
 * test: checking a cut path would check another file. */
static inline const char *at(const char *relative)
{
    static char ring[8][700];
    static unsigned next;
    char *out = ring[next++ % 8];
    int written = snprintf(out, sizeof(ring[0]), "%s/%s", base, relative);

    if (written < 0 || (size_t)written >= sizeof(ring[0])) {
        fprintf(stderr, "test path too long: %s/%s\n", base, relative);
        exit(EXIT_FAILURE);
    }
    return out;
}

/* A folder in base, which must not exist yet. */
static inline void make_dir(const char *relative)
{
    CHECK_MSG(mkdir(at(relative), 0755) == 0, "mkdir %s", relative);
}

/* A file in base holding text. */
static inline void make_text_file(const char *relative, const char *text)
{
    FILE *f = fopen(at(relative), "wb");
    CHECK_MSG(f != NULL, "create %s", relative);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Sets base and makes it an empty folder; what an earlier run left is made writable first, as a test may
 * have taken rights away. */
static inline void scratch_create(const char *fallback)
{
    const char *dir = getenv("TEST_TMPDIR");
    char command[1200];

    snprintf(base, sizeof(base), "%s", dir ? dir : fallback);
    snprintf(command, sizeof(command), "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", base, base);
    CHECK(system(command) == 0);
    CHECK(mkdir(base, 0755) == 0);
}

/* Removes base, for a test whose files are too big to leave behind. */
static inline void scratch_remove(void)
{
    char command[600];

    snprintf(command, sizeof(command), "rm -rf '%s'", base);
    CHECK(system(command) == 0);
}
#endif
