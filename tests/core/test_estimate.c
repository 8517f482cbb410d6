/* fsi_estimate_blocks keeps sizes per directory between calls: after every kind of edit (files and
 * folders added and removed, AddTree merges, a merge undone by FreeMediaBlocks, options, boot
 * entries) it must still equal the total of a layout made from scratch. Random edits with names that
 * collide once mapped (the "~N" and "_N" renames), then the edge cases one by one.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "estimate.h"
#include "fsi_core.h"
#include "hresult.h"
#include "layout.h"
#include "scratch.h"

enum { EDITS = 1500, MAX_DIRS = 64 };
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_random(uint32_t below)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % below);
}

/* The total of a layout made now, or 0 when none can be made (what the estimate then gives). */
static uint32_t layout_total(fsi_image *img)
{
    fsi_layout *layout;
    uint32_t total;
    if (layout_create_at(img, 133000000000000000LL, &layout, NULL) < 0)
        return 0;
    total = fsi_layout_total_blocks(layout);
    fsi_layout_release(layout);
    return total;
}

static int mismatches;
static void check_estimate(fsi_image *img, const char *after)
{
    uint32_t estimate = fsi_estimate_blocks(img), total = layout_total(img);
    if (estimate != total && mismatches++ < 10)
        fprintf(stderr, "after %s: estimate %u, layout %u\n", after, (unsigned)estimate, (unsigned)total);
}

static char dirs[MAX_DIRS][700]; /* image paths of directories that may exist ("" is the root) */
static int dir_count = 1;

/* Names that map alike in ISO 9660 (level 1 keeps 8.3) and Joliet (64 units), and UDF's 255 bytes. */
static void random_name(char *out, size_t size)
{
    static const char *const stems[] = {"a", "A+b", "a_b", "readme.txt", "README.TXT", "longfilename1.text",
                                        "longfilename2.text", "x.tar.gz", "x_tar.gz", "many.dots.in.name"};
    uint32_t kind = next_random(4);
    if (kind == 0) {
        size_t len = 60 + next_random(200);
        memset(out, 'n', len);
        snprintf(out + len, size - len, "%u", (unsigned)next_random(3));
    } else {
        snprintf(out, size, "%s%s", stems[next_random(10)], kind == 1 ? "" : kind == 2 ? "1" : "2");
    }
}

static void random_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s\\%s", dirs[next_random((uint32_t)dir_count)], name);
}

static void add_file(fsi_image *img, const char *path, size_t size)
{
    static uint8_t data[5000];
    fsi_source *src;
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_source_from_memory(data, size, &src, NULL), 0);
    fsi_dir_add_file(fsi_image_root(img), p, src, NULL); /* may be taken or under a file */
    fsi_source_release(src);
    free(p);
}

static void add_dir(fsi_image *img, const char *path)
{
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), p, NULL), 0);
    free(p);
}

static void make_disk_tree(void)
{
    static const char *const dirs_on_disk[] = {"t", "t/sub", "t/sub/deeper", "t/other"};
    static const char *const files_on_disk[] = {"t/readme.txt", "t/README+.txt", "t/sub/a", "t/sub/A+b",
                                                "t/sub/deeper/x.tar.gz", "t/other/longfilename1.text"};
    for (size_t i = 0; i < sizeof(dirs_on_disk) / sizeof(dirs_on_disk[0]); i++)
        CHECK(mkdir(at(dirs_on_disk[i]), 0755) == 0);
    for (size_t i = 0; i < sizeof(files_on_disk) / sizeof(files_on_disk[0]); i++) {
        FILE *f = fopen(at(files_on_disk[i]), "wb");
        CHECK(f != NULL);
        for (size_t k = 0; f && k < i * 1500; k++)
            fputc('x', f);
        if (f)
            fclose(f);
    }
}

static void random_edit(fsi_image *img)
{
    static const int32_t masks[] = {1, 2, 3, 4, 5, 6, 7};
    char name[300], path[1024];
    fsi_char *p;
    switch (next_random(12)) {
    case 0: case 1: case 2: case 3:
        random_name(name, sizeof(name));
        random_path(path, sizeof(path), name);
        add_file(img, path, (size_t[]){0, 1, 2048, 2049, 5000}[next_random(5)]);
        check_estimate(img, "AddFile");
        break;
    case 4:
        random_name(name, sizeof(name));
        random_path(path, sizeof(path), name);
        p = fsi_utf8_to_utf16(path);
        if (fsi_dir_add_directory(fsi_image_root(img), p, NULL) >= 0 && dir_count < MAX_DIRS &&
            strlen(path) < sizeof(dirs[0]))
            memcpy(dirs[dir_count++], path, strlen(path) + 1);
        free(p);
        check_estimate(img, "AddDirectory");
        break;
    case 5: case 6:
        random_name(name, sizeof(name));
        random_path(path, sizeof(path), name);
        p = fsi_utf8_to_utf16(path);
        fsi_dir_remove(fsi_image_root(img), p, NULL);
        free(p);
        check_estimate(img, "Remove");
        break;
    case 7:
        if (dir_count > 1) {
            uint32_t d = 1 + next_random((uint32_t)dir_count - 1);
            p = fsi_utf8_to_utf16(dirs[d]);
            fsi_dir_remove_tree(fsi_image_root(img), p, NULL);
            free(p);
            check_estimate(img, "RemoveTree");
        }
        break;
    case 8: {
        fsi_node *dir;
        p = fsi_utf8_to_utf16(dirs[next_random((uint32_t)dir_count)]);
        fsi_char *s = fsi_utf8_to_utf16(at("t"));
        if (fsi_dir_item(fsi_image_root(img), p, &dir, NULL) >= 0) {
            fsi_dir_add_tree(dir, s, (int)next_random(2), NULL);
            fsi_node_release(dir);
        }
        free(s);
        free(p);
        check_estimate(img, "AddTree");
        break;
    }
    case 9:
        fsi_image_set_file_systems(img, (uint32_t)masks[next_random(7)], NULL);
        check_estimate(img, "FileSystemsToCreate");
        break;
    case 10:
        fsi_image_set_iso_level(img, 1 + (int32_t)next_random(3), NULL);
        check_estimate(img, "ISO9660InterchangeLevel");
        break;
    case 11:
        fsi_image_set_udf_revision(img, fsi_udf_revisions[next_random(FSI_UDF_REVISION_COUNT)], NULL);
        check_estimate(img, "UDFRevision");
        break;
    }
}

static void test_random_edits(void)
{
    fsi_image *img = fsi_image_create();
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    check_estimate(img, "nothing");
    for (int i = 0; i < EDITS; i++)
        random_edit(img);
    CHECK_MSG(mismatches == 0, "%d estimates differ from the layout", mismatches);
    CHECK(fsi_image_file_count(img) > 20); /* the edits did build a tree */
    fsi_image_destroy(img);
}

/* A merge refused by FreeMediaBlocks is undone: the kept sizes of the merged folders must be too. */
static void test_undone_merge(void)
{
    fsi_image *img = fsi_image_create();
    fsi_char *s;
    uint32_t before;
    s = fsi_utf8_to_utf16(at("t"));
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), s, 0, NULL), 0);
    add_file(img, "\\sub\\extra", 100);
    CHECK(fsi_image_file_count(img) == 7);
    before = fsi_estimate_blocks(img);
    CHECK(before == layout_total(img));
    CHECK_HR(fsi_image_set_free_media_blocks(img, (int32_t)before, NULL), 0);
    /* Merging again replaces every file by itself (same sizes): the image would not grow. */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), s, 0, NULL), 0);
    CHECK(fsi_estimate_blocks(img) == layout_total(img));
    /* With the base folder it doubles: refused, undone. */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), s, 1, NULL), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK(fsi_estimate_blocks(img) == layout_total(img) && fsi_estimate_blocks(img) == before);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), s, 1, NULL), 0);
    CHECK(fsi_estimate_blocks(img) == layout_total(img) && fsi_estimate_blocks(img) > before);
    free(s);
    fsi_image_destroy(img);
}

static void test_boot_entries_and_options(void)
{
    static uint8_t boot[3 * 2048 + 1];
    fsi_image *img = fsi_image_create();
    fsi_boot_entry entry = {.platform = FSI_BOOT_PLATFORM_X86, .emulation = FSI_BOOT_EMULATION_NONE};
    add_dir(img, "\\dir");
    add_dir(img, "\\dir\\sub");
    add_file(img, "\\dir\\file.txt", 10);
    add_file(img, "\\dir\\sub\\file.txt", 5000);
    CHECK(fsi_image_file_count(img) == 2);
    CHECK(fsi_estimate_blocks(img) == layout_total(img));
    boot[0] = 1;
    CHECK_HR(fsi_source_from_memory(boot, sizeof(boot), &entry.source, NULL), 0);
    CHECK_HR(fsi_image_set_boot_entries(img, &entry, 1, NULL), 0);
    fsi_source_release(entry.source);
    CHECK(fsi_estimate_blocks(img) == layout_total(img));
    for (int i = 0; i < FSI_UDF_REVISION_COUNT; i++) {
        CHECK_HR(fsi_image_set_udf_revision(img, fsi_udf_revisions[i], NULL), 0);
        for (uint32_t mask = 1; mask <= 7; mask++) {
            CHECK_HR(fsi_image_set_file_systems(img, mask, NULL), 0);
            fsi_image_set_udf_redundant_metadata(img, (int)(mask & 1));
            CHECK_MSG(fsi_estimate_blocks(img) == layout_total(img), "revision 0x%X, file systems %u",
                      (unsigned)fsi_udf_revisions[i], (unsigned)mask);
        }
    }
    fsi_image_destroy(img);
}

/* A directory the caller still holds outlives its image: releasing it must not touch the image's
 * kept sizes, which went with the image. */
static void test_directory_outlives_image(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *dir;
    fsi_char *p = fsi_utf8_to_utf16("\\kept");
    add_dir(img, "\\kept");
    add_file(img, "\\kept\\file", 3);
    CHECK(fsi_estimate_blocks(img) == layout_total(img));
    CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &dir, NULL), 0);
    fsi_image_destroy(img);
    CHECK(fsi_dir_count(dir) == 1);
    fsi_node_release(dir);
    free(p);
}

int main(void)
{
    scratch_create("/tmp/test_estimate");
    make_disk_tree();
    test_random_edits();
    test_undone_merge();
    test_boot_entries_and_options();
    test_directory_outlives_image();
    return check_report();
}
