/* make_image: builds an ISO image from folders through the core API alone.
 *   make_image -o out.iso [-level 1|2|3] [-sparse] [-fs iso9660,joliet] [-V label] [-contents]
 *              [-boot FILE [-platform x86|ppc|mac|efi] [-emul none|12|144|288|hd] [-id TEXT]]... SRC...
 * Each SRC is added with its folder itself (AddTree with includeBaseDirectory true), or with -contents
 * only what it holds, at the image root (a tree can then use all eight ISO 9660 levels).
 * -sparse skips writing runs of zeros (holes in the output), so that images of sparse multi-gigabyte
 * test files take little disk.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "fsi_core.h"

enum { CHUNK = 1 << 20 };

static int usage(void)
{
    fprintf(stderr, "usage: make_image -o out.iso [-level 1|2|3] [-sparse] [-fs iso9660,joliet] [-V label] "
                    "[-contents] SRC...\n");
    fprintf(stderr, "       boot entries: [-boot FILE [-platform x86|ppc|mac|efi] [-emul none|12|144|288|hd] [-id TEXT]]...\n");
    fprintf(stderr, "       UDF: -fs ...,udf [-udf-rev 0x102|0x150|0x200|0x201|0x250|0x260] [-udf-single-metadata]\n");
    return 2;
}

static int fail(const char *what, const fsi_error *err)
{
    fprintf(stderr, "make_image: %s: 0x%08lX %s\n", what, (unsigned long)(uint32_t)err->code, err->message);
    return 1;
}

static int all_zero(const uint8_t *buf, size_t n)
{
    return n == 0 || (buf[0] == 0 && memcmp(buf, buf + 1, n - 1) == 0);
}

/* Writes n bytes, or leaves a hole of n bytes when sparse and they are all zero. */
static int put_chunk(FILE *out, const uint8_t *buf, size_t n, int sparse)
{
    if (sparse && all_zero(buf, n))
        return fseeko(out, (off_t)n, SEEK_CUR) == 0;
    return fwrite(buf, 1, n, out) == n;
}

static int write_image(fsi_image *img, const char *path, int sparse)
{
    fsi_error err = {0};
    fsi_layout *layout;
    fsi_reader *reader;
    int rc = 0;

    if (fsi_layout_create(img, &layout, &err) < 0)
        return fail("laying out the image", &err);
    if (fsi_reader_create(layout, &reader, &err) < 0) {
        fsi_layout_release(layout);
        return fail("creating a reader", &err);
    }
    FILE *out = fopen(path, "wb");
    uint8_t *buf = malloc(CHUNK);
    uint64_t total = (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    if (!out || !buf) {
        perror(path);
        rc = 1;
    }
    for (uint64_t pos = 0; rc == 0 && pos < total;) {
        size_t n = total - pos < CHUNK ? (size_t)(total - pos) : CHUNK;
        if (fsi_reader_read(reader, pos, buf, n, &err) < 0)
            rc = fail("reading the image", &err);
        else if (!put_chunk(out, buf, n, sparse)) {
            perror(path);
            rc = 1;
        }
        pos += n;
    }
    /* A hole at the end is only a position: the file must still reach its full length. */
    if (rc == 0 && sparse && (fflush(out) != 0 || ftruncate(fileno(out), (off_t)total) != 0)) {
        perror(path);
        rc = 1;
    }
    if (out && fclose(out) != 0 && rc == 0) {
        perror(path);
        rc = 1;
    }
    free(buf);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    return rc;
}

/* -boot FILE [-platform x86|ppc|mac|efi] [-emul none|12|144|288|hd] [-id TEXT], repeatable: the options
 * after a -boot describe its entry. */
typedef struct boot_options {
    fsi_boot_entry entries[FSI_BOOT_ENTRIES_MAX + 1];
    uint32_t count;
} boot_options;

static int lookup(const char *value, const char *const *names, const int *values, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(value, names[i])) {
            *out = values[i];
            return 1;
        }
    return 0;
}

/* 1: argv[*i] was a boot option (consumed with its value), 0: not one, -1: a bad one. */
static int parse_boot_option(int argc, char **argv, int *i, boot_options *boot)
{
    static const char *const platforms[] = {"x86", "ppc", "mac", "efi"};
    static const int platform_ids[] = {FSI_BOOT_PLATFORM_X86, FSI_BOOT_PLATFORM_PPC, FSI_BOOT_PLATFORM_MAC,
                                       FSI_BOOT_PLATFORM_EFI};
    static const char *const emulations[] = {"none", "12", "144", "288", "hd"};
    static const int emulation_ids[] = {0, 1, 2, 3, 4};
    fsi_boot_entry *last = boot->count ? &boot->entries[boot->count - 1] : NULL;
    const char *option = argv[*i], *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    fsi_error err = {0};
    int id;

    if (strcmp(option, "-boot") && strcmp(option, "-platform") && strcmp(option, "-emul") && strcmp(option, "-id"))
        return 0;
    if (!value || (strcmp(option, "-boot") && !last))
        return -1;
    ++*i;
    if (!strcmp(option, "-boot")) {
        fsi_char *path = fsi_utf8_to_utf16(value);
        if (boot->count > FSI_BOOT_ENTRIES_MAX || !path)
            return -1;
        last = &boot->entries[boot->count];
        memset(last, 0, sizeof(*last));
        if (fsi_source_from_path(path, &last->source, &err) < 0) {
            free(path);
            fail(value, &err);
            return -1;
        }
        free(path);
        boot->count++;
        return 1;
    }
    if (!strcmp(option, "-id")) {
        memcpy(last->id, value, strlen(value) < FSI_BOOT_ID_SIZE ? strlen(value) : FSI_BOOT_ID_SIZE);
        return 1;
    }
    if (!strcmp(option, "-platform") && lookup(value, platforms, platform_ids, 4, &id))
        last->platform = (uint8_t)id;
    else if (!strcmp(option, "-emul") && lookup(value, emulations, emulation_ids, 5, &id))
        last->emulation = (uint8_t)id;
    else
        return -1;
    return 1;
}

static void boot_options_free(boot_options *boot)
{
    for (uint32_t i = 0; i < boot->count; i++)
        fsi_source_release(boot->entries[i].source);
}

int main(int argc, char **argv)
{
    const char *output = NULL, *label = NULL;
    long udf_revision = FSI_UDF_DEFAULT_REVISION;
    int udf_redundant = 1;
    int level = 2, rc = 0, include_base = 1, sparse = 0;
    uint32_t file_systems = FSI_FS_ISO9660 | FSI_FS_JOLIET;
    int first_source = argc;
    boot_options boot = {0};
    int boot_result;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (!strcmp(argv[i], "-level") && i + 1 < argc)
            level = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-fs") && i + 1 < argc) {
            if (!fsi_parse_file_systems(argv[++i], &file_systems))
                return usage();
        } else if (!strcmp(argv[i], "-V") && i + 1 < argc)
            label = argv[++i];
        else if (!strcmp(argv[i], "-udf-rev") && i + 1 < argc)
            udf_revision = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-udf-single-metadata"))
            udf_redundant = 0;
        else if (!strcmp(argv[i], "-contents"))
            include_base = 0;
        else if (!strcmp(argv[i], "-sparse"))
            sparse = 1;
        else if ((boot_result = parse_boot_option(argc, argv, &i, &boot)) != 0) {
            if (boot_result < 0) {
                boot_options_free(&boot);
                return usage();
            }
        } else if (argv[i][0] == '-')
            return usage();
        else {
            first_source = i;
            break;
        }
    }
    if (!output || first_source == argc)
        return usage();

    fsi_error err = {0};
    fsi_image *img = fsi_image_create();
    if (!img)
        return 1;
    if (fsi_image_set_file_systems(img, file_systems, &err) < 0 || fsi_image_set_iso_level(img, level, &err) < 0 ||
        fsi_image_set_free_media_blocks(img, 0, &err) < 0)
        rc = fail("setting options", &err);
    if (rc == 0 && fsi_image_set_udf_revision(img, (int32_t)udf_revision, &err) < 0)
        rc = fail("setting the UDF revision", &err);
    fsi_image_set_udf_redundant_metadata(img, udf_redundant);
    if (rc == 0 && label) {
        fsi_char *name = fsi_utf8_to_utf16(label);
        if (!name || fsi_image_set_volume_name(img, name, &err) < 0)
            rc = fail("setting the volume name", &err);
        free(name);
    }
    if (rc == 0 && boot.count && fsi_image_set_boot_entries(img, boot.entries, boot.count, &err) < 0)
        rc = fail("setting the boot entries", &err);
    boot_options_free(&boot);
    for (int i = first_source; rc == 0 && i < argc; i++) {
        fsi_char *path = fsi_utf8_to_utf16(argv[i]);
        if (!path || fsi_dir_add_tree(fsi_image_root(img), path, include_base, &err) < 0)
            rc = fail(argv[i], &err);
        free(path);
    }
    if (rc == 0)
        rc = write_image(img, output, sparse);
    fsi_image_destroy(img);
    return rc;
}
