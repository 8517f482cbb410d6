/* make_seeds DIR: the fuzzers' starting inputs, images of our own writer (tests/core/sample_image.h) in
 * DIR/identify, DIR/iso9660 and DIR/udf: ISO 9660 alone, with Joliet, UDF alone and the bridge in each
 * UDF revision. A few files each, so the ISO 9660 ones are tens of KiB; a UDF one cannot be smaller
 * than its anchor at sector 256 (512 KiB and a little).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sample_image.h"

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 1;
    perror(path);
    return 0;
}

static int write_file(const char *dir, const char *target, const char *name, const uint8_t *bytes, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(bytes, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        perror(path);
    return ok;
}

/* Writes the image to every target that reads what it holds. The ISO 9660 reader gets the UDF images of
 * two revisions only (a UDF-only one still has the ISO 9660 part with its readme): the big seeds slow
 * the fuzzing, and their ISO 9660 part does not change with the revision. */
static int seed(const char *dir, const char *name, uint32_t file_systems, int32_t revision)
{
    size_t size = 0;
    uint8_t *bytes = sample_image(file_systems, revision, &size);
    int ok = bytes != NULL && write_file(dir, "identify", name, bytes, size);
    if (ok && (!(file_systems & FSI_FS_UDF) || revision == 0x102 || revision == 0x260))
        ok = write_file(dir, "iso9660", name, bytes, size);
    if (ok && (file_systems & FSI_FS_UDF))
        ok = write_file(dir, "udf", name, bytes, size);
    free(bytes);
    return ok;
}

int main(int argc, char **argv)
{
    char path[1024];
    static const char *const targets[] = {"identify", "iso9660", "udf"};

    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds DIR\n");
        return 2;
    }
    if (!make_dir(argv[1]))
        return 1;
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", argv[1], targets[i]);
        if (!make_dir(path))
            return 1;
    }
    int ok = seed(argv[1], "iso9660.iso", FSI_FS_ISO9660, FSI_UDF_DEFAULT_REVISION) &&
             seed(argv[1], "iso9660-joliet.iso", FSI_FS_ISO9660 | FSI_FS_JOLIET, FSI_UDF_DEFAULT_REVISION);
    for (int r = 0; ok && r < FSI_UDF_REVISION_COUNT; r++) {
        char name[64];
        snprintf(name, sizeof name, "udf-%03x.iso", (unsigned)fsi_udf_revisions[r]);
        ok = seed(argv[1], name, FSI_FS_UDF, fsi_udf_revisions[r]);
        snprintf(name, sizeof name, "bridge-%03x.iso", (unsigned)fsi_udf_revisions[r]);
        ok = ok && seed(argv[1], name, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, fsi_udf_revisions[r]);
    }
    return ok ? 0 : 1;
}
